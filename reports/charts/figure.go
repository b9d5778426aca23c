package charts

import (
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figure is a chart laid out as a newspaper figure: a title and a subtitle
// that say what the chart shows, one or more aligned panels, a legend below
// the panels (never inside them, where gonum/plot would draw it over the
// data), notes, and the source line.
type figure struct {
	title, subtitle string
	panels          [][]*plot.Plot // rows of panels, aligned on their data areas
	legend          []legendEntry
	notes           []string
	source          string
	// height is the natural height of a row of panels, axes included, for
	// a chart without rows of data (rows 0); the text around the panels
	// comes on top. --height overrides the whole.
	height vg.Length
	// rows is the number of rows of data (series) in each panel: the
	// natural height then gives each rowHeight.
	rows int
	// padRight is room kept right of the panels for labels at the end of
	// the data (series names).
	padRight vg.Length
	// padNarrow, when set, replaces padRight where the labels at the end
	// of the data are in their short forms (labels.short; endNames).
	padNarrow vg.Length
	// named are the legend entries of what those labels name in their
	// long forms: the legend shows them, before legend, only where the
	// labels are in their short forms (endNames).
	named []legendEntry
	// sharedY is set when the panels share their rows (rowsAxis): the
	// first panel of each row of the layout names them.
	sharedY bool
}

// legendEntry is one line of the legend: a thumbnail and its text.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

const (
	margin     = vg.Length(10)
	padX, padY = vg.Length(8), vg.Length(10) // between panels
	thumbWidth = vg.Length(16)
)

// lineHeight is the distance between two lines of text in style sty.
func lineHeight(sty text.Style) vg.Length { return sty.Font.Size * 1.25 }

// wrap breaks s into lines no wider than width, at ordinary spaces (never at
// the no-break spaces inside numbers).
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Split(para, " ") {
			switch {
			case line == "":
				line = w
			case sty.Width(line+" "+w) <= width:
				line += " " + w
			default:
				lines = append(lines, line)
				line = w
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// textBlock is wrapped text with its style.
type textBlock struct {
	sty   text.Style
	lines []string
}

func (b textBlock) height() vg.Length { return vg.Length(len(b.lines)) * lineHeight(b.sty) }

// drawTop draws the block with its top at y and returns the y below it.
func (b textBlock) drawTop(c draw.Canvas, x, y vg.Length) vg.Length {
	sty := b.sty
	sty.YAlign = draw.YTop
	for _, l := range b.lines {
		c.FillText(sty, vg.Point{X: x, Y: y}, l)
		y -= lineHeight(sty)
	}
	return y
}

// legendRows lays the entries out left to right, in as many rows as the
// width needs, and returns the entries of each row. An entry wider than the
// width has its text wrapped, on a row of its own. The gap after an entry
// (legendGap) separates it from the next: the last of a row needs none.
func legendRows(entries []legendEntry, sty text.Style, width vg.Length) [][]legendEntry {
	var rows [][]legendEntry
	var x vg.Length
	for _, e := range entries {
		if w := entryWidth(e, sty) - legendGap; w > width {
			e.label = rewrap(sty, e.label, width-(w-sty.Width(e.label)))
		}
		w := entryWidth(e, sty)
		if len(rows) == 0 || x+w-legendGap > width {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
		x += w
	}
	return rows
}

// legendGap is the room between an entry of the legend and the next.
const legendGap = vg.Length(14)

// entryWidth is the width of an entry of the legend, thumbnail, text and
// the gap after it.
func entryWidth(e legendEntry, sty text.Style) vg.Length {
	return thumbWidth + 4 + sty.Width(e.label) + legendGap
}

// rewrap wraps each line of s that is wider than width.
func rewrap(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	return strings.Join(wrap(sty, s, width), "\n")
}

// frame is the text around the panels at one width: the title and
// subtitle above, the legend, notes and source line below.
type frame struct {
	title, sub, notes, src textBlock
	legSty                 text.Style
	legend                 [][]legendEntry
}

// frame lays out the text around the panels of a page w wide.
func (f *figure) frame(w vg.Length) frame {
	var fr frame
	width := w - 2*margin
	tSty, sSty := style(boldFont, titleSize, ink), style(sansFont, subSize, grey)
	fr.title = textBlock{tSty, wrap(tSty, f.title, width)}
	fr.sub.sty = sSty
	if f.subtitle != "" {
		fr.sub.lines = wrap(sSty, f.subtitle, width)
	}
	fr.src = textBlock{style(sansFont, noteSize, grey), wrap(style(sansFont, noteSize, grey), f.source, width)}
	fr.notes.sty = style(sansFont, noteSize, ink)
	for _, n := range f.notes {
		fr.notes.lines = append(fr.notes.lines, wrap(fr.notes.sty, n, width)...)
	}
	fr.legSty = style(sansFont, legendSize, ink)
	legend := f.legend
	if !endNames(w) {
		legend = append(slices.Clone(f.named), legend...)
	}
	fr.legend = legendRows(legend, fr.legSty, width)
	return fr
}

// above is the height of the text above the panels, with the gap below it.
func (fr frame) above() vg.Length {
	h := fr.title.height() + 6
	if len(fr.sub.lines) > 0 {
		h += 2 + fr.sub.height()
	}
	return h
}

// legendHeight is the height of the legend's rows.
func (fr frame) legendHeight() vg.Length {
	var h vg.Length
	for _, row := range fr.legend {
		h += legendRowHeight(row, fr.legSty)
	}
	return h
}

// legendRowHeight is the height of a row of the legend: a line, or as many
// as its wrapped entry has.
func legendRowHeight(row []legendEntry, sty text.Style) vg.Length {
	lines := 1
	for _, e := range row {
		lines = max(lines, strings.Count(e.label, "\n")+1)
	}
	return lineHeight(sty) * (1.15 + vg.Length(lines-1))
}

// below is the height of the text below the panels, with the gap above it.
func (fr frame) below() vg.Length {
	h := fr.src.height() + fr.notes.height() + fr.legendHeight() + 8
	if len(fr.legend) > 0 {
		h += 4
	}
	return h
}

// naturalHeight is the figure's height at width w: the text around the
// panels at that width, and the panels' rows of the layout at that width.
// A chart with rows of data gives each rowHeight, plus its panels' titles
// and axes; another, each row of panels f.height.
func (f *figure) naturalHeight(w vg.Length) vg.Length {
	fr := f.frame(w)
	grid := f.grid(w)
	h := fr.above() + fr.below() + 2*margin + padY*vg.Length(len(grid)-1)
	if f.rows == 0 {
		return h + f.height*vg.Length(len(grid))
	}
	data := rowHeight * vg.Length(f.rows)
	for _, row := range grid {
		var chrome vg.Length
		for _, p := range row {
			c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: 1000}}}
			dc := p.DataCanvas(c)
			chrome = max(chrome, c.Max.Y-c.Min.Y-(dc.Max.Y-dc.Min.Y))
		}
		h += chrome + data
	}
	return h
}

// pad is the room kept right of the panels at width w.
func (f *figure) pad(w vg.Length) vg.Length {
	if !endNames(w) && f.padNarrow > 0 {
		return f.padNarrow
	}
	return f.padRight
}

// endNames says whether the labels at the end of the data that have short
// forms (labels.short) are drawn in their long forms, which name what they
// label, on a page w wide: at wideLayout and above, where the figure keeps
// padRight for them. It is the one decision that the labels, the room kept
// for them (pad) and the legend (figure.named) follow: below it, the
// short forms, and the legend names the lines.
func endNames(w vg.Length) bool { return w >= wideLayout }

// wideLayout is the narrowest width at which a row of more than two panels
// stays one row; below it, the panels go two to a row.
const wideLayout = 12 * vg.Centimeter

// grid lays the panels out for width w: as built at wideLayout and above;
// below, each row of more than two panels in rows of two. When the panels
// share their rows (sharedY), only the first panel of each row shows the
// rows' names. Every panel's number axes get as many ticks as their width
// holds, and its title is wrapped where it is wider than the panel (its
// rows' names, where it shows them, and its data area); rows' names longer
// than rowNameShare of the width are shortened (shortRows). The panels
// returned are copies: the figure can be drawn again at another width.
func (f *figure) grid(w vg.Length) [][]*plot.Plot {
	var out [][]*plot.Plot
	for _, row := range f.panels {
		per := len(row)
		if w < wideLayout && per > 2 {
			per = 2
		}
		for start := 0; start < len(row); start += per {
			out = append(out, row[start:min(start+per, len(row))])
		}
	}
	cols := 0
	for _, row := range out {
		cols = max(cols, len(row))
	}
	for i, row := range out {
		copies := make([]*plot.Plot, len(row))
		for j, p := range row {
			q := *p
			if f.sharedY && j > 0 {
				q.HideY()
			}
			q.Y.Tick.Marker = shortRows(q.Y.Tick.Marker, q.Y.Tick.Label, rowNameShare*(w-2*margin))
			copies[j] = &q
		}
		out[i] = copies
	}
	// The data width of a panel: what the rows' names (measured on the
	// first panel of each row) and the gaps leave.
	var names vg.Length
	for _, row := range out {
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: 1000}}}
		names = max(names, row[0].DataCanvas(c).Min.X)
	}
	dataWidth := (w - 2*margin - f.pad(w) - names - padX*vg.Length(cols-1)) / vg.Length(cols)
	if !f.sharedY {
		dataWidth = (w-2*margin-f.pad(w))/vg.Length(cols) - names
	}
	for _, row := range out {
		for j, q := range row {
			// The title is centred over the whole panel: over its rows'
			// names too, where it shows them.
			room := dataWidth + names
			if f.sharedY && j > 0 {
				room = dataWidth
			}
			q.X.Tick.Marker = fitTicks(q.X.Tick.Marker, dataWidth, tickRoom)
			q.Title.Text = rewrap(q.Title.TextStyle, q.Title.Text, room)
			q.X.Label.Text = rewrap(q.X.Label.TextStyle, q.X.Label.Text, dataWidth)
		}
	}
	return out
}

// rowNameShare is the most of a chart's width that the names of its rows
// may take: a pollster's name of seventy letters ("University of … Social
// Research") would otherwise leave its data no room on a phone.
const rowNameShare = 0.5

// shortRows returns the ticks of a rows axis (rowsAxis) with every name
// wider than width in sty cut to fit (shorten), the end kept as well where
// cutting the end alone would make two rows look alike; other ticks as
// they are. The tables keep the names whole.
func shortRows(m plot.Ticker, sty text.Style, width vg.Length) plot.Ticker {
	ticks, ok := m.(plot.ConstantTicks)
	if !ok {
		return m
	}
	out := slices.Clone(ticks)
	seen := map[string]int{}
	for i, t := range ticks {
		if sty.Width(t.Label) > width {
			out[i].Label = shorten(sty, t.Label, width, false)
		}
		seen[out[i].Label]++
	}
	for i, t := range ticks {
		if seen[out[i].Label] > 1 && out[i].Label != t.Label {
			out[i].Label = shorten(sty, t.Label, width, true)
		}
	}
	return out
}

// shorten cuts s to fit width in sty, marking the cut with an ellipsis:
// after its last whole word that fits, or within its first word when none
// does; with keepEnd, in its middle, keeping its last word or so ("Dentsu
// Con…(media)") to tell it from names that begin alike.
func shorten(sty text.Style, s string, width vg.Length, keepEnd bool) string {
	const ellipsis = "…"
	r := []rune(s)
	end := ""
	if keepEnd {
		tail := r[len(r)/2:]
		if i := strings.LastIndexAny(string(tail), " /"); i >= 0 {
			tail = []rune(string(tail)[i+1:])
		}
		end = string(tail)
		r = r[:len(r)-len(tail)]
	}
	fit := 0 // the longest prefix that fits with the ellipsis and the end
	for fit < len(r) && sty.Width(string(r[:fit+1])+ellipsis+end) <= width {
		fit++
	}
	cut := string(r[:fit])
	if i := strings.LastIndexAny(cut, " /-"); i > 0 && !keepEnd && fit < len(r) && r[fit] != ' ' {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " /-,.(&") + ellipsis + end
}

// draw draws the figure on c.
func (f *figure) draw(c draw.Canvas) {
	c.SetColor(white)
	c.Fill(c.Rectangle.Path())
	inner := draw.Crop(c, margin, -margin, margin, -margin)
	x := inner.Min.X
	fr := f.frame(c.Max.X - c.Min.X)

	y := fr.title.drawTop(c, x, inner.Max.Y)
	if len(fr.sub.lines) > 0 {
		fr.sub.drawTop(c, x, y-2)
	}
	top := inner.Max.Y - fr.above()

	// The bottom, from the end: source, notes, legend.
	bottom := inner.Min.Y + fr.below()
	yb := bottom - 6
	yb = f.drawLegend(c, fr.legend, fr.legSty, x, yb)
	if len(fr.notes.lines) > 0 {
		yb = fr.notes.drawTop(c, x, yb-2)
	}
	fr.src.drawTop(c, x, yb-2)

	panels := f.grid(c.Max.X - c.Min.X)
	area := draw.Crop(c, margin, -margin-f.pad(c.Max.X-c.Min.X), bottom-c.Min.Y, top-c.Max.Y)
	rowH := (area.Max.Y - area.Min.Y - padY*vg.Length(len(panels)-1)) / vg.Length(len(panels))
	for _, row := range panels {
		for _, p := range row {
			p.Y.Tick.Marker = fitTicks(p.Y.Tick.Marker, rowH, tickRoomY)
		}
	}
	canvases := align(panels, area, padX, padY)
	for i, row := range panels {
		for j, p := range row {
			p.Draw(canvases[i][j])
		}
	}
}

// align lays panels out in a grid whose data areas all have the same size
// and line up by column and by row, with each panel's axes and labels
// outside its data area. It does what plot.Align does, but plot.Align
// measures the space around each data area on equal tiles, where a panel
// with long row labels is left almost no data area, and gonum's padding
// for glyphs is then far from what it is at the final size: the first panel
// of a row came out a third wider than the others. align measures each
// panel on its own canvas and corrects the layout until it holds (three
// passes are enough: the padding varies little with the width).
func align(panels [][]*plot.Plot, area draw.Canvas, padX, padY vg.Length) [][]draw.Canvas {
	rows, cols := len(panels), len(panels[0])
	type space struct{ left, right, bottom, top vg.Length }
	sp := make([][]space, rows)
	out := make([][]draw.Canvas, rows)
	for i := range panels {
		sp[i] = make([]space, cols)
		out[i] = make([]draw.Canvas, cols)
		for j := range panels[i] {
			out[i][j] = area
		}
	}
	for range 3 {
		for i, row := range panels {
			for j, p := range row {
				c := out[i][j]
				dc := p.DataCanvas(c)
				sp[i][j] = space{dc.Min.X - c.Min.X, c.Max.X - dc.Max.X, dc.Min.Y - c.Min.Y, c.Max.Y - dc.Max.Y}
			}
		}
		maxLeft, maxRight := make([]vg.Length, cols), make([]vg.Length, cols)
		maxBottom, maxTop := make([]vg.Length, rows), make([]vg.Length, rows)
		for i := range rows {
			for j := range cols {
				maxLeft[j], maxRight[j] = max(maxLeft[j], sp[i][j].left), max(maxRight[j], sp[i][j].right)
				maxBottom[i], maxTop[i] = max(maxBottom[i], sp[i][j].bottom), max(maxTop[i], sp[i][j].top)
			}
		}
		width, height := area.Max.X-area.Min.X-padX*vg.Length(cols-1), area.Max.Y-area.Min.Y-padY*vg.Length(rows-1)
		for j := range cols {
			width -= maxLeft[j] + maxRight[j]
		}
		for i := range rows {
			height -= maxBottom[i] + maxTop[i]
		}
		w, h := width/vg.Length(cols), height/vg.Length(rows)
		y := area.Max.Y // rows from the top
		for i := range rows {
			y -= maxTop[i]
			x := area.Min.X
			for j := range cols {
				x += maxLeft[j]
				s := sp[i][j]
				out[i][j] = draw.Canvas{Canvas: area.Canvas, Rectangle: vg.Rectangle{
					Min: vg.Point{X: x - s.left, Y: y - h - s.bottom},
					Max: vg.Point{X: x + w + s.right, Y: y + s.top},
				}}
				x += w + maxRight[j] + padX
			}
			y -= h + maxBottom[i] + padY
		}
	}
	return out
}

// drawLegend draws the legend rows with their top at y and returns the y
// below them.
func (f *figure) drawLegend(c draw.Canvas, rows [][]legendEntry, sty text.Style, x0, y vg.Length) vg.Length {
	sty.YAlign = draw.YCenter
	for _, row := range rows {
		h := legendRowHeight(row, sty)
		x := x0
		mid := y - h/2
		for _, e := range row {
			thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: mid - sty.Font.Size/2},
				Max: vg.Point{X: x + thumbWidth, Y: mid + sty.Font.Size/2},
			}}
			for _, t := range e.thumbs {
				t.Thumbnail(&thumb)
			}
			c.FillText(sty, vg.Point{X: x + thumbWidth + 4, Y: mid}, e.label)
			x += entryWidth(e, sty)
		}
		y -= h
	}
	return y
}

// glyphThumb is a legend thumbnail showing one marker.
type glyphThumb struct{ draw.GlyphStyle }

// Thumbnail implements plot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(g.GlyphStyle, c.Center()) }

// lineThumb is a legend thumbnail showing a line.
type lineThumb struct{ draw.LineStyle }

// Thumbnail implements plot.Thumbnailer.
func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

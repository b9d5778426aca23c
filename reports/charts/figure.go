package charts

import (
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
	// height is the natural height of the chart at the default width:
	// enough for its rows of data. --height overrides it.
	height vg.Length
	// padRight is room kept right of the panels for labels at the end of
	// the data (series names).
	padRight vg.Length
}

// legendEntry is one line of the legend: a thumbnail and its text.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

const (
	margin     = vg.Length(10)
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
// width needs, and returns the entries of each row.
func legendRows(entries []legendEntry, sty text.Style, width vg.Length) [][]legendEntry {
	var rows [][]legendEntry
	var x vg.Length
	for _, e := range entries {
		w := entryWidth(e, sty)
		if len(rows) == 0 || x+w > width {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
		x += w
	}
	return rows
}

func entryWidth(e legendEntry, sty text.Style) vg.Length {
	return thumbWidth + 4 + sty.Width(e.label) + 14
}

// draw draws the figure on c.
func (f *figure) draw(c draw.Canvas) {
	c.SetColor(white)
	c.Fill(c.Rectangle.Path())
	inner := draw.Crop(c, margin, -margin, margin, -margin)
	width := inner.Max.X - inner.Min.X
	x := inner.Min.X

	y := inner.Max.Y
	y = textBlock{style(boldFont, titleSize, ink), wrap(style(boldFont, titleSize, ink), f.title, width)}.drawTop(c, x, y)
	if f.subtitle != "" {
		y -= 2
		y = textBlock{style(sansFont, subSize, grey), wrap(style(sansFont, subSize, grey), f.subtitle, width)}.drawTop(c, x, y)
	}
	top := y - 6

	// The bottom, from the end: source, notes, legend.
	src := textBlock{style(sansFont, noteSize, grey), wrap(style(sansFont, noteSize, grey), f.source, width)}
	var notes textBlock
	notes.sty = style(sansFont, noteSize, ink)
	for _, n := range f.notes {
		notes.lines = append(notes.lines, wrap(notes.sty, n, width)...)
	}
	legSty := style(sansFont, legendSize, ink)
	rows := legendRows(f.legend, legSty, width)
	legH := vg.Length(len(rows)) * lineHeight(legSty) * 1.15
	bottom := inner.Min.Y + src.height() + notes.height() + legH + 8
	if len(f.legend) > 0 {
		bottom += 4
	}

	yb := bottom - 6
	yb = f.drawLegend(c, rows, legSty, x, yb)
	if len(notes.lines) > 0 {
		yb = notes.drawTop(c, x, yb-2)
	}
	src.drawTop(c, x, yb-2)

	area := draw.Crop(c, margin, -margin-f.padRight, bottom-c.Min.Y, top-c.Max.Y)
	canvases := align(f.panels, area, 8, 10)
	for i, row := range f.panels {
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
	h := lineHeight(sty) * 1.15
	sty.YAlign = draw.YCenter
	for _, row := range rows {
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

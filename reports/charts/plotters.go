package charts

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/scoring"
	"forecast/sources"
)

// The small plotters the charts need beyond gonum's: lines across the whole
// data area, bars and intervals along a nominal y axis, and text at data
// points. None of them adds to an axis range where that would hide the
// range the data asked for.

// vrule is a vertical line across the data area at x.
type vrule struct {
	x   float64
	sty draw.LineStyle
}

// Plot implements plot.Plotter.
func (r vrule) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(r.x)
	c.StrokeLine2(r.sty, x, c.Min.Y, x, c.Max.Y)
}

// DataRange implements plot.DataRanger: the rule widens the x range only.
func (r vrule) DataRange() (xmin, xmax, ymin, ymax float64) {
	return r.x, r.x, math.Inf(1), math.Inf(-1)
}

// hrule is a horizontal line across the data area at y.
type hrule struct {
	y   float64
	sty draw.LineStyle
}

// Plot implements plot.Plotter.
func (r hrule) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	c.StrokeLine2(r.sty, c.Min.X, y, c.Max.X, y)
}

// DataRange implements plot.DataRanger: the rule widens the y range only.
func (r hrule) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), r.y, r.y
}

// vband is a shaded band across the data area from x = from to x = to.
// With a label, the band is named directly above the data area, the text
// ending at the band's right edge, and the panel keeps room for it
// (GlyphBoxes): no legend entry is needed.
type vband struct {
	from, to float64
	colour   color.Color
	label    string
	sty      text.Style
}

// banBand is the publication ban before a vote (or election day alone,
// where there was none: banLegend names it), from x = from to x = to (the
// campaign, run-off and lead-time charts): a light band, named above the
// data area rather than in the legend.
func banBand(from, to float64, label string) vband {
	return vband{from: from, to: to, colour: fade(grey, 0.15), label: label, sty: style(sansFont, noteSize, grey)}
}

// bandLabelGap is the room between the top of the data area and a band's
// label: a mark at the top of the data area (a lead-time chart's largest
// error) reaches up to 4 points above it, and stays under the label.
const bandLabelGap = vg.Length(5)

// labelStyle is the label's style: drawn from its bottom right corner, at
// the top of the band's right edge.
func (b vband) labelStyle() text.Style {
	sty := b.sty
	sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
	return sty
}

// GlyphBoxes implements plot.GlyphBoxer: the label's box, above the data
// area.
func (b vband) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if b.label == "" {
		return nil
	}
	r := b.labelStyle().Rectangle(b.label)
	r.Min.Y, r.Max.Y = r.Min.Y+bandLabelGap, r.Max.Y+bandLabelGap
	return []plot.GlyphBox{{X: p.X.Norm(math.Max(b.from, b.to)), Y: 1, Rectangle: r}}
}

// Plot implements plot.Plotter.
func (b vband) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0, x1 := trX(b.from), trX(b.to)
	c.FillPolygon(b.colour, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
	if b.label != "" {
		c.FillText(b.labelStyle(), vg.Point{X: max(x0, x1), Y: c.Max.Y + bandLabelGap}, b.label)
	}
}

// DataRange implements plot.DataRanger: the band widens the x range only.
func (b vband) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Min(b.from, b.to), math.Max(b.from, b.to), math.Inf(1), math.Inf(-1)
}

// rowLines are light lines at y = 0, 1, …, n−1, guiding the eye along the
// rows of a nominal y axis across panels, and a darker rule above each row
// of breaks (counted from the top): where the polls end and the buzz
// series begin.
type rowLines struct {
	n      int
	breaks []int
}

// Plot implements plot.Plotter.
func (r rowLines) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: lightGr, Width: 0.5}
	for i := range r.n {
		y := trY(float64(i))
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
	rule := draw.LineStyle{Color: grey, Width: 0.8}
	for _, k := range r.breaks {
		y := trY(float64(r.n-k) - 0.5)
		c.StrokeLine2(rule, c.Min.X, y, c.Max.X, y)
	}
}

// familyBreaks are the rows (from the top) where the family changes, for
// rowLines.
func familyBreaks(rows []*scoring.Row) []int {
	var breaks []int
	for i := 1; i < len(rows); i++ {
		if rows[i].Family != rows[i-1].Family {
			breaks = append(breaks, i)
		}
	}
	return breaks
}

// hbars are horizontal bars from 0 to value at y = 0, 1, …; NaN values
// have no bar.
type hbars struct {
	values  []float64
	colours []color.Color
	width   vg.Length // thickness of a bar
}

// Plot implements plot.Plotter.
func (b hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, v := range b.values {
		if math.IsNaN(v) {
			continue
		}
		y := trY(float64(i))
		x0, x1 := trX(0), trX(v)
		c.FillPolygon(b.colours[i], []vg.Point{{X: x0, Y: y - b.width/2}, {X: x1, Y: y - b.width/2}, {X: x1, Y: y + b.width/2}, {X: x0, Y: y + b.width/2}})
	}
}

// DataRange implements plot.DataRanger.
func (b hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = 0, 0
	for _, v := range b.values {
		if !math.IsNaN(v) {
			xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
		}
	}
	return xmin, xmax, -0.5, float64(len(b.values)) - 0.5
}

// interval is a horizontal line from lo to hi at y = at.
type interval struct{ lo, hi, at float64 }

// intervals draws horizontal confidence intervals with small end caps.
type intervals struct {
	items []interval
	sty   draw.LineStyle
}

// Plot implements plot.Plotter.
func (iv intervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const capLen = 2.5
	for _, it := range iv.items {
		y, lo, hi := trY(it.at), trX(it.lo), trX(it.hi)
		c.StrokeLine2(iv.sty, lo, y, hi, y)
		c.StrokeLine2(iv.sty, lo, y-capLen, lo, y+capLen)
		c.StrokeLine2(iv.sty, hi, y-capLen, hi, y+capLen)
	}
}

// DataRange implements plot.DataRanger.
func (iv intervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin, xmax, ymax = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, it := range iv.items {
		xmin, xmax = math.Min(xmin, it.lo), math.Max(xmax, it.hi)
		ymin, ymax = math.Min(ymin, it.at), math.Max(ymax, it.at)
	}
	return xmin, xmax, ymin, ymax
}

// label is a text at a data point, offset in points.
type label struct {
	x, y   float64
	text   string
	dx, dy vg.Length
}

// labels draws texts at data points in one style. With repel, labels that
// would overlap are pushed apart vertically, keeping their order, and kept
// within the height of the data area (vertically centred labels, as long as
// they fit): the label of a point at the top or bottom of the range is not
// drawn over the axis or off the panel.
//
// With fit, the panel keeps room for the labels inside its data area
// (GlyphBoxes): a label at the end of the longest bar is not cut off, at
// any width.
//
// With short (one per item), the labels are drawn in their short forms
// where the figure keeps room for those alone (endNames), as on a phone.
type labels struct {
	items []label
	sty   text.Style
	repel bool
	fit   bool
	short []string
}

// GlyphBoxes implements plot.GlyphBoxer: with fit, each label's box.
func (l labels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if !l.fit {
		return nil
	}
	boxes := make([]plot.GlyphBox, len(l.items))
	for i, it := range l.items {
		r := l.sty.Rectangle(it.text)
		r.Min, r.Max = r.Min.Add(vg.Point{X: it.dx, Y: it.dy}), r.Max.Add(vg.Point{X: it.dx, Y: it.dy})
		boxes[i] = plot.GlyphBox{X: p.X.Norm(it.x), Y: p.Y.Norm(it.y), Rectangle: r}
	}
	return boxes
}

// Plot implements plot.Plotter.
func (l labels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := make([]vg.Point, len(l.items))
	for i, it := range l.items {
		at[i] = vg.Point{X: trX(it.x) + it.dx, Y: trY(it.y) + it.dy}
	}
	if l.repel {
		ys := make([]vg.Length, len(at))
		for i := range at {
			ys[i] = at[i].Y
		}
		h := l.sty.Font.Size * 1.1
		for i, y := range spread(ys, h, c.Min.Y+h/2, c.Max.Y-h/2) {
			at[i].Y = y
		}
	}
	texts := make([]string, len(l.items))
	for i, it := range l.items {
		texts[i] = it.text
	}
	if page, ok := pageWidth(c.Canvas); ok && l.short != nil && !endNames(page) {
		texts = l.short
	}
	for i := range l.items {
		c.FillText(l.sty, at[i], texts[i])
	}
}

// pageWidth is the width of the page under the canvases that gonum/plot
// nests in one another (draw.Canvas within draw.Canvas).
func pageWidth(c vg.Canvas) (vg.Length, bool) {
	for {
		switch v := c.(type) {
		case draw.Canvas:
			c = v.Canvas
		case vg.CanvasSizer:
			w, _ := v.Size()
			return w, true
		default:
			return 0, false
		}
	}
}

// spread moves the centres ys of labels of height h apart, keeping their
// order, so that no two overlap, and within lo to hi when there is room:
// the lowest is raised to lo, each next pushed above the one below it, then
// the highest lowered to hi, each next pulled below the one above it. It
// returns the new centres, in the order of ys.
func spread(ys []vg.Length, h, lo, hi vg.Length) []vg.Length {
	out := slices.Clone(ys)
	if len(out) == 0 {
		return out
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(out[a], out[b]) })
	out[order[0]] = max(out[order[0]], lo)
	for k := 1; k < len(order); k++ {
		out[order[k]] = max(out[order[k]], out[order[k-1]]+h)
	}
	out[order[len(order)-1]] = min(out[order[len(order)-1]], hi)
	for k := len(order) - 2; k >= 0; k-- {
		out[order[k]] = min(out[order[k]], out[order[k+1]]-h)
	}
	return out
}

// addByFamily adds the points of each family, polls first, with the
// family's marker in colour c.
func addByFamily(p *plot.Plot, xys map[sources.Family]plotter.XYs, c color.Color) {
	for _, f := range sources.Families {
		if len(xys[f]) > 0 {
			s, _ := plotter.NewScatter(xys[f])
			s.GlyphStyle = glyph(familyMarker(f), c, 3)
			p.Add(s)
		}
	}
}

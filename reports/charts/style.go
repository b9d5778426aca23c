package charts

import (
	"image/color"
	"math"
	"strconv"

	stdfnt "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/sources"
)

// The charts use Liberation Sans, which plot embeds and which has the
// metrics of Arial and Helvetica: an SVG shown where Liberation is not
// installed falls back on a font of the same widths (see svgFontFamily).
var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: stdfnt.WeightBold}
)

// Font sizes, the same at every width: none is under MinTextSize, 11 px on
// a screen.
const (
	titleSize  = vg.Length(12.5)
	subSize    = vg.Length(9.5)
	labelSize  = vg.Length(9)
	tickSize   = MinTextSize
	legendSize = vg.Length(8.5)
	noteSize   = MinTextSize
)

// Colours that are not a candidate's.
var (
	ink      = color.RGBA{0x22, 0x22, 0x22, 0xff} // titles and text
	grey     = color.RGBA{0x66, 0x66, 0x66, 0xff} // secondary text, axes
	lightGr  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff} // grid
	pollCol  = color.RGBA{0x2c, 0x5f, 0x8a, 0xff} // the poll family where no candidate colours it
	buzzCol  = color.RGBA{0xd9, 0x6c, 0x06, 0xff} // the buzz family
	modelCol = color.RGBA{0x5b, 0x8c, 0x2a, 0xff} // the model family
	white    = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// style returns a text style of the chart font.
func style(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{Font: font.From(f, size), Color: c, Handler: textHandler}
}

// textHandler draws the charts' text. It is gonum's text.Plain, except that
// the lines of a text of several lines (a panel's title, a wrapped name)
// are as far apart as text.Style.Height measures them: Plain draws them one
// font size apart, closer than their ascent and descent, so that the
// accents of a line touch the line above, and the text overruns the box
// that plot lays out for it.
var textHandler text.Handler = spacedText{text.Plain{Fonts: font.DefaultCache}}

type spacedText struct{ text.Plain }

// Draw implements text.Handler.
func (h spacedText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	lines := h.Lines(txt)
	if len(lines) < 2 {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	// Each line as Plain draws one line, aligned on its own box: shift
	// line i down from the top of the block's box by i line heights.
	e := h.Extents(sty.Font)
	one := e.Ascent + e.Descent
	ht := sty.Height(txt)
	sin, cos := math.Sincos(sty.Rotation)
	for i, line := range lines {
		// The offset of line i's box from the block's, along the text's
		// vertical: its bottom is at ht − one − i·Height above the block's.
		up := ht*vg.Length(1+sty.YAlign) - one - vg.Length(i)*e.Height
		s := sty
		s.YAlign = draw.YBottom
		s.XAlign = sty.XAlign
		off := vg.Point{X: -up * vg.Length(sin), Y: up * vg.Length(cos)}
		h.Plain.Draw(c, line, s, pt.Add(off))
	}
}

// newPlot returns a plot with the charts' fonts, a light grid-free look and
// no background (the figure paints one). Fonts are set here rather than in
// plot.DefaultFont, so that the package changes no global of gonum/plot.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.TextHandler = textHandler
	p.Title.TextStyle.Handler = textHandler
	p.Title.TextStyle.Font = font.From(boldFont, labelSize)
	p.Title.TextStyle.Color = ink
	p.Title.Padding = 4
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Handler = textHandler
		a.Tick.Label.Handler = textHandler
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Label.TextStyle.Color = ink
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Label.Color = grey
		a.Tick.LineStyle.Color = grey
		a.Tick.Length = 3
		a.LineStyle.Color = grey
		a.Padding = 2
	}
	return p
}

// familyColour is the colour of a family where candidates do not colour the
// marks.
func familyColour(f sources.Family) color.Color {
	switch f {
	case sources.Poll:
		return pollCol
	case sources.Buzz:
		return buzzCol
	}
	return modelCol
}

// hexColour reads "#rrggbb"; anything else is grey, so that a candidate
// without a colour is still drawn.
func hexColour(s string) color.Color {
	if len(s) != 7 || s[0] != '#' {
		return grey
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return grey
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// fade mixes c with white: alpha 1 is c, 0 is white. Fading by mixing
// rather than transparency keeps PNG, SVG and PDF identical in colour.
func fade(c color.Color, alpha float64) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(math.Round(float64(v>>8)*alpha + 255*(1-alpha))) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xff}
}

// shape is a marker's outline.
type shape int

const (
	circle shape = iota
	diamond
	triangle
	square
	invTriangle
	cross
	ring // a circle's outline only, thinner than a hollow circle's, with nothing inside
)

// marker is a glyph drawn filled (with a white rim, so that overlapping
// points stay distinct) or as a 1-point outline.
type marker struct {
	shape  shape
	hollow bool
}

// markers are the shapes given in turn to series drawn with distinct
// markers (buzz series in the campaign chart). No square: a filled square is
// the official result's mark, which no series shares.
var markers = []marker{{diamond, true}, {triangle, true}, {invTriangle, true}, {cross, true}, {circle, true}}

// DrawGlyph implements draw.GlyphDrawer.
func (m marker) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var path vg.Path
	switch m.shape {
	case circle, ring:
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
	case diamond:
		r *= 1.25
		path.Move(vg.Point{X: pt.X, Y: pt.Y + r})
		path.Line(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Line(vg.Point{X: pt.X, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	case triangle, invTriangle:
		r *= 1.2
		s := vg.Length(1)
		if m.shape == invTriangle {
			s = -1
		}
		path.Move(vg.Point{X: pt.X, Y: pt.Y + s*r})
		path.Line(vg.Point{X: pt.X + r*0.866, Y: pt.Y - s*r/2})
		path.Line(vg.Point{X: pt.X - r*0.866, Y: pt.Y - s*r/2})
	case square:
		r *= 0.9
		path.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
		path.Line(vg.Point{X: pt.X - r, Y: pt.Y + r})
	case cross:
		ls := draw.LineStyle{Color: sty.Color, Width: 1.2}
		c.StrokeLine2(ls, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
		c.StrokeLine2(ls, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
		return
	}
	path.Close()
	if m.shape == ring {
		c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 0.7})
		c.Stroke(path)
		return
	}
	if m.hollow {
		c.SetColor(white)
		c.Fill(path)
		c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 1.1})
		c.Stroke(path)
		return
	}
	c.SetColor(sty.Color)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: white, Width: 0.6})
	c.Stroke(path)
}

// glyph is a glyph style of marker m.
func glyph(m marker, c color.Color, radius vg.Length) draw.GlyphStyle {
	return draw.GlyphStyle{Color: c, Radius: radius, Shape: m}
}

// familyMarker is the marker of a family: polls are filled circles, buzz
// figures hollow diamonds, models hollow squares.
func familyMarker(f sources.Family) marker {
	switch f {
	case sources.Poll:
		return marker{circle, false}
	case sources.Buzz:
		return marker{diamond, true}
	}
	return marker{square, true}
}

package charts

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"forecast/reports/safe"
)

// Formats are the image formats a chart is written in.
var Formats = []string{"png", "svg", "pdf"}

// Defaults of Options.
const (
	DefaultWidth = 16 * vg.Centimeter // a column of an article, a page of a paper
	DefaultDPI   = 150
)

// How a chart's size maps to a screen: a chart is meant to be shown at its
// nominal size, 1 point = 4/3 CSS px (CSS fixes 96 px to the inch, 72 points
// to the inch), so that a chart of NarrowWidth is 321 px wide, a phone's
// column, and one of DefaultWidth 605 px. No text is smaller than
// MinTextSize, 11 px at that size; a chart narrower than wideLayout lays
// its panels out for a phone (see figure.grid).
const (
	NarrowWidth = 8.5 * vg.Centimeter
	MinTextSize = vg.Length(8.25) // 11 CSS px
)

// Options choose how a chart is drawn.
type Options struct {
	Format string    // png, svg or pdf
	Width  vg.Length // 0: DefaultWidth
	Height vg.Length // 0: the chart's natural height for its rows of data
	DPI    int       // PNG resolution; 0: DefaultDPI
}

// write draws f in the format of o.
func (f *figure) write(w io.Writer, o Options) error {
	o = f.size(o)
	width, height, dpi := o.Width, o.Height, o.DPI
	switch o.Format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
		f.draw(draw.New(textCanvas{CanvasSizer: c}))
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case "svg":
		c := vgsvg.New(width, height)
		f.draw(draw.New(textCanvas{CanvasSizer: c}))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		_, err := io.WriteString(w, svgFontFamily.Replace(buf.String()))
		return err
	case "pdf":
		c := newPDF(width, height, safe.Text(f.title))
		f.draw(draw.New(textCanvas{CanvasSizer: c}))
		return c.write(w)
	}
	return fmt.Errorf("charts: unknown format %q (want png, svg or pdf)", o.Format)
}

// size fills in the defaults of o: DefaultWidth, the figure's natural
// height at that width, DefaultDPI.
func (f *figure) size(o Options) Options {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	if o.Height <= 0 {
		o.Height = f.naturalHeight(o.Width)
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	return o
}

// textCanvas draws every string through safe.Text, whatever the data hold:
// a control character in a name would make the SVG invalid XML (XML 1.0
// allows no NUL, even escaped) and has no glyph in PNG or PDF; it is drawn
// as U+FFFD instead. It is the one place text reaches the canvases, and so
// the place where the layout test (TestLegible) records where each string
// lands: with a non-nil log, it follows the canvas's transforms and logs
// every string's box.
type textCanvas struct {
	vg.CanvasSizer
	log *textLog
}

// FillString implements vg.Canvas.
func (c textCanvas) FillString(f font.Face, pt vg.Point, s string) {
	s = safe.Text(s)
	if c.log != nil {
		c.log.add(f, pt, s)
	}
	c.CanvasSizer.FillString(f, pt, s)
}

// Push implements vg.Canvas.
func (c textCanvas) Push() {
	if c.log != nil {
		c.log.stack = append(c.log.stack, c.log.m)
	}
	c.CanvasSizer.Push()
}

// Pop implements vg.Canvas.
func (c textCanvas) Pop() {
	if c.log != nil && len(c.log.stack) > 0 {
		c.log.m = c.log.stack[len(c.log.stack)-1]
		c.log.stack = c.log.stack[:len(c.log.stack)-1]
	}
	c.CanvasSizer.Pop()
}

// Translate implements vg.Canvas.
func (c textCanvas) Translate(pt vg.Point) {
	if c.log != nil {
		c.log.m = c.log.m.mul(affine{1, 0, 0, 1, float64(pt.X), float64(pt.Y)})
	}
	c.CanvasSizer.Translate(pt)
}

// Rotate implements vg.Canvas.
func (c textCanvas) Rotate(rad float64) {
	if c.log != nil {
		sin, cos := math.Sincos(rad)
		c.log.m = c.log.m.mul(affine{cos, sin, -sin, cos, 0, 0})
	}
	c.CanvasSizer.Rotate(rad)
}

// Scale implements vg.Canvas.
func (c textCanvas) Scale(x, y float64) {
	if c.log != nil {
		c.log.m = c.log.m.mul(affine{x, 0, 0, y, 0, 0})
	}
	c.CanvasSizer.Scale(x, y)
}

// affine is the transform x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine struct{ a, b, c, d, e, f float64 }

// mul is m followed by the local transform n (n applies first).
func (m affine) mul(n affine) affine {
	return affine{
		m.a*n.a + m.c*n.b, m.b*n.a + m.d*n.b,
		m.a*n.c + m.c*n.d, m.b*n.c + m.d*n.d,
		m.a*n.e + m.c*n.f + m.e, m.b*n.e + m.d*n.f + m.f,
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// textLog is the record of the strings drawn on a canvas.
type textLog struct {
	m     affine
	stack []affine
	texts []drawnText
}

// drawnText is a string as drawn: its box on the page (from the descent
// below its baseline to the ascent above it), in points, and its font size.
type drawnText struct {
	s    string
	box  vg.Rectangle
	size vg.Length
}

func newTextLog() *textLog { return &textLog{m: affine{a: 1, d: 1}} }

func (l *textLog) add(f font.Face, pt vg.Point, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	e := f.Extents()
	x0, x1 := float64(pt.X), float64(pt.X+f.Width(s))
	y0, y1 := float64(pt.Y-e.Descent), float64(pt.Y+e.Ascent)
	box := vg.Rectangle{Min: vg.Point{X: math.MaxFloat32, Y: math.MaxFloat32}, Max: vg.Point{X: -math.MaxFloat32, Y: -math.MaxFloat32}}
	for _, corner := range [][2]float64{{x0, y0}, {x0, y1}, {x1, y0}, {x1, y1}} {
		x, y := l.m.apply(corner[0], corner[1])
		box.Min.X, box.Min.Y = min(box.Min.X, vg.Length(x)), min(box.Min.Y, vg.Length(y))
		box.Max.X, box.Max.Y = max(box.Max.X, vg.Length(x)), max(box.Max.Y, vg.Length(y))
	}
	scale := math.Sqrt(math.Abs(l.m.a*l.m.d - l.m.b*l.m.c))
	l.texts = append(l.texts, drawnText{s, box, f.Font.Size * vg.Length(scale)})
}

// svgFontFamily gives the SVG text a list of fonts with Liberation Sans's
// metrics (Arial, Helvetica), so that labels keep their widths where
// Liberation is not installed; gonum's SVG names Liberation Sans alone.
var svgFontFamily = strings.NewReplacer("font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")

package charts

import (
	"bytes"
	"fmt"
	"io"
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

// Options choose how a chart is drawn.
type Options struct {
	Format string    // png, svg or pdf
	Width  vg.Length // 0: DefaultWidth
	Height vg.Length // 0: the chart's natural height for its rows of data
	DPI    int       // PNG resolution; 0: DefaultDPI
}

// write draws f in the format of o.
func (f *figure) write(w io.Writer, o Options) error {
	width, height := o.Width, o.Height
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = f.height
	}
	dpi := o.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	switch o.Format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
		f.draw(draw.New(textCanvas{c}))
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case "svg":
		c := vgsvg.New(width, height)
		f.draw(draw.New(textCanvas{c}))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		_, err := io.WriteString(w, svgFontFamily.Replace(buf.String()))
		return err
	case "pdf":
		c := newPDF(width, height)
		f.draw(draw.New(textCanvas{c}))
		return c.write(w)
	}
	return fmt.Errorf("charts: unknown format %q (want png, svg or pdf)", o.Format)
}

// textCanvas draws every string through safe.Text, whatever the data hold:
// a control character in a name would make the SVG invalid XML (XML 1.0
// allows no NUL, even escaped) and has no glyph in PNG or PDF; it is drawn
// as U+FFFD instead. It is the one place text reaches the canvases.
type textCanvas struct{ vg.CanvasSizer }

// FillString implements vg.Canvas.
func (c textCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.CanvasSizer.FillString(f, pt, safe.Text(s))
}

// svgFontFamily gives the SVG text a list of fonts with Liberation Sans's
// metrics (Arial, Helvetica), so that labels keep their widths where
// Liberation is not installed; gonum's SVG names Liberation Sans alone.
var svgFontFamily = strings.NewReplacer("font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")

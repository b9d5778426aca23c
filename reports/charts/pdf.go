package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfCanvas draws a chart into a PDF with fpdf, as gonum's vgpdf does, with
// the text handled differently. vgpdf cannot print the charts right:
//
//   - it embeds fonts with the Windows-1252 encoding but passes the UTF-8
//     bytes of strings through, so that "é" comes out as "Ã©"
//     (gonum/plot issue #347);
//   - it registers every font under the regular style, then asks for bold
//     text by style ("undefined font");
//   - it writes every font it embeds under one file name, so that fpdf
//     keeps one font file for all of them and bold text is drawn with the
//     regular glyphs.
//
// pdfCanvas embeds each face as a Unicode TrueType font of its own name
// (fpdf's UTF-8 fonts: only the glyphs used, with a ToUnicode map, so that
// every character prints and text can be extracted and searched), and
// fixes the document's dates so that the same chart gives the same bytes.
type pdfCanvas struct {
	doc    *fpdf.Fpdf
	w, h   vg.Length
	stack  []pdfContext
	fonts  map[string]bool // families registered
	images int
}

type pdfContext struct{ lineWidth vg.Length }

// pdfEpoch is the creation date written in every PDF: fpdf would write the
// time of the run.
var pdfEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// newPDF starts a PDF of one page of w × h, titled title in its metadata
// (what a PDF reader shows as the document's name, and screen readers read).
func newPDF(w, h vg.Length, title string) *pdfCanvas {
	doc := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w.Points(), Ht: h.Points()}})
	doc.SetTitle(title, true)
	doc.SetCreationDate(pdfEpoch)
	doc.SetModificationDate(pdfEpoch)
	doc.SetCatalogSort(true) // resources in a fixed order, not map order
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	c := &pdfCanvas{doc: doc, w: w, h: h, stack: []pdfContext{{}}, fonts: map[string]bool{}}
	// y up, as vg draws, in a page whose y goes down.
	c.Push()
	c.Translate(vg.Point{Y: h})
	c.Scale(1, -1)
	vg.Initialize(c)
	return c
}

// write closes the document and writes it.
func (c *pdfCanvas) write(w io.Writer) error {
	c.Pop()
	var buf bytes.Buffer
	if err := c.doc.Output(&buf); err != nil {
		return fmt.Errorf("charts: writing the PDF: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Size implements vg.CanvasSizer.
func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

// SetLineWidth implements vg.Canvas.
func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.stack[len(c.stack)-1].lineWidth = w
	c.doc.SetLineWidth(w.Points())
}

// SetLineDash implements vg.Canvas.
func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offset vg.Length) {
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = d.Points()
	}
	c.doc.SetDashPattern(ds, offset.Points())
}

// SetColor implements vg.Canvas.
func (c *pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	c.doc.SetFillColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetDrawColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetTextColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetAlpha(float64(a)/math.MaxUint16, "Normal")
}

// Rotate implements vg.Canvas.
func (c *pdfCanvas) Rotate(rad float64) { c.doc.TransformRotate(-rad*180/math.Pi, 0, 0) }

// Translate implements vg.Canvas.
func (c *pdfCanvas) Translate(pt vg.Point) { c.doc.TransformTranslate(pt.X.Points(), pt.Y.Points()) }

// Scale implements vg.Canvas.
func (c *pdfCanvas) Scale(x, y float64) { c.doc.TransformScale(x*100, y*100, 0, 0) }

// Push implements vg.Canvas.
func (c *pdfCanvas) Push() {
	c.stack = append(c.stack, c.stack[len(c.stack)-1])
	c.doc.TransformBegin()
}

// Pop implements vg.Canvas.
func (c *pdfCanvas) Pop() {
	c.doc.TransformEnd()
	c.stack = c.stack[:len(c.stack)-1]
}

// Stroke implements vg.Canvas.
func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.stack[len(c.stack)-1].lineWidth > 0 {
		c.path(p, "D")
	}
}

// Fill implements vg.Canvas.
func (c *pdfCanvas) Fill(p vg.Path) { c.path(p, "F") }

func (c *pdfCanvas) path(p vg.Path, style string) {
	var start vg.Point
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			start = comp.Pos
			c.doc.MoveTo(comp.Pos.X.Points(), comp.Pos.Y.Points())
		case vg.LineComp:
			c.doc.LineTo(comp.Pos.X.Points(), comp.Pos.Y.Points())
		case vg.ArcComp:
			c.arc(comp, style)
		case vg.CurveComp:
			x, y := comp.Pos.X.Points(), comp.Pos.Y.Points()
			switch len(comp.Control) {
			case 1:
				c.doc.CurveTo(comp.Control[0].X.Points(), comp.Control[0].Y.Points(), x, y)
			case 2:
				c.doc.CurveBezierCubicTo(comp.Control[0].X.Points(), comp.Control[0].Y.Points(),
					comp.Control[1].X.Points(), comp.Control[1].Y.Points(), x, y)
			default:
				panic("charts: a curve needs one or two control points")
			}
		case vg.CloseComp:
			c.doc.LineTo(start.X.Points(), start.Y.Points())
			c.doc.ClosePath()
		}
	}
	c.doc.DrawPath(style)
}

// arc draws an arc as vgpdf does: a line to its start, fpdf's arc, and a
// move to its end.
func (c *pdfCanvas) arc(comp vg.PathComp, style string) {
	at := func(angle float64) (float64, float64) {
		return (comp.Pos.X + comp.Radius*vg.Length(math.Cos(angle))).Points(), (comp.Pos.Y + comp.Radius*vg.Length(math.Sin(angle))).Points()
	}
	c.doc.LineTo(at(comp.Start))
	const deg = 180 / math.Pi
	r := comp.Radius.Points()
	c.doc.Arc(comp.Pos.X.Points(), comp.Pos.Y.Points(), r, r, comp.Angle*deg, comp.Start*deg, (comp.Start+comp.Angle)*deg, style)
	c.doc.MoveTo(at(comp.Start + comp.Angle))
}

// FillString implements vg.Canvas: str is written in a Unicode font, with
// its baseline at pt.
func (c *pdfCanvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 {
		return
	}
	family := strings.ToLower(f.Font.Name())
	if !c.fonts[family] {
		var ttf bytes.Buffer
		if _, err := f.Face.WriteSourceTo(nil, &ttf); err != nil {
			panic(fmt.Sprintf("charts: font %s: %v", family, err))
		}
		c.doc.AddUTF8FontFromBytes(family, "", ttf.Bytes())
		c.fonts[family] = true
	}
	c.doc.SetFont(family, "", f.Font.Size.Points())
	c.Push()
	defer c.Pop()
	c.Translate(pt)
	c.Scale(1, -1) // text upright in the y-up drawing
	_, size := c.doc.GetFontSize()
	d := c.doc.GetFontDesc(family, "")
	top := -float64(d.Ascent) * size / float64(d.Ascent-d.Descent)
	c.doc.MoveTo(-c.doc.GetCellMargin(), top)
	c.doc.CellFormat(c.doc.GetStringWidth(str), size, str, "", 0, "BL", false, 0, "")
}

// DrawImage implements vg.Canvas.
func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Sprintf("charts: encoding an image for the PDF: %v", err))
	}
	c.images++
	name := fmt.Sprintf("image%d", c.images)
	opts := fpdf.ImageOptions{ImageType: "png", ReadDpi: true}
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	size := rect.Size()
	c.doc.ImageOptions(name, rect.Min.X.Points(), rect.Min.Y.Points(), size.X.Points(), size.Y.Points(), false, opts, 0, "")
}

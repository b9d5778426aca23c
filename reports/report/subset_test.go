package report

import (
	"bytes"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubsetFont cuts Liberation Sans down to a French text: every glyph
// of the text must keep its outline (composite ones, as "É", with their
// components) and its advance, a glyph of no rune of the text must be
// empty, the font must sum to the TrueType checksum, and the same text
// must give the same bytes.
func TestSubsetFont(t *testing.T) {
	const text = "Élabe : 0,07 point, 1 000 sondés, 95 % — d’Ipsos «\u00a0buzz\u00a0» χ² τ-b"
	for name, ttf := range map[string][]byte{"regular": liberationsansregular.TTF, "bold": liberationsansbold.TTF} {
		sub, err := subsetFont(ttf, runesOf([]byte(text)))
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := subsetFont(ttf, runesOf([]byte(text+text))); !bytes.Equal(sub, again) {
			t.Errorf("%s: two subsets of the same text differ", name)
		}
		if len(sub) > len(ttf)/10 {
			t.Errorf("%s: the subset is %d bytes of %d", name, len(sub), len(ttf))
		}
		if s := checksum(sub); s != 0xB1B0AFBA {
			t.Errorf("%s: the font sums to %#x, want 0xB1B0AFBA", name, s)
		}
		whole, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		cut, err := sfnt.Parse(sub)
		if err != nil {
			t.Fatalf("%s: the subset does not parse: %v", name, err)
		}
		var b1, b2 sfnt.Buffer
		outline := func(f *sfnt.Font, b *sfnt.Buffer, r rune) (segments int, advance fixed.Int26_6) {
			g, err := f.GlyphIndex(b, r)
			if err != nil || g == 0 {
				t.Fatalf("%s: no glyph for %q: %v", name, r, err)
			}
			s, err := f.LoadGlyph(b, g, fixed.I(1000), nil)
			if err != nil {
				t.Fatalf("%s: glyph of %q: %v", name, r, err)
			}
			a, err := f.GlyphAdvance(b, g, fixed.I(1000), font.HintingNone)
			if err != nil {
				t.Fatal(err)
			}
			return len(s), a
		}
		for _, r := range text {
			s1, a1 := outline(whole, &b1, r)
			s2, a2 := outline(cut, &b2, r)
			if s1 != s2 || a1 != a2 {
				t.Errorf("%s: %q has %d segments and advance %v in the subset, %d and %v in the font", name, r, s2, a2, s1, a1)
			}
		}
		if s, _ := outline(cut, &b2, 'Z'); s != 0 {
			t.Errorf("%s: Z, not in the text, kept %d segments", name, s)
		}
		if s, _ := outline(whole, &b1, 'Z'); s == 0 {
			t.Errorf("%s: Z has no outline in the whole font: the test proves nothing", name)
		}
	}
}

// TestSubsetBadFont: a font that is not one, or whose tables lie, is an
// error, not a panic.
func TestSubsetBadFont(t *testing.T) {
	ttf := bytes.Clone(liberationsansregular.TTF)
	for _, bad := range [][]byte{nil, []byte("not a font"), ttf[:2000]} {
		if _, err := subsetFont(bad, []rune("a")); err == nil {
			t.Errorf("a font of %d bytes was accepted", len(bad))
		}
	}
}

func BenchmarkSubsetFont(b *testing.B) {
	page := build(b, load(b, nil), "fr")["index.html"]
	for b.Loop() {
		if _, err := fontCSS(page); err != nil {
			b.Fatal(err)
		}
	}
}

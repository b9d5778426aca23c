package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
)

// subsetTables are the TrueType tables a subset keeps: what a browser needs
// to draw the glyphs (OpenType 1.9, "Required tables" and "Tables related to
// TrueType outlines"), and kern, the table gonum/plot measures text with,
// so that the page kerns as the charts were laid out. The hinting (fpgm,
// prep, cvt, the glyphs' instructions), the device metrics (hdmx, LTSH,
// VDMX) and the layout tables (GSUB, GPOS, GDEF) are dropped: a browser
// draws unhinted outlines at any size, and gonum/plot applies no GSUB or
// GPOS feature.
var subsetTables = []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "kern", "loca", "maxp", "name", "post"}

// subsetFont returns the TrueType font ttf with only the glyphs of
// runes (and the .notdef glyph, and the components of composite glyphs): every other glyph is left empty, so that glyph ids, cmap, hmtx
// and kern stay valid unchanged. The glyphs kept lose their hinting
// instructions, the post table its glyph names (version 3). The result is
// the same for the same font and the same set of runes.
func subsetFont(ttf []byte, runes []rune) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "loca", "glyf", "maxp", "post"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("font: no %s table", tag)
		}
	}
	head, maxp := tables["head"], tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 || len(tables["post"]) < 32 {
		return nil, errors.New("font: head, maxp or post too short")
	}
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	loca := tables["loca"]
	offset := func(g int) int {
		if longLoca {
			return int(binary.BigEndian.Uint32(loca[4*g:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:]))
	}
	if (longLoca && len(loca) < 4*(n+1)) || (!longLoca && len(loca) < 2*(n+1)) {
		return nil, errors.New("font: loca too short")
	}
	glyf := tables["glyf"]
	glyph := func(g int) ([]byte, error) {
		a, b := offset(g), offset(g+1)
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("font: glyph %d out of glyf", g)
		}
		return glyf[a:b], nil
	}

	keep := map[int]bool{0: true} // .notdef
	var todo []int
	var buf sfnt.Buffer
	for _, r := range runes {
		g, err := f.GlyphIndex(&buf, r)
		if err == nil && g != 0 && !keep[int(g)] {
			keep[int(g)] = true
			todo = append(todo, int(g))
		}
	}
	todo = append(todo, 0)
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		components, _, err := composite(data)
		if err != nil {
			return nil, fmt.Errorf("font: glyph %d: %w", g, err)
		}
		for _, c := range components {
			if c >= n {
				return nil, fmt.Errorf("font: glyph %d has component %d of %d glyphs", g, c, n)
			}
			if !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		}
	}

	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	for g := range n {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if !keep[g] {
			continue
		}
		data, _ := glyph(g)
		data, err := withoutInstructions(data)
		if err != nil {
			return nil, fmt.Errorf("font: glyph %d: %w", g, err)
		}
		newGlyf = append(newGlyf, data...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))

	out := map[string][]byte{"glyf": newGlyf, "loca": newLoca}
	out["head"] = slices.Clone(head)
	binary.BigEndian.PutUint16(out["head"][50:], 1)         // long loca offsets
	binary.BigEndian.PutUint32(out["head"][8:], 0)          // checkSumAdjustment, set below
	out["post"] = slices.Clone(tables["post"][:32])         // version 3: no glyph names
	binary.BigEndian.PutUint32(out["post"][0:], 0x00030000) //
	for _, tag := range subsetTables {
		if out[tag] == nil && tables[tag] != nil {
			out[tag] = tables[tag]
		}
	}
	font := writeTables(out)
	// head.checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
	head = font[tableOffset(font, "head"):]
	binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-checksum(font))
	return font, nil
}

// runesOf returns the runes of text, each once, in order.
func runesOf(text []byte) []rune {
	var ascii [utf8.RuneSelf]bool
	other := map[rune]bool{}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			ascii[c] = true
			i++
			continue
		}
		r, n := utf8.DecodeRune(text[i:])
		other[r] = true
		i += n
	}
	var runes []rune
	for c, ok := range ascii {
		if ok {
			runes = append(runes, rune(c))
		}
	}
	for _, r := range slices.Sorted(maps.Keys(other)) {
		runes = append(runes, r)
	}
	return runes
}

// Composite glyph flags (OpenType 1.9, glyf).
const (
	argWords      = 0x0001
	haveScale     = 0x0008
	moreParts     = 0x0020
	haveXYScale   = 0x0040
	haveTwoByTwo  = 0x0080
	haveInstructs = 0x0100
)

// composite returns the glyph ids a composite glyph is made of and where
// its components end (where its instructions, if any, start); nothing for
// a simple or empty glyph.
func composite(data []byte) (components []int, end int, err error) {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil, 0, nil
	}
	p := 10
	for {
		if p+4 > len(data) {
			return nil, 0, errors.New("truncated composite glyph")
		}
		flags := binary.BigEndian.Uint16(data[p:])
		components = append(components, int(binary.BigEndian.Uint16(data[p+2:])))
		p += componentSize(flags)
		if p > len(data) {
			return nil, 0, errors.New("truncated composite glyph")
		}
		if flags&moreParts == 0 {
			return components, p, nil
		}
	}
}

// componentSize is the length in bytes of one component of a composite
// glyph with these flags: flags and glyph index, then its two arguments
// (bytes or words) and its transform (none, one scale, two, or a 2×2
// matrix, in 2.14 numbers).
func componentSize(flags uint16) int {
	n := 4 + 2
	if flags&argWords != 0 {
		n = 4 + 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}

// withoutInstructions returns a glyph without its hinting instructions.
func withoutInstructions(data []byte) ([]byte, error) {
	if len(data) < 10 {
		return data, nil // empty
	}
	contours := int16(binary.BigEndian.Uint16(data))
	if contours < 0 {
		_, end, err := composite(data)
		if err != nil {
			return nil, err
		}
		out := slices.Clone(data[:end])
		// Clear "we have instructions" on every component's flags.
		for p := 10; p < end; {
			flags := binary.BigEndian.Uint16(out[p:])
			binary.BigEndian.PutUint16(out[p:], flags&^haveInstructs)
			p += componentSize(flags)
		}
		return out, nil
	}
	at := 10 + 2*int(contours) // the instructions' length
	if at+2 > len(data) {
		return nil, errors.New("truncated simple glyph")
	}
	skip := int(binary.BigEndian.Uint16(data[at:]))
	if at+2+skip > len(data) {
		return nil, errors.New("truncated instructions")
	}
	out := slices.Clone(data[:at])
	out = append(out, 0, 0)
	return append(out, data[at+2+skip:]...), nil
}

// readTables reads the table directory of a TrueType font.
func readTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("font: too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("font: table directory truncated")
	}
	tables := map[string][]byte{}
	for i := range n {
		r := ttf[12+16*i:]
		off, length := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if off+length > len(ttf) || off < 0 || length < 0 {
			return nil, fmt.Errorf("font: table %q out of the file", r[:4])
		}
		tables[string(r[:4])] = ttf[off : off+length]
	}
	return tables, nil
}

// writeTables writes a TrueType font of tables, in the order of their tags
// (as the table directory must be), each on four bytes.
func writeTables(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	n := len(tags)
	entry := 1
	for entry*2 <= n {
		entry *= 2
	}
	log2 := 0
	for 1<<(log2+1) <= entry {
		log2++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out[0:], 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(entry*16))
	binary.BigEndian.PutUint16(out[8:], uint16(log2))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-entry*16))
	for i, tag := range tags {
		data := tables[tag]
		r := out[12+16*i:]
		copy(r, tag)
		binary.BigEndian.PutUint32(r[4:], checksum(data))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// tableOffset is where the table tag starts in a font writeTables wrote.
func tableOffset(ttf []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		if r := ttf[12+16*i:]; string(r[:4]) == tag {
			return int(binary.BigEndian.Uint32(r[8:]))
		}
	}
	return -1
}

// checksum is the TrueType checksum: the sum of the big-endian uint32s of
// data, padded with zeros.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

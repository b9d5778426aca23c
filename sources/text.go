package sources

import (
	"strings"
	"unicode"
)

// foldAccents maps the accented Latin letters found in French names to their
// base letter. It is deliberately explicit rather than a Unicode
// decomposition, so that what is folded can be read here.
var foldAccents = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a", "ã", "a",
	"ç", "c",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i",
	"ô", "o", "ö", "o", "ó", "o",
	"ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ÿ", "y", "œ", "oe", "æ", "ae",
	"À", "A", "Â", "A", "Ä", "A", "Á", "A",
	"Ç", "C",
	"É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"Î", "I", "Ï", "I", "Í", "I",
	"Ô", "O", "Ö", "O", "Ó", "O",
	"Ù", "U", "Û", "U", "Ü", "U", "Ú", "U",
	"Œ", "OE", "Æ", "AE",
)

// NameKey folds a person's or organisation's name to the key used to match
// spellings: accents removed, lower case, hyphens, underscores, apostrophes
// and runs of spaces turned into single spaces. "MÉLENCHON", "Mélenchon" and
// "melenchon" share a key; so do "LE_PEN" and "Le Pen".
func NameKey(s string) string {
	s = strings.ToLower(foldAccents.Replace(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// Slug turns a name into the lower-case, hyphenated identifier used for
// sources and series: "Ifop-Fiducial" → "ifop-fiducial",
// "predict_the_president" → "predict-the-president".
func Slug(s string) string { return strings.ReplaceAll(NameKey(s), " ", "-") }

// IsSlug reports whether s is already a slug (s == Slug(s)). Every figure
// of every load is checked: the common case, lower-case ASCII letters and
// digits joined by single hyphens, is answered without building Slug(s).
func IsSlug(s string) bool {
	ascii := s != "" && s[0] != '-' && s[len(s)-1] != '-'
	for i := 0; ascii && i < len(s); i++ {
		c := s[i]
		ascii = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && s[i-1] != '-'
	}
	return ascii || s == Slug(s)
}

// levenshtein is the edit distance between a and b, counted in runes. It ranks
// "did you mean" suggestions; it never decides a match.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

package ministere

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"forecast/sources"
)

// decode returns the text of b as UTF-8. Valid UTF-8 is taken as it is (less
// a byte-order mark); anything else is Latin-1, where every byte is the rune
// of the same value. latin1 reports which. Both ways refuse text that would
// come out garbled: C1 control bytes in a Latin-1 file (Windows-1252 puts
// letters there), and UTF-8 that was converted twice.
func decode(file string, b []byte) (text string, latin1 bool, err error) {
	if utf8.Valid(b) {
		text = strings.TrimPrefix(string(b), "\ufeff")
		if ln, sample, bad := doubleEncoded(text); bad {
			return "", false, sources.DataErrorf(file, ln, "the text looks converted to UTF-8 twice (%s): convert the original file once", sources.Quote(sample))
		}
		return text, false, nil
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	line := 1
	for _, c := range b {
		if c >= 0x80 && c < 0xa0 {
			return "", true, sources.DataErrorf(file, line, "not UTF-8, and byte 0x%02X is a control character in Latin-1: the file is probably Windows-1252; convert it to UTF-8", c)
		}
		if c == '\n' {
			line++
		}
		sb.WriteRune(rune(c))
	}
	return sb.String(), true, nil
}

// doubleEncoded finds the mark of UTF-8 decoded as Latin-1 or Windows-1252
// and encoded again: "Ã" or "Â" followed by what was a continuation byte
// ("Ã©" for "é", "Ã‰" for "É"). Neither letter is used in French.
func doubleEncoded(s string) (line int, sample string, found bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 'Ã' || r == 'Â' {
			next, m := utf8.DecodeRuneInString(s[i+n:])
			if (next >= 0x80 && next <= 0xbf) || strings.ContainsRune(cp1252High, next) {
				return 1 + strings.Count(s[:i], "\n"), s[i : i+n+m], true
			}
		}
		i += n
	}
	return 0, "", false
}

// cp1252High holds the letters Windows-1252 puts at 0x80–0x9F, which is what
// the continuation bytes of UTF-8 turn into when wrongly decoded with it.
const cp1252High = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

// Patterns that name a round in a title line or a file name: "Tour 2",
// "Tour_1", "tour-1", "-t1-", "premier tour", "2e tour".
var (
	tourN   = regexp.MustCompile(`(?i)(?:^|[^\pL\d])tour[\s_-]*(\d+)(?:\D|$)`)
	tN      = regexp.MustCompile(`(?i)(?:^|[^\pL\d])t(\d)(?:\D|$)`)
	ordTour = regexp.MustCompile(`(?i)(?:^|[^\pL\d])(premier|1er|second|seconde|deuxième|deuxieme|2nd|2e|2ème|2eme)[\s_-]+tour(?:[^\pL\d]|$)`)
)

// roundHints returns the rounds that s names, if any.
func roundHints(s string) []int {
	var out []int
	for _, re := range []*regexp.Regexp{tourN, tN} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
				out = append(out, n)
			}
		}
	}
	for _, m := range ordTour.FindAllStringSubmatch(s, -1) {
		switch strings.ToLower(m[1]) {
		case "premier", "1er":
			out = append(out, 1)
		default:
			out = append(out, 2)
		}
	}
	return out
}

// hint is a round named by a title line or the file name.
type hint struct {
	round int
	where string
}

// chooseRound settles the round of a file: the caller's, when given, which
// nothing in the file may contradict; else the one round the title lines
// and the file name agree on.
func chooseRound(file string, titles []string, titleLines []int, given int) (int, error) {
	var hints []hint
	for i, t := range titles {
		for _, n := range roundHints(t) {
			hints = append(hints, hint{n, fmt.Sprintf("the title on line %d", titleLines[i])})
		}
	}
	for _, n := range roundHints(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))) {
		hints = append(hints, hint{n, "the file name"})
	}
	round := given
	for _, h := range hints {
		if round == 0 {
			round = h.round
		}
		if h.round != round {
			if given != 0 {
				return 0, sources.DataErrorf(file, 0, "round %d was asked for, but %s says round %d", given, h.where, h.round)
			}
			return 0, fmt.Errorf("cannot tell the round of %s (%s says %d, %s says %d): pass --round",
				file, hints[0].where, hints[0].round, h.where, h.round)
		}
	}
	if round == 0 {
		return 0, fmt.Errorf("cannot tell the round of %s (no title line or file name says \"Tour 1\", \"t2\"…): pass --round", file)
	}
	return round, nil
}

// departementCode normalises a département code: a one-digit code gets its
// leading zero back ("1" → "01", restored reports it); "01"…"95", "2A", "2B",
// the three-digit overseas codes ("971") and the Ministry's "ZA"…"ZZ" are
// kept, in upper case.
func departementCode(s string) (code string, restored bool, err error) {
	s = strings.ToUpper(s)
	digits := s != "" && strings.Trim(s, "0123456789") == ""
	switch {
	case digits && len(s) == 1 && s != "0":
		return "0" + s, true, nil
	case digits && len(s) == 2 && s != "00" && s != "20":
		return s, false, nil
	case digits && len(s) == 3 && (strings.HasPrefix(s, "97") || strings.HasPrefix(s, "98")):
		return s, false, nil
	case s == "2A" || s == "2B":
		return s, false, nil
	case len(s) == 2 && s[0] == 'Z' && s[1] >= 'A' && s[1] <= 'Z':
		return s, false, nil
	}
	return "", false, fmt.Errorf("département code %s is not one of 01–95, 2A, 2B, 971–989, ZA–ZZ", sources.Quote(s))
}

// count reads a whole, non-negative number of people or votes, digits only.
func count(s string) (int64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%s is not a whole number", sources.Quote(s))
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is out of range", sources.Quote(s))
	}
	return v, nil
}

// percent reads a percentage written with a decimal comma or point.
func percent(s string) (float64, error) {
	if s == "" || strings.Trim(s, "0123456789.,") != "" || strings.Count(s, ",")+strings.Count(s, ".") > 1 {
		return 0, fmt.Errorf("%s is not a percentage", sources.Quote(s))
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a percentage", sources.Quote(s))
	}
	return v, nil
}

// pctTolerance is how far a published percentage may be from the one
// computed from the counts: half a unit of its second decimal, plus room
// for floating-point error.
const pctTolerance = 0.005 + 1e-9

// checkPercent checks a published percentage against 100·num/den.
func checkPercent(col, s string, num, den int64) error {
	v, err := percent(s)
	if err != nil {
		return fmt.Errorf("column %s: %v", sources.Quote(col), err)
	}
	if den == 0 {
		return nil
	}
	want := 100 * float64(num) / float64(den)
	if math.Abs(v-want) > pctTolerance {
		return fmt.Errorf("column %s is %s, but %d / %d is %.4f %%", sources.Quote(col), s, num, den, want)
	}
	return nil
}

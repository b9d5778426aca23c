// Package locale writes numbers, dates and labels the way French and English
// readers expect them: "24,01 %" and "3 avril" in French, "24.01%" and
// "3 April" in English. Go's time package knows only English month
// names, so the months of both languages are here.
//
// The charts and the report take every word they show from the catalogue in
// messages.go, so that a chart is entirely in one language.
//
// Spaces inside numbers and dates and before "%" are no-break spaces (U+00A0), which
// every output format can encode (including the Windows-1252 text of PDF
// charts), so that "24,01 %" never breaks across lines.
package locale

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Lang is the language of a chart or a report.
type Lang string

// The languages.
const (
	EN Lang = "en"
	FR Lang = "fr"
)

// Langs lists the languages, English first.
var Langs = []Lang{EN, FR}

// NBSP is the no-break space that French puts before "%" and between groups
// of digits.
const NBSP = "\u00a0"

// Minus is the typographic minus sign (U+2212) used for negative numbers.
const Minus = "−"

// Parse reads a --lang flag value.
func Parse(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(s)); l {
	case EN, FR:
		return l, nil
	}
	return "", fmt.Errorf("language %q: choose en or fr", s)
}

// Number formats v with d decimals: a decimal comma in French, a point in
// English; digits grouped by three with a no-break space in French (from
// four digits: "1 000", as the French press writes it) and a comma in
// English (from four digits); a typographic minus. NaN is "–".
func (l Lang) Number(v float64, d int) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', d, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	sep, dec, from := ",", ".", 4
	if l == FR {
		sep, dec, from = NBSP, ",", 4
	}
	if len(intPart) >= from {
		var b strings.Builder
		for i, c := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(c)
		}
		intPart = b.String()
	}
	out := intPart
	if frac != "" {
		out += dec + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		out = Minus + out
	}
	return out
}

// Points writes a number of percentage points with its unit: "2.9 points",
// "1 point"; in French the unit is singular under two ("1,2 point",
// "0,07 point"), as French grammar wants.
func (l Lang) Points(v float64, d int) string {
	s := l.Number(v, d)
	one := l == EN && s == l.Number(1, d) || l == FR && math.Abs(v) < 2
	if one {
		return s + NBSP + "point"
	}
	return s + NBSP + "points"
}

// Signed is Number with a sign always shown: "+1,20", "−0,71", "0,00".
func (l Lang) Signed(v float64, d int) string {
	s := l.Number(v, d)
	if v > 0 && strings.Trim(strconv.FormatFloat(v, 'f', d, 64), "0.") != "" {
		return "+" + s
	}
	return s
}

// Percent formats a share given in percentage points: "24,01 %" (with a
// no-break space) in French, "24.01%" in English.
func (l Lang) Percent(v float64, d int) string {
	if math.IsNaN(v) {
		return "–"
	}
	if l == FR {
		return l.Number(v, d) + NBSP + "%"
	}
	return l.Number(v, d) + "%"
}

var months = map[Lang][12]string{
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

// Abbreviations of the months: English three letters, French as the
// Imprimerie nationale abbreviates them (short names are written whole).
var monthsShort = map[Lang][12]string{
	EN: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	FR: {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juill.", "août", "sept.", "oct.", "nov.", "déc."},
}

// Month names a month: "avril", "April".
func (l Lang) Month(m time.Month) string { return months[l][m-1] }

// Date writes a day in full, "3 avril 2017" or "3 April 2017"; the first of
// the month is "1er" in French. Its spaces are no-break spaces: a date
// never breaks across lines.
func (l Lang) Date(t time.Time) string {
	return l.day(t) + NBSP + l.Month(t.Month()) + NBSP + strconv.Itoa(t.Year())
}

// ShortDate writes a day with its month abbreviated, for tables:
// "3 avr. 2017", "3 Apr 2017".
func (l Lang) ShortDate(t time.Time) string {
	return l.day(t) + NBSP + monthsShort[l][t.Month()-1] + NBSP + strconv.Itoa(t.Year())
}

// DayMonth writes a day without its year, abbreviated, for axis ticks:
// "23 avr.", "Apr 23".
func (l Lang) DayMonth(t time.Time) string {
	if l == FR {
		return l.day(t) + NBSP + monthsShort[l][t.Month()-1]
	}
	return monthsShort[l][t.Month()-1] + NBSP + strconv.Itoa(t.Day())
}

func (l Lang) day(t time.Time) string {
	if l == FR && t.Day() == 1 {
		return "1er"
	}
	return strconv.Itoa(t.Day())
}

// Ordinal writes a rank: "1st", "2nd", "11th"; in French "1er" (or "1re"
// for a feminine noun) and "2e". Report pages raise the French suffix as a
// superscript.
func (l Lang) Ordinal(n int, feminine bool) string {
	s := strconv.Itoa(n)
	if l == FR {
		switch {
		case n == 1 && feminine:
			return s + "re"
		case n == 1:
			return s + "er"
		}
		return s + "e"
	}
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

// Of writes the French "de" before a name, elided before a vowel
// ("d’Elabe", "de Kantar"); English takes the name as it is (its messages
// write "'s" themselves).
func (l Lang) Of(name string) string {
	if l != FR {
		return name
	}
	r, _ := utf8.DecodeRuneInString(name)
	if strings.ContainsRune("AEIOUYÀÂÉÈÊÎÔaeiouyàâéèêîô", r) {
		return "d’" + name
	}
	return "de " + name
}

package locale

import (
	"strings"
	"testing"
	"time"
)

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		v    float64
		d    int
		want string
	}{
		{FR, 24.0104, 2, "24,01"},
		{EN, 24.0104, 2, "24.01"},
		{FR, -0.71, 2, "−0,71"},
		{FR, -0.001, 2, "0,00"}, // no "−0,00"
		{EN, 1137, 0, "1,137"},
		{FR, 1137, 0, "1\u00a0137"}, // "1 000" in French too
		{FR, 14300, 0, "14\u00a0300"},
		{EN, 1234567.5, 1, "1,234,567.5"},
	} {
		if got := c.l.Number(c.v, c.d); got != c.want {
			t.Errorf("%s Number(%v, %d) = %q, want %q", c.l, c.v, c.d, got, c.want)
		}
	}
	if got := FR.Percent(24.01, 2); got != "24,01\u00a0%" {
		t.Errorf("French percent %q", got)
	}
	if got := EN.Percent(66.1, 2); got != "66.10%" {
		t.Errorf("English percent %q", got)
	}
	if got := FR.Signed(0.79, 2); got != "+0,79" {
		t.Errorf("signed %q", got)
	}
}

func TestPoints(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		v    float64
		want string
	}{
		{EN, 2.94, "2.9\u00a0points"},
		{EN, 1, "1.0\u00a0point"},
		{EN, 0.07, "0.1\u00a0points"},
		{FR, 1.2, "1,2\u00a0point"},
		{FR, 0.07, "0,1\u00a0point"},
		{FR, 2, "2,0\u00a0points"},
	} {
		if got := c.l.Points(c.v, 1); got != c.want {
			t.Errorf("%s Points(%v) = %q, want %q", c.l, c.v, got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2000, time.May, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{FR.Date(d), "1er\u00a0mai\u00a02000"}, // a date never breaks across lines (issue 12)
		{EN.Date(d), "1\u00a0May\u00a02000"},
		{FR.DayMonth(d.AddDate(0, 1, 1)), "2\u00a0juin"},
		{FR.DayMonth(d.AddDate(0, 1, 30)), "1er\u00a0juill."},
		{FR.ShortDate(d.AddDate(0, 1, 30)), "1er\u00a0juill.\u00a02000"},
		{EN.ShortDate(d.AddDate(0, 1, 30)), "1\u00a0Jul\u00a02000"},
		{EN.DayMonth(d), "May\u00a01"},
		{FR.Month(time.August), "août"},
		{FR.Round(2), "second tour"},
		{EN.Round(2), "round 2"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	if l, err := Parse("FR"); err != nil || l != FR {
		t.Errorf("Parse(FR) = %v, %v", l, err)
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de) accepted")
	}
}

// TestMessagesFormat checks that every message formats the same arguments
// in both languages: a verb in one and not the other would print
// "%!d(MISSING)" in a chart.
func TestMessagesFormat(t *testing.T) {
	verbs := func(s string) (n int) {
		for i := 0; i < len(s); i++ {
			if s[i] == '%' {
				if i+1 < len(s) && s[i+1] == '%' {
					i++
					continue
				}
				n++
			}
		}
		return n
	}
	for key, m := range messages {
		if verbs(m.en) != verbs(m.fr) {
			t.Errorf("%s: %d verbs in English, %d in French", key, verbs(m.en), verbs(m.fr))
		}
	}
}

// TestWords checks the French grammar of issue 12: elision ("d’Elabe"),
// "point" singular below two, ordinals ("1er", "1re", "2e") and the
// agreement of a count with its noun.
func TestWords(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{FR.Of("Elabe"), "d’Elabe"},
		{FR.Of("Ipsos"), "d’Ipsos"},
		{FR.Of("Élabe"), "d’Élabe"},
		{FR.Of("Kantar"), "de Kantar"},
		{EN.Of("Elabe"), "Elabe"},
		{FR.Points(0.07, 2), "0,07\u00a0point"},
		{FR.Points(1.99, 2), "1,99\u00a0point"},
		{FR.Points(2, 2), "2,00\u00a0points"},
		{EN.Points(0.07, 2), "0.07\u00a0points"},
		{EN.Points(1, 0), "1\u00a0point"},
		{FR.Ordinal(1, false), "1er"},
		{FR.Ordinal(1, true), "1re"},
		{FR.Ordinal(2, true), "2e"},
		{EN.Ordinal(1, false), "1st"},
		{EN.Ordinal(2, false), "2nd"},
		{EN.Ordinal(3, false), "3rd"},
		{EN.Ordinal(11, false), "11th"},
		{EN.Ordinal(12, false), "12th"},
		{EN.Ordinal(22, false), "22nd"},
		{FR.Count(1, "summary.winner.buzz", 1, 3), "Buzz\u00a0: 1 dernier chiffre buzz sur 3 plaçait le vainqueur en tête."},
		{FR.Count(0, "summary.winner.buzz", 0, 3), "Buzz\u00a0: 0 dernier chiffre buzz sur 3 plaçait le vainqueur en tête."},
		{FR.Count(2, "summary.winner.buzz", 2, 3), "Buzz\u00a0: 2 derniers chiffres buzz sur 3 plaçaient le vainqueur en tête."},
		{EN.Count(1, "summary.winner.buzz", 1, 3), "Buzz: 1 of 3 final buzz figures had the winner ahead."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestCountForms checks that every singular form (KEY.1) has its plural
// (KEY) with the same arguments.
func TestCountForms(t *testing.T) {
	for key := range messages {
		if base, ok := strings.CutSuffix(key, ".1"); ok {
			if _, ok := messages[base]; !ok {
				t.Errorf("%s has no plural form %s", key, base)
			}
		}
	}
}

// TestPercentSpace checks issue 12's "95%" in English and "95 %" (no-break
// space) in French, in every message.
func TestPercentSpace(t *testing.T) {
	spaced := func(s string) bool {
		for i := 0; i+2 < len(s); i++ {
			if s[i] >= '0' && s[i] <= '9' && s[i+1] == ' ' && s[i+2] == '%' {
				return true
			}
		}
		return false
	}
	for key, m := range messages {
		if spaced(m.en) {
			t.Errorf("%s: English puts a space before %%: %q", key, m.en)
		}
		if spaced(m.fr) {
			t.Errorf("%s: French puts a breaking space before %%: %q", key, m.fr)
		}
	}
}

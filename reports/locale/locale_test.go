package locale

import (
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
		{FR.Date(d), "1er mai 2000"},
		{EN.Date(d), "1 May 2000"},
		{FR.DayMonth(d.AddDate(0, 1, 1)), "2 juin"},
		{FR.DayMonth(d.AddDate(0, 1, 30)), "1er juill."},
		{EN.DayMonth(d), "May 1"},
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

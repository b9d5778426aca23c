package charts

import (
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"forecast/reports/locale"
)

// numberTicks labels a linear axis with round numbers written in the chart's
// language ("2,5" in French), about five of them: gonum's DefaultTicks gives
// three and writes decimal points. With negate, the labels are the values'
// opposites: an axis of days before the vote runs from −60 to 0 so that time
// flows left to right, and is labelled 60 to 0.
type numberTicks struct {
	lang   locale.Lang
	negate bool
	n      int // about how many ticks; 0 is five
}

// tickRoom is the width an axis gives each labelled tick: a label of five
// characters ("22,5 " or "1 000") at the tick size and a gap.
const tickRoom = vg.Length(40)

// dateRoom is the width a time axis gives each labelled day ("15 mars",
// "1er avr.") and a gap.
const dateRoom = vg.Length(55)

// tickRoomY is the height a vertical axis gives each labelled number: its
// line and as much space again.
const tickRoomY = vg.Length(28)

// fitTicks returns the ticker m fitted to an axis of length w: as many
// labels as fit, room apart (at most the default five, at least three).
func fitTicks(m plot.Ticker, w, room vg.Length) plot.Ticker {
	n := min(5, max(3, int(w/room)))
	switch t := m.(type) {
	case numberTicks:
		t.n = n
		return t
	case dateTicks:
		t.n = max(2, int(w/dateRoom)) // "1er avr." is wider than a number
		return t
	case logTicks:
		t.n = n
		return t
	}
	return m
}

// Ticks implements plot.Ticker.
func (t numberTicks) Ticks(min, max float64) []plot.Tick {
	n := t.n
	if n == 0 {
		n = 5
	}
	step, decimals := niceStep(max-min, n)
	var ticks []plot.Tick
	for v := math.Ceil(min/step-1e-9) * step; v <= max+step*1e-9; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		shown := v
		if t.negate && v != 0 {
			shown = -v
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: t.lang.Number(shown, decimals)})
	}
	return ticks
}

// niceStep is a step of 1, 2, 2.5 or 5 times a power of ten giving about n
// ticks (n·0.8 to n·1.6) over span, and the decimals its labels need.
func niceStep(span float64, n int) (step float64, decimals int) {
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if step = m * mag; step >= raw*0.8 {
			break
		}
	}
	decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if math.Abs(step/math.Pow10(-decimals)-math.Round(step/math.Pow10(-decimals))) > 1e-9 {
		decimals++ // 2.5, 0.25
	}
	return step, decimals
}

// logTicks labels a log axis at the powers of ten, with minor ticks at 2–9
// times them; with n set, at most about n powers are labelled (every other
// one, or every third).
type logTicks struct {
	lang locale.Lang
	n    int
}

// Ticks implements plot.Ticker.
func (t logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	first, last := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	every := 1.0
	if powers := int(last-first) + 1; t.n > 0 && powers > t.n {
		every = float64((powers + t.n - 1) / t.n)
	}
	for e := first; e <= last; e++ {
		p := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			tick := plot.Tick{Value: v}
			if m == 1 && math.Mod(e-first, every) == 0 {
				tick.Label = t.lang.Number(v, max(0, int(-e)))
			}
			ticks = append(ticks, tick)
		}
	}
	return ticks
}

// Days are the unit of time axes: days since 1 January 1970, UTC.
func dayNumber(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// dateOf reads a day YYYY-MM-DD.
func dateOf(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

func dayTime(x float64) time.Time { return time.Unix(int64(math.Round(x))*86400, 0).UTC() }

// dateTicks labels a time axis on calendar days, in the chart's language:
// gonum's TimeTicks puts ticks at round numbers of seconds, not on month
// boundaries, and knows English month names only. Over a few weeks it
// labels every day or every other day; over months, the 1st and the 15th of
// each month; over a year, the 1st of each month. Every day is a minor tick
// over two months or less.
//
// With n set, at most n days are labelled: every k-th of those the rule
// picks.
type dateTicks struct {
	lang locale.Lang
	n    int
}

// Ticks implements plot.Ticker.
func (t dateTicks) Ticks(min, max float64) []plot.Tick {
	first, last := dayTime(math.Ceil(min)), dayTime(math.Floor(max))
	span := last.Sub(first).Hours() / 24
	major := func(d time.Time) bool { return d.Day() == 1 }
	switch {
	case span <= 8:
		major = func(time.Time) bool { return true }
	case span <= 16:
		major = func(d time.Time) bool { return int(d.Sub(first).Hours()/24)%2 == 0 }
	case span <= 31:
		major = func(d time.Time) bool { return d.Weekday() == time.Monday }
	case span <= 130:
		major = func(d time.Time) bool { return d.Day() == 1 || d.Day() == 15 }
	}
	majors := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if major(d) {
			majors++
		}
	}
	every := 1
	if t.n > 0 && majors > t.n {
		every = (majors + t.n - 1) / t.n
	}
	var ticks []plot.Tick
	k := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		switch {
		case major(d):
			tick := plot.Tick{Value: dayNumber(d)}
			if k%every == 0 {
				tick.Label = t.lang.DayMonth(d)
			}
			ticks = append(ticks, tick)
			k++
		case span <= 62:
			ticks = append(ticks, plot.Tick{Value: dayNumber(d)})
		}
	}
	return ticks
}

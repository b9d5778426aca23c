// Package history measures polling error across elections, the way
// Jennings & Wlezien (2018, "Election polling errors across time and
// space", Nature Human Behaviour 2: 276–283) do across 351 elections: for
// each election, the absolute difference between the final week's polls
// and the vote, per party, averaged over the parties (docs/METHODS.md §15).
// Here the parties are political blocs (package sources/blochistory), so
// that sixty years of French elections, with their changing candidates,
// can be set side by side.
//
// The functions are pure: the same rows and options give the same numbers.
package history

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"forecast/sources/blochistory"
)

// DefaultFinalDays is the final window of Jennings & Wlezien: polls whose
// fieldwork ended in the last 7 days before election day.
const DefaultFinalDays = 7

// LargeShare is the share of the vote, in %, from which a bloc counts as
// large for Election.MAELarge: Jennings's "large parties (>20% vote share)".
const LargeShare = 20

// Options choose what Analyse measures.
type Options struct {
	// FinalDays: a poll counts when its day is at most FinalDays days
	// before the election (0 ≤ days ≤ FinalDays).
	FinalDays int
	// Types keeps the elections of these types; empty keeps every type.
	Types []string
}

// Bloc is the error on one bloc of one election.
type Bloc struct {
	Bloc    string
	Polls   int     // final polls that give the bloc a share
	Average float64 // mean of their shares, %
	Result  float64 // the official share, %
	Error   float64 // Average − Result, points: positive when the polls overstated the bloc
}

// Pollster is one pollster's error in one election: the mean of its final
// polls, scored like the average.
type Pollster struct {
	Pollster string
	Polls    int
	MAE      float64 // mean of |pollster's mean − result| over the blocs scored for the election that it gives
}

// Election is the polling error of one election.
type Election struct {
	Type, Date string
	Year       int
	AllPolls   int // the election's polls in the file
	Polls      int // those in the final window
	// LastDays is how many days before the vote the latest poll was taken
	// (-1: the file has no poll of the election).
	LastDays int
	// Blocs are the blocs scored: in the result and in at least one final
	// poll, in the file's bloc order.
	Blocs []Bloc
	// Unscored lists the blocs left out, each with its reason.
	Unscored []string
	// MAE is the mean over Blocs of |Error|: Jennings & Wlezien's mean
	// absolute error of the final-week poll average (NaN with no final poll).
	MAE float64
	// MAELarge is the same mean over the blocs with at least LargeShare %
	// of the vote: the "large parties" of Jennings's summary of Jennings &
	// Wlezien, whose average over 139 elections is 2.3 points (NaN when no
	// bloc is that large).
	MAELarge float64
	// Largest is the index in Blocs of the largest |Error| (-1 if none);
	// the first in bloc order on a tie.
	Largest int
	// TopTwoMissed: the two leading blocs of the poll average are not the
	// two leading blocs of the result (by share, over Blocs). In a
	// presidential first round whose blocs each had one main candidate, it
	// is a run-off qualifier the polls missed.
	TopTwoMissed bool
	Pollsters    []Pollster // by name
	// PollsterMin, PollsterMax and PollsterSD are the smallest, the
	// largest and the sample standard deviation (n − 1) of the pollsters'
	// MAE: the spread of pollsters (NaN when undefined).
	PollsterMin, PollsterMax, PollsterSD float64
	// Rank is the election's place among the elections of its type with a
	// MAE, 1 for the largest error (0 when it has no MAE); Ranked how many
	// there are.
	Rank, Ranked int
}

// Analysis is the polling error of every election selected.
type Analysis struct {
	Options   Options
	Elections []Election // by type (blochistory.Types order), then date
	// Counts of the file's rows that are not scored, and why.
	Seats        int // seats rows: counts of seats, not votes
	OutOfWindow  int // polls taken more than FinalDays days before their election
	OtherTypes   int // rows of elections of a type not selected
	NoFinalPolls int // elections with no poll in the final window
}

// Analyse measures the polling error of every election of f selected by o.
// It needs FinalDays ≥ 0, known types and a result for every election (as
// blochistory.Read requires): nothing is dropped unsaid.
func Analyse(f *blochistory.File, o Options) (*Analysis, error) {
	if o.FinalDays < 0 {
		return nil, fmt.Errorf("the final window must be 0 days or more, not %d", o.FinalDays)
	}
	for _, t := range o.Types {
		if !slices.Contains(blochistory.Types, t) {
			return nil, fmt.Errorf("unknown election type %q (the file has %v)", t, blochistory.Types)
		}
	}
	a := &Analysis{Options: o}
	type key struct{ typ, day string }
	groups := map[key][]blochistory.Row{}
	for _, r := range f.Rows {
		if len(o.Types) > 0 && !slices.Contains(o.Types, r.Type) {
			a.OtherTypes++
			continue
		}
		k := key{r.Type, r.Election}
		groups[k] = append(groups[k], r)
	}
	for k, rows := range groups {
		e := election(k.typ, k.day, rows, o.FinalDays)
		if e == nil {
			return nil, fmt.Errorf("the %s election of %s has no result row: its polls cannot be scored", k.typ, k.day)
		}
		for _, r := range rows {
			switch {
			case r.Kind == blochistory.Seats:
				a.Seats++
			case r.Kind == blochistory.Poll && r.Days() > o.FinalDays:
				a.OutOfWindow++
			}
		}
		if e.Polls == 0 {
			a.NoFinalPolls++
		}
		a.Elections = append(a.Elections, *e)
	}
	slices.SortFunc(a.Elections, func(x, y Election) int {
		return cmp.Or(cmp.Compare(slices.Index(blochistory.Types, x.Type), slices.Index(blochistory.Types, y.Type)), cmp.Compare(x.Date, y.Date))
	})
	rank(a.Elections)
	return a, nil
}

// election scores one election's rows; nil when they hold no result.
func election(typ, day string, rows []blochistory.Row, finalDays int) *Election {
	var result *blochistory.Row
	var final []blochistory.Row
	e := &Election{Type: typ, Date: day, LastDays: -1, Largest: -1, MAE: math.NaN(), MAELarge: math.NaN()}
	e.Year, _ = strconv.Atoi(day[:4])
	for i, r := range rows {
		switch r.Kind {
		case blochistory.Result:
			result = &rows[i]
		case blochistory.Poll:
			e.AllPolls++
			if e.LastDays < 0 || r.Days() < e.LastDays {
				e.LastDays = r.Days()
			}
			if r.Days() <= finalDays {
				final = append(final, r)
			}
		}
	}
	if result == nil {
		return nil
	}
	e.Polls = len(final)
	e.PollsterMin, e.PollsterMax, e.PollsterSD = math.NaN(), math.NaN(), math.NaN()
	if len(final) == 0 {
		return e
	}
	scored := make([]bool, len(blochistory.Blocs))
	for i, name := range blochistory.Blocs {
		avg, n := mean(final, i)
		res := result.Shares[i]
		switch {
		case n > 0 && math.IsNaN(res):
			e.Unscored = append(e.Unscored, fmt.Sprintf("%s: in %d final poll(s), not in the result", name, n))
		case n == 0 && !math.IsNaN(res):
			e.Unscored = append(e.Unscored, fmt.Sprintf("%s: in the result (%s %%), in no final poll", name, strconv.FormatFloat(res, 'f', -1, 64)))
		case n > 0:
			scored[i] = true
			e.Blocs = append(e.Blocs, Bloc{Bloc: name, Polls: n, Average: avg, Result: res, Error: avg - res})
		}
	}
	e.MAE, e.Largest = mae(e.Blocs)
	var large []Bloc
	for _, b := range e.Blocs {
		if b.Result >= LargeShare {
			large = append(large, b)
		}
	}
	e.MAELarge, _ = mae(large)
	e.TopTwoMissed = topTwoMissed(e.Blocs)
	byPollster := map[string][]blochistory.Row{}
	for _, r := range final {
		byPollster[r.Pollster] = append(byPollster[r.Pollster], r)
	}
	// In order of name, so that the spread is summed in the same order on
	// every run: the same rows, the same bits.
	names := slices.Sorted(maps.Keys(byPollster))
	maes := make([]float64, len(names))
	for k, name := range names {
		rs := byPollster[name]
		var bs []Bloc
		for i := range blochistory.Blocs {
			if avg, n := mean(rs, i); scored[i] && n > 0 {
				bs = append(bs, Bloc{Error: avg - result.Shares[i]})
			}
		}
		maes[k], _ = mae(bs)
		e.Pollsters = append(e.Pollsters, Pollster{Pollster: name, Polls: len(rs), MAE: maes[k]})
	}
	e.PollsterMin, e.PollsterMax, e.PollsterSD = spread(maes)
	return e
}

// mean is the mean of bloc i's shares over the rows that give one, and
// how many do.
func mean(rows []blochistory.Row, i int) (float64, int) {
	s, n := 0.0, 0
	for _, r := range rows {
		if v := r.Shares[i]; !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return s / float64(n), n
}

// mae is the mean absolute error over bs, and the index of the largest
// absolute error (NaN and -1 for none).
func mae(bs []Bloc) (float64, int) {
	if len(bs) == 0 {
		return math.NaN(), -1
	}
	s, top := 0.0, 0
	for i, b := range bs {
		s += math.Abs(b.Error)
		if math.Abs(b.Error) > math.Abs(bs[top].Error) {
			top = i
		}
	}
	return s / float64(len(bs)), top
}

// topTwoMissed reports whether the two blocs with the largest averages are
// not the two with the largest results (a tie at second place in the
// result counts as either).
func topTwoMissed(bs []Bloc) bool {
	if len(bs) < 3 {
		return false
	}
	by := func(v func(Bloc) float64) []int {
		idx := make([]int, len(bs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(v(bs[b]), v(bs[a])) })
		return idx
	}
	polls := by(func(b Bloc) float64 { return b.Average })
	res := by(func(b Bloc) float64 { return b.Result })
	second := bs[res[1]].Result
	for _, i := range polls[:2] {
		if bs[i].Result < second {
			return true
		}
	}
	return false
}

// spread is the minimum, maximum and sample standard deviation of xs.
func spread(xs []float64) (lo, hi, sd float64) {
	lo, hi, sd = math.NaN(), math.NaN(), math.NaN()
	if len(xs) == 0 {
		return
	}
	lo, hi = slices.Min(xs), slices.Max(xs)
	if len(xs) < 2 {
		return
	}
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return lo, hi, math.Sqrt(ss / float64(len(xs)-1))
}

// rank sets Rank and Ranked within each type, 1 for the largest MAE; ties
// share the better rank. It sorts each type's errors once and finds each
// election's place by binary search.
func rank(es []Election) {
	maes := map[string][]float64{}
	for _, e := range es {
		if !math.IsNaN(e.MAE) {
			maes[e.Type] = append(maes[e.Type], -e.MAE)
		}
	}
	for _, m := range maes {
		slices.Sort(m)
	}
	for i, e := range es {
		if m := maes[e.Type]; !math.IsNaN(e.MAE) {
			greater, _ := slices.BinarySearch(m, -e.MAE)
			es[i].Rank, es[i].Ranked = greater+1, len(m)
		}
	}
}

// Package rating rates pollsters over many races, as FiveThirtyEight's
// pollster ratings do: per pollster, over the polls of the selected races
// taken in the final weeks, the average error on the margin between the two
// leading finishers, the share of polls that called the winner, the misses
// outside the margin of error, the partisan bias, and the error the polls
// should have made given their sample size, their distance from the
// election and the type of race (Simple Expected Error and Simple
// Plus-Minus), with standard errors clustered by race.
//
// Its input is FiveThirtyEight's poll-question rows (sources/fivethirtyeight);
// nothing in it names a race, a pollster or a party other than through the
// rows. The formulas, their sources and how close they come to the
// published ratings are in docs/METHODS.md §14.
package rating

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"forecast/scoring"
	"forecast/sources/fivethirtyeight"
)

// DefaultFinalDays is FiveThirtyEight's window: polls whose median field
// date is at most 21 days before the election.
const DefaultFinalDays = 21

// Options select the polls to rate and order the rows.
type Options struct {
	Types     []string  // race types (type_simple: Pres-G, Sen-G, Gov-G, House-G, Pres-P); empty: all
	Locations []string  // locations ("US", "PA", "ID-1"); empty: all
	Since     time.Time // earliest election date kept; zero: no bound
	Until     time.Time // latest election date kept; zero: no bound
	FinalDays int       // polls at most this many days before the election; 0: no bound
	Sort      string    // one of SortKeys; empty: simple_plus_minus
}

// Row is one pollster's rating. Undefined values are NaN.
type Row struct {
	Pollster   string // the name of its latest rated poll
	PollsterID string
	Polls      int // poll questions rated
	Races      int // distinct races among them
	// SimpleAverageError is the mean absolute error on the margin between
	// the two finishers, in points.
	SimpleAverageError float64
	// RacesCalledCorrectly is the mean of the polls' rightcall (1 right, 0.5
	// tied lead, 0 wrong): per poll, as 538 computes it.
	RacesCalledCorrectly float64
	// MissesOutsideMOE is the share of polls whose error on the margin
	// exceeds the poll's 95 % margin of error on the margin.
	MissesOutsideMOE float64
	// Bias is the mean signed error on the Democrat's margin over the
	// Republican, over the BiasPolls polls of races whose two finishers are
	// a Democrat and a Republican (positive: the polls favoured the Democrat).
	Bias      float64
	BiasPolls int
	// SimpleExpectedError is the mean of the polls' expected errors under
	// the fitted Model; SimplePlusMinus is SimpleAverageError minus it
	// (negative: better than expected).
	SimpleExpectedError float64
	SimplePlusMinus     float64
	// Standard errors of the means, clustered by race (polls of one race
	// share its surprises), and the 95 % interval of the plus-minus.
	SimpleAverageErrorSE float64
	BiasSE               float64
	SimplePlusMinusSE    float64
	PlusMinusLow         float64
	PlusMinusHigh        float64
}

// Excluded is a poll the selection left out, with why.
type Excluded struct {
	Line       int
	PollsterID string
	Reason     string
}

// Model is the expected-error regression fitted on the selected polls:
// error = Σ_t β_t·[type = t] + γ·days + δ·100/√n (docs/METHODS.md §14).
type Model struct {
	Terms []string  // "type Pres-G", …, "days", "100/sqrt(n)"
	Coef  []float64 // one per term
	Polls int
	RMSE  float64 // root mean square residual, in points
	// Note says why the model could not be fitted (then Coef is empty and
	// the expected errors are NaN).
	Note string
}

// Rating is the result of Rate.
type Rating struct {
	File, Vintage string
	Options       Options
	Rows          []Row
	Excluded      []Excluded
	Model         Model
}

// z95 is the two-sided 95 % normal quantile, the one of polls' margins of error.
const z95 = 1.959963984540054

// SortKeys are the columns rows can be ordered by, with their direction:
// errors and misses ascending, counts and calls descending, bias by its
// absolute value (nearest zero first), pollster by name.
var SortKeys = []string{"simple_plus_minus", "simple_average_error", "simple_expected_error", "misses_outside_moe",
	"races_called_correctly", "polls", "races", "bias", "pollster"}

// Rate rates every pollster over the polls that o selects. The polls left
// out are listed with their reason; a selection that keeps no poll is an
// error saying so.
func Rate(ps *fivethirtyeight.Polls, o Options) (*Rating, error) {
	return rateBy(ps, o, func(p *fivethirtyeight.Poll) string { return p.PollsterID }, false)
}

// RateBy rates groups of polls rather than pollsters: the polls that o
// selects, grouped by key (the race type, the year, a span of days before
// the election, national against state polls…), each group's row computed
// as a pollster's is, against the same expected-error model fitted on every
// selected poll. Each row's Pollster and PollsterID are its group's key
// (Sort "pollster" orders the groups by it).
func RateBy(ps *fivethirtyeight.Polls, o Options, key func(*fivethirtyeight.Poll) string) (*Rating, error) {
	return rateBy(ps, o, key, true)
}

// rateBy groups the selected polls by key and rates each group; named says
// that the rows are named by their key rather than by their latest poll's
// pollster.
func rateBy(ps *fivethirtyeight.Polls, o Options, key func(*fivethirtyeight.Poll) string, named bool) (*Rating, error) {
	if o.Sort == "" {
		o.Sort = "simple_plus_minus"
	}
	if !slices.Contains(SortKeys, o.Sort) {
		return nil, fmt.Errorf("sort key %q: choose one of %s", o.Sort, strings.Join(SortKeys, ", "))
	}
	r := &Rating{File: ps.File, Vintage: ps.Vintage, Options: o}
	kept := make([]*fivethirtyeight.Poll, 0, len(ps.Polls))
	for i := range ps.Polls {
		p := &ps.Polls[i]
		if why := o.leaveOut(p); why != "" {
			r.Excluded = append(r.Excluded, Excluded{Line: p.Line, PollsterID: p.PollsterID, Reason: why})
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("the selection keeps none of the %d polls of %s", len(ps.Polls), ps.File)
	}
	r.Model = fitModel(kept)
	groups := map[string][]*fivethirtyeight.Poll{}
	var ids []string
	for _, p := range kept {
		k := key(p)
		if _, ok := groups[k]; !ok {
			ids = append(ids, k)
		}
		groups[k] = append(groups[k], p)
	}
	r.Rows = make([]Row, 0, len(ids))
	for _, id := range ids {
		row := rate(id, groups[id], &r.Model)
		if named {
			row.Pollster = id
		}
		r.Rows = append(r.Rows, row)
	}
	slices.SortStableFunc(r.Rows, compare(o.Sort))
	return r, nil
}

// leaveOut says why o leaves p out, or "".
func (o Options) leaveOut(p *fivethirtyeight.Poll) string {
	switch {
	case len(o.Types) > 0 && !slices.Contains(o.Types, p.Type):
		return "race type " + p.Type + " not selected"
	case len(o.Locations) > 0 && !slices.Contains(o.Locations, p.Location):
		return "location " + p.Location + " not selected"
	case !o.Since.IsZero() && p.Election.Before(o.Since):
		return "election before --since"
	case !o.Until.IsZero() && p.Election.After(o.Until):
		return "election after --until"
	case o.FinalDays > 0 && p.DaysBefore() > o.FinalDays:
		return fmt.Sprintf("more than %d days before the election", o.FinalDays)
	}
	return ""
}

// MOE is the poll's 95 % margin of error on the margin between the two
// finishers, in points: z·√((p₁ + p₂ − (p₁ − p₂)²)/n) with the poll's shares
// as proportions, the standard error of a difference of two multinomial
// proportions (Franklin 2007, "The 'Margin of Error' for Differences in
// Polls"). With it, 509 of the 517 pollsters of 538's 2023 table have
// exactly their published share of misses outside the MOE.
func MOE(p *fivethirtyeight.Poll) float64 {
	a, b := p.Cand1.Poll/100, p.Cand2.Poll/100
	return 100 * z95 * math.Sqrt((a+b-(a-b)*(a-b))/p.SampleSize)
}

// features are the regressors of the expected-error model for p; types are
// the race types of the model, in order.
func features(p *fivethirtyeight.Poll, types []string, x []float64) {
	for i, t := range types {
		x[i] = 0
		if p.Type == t {
			x[i] = 1
		}
	}
	x[len(types)] = float64(p.DaysBefore())
	x[len(types)+1] = 100 / math.Sqrt(p.SampleSize)
}

// fitModel fits the expected-error regression by least squares through its
// normal equations (k×k, k = types + 2), in one pass over the polls.
func fitModel(polls []*fivethirtyeight.Poll) Model {
	var types []string
	for _, p := range polls {
		if !slices.Contains(types, p.Type) {
			types = append(types, p.Type)
		}
	}
	slices.Sort(types)
	k := len(types) + 2
	m := Model{Polls: len(polls)}
	for _, t := range types {
		m.Terms = append(m.Terms, "type "+t)
	}
	m.Terms = append(m.Terms, "days", "100/sqrt(n)")
	xtx := mat.NewSymDense(k, nil)
	xty := mat.NewVecDense(k, nil)
	x := make([]float64, k)
	for _, p := range polls {
		features(p, types, x)
		e := p.Error()
		for i := range k {
			xty.SetVec(i, xty.AtVec(i)+x[i]*e)
			for j := i; j < k; j++ {
				xtx.SetSym(i, j, xtx.At(i, j)+x[i]*x[j])
			}
		}
	}
	var ch mat.Cholesky
	if len(polls) <= k || !ch.Factorize(xtx) {
		m.Note = fmt.Sprintf("the expected-error model cannot be fitted on these %d polls (too few, or sample sizes and days that do not vary)", len(polls))
		return m
	}
	var beta mat.VecDense
	if err := ch.SolveVecTo(&beta, xty); err != nil {
		m.Note = "the expected-error model cannot be fitted: " + err.Error()
		return m
	}
	m.Coef = make([]float64, k)
	for i := range k {
		m.Coef[i] = beta.AtVec(i)
	}
	var ss float64
	for _, p := range polls {
		d := p.Error() - m.expected(p, types, x)
		ss += d * d
	}
	m.RMSE = math.Sqrt(ss / float64(len(polls)))
	return m
}

// expected is the model's expected error for p; x is scratch space.
func (m *Model) expected(p *fivethirtyeight.Poll, types []string, x []float64) float64 {
	if len(m.Coef) == 0 {
		return math.NaN()
	}
	features(p, types, x)
	var v float64
	for i, c := range m.Coef {
		v += c * x[i]
	}
	return v
}

// types are the race types of the model's terms.
func (m *Model) types() []string {
	var t []string
	for _, term := range m.Terms {
		if s, ok := strings.CutPrefix(term, "type "); ok {
			t = append(t, s)
		}
	}
	return t
}

// rate computes one pollster's row from its polls.
func rate(id string, polls []*fivethirtyeight.Poll, m *Model) Row {
	n := float64(len(polls))
	row := Row{PollsterID: id, Polls: len(polls)}
	latest := polls[0]
	races := map[string]bool{}
	types, x := m.types(), make([]float64, len(m.Terms))
	errs, biases, plus := make([]float64, len(polls)), make([]float64, len(polls)), make([]float64, len(polls))
	var sumErr, sumCall, misses, sumBias, sumExp float64
	for i, p := range polls {
		if p.PollDate.After(latest.PollDate) {
			latest = p
		}
		races[p.RaceKey()] = true
		e := p.Error()
		errs[i] = e
		sumErr += e
		sumCall += p.RightCall
		if e > MOE(p) {
			misses++
		}
		biases[i] = p.DemBias()
		if !math.IsNaN(biases[i]) {
			sumBias += biases[i]
			row.BiasPolls++
		}
		exp := m.expected(p, types, x)
		sumExp += exp
		plus[i] = e - exp
	}
	row.Pollster, row.Races = latest.Pollster, len(races)
	row.SimpleAverageError = sumErr / n
	row.RacesCalledCorrectly = sumCall / n
	row.MissesOutsideMOE = misses / n
	row.Bias = math.NaN()
	if row.BiasPolls > 0 {
		row.Bias = sumBias / float64(row.BiasPolls)
	}
	row.SimpleExpectedError = sumExp / n
	row.SimplePlusMinus = row.SimpleAverageError - row.SimpleExpectedError
	row.SimpleAverageErrorSE = ClusterSE(polls, errs)
	row.BiasSE = ClusterSE(polls, biases)
	row.SimplePlusMinusSE = ClusterSE(polls, plus)
	row.PlusMinusLow = row.SimplePlusMinus - z95*row.SimplePlusMinusSE
	row.PlusMinusHigh = row.SimplePlusMinus + z95*row.SimplePlusMinusSE
	return row
}

// ClusterSE is the standard error of the mean of v (one value per poll; NaN
// values are left out) clustered by race, CR1 (scoring.ClusterSE; Cameron &
// Miller 2015, J. Human Resources 50(2), §II.C). NaN with fewer than two
// races.
func ClusterSE(polls []*fivethirtyeight.Poll, v []float64) float64 {
	races := make([]string, len(polls))
	for i, p := range polls {
		races[i] = p.RaceKey()
	}
	se, _ := scoring.ClusterSE(races, v)
	return se
}

// compare orders rows by key: errors ascending, counts and calls descending,
// then by polls (more first) and pollster id, so that the order is total.
func compare(key string) func(a, b Row) int {
	value := func(r *Row) float64 {
		switch key {
		case "simple_average_error":
			return r.SimpleAverageError
		case "simple_expected_error":
			return r.SimpleExpectedError
		case "misses_outside_moe":
			return r.MissesOutsideMOE
		case "races_called_correctly":
			return -r.RacesCalledCorrectly
		case "polls":
			return -float64(r.Polls)
		case "races":
			return -float64(r.Races)
		case "bias":
			return math.Abs(r.Bias)
		}
		return r.SimplePlusMinus
	}
	return func(a, b Row) int {
		if key == "pollster" {
			if c := strings.Compare(a.Pollster, b.Pollster); c != 0 {
				return c
			}
		} else if c := cmpNaNLast(value(&a), value(&b)); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(b.Polls, a.Polls), strings.Compare(a.PollsterID, b.PollsterID))
	}
}

// cmpNaNLast compares with NaN (an undefined value) after every number.
func cmpNaNLast(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(a, b)
}

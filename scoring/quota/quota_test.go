package quota

import (
	"errors"
	"fmt"
	"forecast/sources/sourcestest"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forecast/data"
	"forecast/scoring"
	"forecast/sources"
)

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol || (math.IsNaN(got) && math.IsNaN(want))
}

func TestMarginsByHand(t *testing.T) {
	if got, want := MOE95(0.5, 1000), 1.96*math.Sqrt(0.25/1000); got != want || !near(got, 0.030990321069650, 1e-15) {
		t.Errorf("MOE95(0.5, 1000) = %v", got)
	}
	// SE(p1 − p2) = √((0.3 + 0.2 − 0.1²)/1000) = √0.00049
	if got := LeadSE(0.3, 0.2, 1000); !near(got, math.Sqrt(0.00049), 1e-16) {
		t.Errorf("LeadSE = %v", got)
	}
	if !math.IsNaN(MOE95(0.5, 0)) || !math.IsNaN(LeadSE(0.3, 0.2, math.NaN())) {
		t.Error("no sample size: want NaN")
	}
	// Errors 1, −1, 3 with margins 2: two of three covered; RMSE √(11/3)
	// against an expected 1. The pair with a NaN margin is left out.
	a := ErrorRatio([]float64{1, -1, 3, 5}, []float64{2, 2, 2, math.NaN()}, []float64{1, 1, 1, 1})
	if a.Pairs != 3 || a.Covered != 2 || !near(a.Coverage, 2.0/3, 1e-15) || !near(a.Ratio, math.Sqrt(11.0/3), 1e-15) || a.Expected != 1 {
		t.Errorf("ErrorRatio = %+v", a)
	}
	if a := ErrorRatio(nil, nil, nil); a.Pairs != 0 || !math.IsNaN(a.Ratio) {
		t.Errorf("no pairs: %+v", a)
	}
}

func TestDispersionByHand(t *testing.T) {
	// Three polls of 1,000 at 50, 52 and 48 %: p̄ = 0.5,
	// X² = (0 + 0.02² + 0.02²)·1000/0.25 = 3.2 on 2 df, whose CDF is
	// 1 − exp(−x/2).
	d := DispersionTest([]float64{0.5, 0.52, 0.48}, []float64{1000, 1000, 1000}, 0.01)
	r2 := 0.01 * 0.01 / 12
	x2r := 0.0008 / (0.25/1000 + r2)
	for name, c := range map[string][2]float64{
		"mean": {d.Mean, 0.5}, "x2": {d.X2, 3.2}, "p_lower": {d.PLower, 1 - math.Exp(-1.6)}, "p_upper": {d.PUpper, math.Exp(-1.6)},
		"sd_observed": {d.SDObserved, 0.02}, "sd_expected": {d.SDExpected, math.Sqrt(0.25 / 1000)},
		"sd_rounding": {d.SDRounding, 0.01 / math.Sqrt(12)}, "x2_rounded": {d.X2Rounded, x2r}, "p_lower_rounded": {d.PLowerRounded, 1 - math.Exp(-x2r/2)},
	} {
		if !near(c[0], c[1], 1e-12) {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
	if d.DF != 2 || d.Polls != 3 {
		t.Errorf("df %d, polls %d", d.DF, d.Polls)
	}
	if d := DispersionTest([]float64{0.5}, []float64{1000}, 0); !math.IsNaN(d.X2) || !math.IsNaN(d.PLower) {
		t.Errorf("one poll: %+v", d)
	}
	if d := DispersionTest([]float64{0, 0}, []float64{1000, 900}, 0.01); d.Mean != 0 || !math.IsNaN(d.X2) || !math.IsNaN(d.X2Rounded) {
		t.Errorf("every share 0, no sampling variance: %+v", d)
	}
}

func TestRoundingGrid(t *testing.T) {
	for _, c := range []struct {
		values []float64
		want   float64
	}{{[]float64{22, 23.5}, 0.5}, {[]float64{22, 23}, 1}, {[]float64{22.1, 19}, 0.1}, {[]float64{22.13}, 0.01}, {[]float64{22.137}, 0}} {
		if got := RoundingGrid(c.values); got != c.want {
			t.Errorf("RoundingGrid(%v) = %v, want %v", c.values, got, c.want)
		}
	}
}

func TestHouseEffectsByHand(t *testing.T) {
	// Pollster means a = 2, b = 1, c = −2; their mean 1/3. Residual sum of
	// squares (1 + 1) + (1 + 0 + 1) + 0 = 4 on N − J = 3 df.
	e := HouseEffects([]string{"a", "a", "b", "b", "b", "c"}, []float64{1, 3, 0, 1, 2, -2})
	mse, inv := 4.0/3, 1.0/2+1.0/3+1
	se := func(m float64) float64 { return math.Sqrt(mse * ((1-2.0/3)/m + inv/9)) }
	want := []Effect{{"a", 2, 5.0 / 3, se(2)}, {"b", 3, 2.0 / 3, se(3)}, {"c", 1, -7.0 / 3, se(1)}}
	var sum float64
	for i, w := range want {
		g := e[i]
		sum += g.Effect
		if g.Source != w.Source || g.Polls != w.Polls || !near(g.Effect, w.Effect, 1e-15) || !near(g.SE, w.SE, 1e-15) {
			t.Errorf("effect %d = %+v, want %+v", i, g, w)
		}
	}
	if !near(sum, 0, 1e-15) || !near(e[0].SE, math.Sqrt(80.0/162), 1e-15) {
		t.Errorf("sum %v, SE(a) %v", sum, e[0].SE)
	}
	if e := HouseEffects([]string{"a", "b"}, []float64{1, 2}); !math.IsNaN(e[0].SE) {
		t.Errorf("one poll per pollster: no residual variance, SE = %v", e[0].SE)
	}
}

func obs(shares, ns, times []float64) []Obs {
	var o []Obs
	for i := range shares {
		o = append(o, Obs{Snapshot: "p" + strconv.Itoa(i), Source: "s", Time: times[i], End: times[i], N: ns[i], Share: shares[i]})
	}
	return o
}

func TestModelWithoutDriftIsTheWeightedMean(t *testing.T) {
	// With no drift, no extra variance and κ = 1, the consensus is the same
	// at every time: the n-weighted mean, with SE √(p̄(1−p̄)/Σn).
	m, err := NewModel(obs([]float64{0.20, 0.25, 0.22}, []float64{1000, 500, 2000}, []float64{3, 1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	m.Params = Params{Sampling: 1}
	mean := (0.20*1000 + 0.25*500 + 0.22*2000) / 3500
	se := math.Sqrt(mean * (1 - mean) / 3500)
	atObs, atDays := m.Smooth([]float64{0.5, 1.5, 10})
	for _, e := range append(atObs, atDays[1:]...) {
		if !near(e.Level, mean, 1e-14) || !near(e.SE, se, 1e-14) {
			t.Errorf("at %v: %v ± %v, want %v ± %v", e.Time, e.Level, e.SE, mean, se)
		}
	}
	if !math.IsNaN(atDays[0].Level) {
		t.Errorf("before the first poll: %v, want NaN", atDays[0])
	}
	if m.Obs[0].Time != 1 || m.Base != mean {
		t.Errorf("observations are sorted by time and p̄ is the weighted mean: %+v", m)
	}
}

func TestLogLikelihoodByHand(t *testing.T) {
	// Two polls a day apart: the first sets the level, the second's
	// innovation is 0.05 with variance F = r + τ² + r (diffuse likelihood).
	m, _ := NewModel(obs([]float64{0.20, 0.25}, []float64{1000, 1000}, []float64{0, 1}))
	q := 1e-5
	r := 0.225 * 0.775 / 1000
	f := r + q + r
	want := -0.5 * (math.Log(2*math.Pi) + math.Log(f) + 0.05*0.05/f)
	if got := m.LogLikelihood(Params{Drift: q, Sampling: 1}); !near(got, want, 1e-12) {
		t.Errorf("log-likelihood %v, want %v", got, want)
	}
	// The concentrated likelihood is the full one at κ̂.
	ll, kappa := m.concentrated(q/2, 1e-6)
	if full := m.LogLikelihood(Params{Drift: kappa * q / 2, Sampling: kappa, Extra: kappa * 1e-6}); !near(ll, full, 1e-12) {
		t.Errorf("concentrated %v, full %v", ll, full)
	}
}

func TestEstimateRecoversSimulatedVariances(t *testing.T) {
	// 300 polls of 1,000 on 100 days around a random walk with τ = 0.4
	// point per √day, κ = 0.5 and η = 0.5 point.
	rng := rand.New(rand.NewPCG(1, 2))
	level, day := 0.25, 0.0
	var o []Obs
	for i := range 300 {
		if i%3 == 0 {
			day++
			level += 0.004 * rng.NormFloat64()
		}
		sd := math.Sqrt(0.5*0.25*0.75/1000 + 0.005*0.005)
		o = append(o, Obs{Snapshot: strconv.Itoa(i), Time: day, End: day, N: 1000, Share: level + sd*rng.NormFloat64()})
	}
	m, _ := NewModel(o)
	ll, err := m.Estimate()
	if err != nil {
		t.Fatal(err)
	}
	tau, eta := math.Sqrt(m.Params.Drift), math.Sqrt(m.Params.Extra)
	if tau < 0.002 || tau > 0.008 || m.Params.Sampling < 0.1 || m.Params.Sampling > 2 || eta > 0.008 {
		t.Errorf("estimates τ = %v, κ = %v, η = %v far from 0.004, 0.5, 0.005", tau, m.Params.Sampling, eta)
	}
	if got := m.LogLikelihood(m.Params); !near(got, ll, 1e-9) {
		t.Errorf("maximised log-likelihood %v, at the estimates %v", ll, got)
	}
	// A maximum: moving any variance lowers the likelihood.
	for _, p := range []Params{
		{m.Params.Drift * 1.1, m.Params.Sampling, m.Params.Extra}, {m.Params.Drift / 1.1, m.Params.Sampling, m.Params.Extra},
		{m.Params.Drift, m.Params.Sampling * 1.1, m.Params.Extra}, {m.Params.Drift, m.Params.Sampling / 1.1, m.Params.Extra},
		{m.Params.Drift, m.Params.Sampling, m.Params.Extra * 1.1}, {m.Params.Drift, m.Params.Sampling, m.Params.Extra / 1.1},
	} {
		if m.LogLikelihood(p) > ll {
			t.Errorf("log-likelihood at %+v is above the maximum", p)
		}
	}
	if _, err := (&Model{Obs: o[:MinObs-1]}).Estimate(); err == nil {
		t.Error("too few polls: want an error")
	}
}

func TestIdenticalPollsKeepAFiniteAverage(t *testing.T) {
	// Every poll at 1 %: the likelihood would be unbounded as κ → 0.
	m, _ := NewModel(obs([]float64{0.01, 0.01, 0.01, 0.01, 0.01, 0.01}, []float64{1000, 900, 800, 1000, 1000, 700}, []float64{1, 2, 3, 4, 5, 6}))
	ll, err := m.Estimate()
	if err != nil || math.IsInf(ll, 0) || m.Params.Sampling != minSampling {
		t.Fatalf("log-likelihood %v, %+v, %v", ll, m.Params, err)
	}
	atObs, _ := m.Smooth(nil)
	for _, e := range atObs {
		if !near(e.Level, 0.01, 1e-15) || !(e.SE > 0) {
			t.Errorf("%+v", e)
		}
	}
}

func TestNewModelRefusesBadPolls(t *testing.T) {
	for _, c := range []struct {
		o    Obs
		want string
	}{
		{Obs{Snapshot: "p9", N: 0, Share: 0.2}, "poll p9: sample size 0"},
		{Obs{Snapshot: "p9", N: -5, Share: 0.2}, "poll p9: sample size -5"},
		{Obs{Snapshot: "p9", N: 100, Share: 1.2}, "poll p9: share 1.2"},
		{Obs{Snapshot: "p9", N: 100, Share: 0.2, Time: math.NaN()}, "poll p9: fieldwork dates"},
	} {
		if _, err := NewModel([]Obs{c.o}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.o, err, c.want)
		}
	}
	if _, err := NewModel(obs([]float64{0, 0}, []float64{100, 100}, []float64{0, 1})); err == nil {
		t.Error("every share 0: want an error")
	}
}

func TestPriorUsesOnlyEarlierPolls(t *testing.T) {
	m, _ := NewModel(obs([]float64{0.20, 0.30, 0.25}, []float64{1000, 1000, 1000}, []float64{1, 2, 2}))
	m.Params = Params{Sampling: 1}
	priors, ok := m.Priors()
	if ok[0] {
		t.Error("the first poll has no prior")
	}
	// Polls 1 and 2 ended on the same day: each sees only poll 0.
	for _, i := range []int{1, 2} {
		if e := priors[i]; !ok[i] || !near(e.Level, 0.20, 1e-15) {
			t.Errorf("prior of poll %d = %+v", i, e)
		}
	}
}

// filteredAt is the definition the running filters must reproduce: the
// filter run from scratch over the polls m.Obs[i] for which keep(i), its
// last level predicted to t.
func filteredAt(m *Model, p Params, keep func(i int) bool, t float64) (Point, bool) {
	var sub []Obs
	for i, o := range m.Obs {
		if keep(i) {
			sub = append(sub, o)
		}
	}
	if len(sub) == 0 {
		return Point{}, false
	}
	steps, _ := m.filter(sub, nil, p)
	last := steps[len(steps)-1]
	return Point{Time: t, Level: last.a, SE: math.Sqrt(last.p + p.Drift*max(t-last.t, 0))}, true
}

// Priors, one running filter, equal the filter rerun for every poll over
// the polls ended before it, on every candidate of both 2017 rounds.
func TestPriorsMatchRefiltering(t *testing.T) {
	d := load(t)
	for _, round := range []int{1, 2} {
		c, err := NewCampaign(d, Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, cand := range c.Candidates {
			f, err := c.Fit(cand)
			if err != nil {
				continue
			}
			priors, ok := f.Priors()
			for i, o := range f.Obs {
				want, wok := filteredAt(f.Model, f.Params, func(j int) bool { return f.Obs[j].End < o.End }, o.Time)
				if ok[i] != wok || wok && (priors[i].Level != want.Level || priors[i].SE != want.SE) {
					t.Errorf("round %d, %s, poll %s: prior %+v (%v), refiltered %+v (%v)", round, cand, o.Snapshot, priors[i], ok[i], want, wok)
				}
			}
		}
	}
}

// The real-time average of a day uses the polls ended by then and variances
// estimated from at least 1/RefitGrowth of them, never from a later poll: on
// the days the variances are re-estimated it is the model of the polls ended
// by then, Estimate's; on the last day, the model of every poll; and a
// change to a later poll changes no earlier day.
func TestRealtimeIsRealTime(t *testing.T) {
	d := load(t)
	c, err := NewCampaign(d, Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, cand := range c.Candidates {
		m, err := NewModel(c.Obs(cand))
		if err != nil {
			t.Fatal(err)
		}
		first, last := math.Ceil(m.Obs[0].Time), m.Obs[0].End
		for _, o := range m.Obs {
			last = max(last, o.End)
		}
		var days []float64
		for day := first; day <= last; day++ {
			days = append(days, day)
		}
		rt := m.Realtime(days)
		fitted, refits := 0, 0
		for k, day := range days {
			ended := func(i int) bool { return m.Obs[i].End <= day }
			n := 0
			for i := range m.Obs {
				if ended(i) {
					n++
				}
			}
			if rt[k].Polls != n || rt[k].OK != (n >= MinObs) {
				t.Fatalf("%s, %s: %d polls, ok %v; want %d", cand, DayString(day), rt[k].Polls, rt[k].OK, n)
			}
			if n < MinObs || n == fitted {
				continue
			}
			if fitted == 0 || float64(n) >= RefitGrowth*float64(fitted) || n == len(m.Obs) {
				var sub []Obs
				for i, o := range m.Obs {
					if ended(i) {
						sub = append(sub, o)
					}
				}
				sm, _ := NewModel(sub)
				if _, err := sm.Estimate(); err != nil {
					t.Fatal(err)
				}
				want, _ := filteredAt(sm, sm.Params, func(int) bool { return true }, day)
				if rt[k].Level != want.Level || rt[k].SE != want.SE {
					t.Errorf("%s, %s (%d polls, re-estimated): %+v, want %+v", cand, DayString(day), n, rt[k].Point, want)
				}
				fitted = n
				refits++
			}
		}
		if fitted != len(m.Obs) || refits < 5 {
			t.Errorf("%s: last estimate on %d of %d polls, %d estimates", cand, fitted, len(m.Obs), refits)
		}
		// A poll ending on the last day moved by 10 points changes no day before.
		late := slices.Clone(m.Obs)
		for i := range late {
			if late[i].End == last {
				late[i].Share = min(late[i].Share+0.1, 1)
			}
		}
		lm, _ := NewModel(late)
		for k, e := range lm.Realtime(days) {
			if days[k] < last && (e.Level != rt[k].Level || e.SE != rt[k].SE) && e.OK {
				t.Errorf("%s, %s: a poll ended on %s changed the average from %+v to %+v", cand, DayString(days[k]), DayString(last), rt[k].Point, e.Point)
			}
		}
	}
}

func load(t testing.TB) *sources.Dataset {
	t.Helper()
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// goValues lays out a diagnosis as the long table of testdata/independent.py:
// table, key1, key2, name → value.
func goValues(dg *Diagnosis) map[[4]string]float64 {
	v := map[[4]string]float64{}
	put := func(table, k1, k2 string, kv ...any) {
		for i := 0; i < len(kv); i += 2 {
			x := kv[i+1]
			switch n := x.(type) {
			case int:
				x = float64(n)
			}
			v[[4]string{table, k1, k2, kv[i].(string)}] = x.(float64)
		}
	}
	for _, h := range dg.Herding {
		put("herding", h.Candidate, "", "polls", h.Polls, "mean", h.Mean, "sd_observed", h.SDObserved, "sd_expected", h.SDExpected,
			"x2", h.X2, "df", h.DF, "p_lower", h.PLower, "p_upper", h.PUpper, "rounding", h.Grid, "x2_rounded", h.X2Rounded,
			"p_lower_rounded", h.PLowerRounded)
	}
	for _, a := range dg.Accuracy {
		put("coverage", a.Window, a.Quantity, "polls", a.Polls, "pairs", a.Pairs, "covered", a.Covered, "coverage", a.Coverage,
			"rmse_observed", a.Observed, "rmse_expected", a.Expected, "error_ratio", a.Ratio)
	}
	for _, h := range dg.HouseFinal {
		put("house_result", h.Source, h.Candidate, "house_effect", h.Effect, "se", h.SE)
	}
	for _, f := range dg.FitRows {
		put("fit", f.Candidate, "", "polls", f.Polls, "drift_sd", f.DriftSD, "sampling", f.Sampling, "extra_sd", f.ExtraSD, "loglik", f.LogLik)
	}
	for _, p := range dg.Average {
		put("average_last", p.Candidate, "", "average", p.Level, "se", p.SE, "realtime", p.Realtime)
	}
	for _, h := range dg.House {
		put("house", h.Source, h.Candidate, "polls", h.Polls, "house_effect", h.Effect, "se", h.SE)
	}
	for _, p := range dg.Profile {
		put("profile", p.Candidate, p.Band, "polls", p.Polls, "rms_deviation", p.RMSDeviation, "rms_allowed", p.RMSAllowed, "ratio", p.Ratio)
	}
	for _, g := range dg.Groups {
		k := g.Factor + "|" + g.Level
		put("groups", k, g.Candidate, "polls", g.Polls, "rmse_error", g.RMSEError, "rmse_expected", g.RMSEExpected, "error_ratio", g.ErrorRatio)
		if g.Candidate != All {
			put("groups", k, g.Candidate, "mean_deviation", g.MeanDeviation, "se", g.SE)
		}
	}
	return v
}

// tolerance is how close the Go value must be to the independent one: exact
// formulas to 1e-9; what rests on the estimated variances (found by two
// different searches, which stop within about 1e-7 of each other in the
// variances) to 1e-5 point; the variances themselves to 1e-4 relative.
func tolerance(table, name string, want float64) float64 {
	switch {
	case table == "fit" && name == "loglik":
		return 1e-7
	case table == "fit" && name == "extra_sd" && want < 0.01:
		return 1e-4 // at the lower end of its range in both searches
	case table == "fit" && name != "polls":
		return 1e-4 * math.Abs(want)
	case table == "average_last" || table == "house" || table == "profile" || table == "groups":
		return 1e-5
	}
	return 1e-9 * max(1, math.Abs(want))
}

// TestDiagnoseMatchesIndependentComputation compares Diagnose on the embedded
// election with testdata/independent.py (standard-library Python written from
// docs/METHODS.md separately from this package): herding, coverage and error
// ratios, house effects (relative and anchored on the result), the poll
// average's model and last day, the deviation profile and the group errors.
func TestDiagnoseMatchesIndependentComputation(t *testing.T) {
	d := load(t)
	for _, round := range []int{1, 2} {
		recs := sourcestest.ReadCSV(t, "testdata/independent_r"+strconv.Itoa(round)+".csv")
		dg, err := Diagnose(d, Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}})
		if err != nil {
			t.Fatal(err)
		}
		got := goValues(dg)
		tables := map[string]int{}
		for _, r := range recs[1:] {
			want, _ := strconv.ParseFloat(r[4], 64)
			k := [4]string{r[0], r[1], r[2], r[3]}
			g, ok := got[k]
			if !ok {
				t.Errorf("round %d: no Go value for %v", round, k)
				continue
			}
			if !near(g, want, tolerance(r[0], r[3], want)) {
				t.Errorf("round %d: %v = %v, independent computation %v", round, k, g, want)
			}
			tables[r[0]]++
		}
		if len(tables) != 8 {
			t.Errorf("round %d: compared %v", round, tables)
		}
	}
}

func TestCampaignRefusesAPollWithNoUsableFigure(t *testing.T) {
	d := load(t)
	var bad sources.Figure
	for _, f := range d.Figures {
		if f.Family == sources.Poll && f.Round == 2 {
			bad = f
			break
		}
	}
	// A run-off poll that gives only a candidate who was not in the run-off.
	bad.Snapshot, bad.Line = "no_usable_figure", 9999
	for _, c := range d.Election.Candidates {
		if !slices.Contains(d.Election.Rounds[1].Headline, c.ID) {
			bad.Candidate = c.ID
			break
		}
	}
	d.Figures = append(d.Figures, bad)
	_, err := Diagnose(d, Options{Round: 2, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}})
	var de *sources.DataError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "forecasts.csv:9999: poll no_usable_figure reports no candidate") {
		t.Errorf("error %v, want a data error naming the poll", err)
	}
}

func TestAverageFiguresAreForecastsOfTheirDay(t *testing.T) {
	d := load(t)
	figs, err := AverageFigures(d, 1, "all")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := NewCampaign(d, Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}})
	last := map[string]sources.Figure{}
	for _, f := range figs {
		if f.Family != sources.Model || f.Source != AverageSource || f.Measure != sources.VoteShare || !f.Forecast || !math.IsNaN(f.NExpressed) {
			t.Fatalf("synthetic figure %+v", f)
		}
		last[f.Candidate] = f
	}
	// The last day's average is the Kalman filter of every poll, with the
	// variances of the whole campaign (estimated again, from the polls in
	// another order: equal to the search's precision).
	for cand, f := range last {
		fit, err := c.Fit(cand)
		if err != nil {
			t.Fatal(err)
		}
		_, days := fit.Smooth([]float64{c.Polls[len(c.Polls)-1].End})
		if !near(f.Value, 100*days[0].Level, 1e-6) || f.Published != DayString(c.Polls[len(c.Polls)-1].End) {
			t.Errorf("%s: %v published %s, want the smoothed level %v on the last day", cand, f.Value, f.Published, 100*days[0].Level)
		}
	}
	// Scored like any forecast, it is the final snapshot of its series.
	d.Figures = append(d.Figures, figs...)
	lb, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "model"})
	if err != nil || len(lb.Rows) != 1 || lb.Rows[0].Source != AverageSource || math.IsNaN(lb.Rows[0].MAE) {
		t.Errorf("scored poll average: %v %+v", err, lb)
	}
}

// AverageFigures for --at final is the last day of the series, and for a day
// the series up to that day: the snapshots scoring reads are those of "all".
func TestAverageFiguresAt(t *testing.T) {
	d := load(t)
	all, err := AverageFigures(d, 1, "all")
	if err != nil {
		t.Fatal(err)
	}
	lastDay := all[len(all)-1].Published
	for _, at := range []string{"final", "2017-03-31", "2017-01-01"} {
		got, err := AverageFigures(d, 1, at)
		if err != nil {
			t.Fatal(err)
		}
		var want []sources.Figure
		for _, f := range all {
			if at == "final" && f.Published == lastDay || at != "final" && f.Published <= at {
				want = append(want, f)
			}
		}
		if len(got) != len(want) || (at != "2017-01-01") != (len(got) > 0) {
			t.Fatalf("at %s: %d figures, want %d", at, len(got), len(want))
		}
		for i := range got {
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) { // NaN sample sizes: compare as text
				t.Errorf("at %s: %+v, want %+v", at, got[i], want[i])
			}
		}
	}
}

// BenchmarkPollAverage fits the poll average of every candidate of the
// embedded election's first round: the maximum-likelihood search and the
// smoother over the campaign's days (the work of 'forecast diagnose polls'
// without the day-by-day real-time refits).
func BenchmarkPollAverage(b *testing.B) {
	c, err := NewCampaign(load(b), Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}})
	if err != nil {
		b.Fatal(err)
	}
	var days []float64
	for d := c.Polls[0].End; d <= c.Polls[len(c.Polls)-1].End; d++ {
		days = append(days, d)
	}
	for b.Loop() {
		for _, cand := range c.Candidates {
			f, err := c.Fit(cand)
			if err != nil {
				b.Fatal(err)
			}
			f.Smooth(days)
		}
	}
}

// BenchmarkAverageFigures computes the poll average as it stood on every day
// a poll ended, for every candidate, each with its own maximum-likelihood
// fit: the work 'forecast score --with-average' adds.
func BenchmarkAverageFigures(b *testing.B) {
	d := load(b)
	for b.Loop() {
		if _, err := AverageFigures(d, 1, "all"); err != nil {
			b.Fatal(err)
		}
	}
}

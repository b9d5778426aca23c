package scoring_test

import (
	"fmt"
	"forecast/sources/sourcestest"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"forecast/data"
	"forecast/scoring"
)

// score2017 scores the final 2017 polls of a round on the headline set.
func score2017(t *testing.T, round, draws int, seed uint64) *scoring.Leaderboard {
	t.Helper()
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := scoring.Score(d, scoring.Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"},
		Family: "poll", Draws: draws, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return lb
}

// TestExpectedSRSIndependent compares the expected MAE and the SRS RMSE of
// 2017 final polls with testdata/expected_srs.csv, computed by
// expected_srs.py by summing over the binomial pmf (the Go code uses de
// Moivre's closed form).
func TestExpectedSRSIndependent(t *testing.T) {
	recs := sourcestest.ReadCSV(t, "testdata/expected_srs.csv")
	rows := map[string]scoring.Row{}
	for _, round := range []int{1, 2} {
		for _, r := range score2017(t, round, 0, 1).Rows {
			rows[r.Snapshot] = r
		}
	}
	if len(recs) < 7 {
		t.Fatalf("%d reference rows, want 6", len(recs)-1)
	}
	for _, rec := range recs[1:] {
		r, ok := rows[rec[1]]
		if !ok {
			t.Errorf("%s: not among the final polls", rec[1])
			continue
		}
		n, _ := strconv.ParseFloat(rec[2], 64)
		mae, _ := strconv.ParseFloat(rec[3], 64)
		rmse, _ := strconv.ParseFloat(rec[4], 64)
		if r.N != n || math.Abs(r.ExpectedMAE-mae) > 1e-9 || math.Abs(r.SRSRMSE-rmse) > 1e-9 ||
			math.Abs(r.PlusMinus-(r.MAE-mae)) > 1e-9 {
			t.Errorf("%s: n %g, expected_mae %.15g, srs_rmse %.15g, plus_minus %.15g; independent: n %g, %.15g, %.15g",
				rec[1], r.N, r.ExpectedMAE, r.SRSRMSE, r.PlusMinus, n, mae, rmse)
		}
	}
}

// TestBinomialMADSmall checks the closed form on cases worked by hand:
// n = 1, p = 1/2: |0 − ½|, |1 − ½| → ½; n = 2, p = ½: E|X/2 − ½| = ½·½ = ¼;
// n = 3, p = 0.2: Σ pmf·|x/3 − 0.2| = 0.512·0.2 + 0.384·(2/15) + 0.096·(7/15) + 0.008·0.8.
func TestBinomialMADSmall(t *testing.T) {
	for _, c := range []struct {
		n    int
		p    float64
		want float64
	}{
		{1, 0.5, 0.5}, {2, 0.5, 0.25},
		{3, 0.2, 0.512*0.2 + 0.384*2.0/15 + 0.096*7.0/15 + 0.008*0.8},
		{10, 0, 0}, {10, 1, 0},
	} {
		if got := scoring.BinomialMAD(c.n, c.p); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("BinomialMAD(%d, %g) = %.17g, want %.17g", c.n, c.p, got, c.want)
		}
	}
	if !math.IsNaN(scoring.BinomialMAD(0, 0.5)) || !math.IsNaN(scoring.BinomialMAD(5, 1.5)) {
		t.Error("BinomialMAD must be NaN for n < 1 or p outside [0, 1]")
	}
}

// TestSRSIntervalCoversExpectation: the simulated MAE's mean must agree
// with the exact expectation within its Monte Carlo error, and the same
// seed must give the same draws.
func TestSRSIntervalCoversExpectation(t *testing.T) {
	shares := []float64{24.01, 21.30, 20.01, 19.58}
	const n, draws = 1000, 4000
	exp, _ := scoring.ExpectedSRS(shares, n)
	lo, hi, p := scoring.SRSInterval(rand.NewPCG(1, 2), shares, n, exp, draws)
	if !(lo < exp && exp < hi) || p < 0.3 || p > 0.7 {
		t.Errorf("interval %g–%g, p %g for the expected MAE %g", lo, hi, p, exp)
	}
	lo2, hi2, p2 := scoring.SRSInterval(rand.NewPCG(1, 2), shares, n, exp, draws)
	if lo != lo2 || hi != hi2 || p != p2 {
		t.Error("the same seed must give the same interval")
	}
	if _, _, p := scoring.SRSInterval(rand.NewPCG(1, 2), shares, n, 100, draws); p != 0 {
		t.Errorf("no draw errs by 100 points: p = %g, want 0", p)
	}
}

// TestBootstrapDeterministic: the same seed gives the same leaderboard,
// another seed other draws; rows without n get no interval; the P(best)
// of the ranked rows add up to at least 1 (ties share the first place).
func TestBootstrapDeterministic(t *testing.T) {
	a, b, c := score2017(t, 1, 300, 7), score2017(t, 1, 300, 7), score2017(t, 1, 300, 8)
	same := func(x, y *scoring.Leaderboard) bool { return fmt.Sprintf("%v", x.Rows) == fmt.Sprintf("%v", y.Rows) } // NaN ≠ NaN for DeepEqual
	if !same(a, b) {
		t.Error("the same seed must give the same rows")
	}
	if same(a, c) {
		t.Error("another seed must give other draws")
	}
	var sum float64
	for _, r := range a.Rows {
		if math.IsNaN(r.PBest) || !(r.RankLo >= 1 && r.RankLo <= r.RankHi && r.RankHi <= float64(a.Ranked)) {
			t.Errorf("%s: P(best) %g, rank %g–%g of %d", r.Series, r.PBest, r.RankLo, r.RankHi, a.Ranked)
		}
		sum += r.PBest
	}
	if sum < 1-1e-12 || a.Ranked != len(a.Rows) {
		t.Errorf("ΣP(best) = %g over %d ranked rows of %d", sum, a.Ranked, len(a.Rows))
	}
	// The 2017 first-round polls are statistically indistinguishable
	// (issue 10): no poll is best with 95 % probability, and every MAE is
	// within what a simple random sample of its n would make.
	v := a.Verdict()
	if v.Distinct || v.WithinSRS != v.WithN || v.WithN != 8 {
		t.Errorf("verdict %+v: the 2017 final polls are indistinguishable", v)
	}
}

// TestNoIntervalWithoutN: buzz rows (no n) get no expected error, no
// interval and no rank.
func TestNoIntervalWithoutN(t *testing.T) {
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"},
		Family: "buzz", Draws: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range lb.Rows {
		for _, v := range []float64{r.ExpectedMAE, r.SRSRMSE, r.PlusMinus, r.MAELo, r.MAEHi, r.PSRS, r.PBest, r.RankLo, r.RankHi} {
			if !math.IsNaN(v) {
				t.Errorf("%s has no n but an interval: %+v", r.Series, r)
				break
			}
		}
	}
	if lb.Ranked != 0 || lb.Verdict().WithoutN == 0 {
		t.Errorf("buzz: %d ranked, verdict %+v", lb.Ranked, lb.Verdict())
	}
}

// TestCompare2017 pairs Filteris with Ifop-Fiducial in the 2017 first
// round: three days with a release of each. A release's error with power 2
// is its RMSE on the set and with power 1 its MAE, as 'forecast score
// --at all' computes them; the statistic is DieboldMariano's on them.
func TestCompare2017(t *testing.T) {
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	all, err := scoring.Score(d, scoring.Options{Round: 1, At: "all", Candidates: scoring.CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]scoring.Row{}
	for _, r := range all.Rows {
		rows[r.Snapshot] = r
	}
	for _, power := range []float64{1, 2} {
		c, err := scoring.Compare(d, scoring.CompareOptions{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"},
			A: "filteris", B: "ifop-fiducial", Against: "result", Power: power, H: 1})
		if err != nil {
			t.Fatal(err)
		}
		var days []string
		var e1, e2 []float64
		for _, p := range c.Pairs {
			days = append(days, p.Day)
			want := func(s string) float64 {
				if power == 1 {
					return rows[s].MAE
				}
				return rows[s].RMSE
			}
			if math.Abs(p.ErrorA-want(p.SnapshotA)) > 1e-12 || math.Abs(p.ErrorB-want(p.SnapshotB)) > 1e-12 {
				t.Errorf("power %g, %s: errors %g, %g; score gives %g, %g", power, p.Day, p.ErrorA, p.ErrorB, want(p.SnapshotA), want(p.SnapshotB))
			}
			e1, e2 = append(e1, p.ErrorA), append(e2, p.ErrorB)
		}
		if fmt.Sprint(days) != "[2017-04-11 2017-04-20 2017-04-21]" {
			t.Errorf("paired days %v", days)
		}
		stat, p, _ := scoring.DieboldMariano(e1, e2, 1, power)
		if stat != c.Stat || p != c.P || !(c.Stat > 0) {
			t.Errorf("power %g: DM %g, p %g; want %g, %g (Filteris erred more)", power, c.Stat, c.P, stat, p)
		}
	}
	_, err = scoring.Compare(d, scoring.CompareOptions{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"},
		A: "opinionway", B: "ifop-fiducial", Against: "result", Power: 2, H: 1})
	if err == nil || !strings.Contains(err.Error(), "at least 3 pairs") {
		t.Errorf("two pairs: error %v, want one asking for 3", err)
	}
	_, err = scoring.Compare(d, scoring.CompareOptions{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"},
		A: "nobody", B: "ifop-fiducial", Against: "result", Power: 2, H: 1})
	if err == nil || !strings.Contains(err.Error(), `"nobody" has no dated forecast`) {
		t.Errorf("unknown series: error %v", err)
	}
}

// TestIpsos2022RunOffFinal: Ipsos-Sopra Steria published two polls ending
// on 22 April 2022 (7,549 and 928 expressed); the larger is final by the
// sample-size rule, not by its id, and its expected error uses n = 7549.
func TestIpsos2022RunOffFinal(t *testing.T) {
	d, err := data.Load("fr-2022-presidential")
	if err != nil {
		t.Fatal(err)
	}
	lb, err := scoring.Score(d, scoring.Options{Round: 2, At: "final", Candidates: scoring.CandidateSet{Kind: "top", N: 2}, Family: "poll"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range lb.Rows {
		if r.Series != "ipsos-sopra-steria" {
			continue
		}
		want, _ := scoring.ExpectedSRS([]float64{lb.Outcome.Shares[r.Candidates[0]], lb.Outcome.Shares[r.Candidates[1]]}, 7549)
		if r.Snapshot != "20220422_0422b_ips" || math.Round(r.N) != 7549 || len(r.Reasons) != 0 || r.ExpectedMAE != want {
			t.Errorf("Ipsos 2022 run-off final: %s, n %g, reasons %q, expected_mae %g (want %g)", r.Snapshot, r.N, r.Reasons, r.ExpectedMAE, want)
		}
		return
	}
	t.Error("no Ipsos-Sopra Steria row in the 2022 run-off")
}

// TestLeadFit: the lead-time model of the 2017 first round, fitted when
// scoring the final polls, is the least-squares line of plus_minus on
// lead_days over the polls of 'score --at all' with n and 1 to 21 days of
// lead, computed here by the textbook formulas b = Sxy/Sxx, a = ȳ − b x̄.
func TestLeadFit(t *testing.T) {
	final := score2017(t, 1, 0, 1)
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	all, err := scoring.Score(d, scoring.Options{Round: 1, At: "all", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "poll"})
	if err != nil {
		t.Fatal(err)
	}
	var x, y []float64
	for _, r := range all.Rows {
		if !math.IsNaN(r.PlusMinus) && r.LeadDays >= 1 && r.LeadDays <= 21 {
			x, y = append(x, r.LeadDays), append(y, r.PlusMinus)
		}
	}
	var mx, my, sxy, sxx float64
	for i := range x {
		mx += x[i] / float64(len(x))
		my += y[i] / float64(len(y))
	}
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	b := sxy / sxx
	a := my - b*mx
	for _, f := range []scoring.LeadFit{final.Lead, all.Lead} {
		if f.Polls != len(x) || math.Abs(f.Slope-b) > 1e-12 || math.Abs(f.Intercept-a) > 1e-12 {
			t.Errorf("lead fit %+v; by hand: %d polls, intercept %g, slope %g", f, len(x), a, b)
		}
	}
	for _, r := range final.Rows {
		if math.Abs(r.LeadTerm-b*r.LeadDays) > 1e-12 || math.Abs(r.PlusMinusLead-(r.PlusMinus-b*r.LeadDays)) > 1e-12 {
			t.Errorf("%s: lead_term %g, plus_minus_lead %g", r.Series, r.LeadTerm, r.PlusMinusLead)
		}
	}
}

// TestSRSIntervalIndependent compares the SRS interval and p_srs of the
// 2017 final first-round polls (2000 draws, seed 1) with
// testdata/srs_interval.csv, simulated by srs_interval.py with Python's own
// generator, respondent by respondent (10000 draws). Both are Monte Carlo:
// the tolerances are about four standard errors of the Go estimate (p:
// √(p(1−p)/2000) ≤ 0.011; the extreme quantiles of the MAE: ≈ 0.025 pt),
// enough to catch a wrong n, share or category, not the draws' noise.
func TestSRSIntervalIndependent(t *testing.T) {
	recs := sourcestest.ReadCSV(t, "testdata/srs_interval.csv")
	rows := map[string]scoring.Row{}
	for _, r := range score2017(t, 1, scoring.DefaultDraws, scoring.DefaultSeed).Rows {
		rows[r.Snapshot] = r
	}
	if len(recs) != 9 {
		t.Fatalf("%d reference rows, want the 8 final polls", len(recs)-1)
	}
	for _, rec := range recs[1:] {
		r, ok := rows[rec[0]]
		if !ok {
			t.Errorf("%s: not among the final polls", rec[0])
			continue
		}
		v := make([]float64, 4)
		for i := range v {
			v[i], _ = strconv.ParseFloat(rec[i+2], 64)
		}
		if math.Abs(r.MAE-v[0]) > 1e-12 || math.Abs(r.MAELo-v[1]) > 0.1 || math.Abs(r.MAEHi-v[2]) > 0.1 || math.Abs(r.PSRS-v[3]) > 0.045 {
			t.Errorf("%s: mae %g, interval %g–%g, p_srs %g; independent simulation %g, %g–%g, %g", rec[0], r.MAE, r.MAELo, r.MAEHi, r.PSRS, v[0], v[1], v[2], v[3])
		}
	}
}

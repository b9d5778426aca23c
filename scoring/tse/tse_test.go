package tse

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"forecast/data"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/sources/pollingerrors"
	"forecast/sources/sourcestest"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestSummariseByHand(t *testing.T) {
	// Two polls of 400 at 0.55 and 0.45 of a race won with 0.5: errors ±0.05,
	// RMSE 5 points; SRS RMSE √(0.25/400) = 2.5 points; margins
	// 2·√(0.2475/400) = 0.0497 < 0.05: neither covers. A second group with
	// one poll right on the result covers.
	polls := []Poll{{"A", "a1", 0.55, 0.5, 400, 3}, {"A", "a1", 0.45, 0.5, 400, 5}, {"B", "b1", 0.5, 0.5, 100, 2}}
	rows := Summarise(polls, nil)
	if len(rows) != 2 {
		t.Fatalf("%+v", rows)
	}
	a, b := rows[0], rows[1]
	if a.Group != "A" || a.Polls != 2 || a.Races != 1 || !near(a.RMSE, 5, 1e-12) || !near(a.SRSRMSE, 2.5, 1e-12) || a.Coverage != 0 ||
		!math.IsNaN(a.MeanAbsBias) || a.Model != nil {
		t.Errorf("A: %+v", a)
	}
	if b.Group != "B" || b.Coverage != 1 || b.RMSE != 0 || !near(b.SRSRMSE, 5, 1e-12) {
		t.Errorf("B: %+v", b)
	}
}

// TestFitRecoversSimulatedBias fits the model to polls drawn from it with
// known race biases (α_r ~ N(0.02, 0.03²) on the logit scale, no time
// trend, τ_r = 0.02) and checks that the average absolute bias and SD come
// back within a few posterior SDs of the truth computed from the
// simulation's own parameters.
func TestFitRecoversSimulatedBias(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var polls []Poll
	var trueBias, trueSD float64
	const races, perRace = 60, 8
	for r := range races {
		v := 0.35 + 0.3*rng.Float64()
		alpha := 0.02 + 0.03*rng.NormFloat64()
		p := 1 / (1 + math.Exp(-(math.Log(v/(1-v)) + alpha)))
		var sd float64
		for range perRace {
			n := float64(400 + rng.IntN(1200))
			s := math.Sqrt(p*(1-p)/n + 0.02*0.02)
			polls = append(polls, Poll{Group: "sim", Race: string(rune('A'+r/26)) + string(rune('a'+r%26)), Share: p + s*rng.NormFloat64(), Result: v, N: n, Days: float64(1 + rng.IntN(21))})
			sd += s
		}
		trueBias += math.Abs(p - v)
		trueSD += sd / perRace
	}
	trueBias, trueSD = trueBias/races, trueSD/races
	m := Fit(polls, MCMC{Warmup: 1000, Draws: 1000, Seed: 3})
	if !near(m.MeanAbsBias, trueBias, 3*m.MeanAbsBiasSD+0.002) || !near(m.MeanSD, trueSD, 3*m.MeanSDSD+0.002) {
		t.Errorf("mean |bias| %.4f (sd %.4f), true %.4f; mean SD %.4f (sd %.4f), true %.4f",
			m.MeanAbsBias, m.MeanAbsBiasSD, trueBias, m.MeanSD, m.MeanSDSD, trueSD)
	}
	if m.Acceptance < 0.2 || m.Acceptance > 0.7 || len(m.Races) != races {
		t.Errorf("acceptance %v, %d races", m.Acceptance, len(m.Races))
	}
	if again := Fit(polls, MCMC{Warmup: 1000, Draws: 1000, Seed: 3}); again.MeanAbsBias != m.MeanAbsBias || again.Races[7] != m.Races[7] {
		t.Error("same seed, different fit")
	}
}

// TestReproducesShiraniMehrEtAl runs the paper's analysis on its own data
// (../shared only: the dataset has no licence to be redistributed) with the
// settings of `forecast diagnose tse`, and checks the published figures
// (Shirani-Mehr et al. 2018, §2–3; logged_results.tsv of their repository)
// to the digit printed: RMSE 3.7 / 3.9 / 2.5 points (senate, governor,
// president), SRS RMSE 2.0 / 2.1 / 2.0, coverage 73 / 74 / 88 %, and from
// the model average absolute election-level bias 2.1 / 2.3 / 1.2 and
// average election-level SD 2.8 / 2.7 / 2.2.
func TestReproducesShiraniMehrEtAl(t *testing.T) {
	path := sourcestest.SharedOnly(t, "raw/polling-errors/polls_main_dataset.tsv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := pollingerrors.Read(path, b)
	if err != nil {
		t.Fatal(err)
	}
	var polls []Poll
	for _, p := range raw {
		if InWindow(float64(p.Days)) && p.State != "USA" && p.Type != "House" {
			polls = append(polls, Poll{Group: p.Type, Race: p.Race, Share: p.Share / 100, Result: p.Result / 100, N: p.N, Days: float64(p.Days)})
		}
	}
	rows := Summarise(polls, func(g []Poll) *Model { return Fit(g, DefaultMCMC) })
	want := map[string][7]float64{ // polls, races, rmse, srs, coverage %, bias, sd
		"Sen": {1646, 241, 3.7, 2.0, 73, 2.1, 2.8}, "Gov": {1079, 188, 3.9, 2.1, 74, 2.3, 2.7}, "Pres": {1496, 179, 2.5, 2.0, 88, 1.2, 2.2}}
	r1 := func(x float64) float64 { return math.Round(10*x) / 10 }
	for _, r := range rows {
		w := want[r.Group]
		got := [7]float64{float64(r.Polls), float64(r.Races), r1(r.RMSE), r1(r.SRSRMSE), math.Round(100 * r.Coverage), r1(r.MeanAbsBias), r1(r.MeanSD)}
		if got != w {
			t.Errorf("%s: %v, published %v (unrounded: RMSE %v, SRS %v, coverage %v, bias %v, SD %v)", r.Group, got, w,
				r.RMSE, r.SRSRMSE, r.Coverage, r.MeanAbsBias, r.MeanSD)
		}
		t.Logf("%s: bias %.3f (published %.1f, distance %+.3f), SD %.3f (published %.1f, distance %+.3f)", r.Group,
			r.MeanAbsBias, w[5], r.MeanAbsBias-w[5], r.MeanSD, w[6], r.MeanSD-w[6])
	}
	if len(rows) != 3 {
		t.Errorf("%d groups", len(rows))
	}
}

// TestFromCampaign checks the two-party polls of the 2017 run-off: the
// winner's share of the two, n the respondents who chose one of them, the
// final three weeks only.
func TestFromCampaign(t *testing.T) {
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := scoring.ParseCandidateSet("top2")
	c, err := quota.NewCampaign(d, quota.Options{Round: 2, At: "final", Candidates: set})
	if err != nil {
		t.Fatal(err)
	}
	polls := FromCampaign(c, "r2")
	if len(polls) == 0 {
		t.Fatal("no polls")
	}
	win, run := c.Outcome.Order[0], c.Outcome.Order[1]
	v := c.Outcome.Shares[win] / (c.Outcome.Shares[win] + c.Outcome.Shares[run])
	kept := 0
	for _, p := range c.Polls {
		ya, yb := p.Values[win], p.Values[run]
		if !InWindow(p.Lead) {
			continue
		}
		q := polls[kept]
		kept++
		if !near(q.Share, ya/(ya+yb), 1e-15) || q.Result != v || q.N != math.RoundToEven(p.N*(ya+yb)/100) || q.Days != p.Lead {
			t.Errorf("%s: %+v", p.Snapshot.Snapshot, q)
		}
	}
	if kept != len(polls) {
		t.Errorf("%d polls in the window, %d converted", kept, len(polls))
	}
}

package quota

import (
	"cmp"
	"forecast/sources/sourcestest"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"forecast/scoring"
)

func TestJointWithOnePollsterIsTheModel(t *testing.T) {
	// With one pollster the only unknown is the level: de Jong's diffuse
	// likelihood must be Model's exact diffuse likelihood (Durbin & Koopman),
	// whatever the variances.
	o := obs([]float64{0.20, 0.22, 0.19, 0.21, 0.24, 0.23, 0.20}, []float64{1000, 900, 1500, 1000, 800, 1200, 950}, []float64{1, 2, 2.5, 4, 7, 7, 9})
	m, _ := NewModel(o)
	jm := &JointModel{Obs: m.Obs, Sources: []string{""}, Base: m.Base, src: make([]int, len(m.Obs))}
	jm.setDesigns()
	for _, qh := range [][2]float64{{1e-5, 1e-5}, {1e-9, 1e-4}, {1e-3, 1e-8}, {1e-14, 1e-14}} {
		want, wk := m.concentrated(qh[0], qh[1])
		got, gk := jm.concentrated(Params{Drift: qh[0], Sampling: 1, Extra: qh[1]})
		if !near(got, want, 1e-9*math.Abs(want)) || !near(gk, wk, 1e-12*wk) {
			t.Errorf("q, h = %v: joint ℓ, κ = %v, %v; model %v, %v", qh, got, gk, want, wk)
		}
	}
}

// simulateHouses returns polls of 4 pollsters with house effects (summing to
// zero) around a random walk, and the level on the day after the last poll.
func simulateHouses(rng *rand.Rand, effects []float64) ([]Obs, float64) {
	level := 0.22
	var o []Obs
	for day := range 60 {
		level += 0.002 * rng.NormFloat64()
		for j, d := range effects {
			if rng.Float64() < 0.3 {
				n := 800 + 400*rng.Float64()
				sd := math.Sqrt(0.22*0.78/n + 0.003*0.003)
				o = append(o, Obs{Snapshot: strconv.Itoa(len(o)), Source: string(rune('a' + j)), Time: float64(day), End: float64(day), N: n,
					Share: level + d + sd*rng.NormFloat64()})
			}
		}
	}
	return o, level + 0.002*rng.NormFloat64()
}

func TestJointRecoversHouseEffects(t *testing.T) {
	// 200 simulated campaigns (about 72 polls by 4 pollsters over 60 days)
	// with known house effects. The 95 % intervals must contain the true
	// effects about 95 % of the time (800 intervals: a standard error of
	// about 0.8 point on the rate): under sum-to-zero with the variances
	// estimated each time, and anchored on the result with the true
	// variances. Anchored with estimated variances the rate falls to about
	// 0.88 (the drift, which carries the level from the last polls to
	// election day, is estimated at zero in a fifth of the campaigns): the
	// SEs are conditional on the variances, as docs/METHODS.md §16 says.
	effects := []float64{0.02, -0.01, 0.005, -0.015}
	truth := Params{Drift: 0.002 * 0.002, Sampling: 1, Extra: 0.003 * 0.003}
	rng := rand.New(rand.NewPCG(10, 6))
	covered := map[string]int{}
	total := 0
	var bias float64
	for range 200 {
		o, result := simulateHouses(rng, effects)
		jm, err := NewJointModel(o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jm.EstimateJoint(); err != nil {
			t.Fatal(err)
		}
		estimated := jm.Params
		for _, c := range []struct {
			name string
			id   Identification
			p    Params
		}{{"sum-to-zero", SumToZero, estimated}, {"result", Anchored, estimated}, {"result, true variances", Anchored, truth}} {
			jm.Params = c.p
			e, err := jm.Effects(c.id, 60, result, ResultVariance(result, 3e7))
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for j, x := range e {
				if math.Abs(x.Effect-effects[j]) <= 1.96*x.SE {
					covered[c.name]++
				}
				if c.name == "sum-to-zero" {
					bias += x.Effect - effects[j]
				}
				sum += x.Effect
			}
			if c.id == SumToZero && math.Abs(sum) > 1e-12 {
				t.Fatalf("sum-to-zero effects sum to %v", sum)
			}
		}
		total += len(effects)
	}
	for name, lo := range map[string]float64{"sum-to-zero": 0.925, "result": 0.85, "result, true variances": 0.925} {
		r := float64(covered[name]) / float64(total)
		t.Logf("%s: coverage %.4f", name, r)
		if r < lo || r > 0.975 {
			t.Errorf("%s: coverage of the 95 %% intervals %v, want %v to 0.975", name, r, lo)
		}
	}
	if b := bias / float64(total); math.Abs(b) > 3e-4 {
		t.Errorf("mean error of the effects %v", b)
	}
}

func TestJointReportsAVarianceAtZero(t *testing.T) {
	// A constant level (no drift at all) and polls with sampling error only
	// (samples from 500 to 4,000, so that κ and η² can be told apart): the
	// drift's estimate sits at the bottom of the range, and says so.
	rng := rand.New(rand.NewPCG(3, 4))
	var o []Obs
	for i := range 120 {
		src := string(rune('a' + i%3))
		d := map[string]float64{"a": 0.01, "b": -0.01, "c": 0}[src]
		n := []float64{500, 1000, 2000, 4000}[i%4]
		o = append(o, Obs{Snapshot: strconv.Itoa(i), Source: src, Time: float64(i / 2), End: float64(i / 2), N: n,
			Share: 0.3 + d + math.Sqrt(0.21/n)*rng.NormFloat64()})
	}
	jm, _ := NewJointModel(o)
	if _, err := jm.EstimateJoint(); err != nil {
		t.Fatal(err)
	}
	if !jm.DriftAtZero {
		t.Errorf("τ² = %v: want it reported at zero", jm.Params.Drift)
	}
	if jm.Params.Sampling < 0.6 || jm.Params.Sampling > 1.5 {
		t.Errorf("κ = %v, want about 1", jm.Params.Sampling)
	}
}

func TestJointNeedsTwoPollsters(t *testing.T) {
	o := obs([]float64{0.2, 0.21, 0.22, 0.2, 0.19}, []float64{1000, 1000, 1000, 1000, 1000}, []float64{1, 2, 3, 4, 5})
	if _, err := NewJointModel(o); err == nil {
		t.Error("one pollster: want an error")
	}
}

func TestOverlapDeflatesRollingWaves(t *testing.T) {
	// Series a: waves over days 1–3, 2–4, 3–5 (rolling: one new day of
	// three each), then 3–5 again (no new day: dropped), then 10–12 (new).
	// Series b (the same pollster for another sponsor, say) over days 2–4 is
	// another sample; c's 2–4 and 3–5 are declared independent ("").
	w := func(id string, start, end, n float64) Obs {
		return Obs{Snapshot: id, Source: "p", Time: (start + end) / 2, End: end, N: n, Share: 0.2}
	}
	in := []Obs{w("a1", 1, 3, 900), w("a2", 2, 4, 900), w("a3", 3, 5, 900), w("a4", 3, 5, 900),
		w("a5", 10, 12, 900), w("b1", 2, 4, 900), w("c1", 2, 4, 900), w("c2", 3, 5, 900)}
	series := map[string]string{"a1": "a", "a2": "a", "a3": "a", "a4": "a", "a5": "a", "b1": "b"}
	out, deflated, dropped := Overlap(in, series)
	got := map[string]float64{}
	for _, o := range out {
		got[o.Snapshot] = o.N
	}
	want := map[string]float64{"a1": 900, "a2": 300, "a3": 300, "a5": 900, "b1": 900, "c1": 900, "c2": 900}
	if len(got) != len(want) || deflated != 2 || len(dropped) != 1 || dropped[0].Snapshot != "a4" {
		t.Fatalf("Overlap = %v (deflated %d, dropped %v)", got, deflated, dropped)
	}
	for id, n := range want {
		if !near(got[id], n, 1e-9) {
			t.Errorf("%s: n = %v, want %v", id, got[id], n)
		}
	}
}

// TestJointMatchesIndependentComputation compares the joint model of every
// headline candidate of the embedded 2017 election, both rounds, with
// testdata/independent.py in its joint mode, which writes the model as one
// dense generalised least squares problem (no Kalman filter): the effective
// samples of overlapping waves, and at four fixed pairs (log10 τ²/κ,
// log10 η²/κ) the concentrated log-likelihood, κ̂ and every house effect and
// SE under both identifications, to 1e-8 relative; and the maximum found by
// the script's own search (joint_fit).
func TestJointMatchesIndependentComputation(t *testing.T) {
	d := load(t)
	for _, round := range []int{1, 2} {
		recs := sourcestest.ReadCSV(t, "testdata/joint_r"+strconv.Itoa(round)+".csv")
		c, err := NewCampaign(d, Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[[3]string]float64{}
		for _, p := range c.Polls {
			got[[3]string{"overlap", p.Snapshot.Snapshot, "n"}] = 0
		}
		for _, cand := range c.Candidates {
			obs, _, _ := Overlap(c.Obs(cand), c.waveSeries())
			for _, o := range obs {
				got[[3]string{"overlap", o.Snapshot, "n"}] = o.N
			}
			jm, err := NewJointModel(obs)
			if err != nil {
				t.Fatal(err)
			}
			for _, lq := range [][2]float64{{-5, -5}, {-4.5, -6}, {-7, -4}, {-3, -9}} {
				key := strconv.FormatFloat(lq[0], 'g', -1, 64) + ":" + strconv.FormatFloat(lq[1], 'g', -1, 64)
				q, h := math.Pow(10, lq[0]), math.Pow(10, lq[1])
				ll, kappa := jm.concentrated(Params{Drift: q, Sampling: 1, Extra: h})
				got[[3]string{cand, key, "loglik"}], got[[3]string{cand, key, "kappa"}] = ll, kappa
				jm.Params = Params{Drift: kappa * q, Sampling: kappa, Extra: kappa * h}
				for _, id := range []Identification{SumToZero, Anchored} {
					e, err := jm.Effects(id, Day(c.Outcome.Date), c.Outcome.Shares[cand]/100, ResultVariance(c.Outcome.Shares[cand]/100, c.Outcome.Expressed))
					if err != nil {
						t.Fatal(err)
					}
					for _, x := range e {
						got[[3]string{cand, key, "effect|" + string(id) + "|" + x.Source}] = x.Effect
						got[[3]string{cand, key, "se|" + string(id) + "|" + x.Source}] = x.SE
					}
				}
			}
		}
		// At the maximum, from the two searches: the log-likelihood to 1e-6,
		// the sum-to-zero effects to 1e-4 point (the likelihood is flat in
		// the variances near the top, so they are not compared).
		tol := map[[3]string]float64{}
		jh := (&Diagnosis{Campaign: c}).JointHouse()
		for _, f := range jh.Fits {
			k := [3]string{"fit", f.Candidate, "loglik"}
			got[k], tol[k] = f.LogLik, 1e-6
		}
		for _, e := range jh.Effects {
			if e.Identification == SumToZero {
				k := [3]string{"fit", e.Candidate, e.Source}
				got[k], tol[k] = e.Effect, 1e-4
			}
		}
		compared := 0
		for _, r := range recs[1:] {
			want, _ := strconv.ParseFloat(r[4], 64)
			k := [3]string{r[1], r[2], r[3]}
			switch r[0] {
			case "overlap":
				k = [3]string{"overlap", r[1], r[3]}
			case "joint_fit":
				if r[3] != "loglik" && r[3] != "house_effect" {
					continue
				}
				k = [3]string{"fit", r[1], cmp.Or(r[2], r[3])}
			}
			g, ok := got[k]
			switch {
			case !ok:
				t.Errorf("round %d: no Go value for %v", round, k)
			case tol[k] > 0 && !near(g, want, tol[k]):
				t.Errorf("round %d: %v = %v, independent computation %v", round, k, g, want)
			case tol[k] == 0 && !near(g, want, 1e-8*max(math.Abs(want), 1e-3)):
				t.Errorf("round %d: %v = %v, independent computation %v", round, k, g, want)
			}
			compared++
		}
		if compared < 100 {
			t.Errorf("round %d: %d values compared", round, compared)
		}
	}
}

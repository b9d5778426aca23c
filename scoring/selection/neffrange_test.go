package selection

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"forecast/scoring"
)

// The 2017 first-round official shares of the headline candidates (Macron,
// Le Pen, Fillon, Mélenchon), as proportions of the expressed votes.
var headline2017 = []float64{8656346.0 / 36054394, 7678491.0 / 36054394, 7212995.0 / 36054394, 7059951.0 / 36054394}

func TestRandomRatioRangeExactCases(t *testing.T) {
	// One category, or two that exhaust the ballot: n_eff/n = 1/χ²₁, whose
	// 95 % range is [1/5.0239, 1/0.00098207] (χ²₁ quantiles as printed in
	// any table: qchisq(c(0.975, 0.025), 1) = 5.023886, 0.0009820691).
	for _, mu := range [][]float64{{0.3}, {0.661, 0.339}, {0.5, 0.5}} {
		lo, hi := RandomRatioRange(mu, 0.95, RangeDraws, RangeSeed)
		if !near(lo, 1/5.023886, 1e-6) || !near(hi, 1/0.0009820691, 1e-3) {
			t.Errorf("%v: [%v, %v], want [0.199049, 1018.26]", mu, lo, hi)
		}
	}
	for name, mu := range map[string][]float64{"empty": nil, "share 0": {0, 0.5}, "share 1": {1}, "sum > 1": {0.6, 0.5}} {
		if lo, hi := RandomRatioRange(mu, 0.95, 10, 1); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%s: [%v, %v], want NaN", name, lo, hi)
		}
	}
	if lo, _ := RandomRatioRange([]float64{0.2, 0.3}, 1, 10, 1); !math.IsNaN(lo) {
		t.Errorf("level 1: %v", lo)
	}
}

// TestRandomRatioRangeLimits checks the simulation against two independent
// references: k equal small shares, where Σ ≈ μ·I and the ratio is k/χ²_k
// (gonum's χ² quantiles), and the 2017 headline shares against brute-force
// multinomial samples of 100,000 people (sequential binomial draws, with
// no normal approximation and no eigenvalues), where the issue's
// "0.33–10" is the range expected.
func TestRandomRatioRangeLimits(t *testing.T) {
	k := 4.0
	chi := distuv.ChiSquared{K: k}
	lo, hi := RandomRatioRange([]float64{1e-4, 1e-4, 1e-4, 1e-4}, 0.95, RangeDraws, RangeSeed)
	if wlo, whi := k/chi.Quantile(0.975), k/chi.Quantile(0.025); !near(lo, wlo, 0.02*wlo) || !near(hi, whi, 0.02*whi) {
		t.Errorf("equal small shares: [%v, %v], want about [%v, %v]", lo, hi, wlo, whi)
	}

	lo, hi = RandomRatioRange(headline2017, 0.95, RangeDraws, RangeSeed)
	if math.Round(100*lo) != 33 || math.Round(hi) != 10 {
		t.Errorf("2017 headline: [%v, %v], want [0.33, 10]", lo, hi)
	}
	const n, reps = 100_000, 20_000
	rng := rand.New(rand.NewPCG(7, 11))
	var trace float64
	for _, m := range headline2017 {
		trace += m * (1 - m)
	}
	ratios := make([]float64, reps)
	for r := range ratios {
		left, rest := float64(n), 1.0
		var se float64
		for _, m := range headline2017 {
			x := distuv.Binomial{N: left, P: m / rest, Src: rng}.Rand()
			left, rest = left-x, rest-m
			se += (x/n - m) * (x/n - m)
		}
		ratios[r] = trace / se / n
	}
	slices.Sort(ratios)
	if blo, bhi := ratios[int(0.025*reps)], ratios[int(0.975*reps)]; !near(lo, blo, 0.05*blo) || !near(hi, bhi, 0.05*bhi) {
		t.Errorf("2017 headline: [%v, %v], multinomial samples [%v, %v]", lo, hi, blo, bhi)
	}
	if lo2, hi2 := RandomRatioRange(headline2017, 0.95, RangeDraws, RangeSeed); lo2 != lo || hi2 != hi {
		t.Error("same seed, different range")
	}
}

// TestDiagnoseRanges checks that every row's ranges are its size, or its
// n_eff, times the ratio range of the shares it compares.
func TestDiagnoseRanges(t *testing.T) {
	dg, err := Diagnose(load(t), Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "all"})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := RandomRatioRange(headline2017, RangeLevel, RangeDraws, RangeSeed)
	one := distuv.ChiSquared{K: 1}
	checked := 0
	for _, r := range dg.Rows {
		rlo, rhi := 1/one.Quantile(0.975), 1/one.Quantile(0.025)
		if r.Candidate == All {
			if r.Measure == "vote_share" && len(dg.Set) == 4 {
				rlo, rhi = lo, hi
			} else {
				continue // volumes: shares renormalised over the set
			}
		}
		checked++
		for name, c := range map[string][2]float64{"n_eff_lo": {r.NEffLo, r.N * rlo}, "n_eff_hi": {r.NEffHi, r.N * rhi},
			"n_eff_ci_lo": {r.SizeLo, r.NEff / rhi}, "n_eff_ci_hi": {r.SizeHi, r.NEff / rlo}} {
			if !near(c[0], c[1], 1e-9*math.Abs(c[1])) {
				t.Errorf("%s %s: %s = %v, want %v", r.Snapshot, r.Candidate, name, c[0], c[1])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no row checked")
	}
}

// BenchmarkRandomRatioRange simulates the range of n_eff/n for four
// candidates, as Diagnose does once per set of shares.
func BenchmarkRandomRatioRange(b *testing.B) {
	for b.Loop() {
		RandomRatioRange(headline2017, RangeLevel, RangeDraws, RangeSeed)
	}
}

package quota

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// z95 is the multiplier of the legal margin of error, 1.96, as French poll
// notices print it (docs/METHODS.md §7.1), not the exact Φ⁻¹(0.975).
const z95 = 1.96

// MOE95 returns the 95 % margin of error of a share p measured on n
// respondents "by reference to the random method", the margin French polls
// must publish since the law of 25 April 2016 (docs/METHODS.md §7.1):
//
//	MOE95 = 1.96 · √(p(1−p)/n)
//
// p is a proportion and so is the result. It is the margin of a simple
// random sample of the same size: quota polls publish it as a reference,
// not as their real error. NaN when n ≤ 0 or n is NaN.
func MOE95(p, n float64) float64 {
	if !(n > 0) {
		return math.NaN()
	}
	return z95 * math.Sqrt(p*(1-p)/n)
}

// LeadSE returns the standard error of the lead p1 − p2 between two
// candidates measured in one sample of n respondents (docs/METHODS.md §7.1):
//
//	SE(p1 − p2) = √((p1 + p2 − (p1 − p2)²)/n)
//
// the multinomial variance Var(p̂1) + Var(p̂2) − 2 Cov(p̂1, p̂2), with
// Cov = −p1 p2 / n. Proportions in and out; NaN when n ≤ 0 or n is NaN.
func LeadSE(p1, p2, n float64) float64 {
	if !(n > 0) {
		return math.NaN()
	}
	d := p1 - p2
	return math.Sqrt((p1 + p2 - d*d) / n)
}

// Accuracy compares the errors of a set of polls with what sampling alone
// would give (Shirani-Mehr, Rothschild, Goel & Gelman 2018, "Disentangling
// bias and variance in election polls", JASA 113(522)).
type Accuracy struct {
	Pairs, Covered int
	// Coverage is the share of intervals that contain the result.
	Coverage float64
	// Observed is the RMSE of the errors; Expected the RMSE sampling alone
	// would give, √(mean variance); Ratio = Observed/Expected.
	Observed, Expected, Ratio float64
}

// ErrorRatio returns the coverage and the error ratio of a set of (poll,
// quantity) pairs:
//
//	coverage = #{ |e_i| ≤ m_i } / k
//	observed = √((1/k) Σ e_i²)
//	expected = √((1/k) Σ s_i²)
//	ratio    = observed / expected
//
// e_i is the error (poll minus result), m_i the pair's margin of error and
// s_i² the variance sampling alone would give it. Shirani-Mehr et al. found
// ratios of about 1.25 for US presidential and 1.8–1.9 for senate and
// governor polls, with 73–88 % coverage of nominal 95 % intervals. A ratio
// above 1 means the polls erred more than their sample sizes allow. Pairs
// with a NaN term are left out. It panics if the slices differ in length.
func ErrorRatio(e, margin, variance []float64) Accuracy {
	if len(e) != len(margin) || len(e) != len(variance) {
		panic("quota: slice length mismatch")
	}
	var a Accuracy
	var se, sv float64
	for i := range e {
		if math.IsNaN(e[i]) || math.IsNaN(margin[i]) || math.IsNaN(variance[i]) {
			continue
		}
		a.Pairs++
		if math.Abs(e[i]) <= margin[i] {
			a.Covered++
		}
		se += e[i] * e[i]
		sv += variance[i]
	}
	if a.Pairs == 0 {
		return Accuracy{Coverage: math.NaN(), Observed: math.NaN(), Expected: math.NaN(), Ratio: math.NaN()}
	}
	k := float64(a.Pairs)
	a.Coverage = float64(a.Covered) / k
	a.Observed, a.Expected = math.Sqrt(se/k), math.Sqrt(sv/k)
	a.Ratio = a.Observed / a.Expected
	return a
}

// Dispersion is the herding test of one candidate across a set of polls.
type Dispersion struct {
	Polls int
	// Mean is p̄, the sample-size-weighted mean share.
	Mean float64
	// SDObserved is the polls' standard deviation around p̄,
	// √(Σ (y_j − p̄)²/(m−1)); SDExpected what sampling alone would give,
	// √(p̄(1−p̄) · mean_j(1/n_j)).
	SDObserved, SDExpected float64
	// X2 is the dispersion statistic on DF = m − 1 degrees of freedom,
	// PLower and PUpper its lower- and upper-tail χ² probabilities.
	X2             float64
	DF             int
	PLower, PUpper float64
	// Grid is the rounding step of the published shares (see RoundingGrid),
	// SDRounding = Grid/√12 the standard deviation rounding adds, and
	// X2Rounded and PLowerRounded the test with that variance added to the
	// sampling variance of every poll.
	Grid, SDRounding, X2Rounded, PLowerRounded float64
}

// DispersionTest returns the herding (under-dispersion) test of m polls of
// one window for one candidate (docs/METHODS.md §7.5):
//
//	p̄  = Σ_j n_j y_j / Σ_j n_j
//	X² = Σ_j (y_j − p̄)² / (p̄(1−p̄)/n_j)   ~ χ²_{m−1} under pure sampling error
//
// y are the polls' shares and grid the step they were published to, as
// proportions; n their sample sizes. A small lower-tail probability
// P(χ²_{m−1} ≤ X²) means the polls agree with each other more than
// independent random samples would: the signature of herding (pollsters
// adjusting towards each other) or of shared methods. A small upper-tail
// probability means they disagree more than sampling allows (house effects,
// different populations). Rounding to a grid g adds a uniform error of
// variance g²/12 (0.14 point for half points); the Rounded fields add it to
// every poll's sampling variance, which makes under-dispersion harder to
// explain away, not easier.
//
// With fewer than two polls, a sample size that is not positive, or a mean
// share of 0 or 1 (no sampling variance), the statistics are NaN. It panics
// if the slices differ in length.
func DispersionTest(y, n []float64, grid float64) Dispersion {
	if len(y) != len(n) {
		panic("quota: slice length mismatch")
	}
	m := len(y)
	d := Dispersion{Polls: m, DF: m - 1, Grid: grid, SDRounding: grid / math.Sqrt(12),
		Mean: math.NaN(), SDObserved: math.NaN(), SDExpected: math.NaN(), X2: math.NaN(),
		PLower: math.NaN(), PUpper: math.NaN(), X2Rounded: math.NaN(), PLowerRounded: math.NaN()}
	if m < 2 || slices.ContainsFunc(n, func(x float64) bool { return !(x > 0) }) {
		return d
	}
	var sn, sny, sinv float64
	for j := range y {
		sn += n[j]
		sny += n[j] * y[j]
		sinv += 1 / n[j]
	}
	p := sny / sn
	v := p * (1 - p)
	d.Mean = p
	if v == 0 {
		return d
	}
	r2 := grid * grid / 12
	var ss, x2, x2r float64
	for j := range y {
		e := y[j] - p
		ss += e * e
		x2 += e * e / (v / n[j])
		x2r += e * e / (v/n[j] + r2)
	}
	chi := distuv.ChiSquared{K: float64(m - 1)}
	d.SDObserved, d.SDExpected = math.Sqrt(ss/float64(m-1)), math.Sqrt(v*sinv/float64(m))
	d.X2, d.PLower, d.PUpper = x2, chi.CDF(x2), chi.Survival(x2)
	d.X2Rounded, d.PLowerRounded = x2r, chi.CDF(x2r)
	return d
}

// RoundingGrid returns the coarsest of 1, 0.5, 0.1 and 0.01 of which every
// value is a whole multiple (to 1e-9), in the unit of the values, or 0 when
// they are finer than that: the step to which a set of published shares
// was rounded: French polls, for one, are published to the half point.
func RoundingGrid(values []float64) float64 {
	for _, g := range []float64{1, 0.5, 0.1, 0.01} {
		if !slices.ContainsFunc(values, func(v float64) bool {
			return math.Abs(v/g-math.Round(v/g)) > 1e-9
		}) {
			return g
		}
	}
	return 0
}

// Effect is one pollster's house effect on one candidate.
type Effect struct {
	Source string
	Polls  int
	// Effect is the pollster's mean deviation minus the mean over
	// pollsters of their mean deviations, so that effects sum to zero;
	// SE its standard error.
	Effect, SE float64
}

// HouseEffects returns relative house effects (docs/METHODS.md §7.4) from the
// deviations r of a set of polls from the consensus at their dates
// (y − consensus), with source[i] the pollster of r[i]:
//
//	δ_j     = (1/m_j) Σ_{i∈j} r_i                  (raw effect of pollster j)
//	δ*_j    = δ_j − (1/J) Σ_k δ_k                   (relative: Σ_j δ*_j = 0)
//	MSE     = Σ_j Σ_{i∈j} (r_i − δ_j)² / (N − J)
//	SE(δ*_j) = √(MSE · ((1 − 2/J)/m_j + (1/J²) Σ_k 1/m_k))
//
// the effect-coded contrasts of a one-way analysis of variance, with J
// pollsters, m_j polls of pollster j and N polls in all. Centring on the
// mean over pollsters (not over polls) keeps a pollster that polls daily
// from defining "neutral". The residual variance is pooled over pollsters,
// so a pollster with a single poll still gets a standard error; SE is NaN
// when N ≤ J or J < 2. Effects are returned in the order pollsters first
// appear. It panics if the slices differ in length.
func HouseEffects(source []string, r []float64) []Effect {
	if len(source) != len(r) {
		panic("quota: slice length mismatch")
	}
	var order []string
	sum, count := map[string]float64{}, map[string]int{}
	for i, s := range source {
		if _, ok := count[s]; !ok {
			order = append(order, s)
		}
		sum[s] += r[i]
		count[s]++
	}
	J := len(order)
	var mean, inv float64
	for _, s := range order {
		mean += sum[s] / float64(count[s])
		inv += 1 / float64(count[s])
	}
	mean /= float64(J)
	var ss float64
	for i, s := range source {
		e := r[i] - sum[s]/float64(count[s])
		ss += e * e
	}
	mse := math.NaN()
	if len(r) > J && J >= 2 {
		mse = ss / float64(len(r)-J)
	}
	out := make([]Effect, J)
	for j, s := range order {
		m := float64(count[s])
		jf := float64(J)
		out[j] = Effect{Source: s, Polls: count[s], Effect: sum[s]/m - mean,
			SE: math.Sqrt(mse * ((1-2/jf)/m + inv/(jf*jf)))}
	}
	return out
}

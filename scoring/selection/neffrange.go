package selection

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// RangeLevel is the coverage of the n_eff ranges Diagnose reports.
const RangeLevel = 0.95

// RangeDraws and RangeSeed fix the simulation of RandomRatioRange that
// Diagnose runs: 100,000 draws put the 2.5 % and 97.5 % quantiles within
// about 2 % of their exact values (the Monte Carlo standard error of a
// 2.5 % quantile is √(0.025·0.975/100000) ≈ 0.0005 in probability), and a
// fixed seed makes the same data give the same ranges, byte for byte.
const (
	RangeDraws = 100_000
	RangeSeed  = 20180601 // Meng (2018), Annals of Applied Statistics 12(2), June
)

// RandomRatioRange returns the central interval of probability level of
// n_eff/n for a simple random sample of size n drawn from a population
// whose shares of the k categories compared are mu (docs/METHODS.md §12):
// what PooledEffectiveN (EffectiveN for k = 1) gives when the only error is
// sampling error.
//
// For large n the errors e = μ̂ − μ of a multinomial sample are normal with
// covariance Σ/n, Σ = diag(μ) − μμᵀ (the k categories compared; the rest
// of the ballot, if any, is the category left out), so
//
//	n_eff/n = tr(Σ) / Q,   Q = n·Σ_i e_i² = Σ_j λ_j Z_j²,   Z_j iid N(0, 1)
//
// with λ_j the eigenvalues of Σ: the ratio depends on μ only, not on n,
// and its quantiles are tr(Σ) over the opposite quantiles of Q. Q is a
// weighted sum of χ²₁ variables; its quantiles are found by simulating
// draws values of Q from a PCG generator seeded with seed and taking the
// empirical quantiles (the inverse of the empirical distribution
// function). With a single category, or two that exhaust the ballot (Σ of
// rank one), n_eff/n = 1/χ²₁ exactly, and the χ² quantiles are used
// instead of the simulation: the 95 % range is [1/5.024, 1/0.000982] =
// [0.199, 1018]. With k equal small shares the ratio tends to k/χ²_k
// ([0.36, 8.3] for k = 4); for the four headline shares of the 2017 first
// round it is [0.33, 10.0].
//
// The normal limit is used rather than exact multinomial draws because
// the upper end of the range rests on errors near zero, where a
// multinomial count's integer steps (|e| ≥ distance of nμ to an integer,
// divided by n) would make the range depend on the fractional part of nμ,
// an artefact of the arithmetic rather than a property of sampling.
//
// It returns NaNs when mu is empty, a share is not strictly between 0 and
// 1, the shares add up to more than 1 (beyond 1e-9), level is not strictly
// between 0 and 1, or draws < 1.
func RandomRatioRange(mu []float64, level float64, draws int, seed uint64) (lo, hi float64) {
	var sum, trace float64
	for _, m := range mu {
		if !(m > 0 && m < 1) {
			return math.NaN(), math.NaN()
		}
		sum += m
		trace += m * (1 - m)
	}
	if len(mu) == 0 || sum > 1+1e-9 || !(level > 0 && level < 1) || draws < 1 {
		return math.NaN(), math.NaN()
	}
	k := len(mu)
	sigma := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			v := -mu[i] * mu[j]
			if i == j {
				v += mu[i]
			}
			sigma.SetSym(i, j, v)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sigma, false) {
		return math.NaN(), math.NaN()
	}
	lambda := eig.Values(nil)
	tail := (1 - level) / 2
	if slices.IndexFunc(lambda[:k-1], func(l float64) bool { return l > 1e-12*trace }) < 0 {
		// One eigenvalue carries the whole trace (eigenvalues ascend): Q/tr(Σ) is χ²₁.
		chi := distuv.ChiSquared{K: 1}
		return 1 / chi.Quantile(1-tail), 1 / chi.Quantile(tail)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	q := make([]float64, draws)
	for d := range q {
		for _, l := range lambda {
			z := rng.NormFloat64()
			q[d] += max(l, 0) * z * z
		}
	}
	slices.Sort(q)
	return trace / empiricalQuantile(q, 1-tail), trace / empiricalQuantile(q, tail)
}

// empiricalQuantile returns the p-quantile of sorted x as the inverse of
// its empirical distribution function: the smallest x_(i) with i/len ≥ p.
func empiricalQuantile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

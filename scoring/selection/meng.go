// Package selection diagnoses self-selected "buzz" figures — tweet counts,
// app votes, shares of online attention — with the measures of Meng (2018,
// "Statistical paradises and paradoxes in big data (I)", Annals of Applied
// Statistics 12(2)): the data defect correlation ρ, the
// effective sample size n_eff, and the over-representation each candidate's
// supporters must have had for a snapshot to come out as it did. The same
// measures apply to polls, so that a 1,000-person quota poll and a
// count of millions of posts are read on one scale.
//
// Shares are proportions (0–1) in the functions of meng.go and percentage
// points in Diagnose's rows. Programmer errors panic with a "selection: "
// prefix; sizes the measures cannot use are reported as errors.
package selection

import (
	"fmt"
	"math"
)

// DDC returns Meng's (2018) data defect correlation ρ̂ for a share μ̂ observed
// on n of the N members of a population whose true share is μ:
//
//	ρ̂ = (μ̂ − μ) / (√((1 − f + CV²)/f) · σ),   f = n/N,   σ = √(μ(1−μ))
//
// This is Meng's error identity μ̂ − μ = ρ·√((1−f)/f)·σ solved for ρ, with
// his weighted form (√((1−f)/f) becomes √((1−f+CV²)/f), as in the ddi R
// package of Kuriwaki) when cv, the coefficient of variation of the
// weights, is positive; cv = 0 (or NaN) is the unweighted case. The sign of ρ is the sign of the error: positive when the
// people counted over-state the share. Meng's 2016 estimate for the
// Cooperative Congressional Election Study, ρ ≈ −0.005, is the size that
// turns a 1 % sample of a large population into a random sample of about
// 400 (see EffectiveNFromDDC).
//
// DDC returns an error when n or N is not a positive finite number, when
// n ≥ N (a census, f = 1, has no defect to measure: its error is zero), or
// when μ is not strictly between 0 and 1 (σ = 0). It panics if cv < 0.
func DDC(muHat, mu, n, N, cv float64) (float64, error) {
	if cv < 0 {
		panic("selection: negative coefficient of variation")
	}
	if math.IsNaN(cv) {
		cv = 0
	}
	switch {
	case !(n > 0) || math.IsInf(n, 0):
		return math.NaN(), fmt.Errorf("sample size n = %v is not a positive finite number", n)
	case !(N > 0) || math.IsInf(N, 0):
		return math.NaN(), fmt.Errorf("population size N = %v is not a positive finite number", N)
	case n >= N:
		return math.NaN(), fmt.Errorf("n = %v is not smaller than the population N = %v: ρ is undefined for f ≥ 1", n, N)
	case !(mu > 0 && mu < 1):
		return math.NaN(), fmt.Errorf("true share %v is not strictly between 0 and 1", mu)
	}
	f := n / N
	return (muHat - mu) / (math.Sqrt((1-f+cv*cv)/f) * math.Sqrt(mu*(1-mu))), nil
}

// EffectiveN returns the effective sample size of a share μ̂ whose true
// value is μ (Meng 2018): the size of a simple random sample whose
// standard error equals the error actually made,
//
//	n_eff = σ² / (μ̂ − μ)²,   σ² = μ(1 − μ)
//
// It equals (f/(1−f))/ρ² (EffectiveNFromDDC) but needs no n, so it applies
// to figures that state no sample at all. It is +Inf when μ̂ = μ exactly;
// one near-zero error makes it explode, which is why PooledEffectiveN pools
// candidates. Shares are proportions; NaN in, NaN out.
func EffectiveN(muHat, mu float64) float64 {
	e := muHat - mu
	return mu * (1 - mu) / (e * e)
}

// EffectiveNFromDDC returns Meng's (2018) effective sample size from a data
// defect correlation ρ and a sampling fraction f = n/N:
//
//	n_eff = (f / (1 − f)) / ρ²
//
// With ρ = −0.005 and f = 1 % it gives 404, Meng's headline "a 1 % sample
// is worth about 400 people". It returns +Inf when ρ = 0 and panics unless
// 0 < f < 1.
func EffectiveNFromDDC(rho, f float64) float64 {
	if !(f > 0 && f < 1) {
		panic("selection: sampling fraction out of (0, 1)")
	}
	return f / (1 - f) / (rho * rho)
}

// PooledEffectiveN pools the effective sample size over the k candidates of
// one snapshot (docs/METHODS.md §8):
//
//	n_eff = Σ_i σ_i² / Σ_i (μ̂_i − μ_i)²,   σ_i² = μ_i(1 − μ_i)
//
// the size of a random sample whose total squared error over the candidates
// equals the snapshot's, so that one candidate it happened to get right does
// not make a snapshot look like a census. The pooled data defect correlation
// that goes with it, for a size n from a population N, is the σ²-weighted
// root mean square of the candidates' ρ_i,
//
//	ρ_pooled = √(Σ_i σ_i² ρ_i² / Σ_i σ_i²)
//
// so that n_eff = (f/(1−f))/ρ_pooled², as for one candidate. ρ_pooled has no
// sign: the candidates' errors point both ways. It is NaN when n is NaN (no
// size known) and an error when n or N cannot be used (see DDC).
//
// PooledEffectiveN panics if the slices differ in length and returns NaN
// for empty slices.
func PooledEffectiveN(muHat, mu []float64, n, N float64) (nEff, rho float64, err error) {
	if len(muHat) != len(mu) {
		panic("selection: slice length mismatch")
	}
	if len(mu) == 0 {
		return math.NaN(), math.NaN(), nil
	}
	var sigma2, err2, rho2 float64
	for i := range mu {
		e := muHat[i] - mu[i]
		sigma2 += mu[i] * (1 - mu[i])
		err2 += e * e
	}
	nEff = sigma2 / err2
	if math.IsNaN(n) {
		return nEff, math.NaN(), nil
	}
	for i := range mu {
		r, err := DDC(muHat[i], mu[i], n, N, 0)
		if err != nil {
			return nEff, math.NaN(), err
		}
		rho2 += mu[i] * (1 - mu[i]) * r * r
	}
	return nEff, math.Sqrt(rho2 / sigma2), nil
}

// OverRepresentation returns, for each candidate i, how many times more
// likely a supporter of i had to be counted than a supporter of the
// reference candidate for a snapshot to come out as it did (docs/METHODS.md §8):
//
//	r_i = (x_i / q_i) / (x_ref / q_ref)
//
// with x the snapshot's values and q the official shares. The ratio is
// scale-free, so x may be shares in points, proportions, raw counts
// (tweets, likes) or approval percentages, and q any unit: if the chance of
// being counted is R_i for a supporter of i, a count is proportional to
// R_i·q_i and r_i estimates R_i/R_ref. r_ref = 1; r_i > 1 means i's
// supporters were louder than the reference's.
//
// A value x_i of 0 gives r_i = 0; q_i must be positive. OverRepresentation
// returns an error if the reference's value is not positive, and panics if
// the slices differ in length or ref is out of range.
func OverRepresentation(x, q []float64, ref int) ([]float64, error) {
	if len(x) != len(q) {
		panic("selection: slice length mismatch")
	}
	if ref < 0 || ref >= len(x) {
		panic("selection: reference index out of range")
	}
	if !(x[ref] > 0) {
		return nil, fmt.Errorf("the reference candidate's value %v is not positive: the ratios are undefined", x[ref])
	}
	r := make([]float64, len(x))
	for i := range x {
		if !(q[i] > 0) {
			return nil, fmt.Errorf("official share %v of category %d is not positive", q[i], i)
		}
		r[i] = (x[i] / q[i]) / (x[ref] / q[ref])
	}
	return r, nil
}

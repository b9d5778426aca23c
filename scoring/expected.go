package scoring

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// BinomialMAD returns E|p̂ − p|, the expected absolute error of the share
// p̂ = X/n of a simple random sample of size n whose population share is p
// (X ~ Binomial(n, p)), as a fraction. It uses de Moivre's closed form of
// the binomial mean absolute deviation (Diaconis & Zabell 1991, "Closed
// form summation for classical distributions: variations on a theme of De
// Moivre", Statistical Science 6(3), eq. 1.1):
//
//	E|X − np| = 2 ν C(n, ν) p^ν (1 − p)^(n − ν + 1),  ν = ⌊np⌋ + 1
//
// computed in logarithms so that n in the tens of thousands does not
// overflow. It returns 0 for p = 0 or 1 and NaN for n < 1 or p outside
// [0, 1].
func BinomialMAD(n int, p float64) float64 {
	switch {
	case n < 1 || !(p >= 0 && p <= 1):
		return math.NaN()
	case p == 0 || p == 1:
		return 0
	}
	nu := math.Floor(float64(n)*p) + 1
	if nu > float64(n) { // np ≥ n only for p = 1
		return 0
	}
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	logC := lg(float64(n)+1) - lg(nu+1) - lg(float64(n)-nu+1)
	return 2 * nu * math.Exp(logC+nu*math.Log(p)+(float64(n)-nu+1)*math.Log1p(-p)) / float64(n)
}

// ExpectedSRS returns what a simple random sample of n respondents would
// score against the result (docs/METHODS.md §10.1): shares are the result's shares
// of the candidates scored, in points. expectedMAE is E[MAE] exactly, the
// mean of the candidates' BinomialMAD (the expectation of a mean is the
// mean of the expectations, whatever the multinomial's correlations);
// srsRMSE is the root of the expected mean squared error,
// √(mean p_i(1 − p_i)/n), in points — not E[RMSE], which is smaller (Jensen).
func ExpectedSRS(shares []float64, n int) (expectedMAE, srsRMSE float64) {
	for _, s := range shares {
		p := s / 100
		expectedMAE += BinomialMAD(n, p)
		srsRMSE += p * (1 - p) / float64(n)
	}
	k := float64(len(shares))
	return 100 * expectedMAE / k, 100 * math.Sqrt(srsRMSE/k)
}

// multinomial draws counts of a multinomial sample of size n over the
// categories of probabilities p (summing to 1), by sequential conditional
// binomials: X_j ~ Binomial(n − Σ_{i<j} X_i, p_j / Σ_{i≥j} p_i). counts
// receives the draw.
func multinomial(src rand.Source, n int, p, counts []float64) {
	left, rest := float64(n), 1.0
	for j, pj := range p {
		switch {
		case left == 0 || pj <= 0:
			counts[j] = 0
		case j == len(p)-1 || pj >= rest:
			counts[j] = left
		default:
			counts[j] = distuv.Binomial{N: left, P: pj / rest, Src: src}.Rand()
		}
		left -= counts[j]
		rest -= pj
	}
}

// withRest returns the fractions of shares (points) with one more category
// for the rest of the vote, so that a multinomial can be drawn over them.
func withRest(shares []float64) []float64 {
	p := make([]float64, len(shares), len(shares)+1)
	var sum float64
	for i, s := range shares {
		p[i] = s / 100
		sum += p[i]
	}
	return append(p, max(0, 1-sum))
}

// SRSInterval simulates the MAE of draws simple random samples of n
// respondents from the result (a seeded parametric bootstrap: multinomial
// draws over the candidates scored and the rest of the vote,
// docs/METHODS.md §10.1) and returns the 2.5 % and 97.5 % quantiles of their MAE (points)
// and the share of draws whose MAE is at least observed: the one-sided
// p-value of "this forecast erred no more than a random sample would".
// Quantiles are R's type 7 (linear interpolation between order
// statistics). The same src gives the same result.
func SRSInterval(src rand.Source, shares []float64, n int, observed float64, draws int) (lo, hi, p float64) {
	prob := withRest(shares)
	counts := make([]float64, len(prob))
	maes := make([]float64, draws)
	above := 0
	for d := range maes {
		multinomial(src, n, prob, counts)
		var sum float64
		for i, s := range shares {
			sum += math.Abs(100*counts[i]/float64(n) - s)
		}
		maes[d] = sum / float64(len(shares))
		if maes[d] >= observed {
			above++
		}
	}
	slices.Sort(maes)
	return quantile(maes, 0.025), quantile(maes, 0.975), float64(above) / float64(draws)
}

// quantile returns the q quantile of sorted x, R's type 7: x[h] interpolated
// linearly, h = (len − 1) q.
func quantile(x []float64, q float64) float64 {
	h := float64(len(x)-1) * q
	i := int(math.Floor(h))
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}

// source returns the random source of one snapshot for a seed: a PCG
// generator keyed by the seed and a hash of the snapshot id, so that a
// snapshot's draws do not depend on which other snapshots are scored, nor
// on their order.
func source(seed uint64, key string) rand.Source {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.NewPCG(seed, h.Sum64())
}

package scoring

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// DieboldMariano tests whether two forecasters are equally accurate
// (Diebold & Mariano 1995, "Comparing predictive accuracy", Journal of
// Business & Economic Statistics 13(3)), with the small-sample correction
// of Harvey, Leybourne & Newbold (1997, "Testing the equality of
// prediction mean squared errors", International Journal of Forecasting
// 13(2)). e1 and e2 are the two forecasters' errors on the same targets, in
// time order; the loss is |e|^power (1: absolute, 2: squared) and h is the
// forecast horizon. It returns the statistic and its two-sided p-value, and
// reproduces R forecast::dm.test(e1, e2, alternative = "two.sided", h, power)
// with its default variance estimator ("acf"):
//
//	d_t   = |e1_t|^power − |e2_t|^power,  t = 1…n
//	γ_k   = (1/n) Σ_{t=1}^{n−k} (d_t − d̄)(d_{t+k} − d̄)   (R acf, type "covariance")
//	V     = (γ_0 + 2 Σ_{k=1}^{h−1} γ_k) / n
//	DM    = d̄ / √V × √((n + 1 − 2h + h(h−1)/n) / n)      (HLN correction)
//	p     = 2 P(T_{n−1} < −|DM|)                            (Student t, n − 1 df)
//
// A negative statistic says forecaster 1 had the smaller loss. As in
// dm.test, when V ≤ 0 with h > 1 the test is made again with h = 1 (the
// autocovariances made the variance estimate negative), and when V ≤ 0
// with h = 1 (every d_t equal: nothing to test) it returns an error.
//
// It returns an error if the lengths differ, h < 1, h > n, power ≤ 0, a
// value is not finite, or the correction factor is not positive (h too large
// for n, where dm.test would return NaN).
func DieboldMariano(e1, e2 []float64, h int, power float64) (stat, p float64, err error) {
	stat, p, _, err = dieboldMariano(e1, e2, h, power)
	return stat, p, err
}

// dieboldMariano is DieboldMariano that also returns the horizon used: h,
// or 1 after the fallback.
func dieboldMariano(e1, e2 []float64, h int, power float64) (stat, p float64, used int, err error) {
	fail := func(format string, args ...any) (float64, float64, int, error) {
		return math.NaN(), math.NaN(), 0, fmt.Errorf("Diebold-Mariano: "+format, args...)
	}
	n := len(e1)
	switch {
	case n != len(e2):
		return fail("%d errors against %d: the two series must be paired", n, len(e2))
	case h < 1:
		return fail("horizon h = %d: must be at least 1", h)
	case h > n:
		return fail("horizon h = %d is longer than the %d paired errors", h, n)
	case !(power > 0) || math.IsInf(power, 0):
		return fail("loss power %g: must be positive (1 absolute, 2 squared)", power)
	}
	d := make([]float64, n)
	var mean float64
	for i := range d {
		d[i] = math.Pow(math.Abs(e1[i]), power) - math.Pow(math.Abs(e2[i]), power)
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) {
			return fail("pair %d has an error that is not a finite number", i+1)
		}
		mean += d[i]
	}
	mean /= float64(n)
	v := 0.0
	for k := range h {
		var g float64
		for t := 0; t+k < n; t++ {
			g += (d[t] - mean) * (d[t+k] - mean)
		}
		g /= float64(n)
		if k > 0 {
			g *= 2
		}
		v += g
	}
	v /= float64(n)
	if !(v > 0) {
		if h > 1 {
			return dieboldMariano(e1, e2, 1, power)
		}
		return fail("the loss differences are all equal: their variance is zero, nothing to test")
	}
	fn, fh := float64(n), float64(h)
	k2 := (fn + 1 - 2*fh + fh/fn*(fh-1)) / fn
	if !(k2 > 0) {
		return fail("horizon h = %d is too long for %d pairs (the Harvey-Leybourne-Newbold factor is not positive)", h, n)
	}
	stat = mean / math.Sqrt(v) * math.Sqrt(k2)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: fn - 1}
	return stat, 2 * t.CDF(-math.Abs(stat)), h, nil
}

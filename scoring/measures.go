package scoring

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// z975 is the 0.975 quantile of the standard normal distribution, Φ⁻¹(0.975),
// the multiplier of the 95 % confidence intervals of Bias. It is Stata's
// invnormal(0.975), which the reference software surveybias 1.4 uses: the
// golden CBS/NYT and help-file intervals give (ci95_high − A')/SE =
// 1.95996398454005 in every row, and the rounded 1.96 of the design brief
// would move the CBS/NYT bounds by up to 7e-6, outside the 5e-7 tolerance
// (docs/METHODS.md §4).
const z975 = 1.959963984540054

// MAE returns the mean absolute error, in the units of f and v (points for
// shares in points):
//
//	mae = (1/k) Σ_i |f_i − v_i|
//
// with f the forecast, v the official result and k = len(f). It is
// Mosteller's (1949) Measure 3 and FiveThirtyEight's average error.
//
// MAE panics if len(f) != len(v). It returns NaN if the slices are empty or
// any element is NaN.
func MAE(f, v []float64) float64 {
	checkLen(f, v)
	if len(f) == 0 {
		return math.NaN()
	}
	var sum float64
	for i, fi := range f {
		sum += math.Abs(fi - v[i])
	}
	return sum / float64(len(f))
}

// RMSE returns the root mean squared error, in the units of f and v:
//
//	rmse = √((1/k) Σ_i (f_i − v_i)²)
//
// with f the forecast, v the official result and k = len(f). It weighs large
// misses more than MAE does; RMSE ≥ MAE always.
//
// RMSE panics if len(f) != len(v). It returns NaN if the slices are empty or
// any element is NaN.
func RMSE(f, v []float64) float64 {
	checkLen(f, v)
	if len(f) == 0 {
		return math.NaN()
	}
	var sum float64
	for i, fi := range f {
		d := fi - v[i]
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(f)))
}

// MaxAbsError returns the largest absolute error, in the units of f and v:
//
//	max_abs_error = max_i |f_i − v_i|
//
// with f the forecast and v the official result.
//
// MaxAbsError panics if len(f) != len(v). It returns NaN if the slices are
// empty or any element is NaN.
func MaxAbsError(f, v []float64) float64 {
	checkLen(f, v)
	if len(f) == 0 {
		return math.NaN()
	}
	var m float64
	for i, fi := range f {
		d := math.Abs(fi - v[i])
		if math.IsNaN(d) {
			return math.NaN()
		}
		if d > m {
			m = d
		}
	}
	return m
}

// MarginError returns the error on the margin between two candidates a and
// b, in points:
//
//	margin_error = (fa − fb) − (va − vb)
//
// with fa, fb the forecast and va, vb the official shares of a and b. It is
// signed, forecast minus result: positive when the forecast over-states a's
// lead over b (or under-states b's lead). Its absolute value is Mosteller's
// (1949) Measure 5 and FiveThirtyEight's "error"; with a the Democrat and b
// the Republican it is FiveThirtyEight's "bias" (raw-polls.csv). docs/METHODS.md §3
// takes a and b to be the two official leaders, whatever their order in the
// forecast. NaN in, NaN out.
func MarginError(fa, fb, va, vb float64) float64 {
	return (fa - fb) - (va - vb)
}

// SurveyBias holds the multinomial bias measures of Arzheimer & Evans (2014)
// for one forecast against one result, as computed by Bias. Slices are in
// the order of the categories passed to Bias.
type SurveyBias struct {
	// APrime holds A'_i, the log odds ratio of category i in the forecast
	// against the result; positive when the forecast over-states i.
	APrime []float64

	// B is the mean of |A'_i|; Bw is the mean weighted by the true shares.
	B, Bw float64

	// HasN reports whether a sample size was given. When it is false,
	// SE, Z, P, Lo and Hi hold NaN (they are not nil) and so do the
	// chi-square statistics and their p-values.
	HasN bool

	// SE, Z, P, Lo and Hi are, per category, the standard error of A'_i,
	// its Wald z, the two-sided normal p-value and the bounds of the 95 %
	// confidence interval A'_i ± Φ⁻¹(0.975)·SE.
	SE, Z, P, Lo, Hi []float64

	// ChiPearson and ChiLR are Pearson's X² and the likelihood-ratio G²
	// statistics of the global test of no bias, PPearson and PLR their
	// upper-tail p-values on DF degrees of freedom.
	ChiPearson, PPearson, ChiLR, PLR float64

	// DF is the degrees of freedom of the chi-square tests, k − 1.
	DF int
}

// A CategoryError reports a category whose share Bias or MTKA cannot use:
// a negative, NaN or infinite share, or a proportion of 0 or 1, for which
// the log odds ratio is infinite. Index is the category's position in the
// input slices, so that the caller can drop it or merge it into "Others"
// (docs/METHODS.md §4).
type CategoryError struct {
	Side   string  // "poll" or "result"
	Index  int     // position of the category in the input slices
	Value  float64 // the share as given
	Reason string
}

func (e *CategoryError) Error() string {
	return fmt.Sprintf("scoring: %s share of category %d (%v) %s", e.Side, e.Index, e.Value, e.Reason)
}

// Bias returns the multinomial bias measures of Arzheimer & Evans (2014,
// "A New Multinomial Accuracy Measure for Polling Bias", Political Analysis
// 22(1)), as computed by their reference software, Stata surveybias 1.4.
//
// poll and result are the shares of the same k ≥ 2 categories, in the same
// order and in any unit (points, proportions, counts). Each is renormalised
// to proportions first, p from poll and q from result:
//
//	p_i = poll_i / Σ_j poll_j    q_i = result_i / Σ_j result_j
//
//	A'_i = ln[ (p_i/(1−p_i)) / (q_i/(1−q_i)) ]
//	B    = (1/k) Σ_i |A'_i|
//	B_w  = Σ_i q_i |A'_i|
//
// A'_i is positive when the poll over-states category i. B grows with k:
// compare B only across identical category sets.
//
// n is the sample size behind the poll (the expressed base, not the total
// interviewed). The result is treated as exact, so only the poll's sampling
// error enters:
//
//	SE_i = 1/√(n·p_i·(1−p_i))
//	z_i  = A'_i / SE_i                  (Wald)
//	P_i  = 2·(1 − Φ(|z_i|))             (two-sided, normal)
//	CI_i = A'_i ± Φ⁻¹(0.975)·SE_i       (Φ⁻¹(0.975) = 1.959963984540054)
//
// The global test of no bias compares O_i = n·p_i with E_i = n·q_i on
// k − 1 degrees of freedom, with upper-tail chi-square p-values:
//
//	X² = Σ_i (O_i − E_i)²/E_i           (Pearson)
//	G² = 2 Σ_i O_i ln(O_i/E_i)          (likelihood ratio)
//
// The CI multiplier is the exact quantile Stata uses, not the rounded 1.96.
// P is computed as erfc(|z|/√2), which equals 2·(1 − Φ(|z|)) but keeps full
// relative precision for small p-values (1 − Φ would lose it past |z| ≈ 5).
// The reference software gives no standard error for B or B_w; neither
// does Bias.
//
// When n ≤ 0 or n is NaN the sample size is unknown (buzz figures): HasN is
// false and SE, Z, P, Lo, Hi, the chi-square statistics and their p-values
// are NaN. Bias never invents an n. n need not be an integer (an effective
// sample size may be passed).
//
// Bias returns an error, never panics, if the slices differ in length, k < 2,
// a share is negative, NaN or infinite, a vector sums to 0, or a proportion
// is 0 or 1 (A' would be infinite: the *CategoryError names the category's
// index), or n is +Inf.
func Bias(poll, result []float64, n float64) (SurveyBias, error) {
	k := len(poll)
	if k != len(result) {
		return SurveyBias{}, fmt.Errorf("scoring: poll has %d categories, result has %d", k, len(result))
	}
	if k < 2 {
		return SurveyBias{}, fmt.Errorf("scoring: bias needs at least 2 categories, got %d", k)
	}
	if math.IsInf(n, 0) {
		return SurveyBias{}, errors.New("scoring: sample size is infinite")
	}
	pOdds, p, err := odds("poll", poll)
	if err != nil {
		return SurveyBias{}, err
	}
	qOdds, q, err := odds("result", result)
	if err != nil {
		return SurveyBias{}, err
	}

	sb := SurveyBias{
		APrime:     make([]float64, k),
		HasN:       n > 0,
		SE:         make([]float64, k),
		Z:          make([]float64, k),
		P:          make([]float64, k),
		Lo:         make([]float64, k),
		Hi:         make([]float64, k),
		ChiPearson: math.NaN(),
		PPearson:   math.NaN(),
		ChiLR:      math.NaN(),
		PLR:        math.NaN(),
		DF:         k - 1,
	}
	for i := range k {
		a := math.Log(pOdds[i] / qOdds[i])
		sb.APrime[i] = a
		sb.B += math.Abs(a)
		sb.Bw += q[i] * math.Abs(a)
	}
	sb.B /= float64(k)

	if !sb.HasN {
		for _, s := range [][]float64{sb.SE, sb.Z, sb.P, sb.Lo, sb.Hi} {
			for i := range s {
				s[i] = math.NaN()
			}
		}
		return sb, nil
	}

	var pearson, lr float64
	for i, a := range sb.APrime {
		// p_i(1−p_i) = p_i²/odds_i, avoiding the cancellation in 1−p_i.
		se := 1 / math.Sqrt(n*p[i]*p[i]/pOdds[i])
		z := a / se
		sb.SE[i] = se
		sb.Z[i] = z
		sb.P[i] = math.Erfc(math.Abs(z) / math.Sqrt2)
		sb.Lo[i] = a - z975*se
		sb.Hi[i] = a + z975*se

		o, e := n*p[i], n*q[i]
		pearson += (o - e) * (o - e) / e
		lr += o * math.Log(o/e)
	}
	lr *= 2
	chi := distuv.ChiSquared{K: float64(k - 1)}
	sb.ChiPearson, sb.PPearson = pearson, chi.Survival(pearson)
	sb.ChiLR, sb.PLR = lr, chi.Survival(lr)
	return sb, nil
}

// odds validates a share vector and returns, per category, the odds
// x_i/Σ_{j≠i} x_j = p_i/(1−p_i) and the proportion p_i = x_i/Σ_j x_j. The
// odds are computed from the other shares' sum rather than from 1 − p_i so
// that no precision is lost when p_i is close to 1.
func odds(side string, x []float64) (o, p []float64, err error) {
	var sum float64
	for i, xi := range x {
		switch {
		case math.IsNaN(xi):
			return nil, nil, &CategoryError{Side: side, Index: i, Value: xi, Reason: "is NaN"}
		case math.IsInf(xi, 0):
			return nil, nil, &CategoryError{Side: side, Index: i, Value: xi, Reason: "is infinite"}
		case xi < 0:
			return nil, nil, &CategoryError{Side: side, Index: i, Value: xi, Reason: "is negative"}
		}
		sum += xi
	}
	if sum <= 0 {
		return nil, nil, fmt.Errorf("scoring: %s shares sum to %v", side, sum)
	}
	o = make([]float64, len(x))
	p = make([]float64, len(x))
	for i, xi := range x {
		p[i] = xi / sum
		if p[i] == 0 {
			return nil, nil, &CategoryError{Side: side, Index: i, Value: xi,
				Reason: "is a proportion of 0: A' is infinite; drop the category or merge it into Others"}
		}
		if p[i] == 1 {
			return nil, nil, &CategoryError{Side: side, Index: i, Value: xi,
				Reason: "is a proportion of 1: A' is infinite for the other categories"}
		}
		var rest float64
		for j, xj := range x {
			if j != i {
				rest += xj
			}
		}
		o[i] = xi / rest
	}
	return o, p, nil
}

// MTKA returns Martin, Traugott & Kennedy's (2005, "A Review and Proposal
// for Using Polls to Assess Poll Accuracy", Public Opinion Quarterly 69(3))
// accuracy measure A for a race between candidates a and b, and its
// standard error:
//
//	A  = ln[ (fa/fb) / (va/vb) ]
//	SE = 1/√(n·p'_a·p'_b),   p'_a = fa/(fa+fb), p'_b = fb/(fa+fb)
//
// with fa, fb the poll's and va, vb the official shares (any unit, the same
// on each side) and n the poll's sample size. A is positive when the poll
// favours a relative to the result, 0 when the poll's ratio is exact. For
// two categories A equals A'_a of Bias (docs/METHODS.md §3).
//
// When n ≤ 0 or n is NaN (unknown), se is NaN. MTKA returns an error if a
// share is not a positive finite number or n is +Inf.
func MTKA(fa, fb, va, vb, n float64) (a, se float64, err error) {
	for i, x := range []float64{fa, fb, va, vb} {
		if !(x > 0) || math.IsInf(x, 1) {
			side, idx := "poll", i
			if i >= 2 {
				side, idx = "result", i-2
			}
			return math.NaN(), math.NaN(), &CategoryError{Side: side, Index: idx, Value: x,
				Reason: "is not a positive finite number"}
		}
	}
	if math.IsInf(n, 0) {
		return math.NaN(), math.NaN(), errors.New("scoring: sample size is infinite")
	}
	a = math.Log((fa / fb) / (va / vb))
	se = math.NaN()
	if n > 0 {
		s := fa + fb
		se = 1 / math.Sqrt(n*(fa/s)*(fb/s))
	}
	return a, se, nil
}

func checkLen(x, y []float64) {
	if len(x) != len(y) {
		panic("scoring: slice length mismatch")
	}
}

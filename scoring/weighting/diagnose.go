package weighting

import (
	"math"
	"slices"
)

// Kish returns Kish's design effect due to unequal weights and the effective
// sample size (Kish 1965; Kish 1992, Journal of Official Statistics 8(2)):
//
//	deff = n Σw² / (Σw)²
//	n_eff = (Σw)² / Σw² = n / deff
//
// deff is 1 for equal weights and grows with their spread (1 + the squared
// coefficient of variation of the weights, with the variance taken over n).
// Kish panics if w is empty; it returns NaN when Σw² is 0.
func Kish(w []float64) (deff, neff float64) {
	if len(w) == 0 {
		panic("weighting: Kish of no weights")
	}
	var s, s2 float64
	for _, x := range w {
		s += x
		s2 += x * x
	}
	if s2 == 0 {
		return math.NaN(), math.NaN()
	}
	neff = s * s / s2
	return float64(len(w)) / neff, neff
}

// Share is the composition of one category: in the sample, after weighting,
// and in the targets. Shares are proportions of the variable's total.
type Share struct {
	Variable, Category string
	N                  int     // respondents
	Sample             float64 // N / n
	Design             float64 // Σ_k d / Σ d; NaN without design weights
	Weighted           float64 // Σ_k w / Σ w
	Target             float64 // T_k / Σ_k' T_k'
	TargetValue        float64 // the target as read (a count or a share)
}

// Composition returns the sample, design-weighted, weighted and target shares
// of every category of every variable, in the order of the targets.
func Composition(s *Sample, t *Targets, w []float64) []Share {
	n := s.Len()
	var out []Share
	sumW, sumD := sum(w), float64(n)
	if s.Design != nil {
		sumD = sum(s.Design)
	}
	for v, x := range t.Vars {
		k := len(x.Categories)
		cnt, dk, wk := make([]int, k), make([]float64, k), make([]float64, k)
		for i, c := range s.Codes[v] {
			cnt[c]++
			dk[c] += designWeight(s, i)
			wk[c] += w[i]
		}
		sumT := sum(t.Margins[v])
		for c, name := range x.Categories {
			sh := Share{Variable: x.Name, Category: name, N: cnt[c], Sample: float64(cnt[c]) / float64(n),
				Design: math.NaN(), Weighted: wk[c] / sumW, Target: t.Margins[v][c] / sumT, TargetValue: t.Margins[v][c]}
			if s.Design != nil {
				sh.Design = dk[c] / sumD
			}
			out = append(out, sh)
		}
	}
	return out
}

// Estimate is the mean of an outcome (a proportion for a 0/1 outcome) before
// and after weighting, over the respondents with a value.
type Estimate struct {
	Outcome    string
	N          int     // respondents with a value
	Unweighted float64 // ȳ = Σy / N
	Design     float64 // Σdy / Σd; NaN without design weights
	Weighted   float64 // ȳ_w = Σwy / Σw
	Shift      float64 // ȳ_w − ȳ: how far weighting moved the estimate
	SE         float64 // standard error of ȳ: s/√N with s² = Σ(y − ȳ)²/(N − 1)
	NEff       float64 // Kish's effective n of these respondents' weights
	Binary     bool    // every value is 0 or 1: the means are proportions
}

// ShiftSE returns the shift in standard errors of the unweighted estimate.
func (e Estimate) ShiftSE() float64 { return e.Shift / e.SE }

// Estimates returns each outcome's unweighted and weighted mean. An outcome
// with no value has NaN estimates; with one value, a NaN standard error.
func Estimates(s *Sample, w []float64) []Estimate {
	var out []Estimate
	for _, o := range s.Outcomes {
		e := Estimate{Outcome: o.Name, Design: math.NaN(), Binary: true}
		var sy, swy, sw, sdy, sd float64
		var ws []float64
		for i, y := range o.Values {
			if math.IsNaN(y) {
				continue
			}
			e.N++
			e.Binary = e.Binary && (y == 0 || y == 1)
			sy += y
			swy += w[i] * y
			sw += w[i]
			d := designWeight(s, i)
			sdy += d * y
			sd += d
			ws = append(ws, w[i])
		}
		e.Unweighted, e.Weighted = sy/float64(e.N), swy/sw
		e.Shift = e.Weighted - e.Unweighted
		if s.Design != nil {
			e.Design = sdy / sd
		}
		var ss float64
		for _, y := range o.Values {
			if !math.IsNaN(y) {
				ss += (y - e.Unweighted) * (y - e.Unweighted)
			}
		}
		e.SE = math.NaN()
		if e.N > 1 {
			e.SE = math.Sqrt(ss / float64(e.N-1) / float64(e.N))
		}
		e.NEff = math.NaN()
		if len(ws) > 0 {
			_, e.NEff = Kish(ws)
		}
		out = append(out, e)
	}
	return out
}

// Diagnosis gathers weights and their diagnostics for a report.
type Diagnosis struct {
	Sample  *Sample
	Targets *Targets
	*Result
	Deff, NEff  float64 // Kish
	Min, Max    float64 // smallest and largest weight
	Composition []Share
	Estimates   []Estimate
}

// Diagnose computes the diagnostics of the weights r for s and t.
func Diagnose(s *Sample, t *Targets, r *Result) *Diagnosis {
	d := &Diagnosis{Sample: s, Targets: t, Result: r,
		Min: slices.Min(r.Weights), Max: slices.Max(r.Weights),
		Composition: Composition(s, t, r.Weights), Estimates: Estimates(s, r.Weights)}
	d.Deff, d.NEff = Kish(r.Weights)
	return d
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

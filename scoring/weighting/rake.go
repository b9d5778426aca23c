package weighting

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/sources"
)

// Defaults of RakeOptions.
const (
	DefaultTolerance = 1e-10
	DefaultMaxIter   = 100
)

// RakeOptions control raking.
type RakeOptions struct {
	// Tolerance is ε of the convergence criterion (see the package
	// documentation): relative to the sum of the design weights when below 1,
	// an absolute number of weighted respondents otherwise, as in R survey's
	// rake. 0 means DefaultTolerance.
	Tolerance float64
	// MaxIter is the largest number of passes (R's maxit); 0 means
	// DefaultMaxIter.
	MaxIter int
	// TrimLow and TrimHigh bound every weight to [TrimLow·w̄, TrimHigh·w̄],
	// where w̄ is the mean weight; both 0 means no trimming. They must satisfy
	// 0 ≤ TrimLow ≤ 1 ≤ TrimHigh.
	TrimLow, TrimHigh float64
}

// Result is a set of weights and how they were obtained.
type Result struct {
	Method  string    // "rake" or "poststratify"
	Weights []float64 // one per respondent, in the sample's order
	Total   float64   // Σw: n for proportions, N for counts
	Cells   int       // non-empty cells of the cross-classification of the variables

	// Raking only.
	Iterations int     // passes made
	MaxIter    int     // the cap on passes
	Tolerance  float64 // ε as given
	Epsilon    float64 // the threshold it stands for: ε·Σd when ε < 1, else ε
	Change     float64 // largest change of a cell total in the last pass
	// MarginTolerance is how close every margin must be met: ε·Total when
	// ε < 1 (relative to the targets' total, whatever the scale of the
	// design weights), else ε weighted respondents.
	MarginTolerance float64
	// Converged: Change < Epsilon (R survey's criterion) and every margin
	// met within MarginTolerance (always true for post-stratification).
	Converged         bool
	TrimLow, TrimHigh float64 // trimming bounds as multiples of the mean weight; 0 when none
	Trimmed           int     // respondents whose weight is at a trimming bound

	// MarginError is the largest |Σ_{i: x_iv = k} w_i − T_vk| over every
	// category k of every variable v, in weighted respondents.
	MarginError float64
	// Missed lists the margins not met within MarginTolerance, worst first
	// (empty when raking converged).
	Missed []Miss
}

// Miss is a margin that the weights do not meet.
type Miss struct {
	Variable, Category string
	Line               int     // the line of the targets file that gives it
	Weighted, Target   float64 // Σ_{i: x_iv = k} w_i and T_vk, in weighted respondents
}

// Rake computes raking weights of s to the margins t by iterative
// proportional fitting (Deming & Stephan 1940), with the convergence
// criterion of R survey's rake; see the package documentation for the
// formulas, the criterion and trimming.
//
// It returns a data error when t is a joint table, when a category with a
// positive target has no respondent (an empty cell), or when a category with
// respondents has a target of 0. Not converging is not an error: it shows in
// Result.Converged, and Result.Missed names the margins not met. Rake panics if s was not read against t or if the options
// are out of range.
func Rake(s *Sample, t *Targets, o RakeOptions) (*Result, error) {
	if t.Joint() {
		return nil, sources.Errorf(t.File, 0, "a joint table (one row per cell) is for post-stratification; raking needs the margins of each variable (variable,category,target)")
	}
	if len(s.Codes) != len(t.Vars) {
		panic("weighting: sample not read against these targets")
	}
	r := &Result{Method: "rake", Tolerance: o.Tolerance, MaxIter: o.MaxIter, TrimLow: o.TrimLow, TrimHigh: o.TrimHigh}
	if r.Tolerance == 0 {
		r.Tolerance = DefaultTolerance
	}
	if r.MaxIter == 0 {
		r.MaxIter = DefaultMaxIter
	}
	trim := o.TrimLow != 0 || o.TrimHigh != 0
	if r.Tolerance < 0 || r.MaxIter < 0 || trim && !(0 <= o.TrimLow && o.TrimLow <= 1 && 1 <= o.TrimHigh) {
		panic(fmt.Sprintf("weighting: bad options %+v", o))
	}
	n := s.Len()
	sizes := make([]int, len(t.Vars))
	for v := range t.Vars {
		sizes[v] = len(t.Vars[v].Categories)
	}
	counts := categoryCounts(s, sizes)
	if err := checkCategories(s, t, counts); err != nil {
		return nil, err
	}
	r.Total = t.Total(n)
	targets := scaledTargets(t, r.Total)

	// Atoms: the cells of the cross-classification, split by design weight
	// when trimming must tell apart respondents of one cell with different
	// design weights.
	cell, ncell := groupCells(s.Codes, sizes)
	r.Cells = ncell
	atomOf, natoms := cell, ncell
	var atomCell []int32
	if trim && !constant(s.Design) {
		dcode, nd := rankCodes(s.Design)
		atomOf, natoms = groupCells([][]int32{cell, dcode}, []int{ncell, nd})
		atomCell = make([]int32, natoms)
		for i, a := range atomOf {
			atomCell[a] = cell[i]
		}
	}
	a := newAtoms(s, natoms, atomOf)
	r.Epsilon = r.Tolerance
	r.MarginTolerance = r.Tolerance
	if r.Tolerance < 1 {
		r.Epsilon = r.Tolerance * sum(a.base)
		r.MarginTolerance = r.Tolerance * r.Total
	}
	if trim {
		mean := r.Total / float64(n)
		a.lo, a.hi = o.TrimLow*mean, o.TrimHigh*mean
	}
	r.Iterations, r.Change, r.Converged = a.rake(targets, r.Epsilon, r.MarginTolerance, r.MaxIter, trim, atomCell, ncell)
	r.Weights = a.unitWeights(s, atomOf)
	r.MarginError = marginError(s, r.Weights, targets)
	// The weights of respondents are the atoms' times their design-weight
	// shares: rounding can put them a hair off where the atoms were not.
	r.Missed = missed(s, t, r.Weights, targets, r.MarginTolerance)
	r.Converged = r.Converged && len(r.Missed) == 0
	if trim {
		for _, w := range r.Weights {
			if w <= a.lo*(1+1e-9) || w >= a.hi*(1-1e-9) {
				r.Trimmed++
			}
		}
	}
	return r, nil
}

// atoms are groups of respondents with the same categories (and, when
// trimming, the same design weight) that raking treats as one: their design
// weights sum to base, their number is count, and W is their current total
// weight. lo and hi bound a respondent's weight W/count when trimming.
type atoms struct {
	codes  [][]int32 // codes[v][a]
	base   []float64
	count  []float64
	W      []float64
	lo, hi float64
	// scratch for the bounded step
	events []event
}

// newAtoms sums the design weights of the respondents of each atom (atomOf[i]
// is respondent i's atom).
func newAtoms(s *Sample, natoms int, atomOf []int32) *atoms {
	a := &atoms{codes: make([][]int32, len(s.Codes)), base: make([]float64, natoms), count: make([]float64, natoms)}
	for v := range a.codes {
		a.codes[v] = make([]int32, natoms)
	}
	for i, c := range atomOf {
		a.base[c] += designWeight(s, i)
		a.count[c]++
		for v := range a.codes {
			a.codes[v][c] = s.Codes[v][i]
		}
	}
	a.W = slices.Clone(a.base)
	return a
}

func designWeight(s *Sample, i int) float64 {
	if s.Design == nil {
		return 1
	}
	return s.Design[i]
}

// rankCodes numbers the distinct values of x.
func rankCodes(x []float64) ([]int32, int) {
	u := slices.Clone(x)
	slices.Sort(u)
	u = slices.Compact(u)
	codes := make([]int32, len(x))
	for i, v := range x {
		k, _ := slices.BinarySearch(u, v)
		codes[i] = int32(k)
	}
	return codes, len(u)
}

// rake runs passes until the largest change of a cell total in a pass is
// below eps (R survey's criterion) and every margin is met within margTol.
// The change alone is not enough: margins that cannot be met together (a
// sample in which every woman is young, with targets that make the young
// outnumber the women) make the passes cycle with no change while a margin
// stays missed, and with trimming bounds a small change can hide margins
// that are far off. Raking then stops early, not converged, when the
// weights no longer move (change below margTol/1000), or, with bounds, when
// the margins are far off (by more than 10⁴ margTol) while the weights have
// stopped moving: the bounds and the margins cannot be met together. It
// stops, not converged, after maxIter passes. atomCell maps atoms to the
// cells of the cross-classification (nil when atoms are the cells).
func (a *atoms) rake(targets [][]float64, eps, margTol float64, maxIter int, trim bool, atomCell []int32, ncell int) (passes int, change float64, converged bool) {
	prev := make([]float64, ncell)
	cur := a.W
	if atomCell != nil {
		cur = make([]float64, ncell)
	}
	cellTotals := func(dst []float64) {
		if atomCell == nil {
			copy(dst, a.W)
			return
		}
		clear(dst)
		for i, c := range atomCell {
			dst[c] += a.W[i]
		}
	}
	cellTotals(prev)
	var sums []float64
	var members [][]int32
	for passes < maxIter {
		passes++
		for v, codes := range a.codes {
			t := targets[v]
			if trim {
				members = a.boundedStep(codes, t, members)
				continue
			}
			sums = slices.Grow(sums[:0], len(t))[:len(t)]
			clear(sums)
			for i, k := range codes {
				sums[k] += a.W[i]
			}
			for k, x := range sums {
				if x > 0 {
					sums[k] = t[k] / x
				}
			}
			for i, k := range codes {
				a.W[i] *= sums[k]
			}
		}
		if atomCell != nil {
			cellTotals(cur)
		}
		change = 0
		for c, x := range cur {
			change = max(change, math.Abs(x-prev[c]))
		}
		copy(prev, cur)
		if change >= eps {
			continue
		}
		switch e := a.marginError(targets); {
		case e <= margTol:
			return passes, change, true
		case change < 1e-3*margTol || trim && e > 1e4*margTol:
			return passes, change, false
		}
	}
	return passes, change, false
}

// boundedStep adjusts every category k of one variable so that its total
// meets t[k] with every respondent's weight within [lo, hi]: it finds the
// factor f with Σ_a count_a · clip(f·W_a/count_a, lo, hi) = t[k] and sets
// W_a to count_a · clip(f·W_a/count_a, lo, hi). This is the Kullback–Leibler
// projection of the weights onto the category's margin within the bounds,
// so that cycling through the margins is Bregman's (1967) method of cyclic
// projections. When the target cannot be met within the bounds, every
// respondent of the category goes to the nearer bound. members is scratch
// space, returned for reuse.
func (a *atoms) boundedStep(codes []int32, t []float64, members [][]int32) [][]int32 {
	for len(members) < len(t) {
		members = append(members, nil)
	}
	for k := range t {
		members[k] = members[k][:0]
	}
	for i, k := range codes {
		members[k] = append(members[k], int32(i))
	}
	for k, target := range t {
		m := members[k]
		if len(m) == 0 {
			continue
		}
		f := a.boundedFactor(m, target)
		for _, i := range m {
			a.W[i] = a.count[i] * min(max(f*a.W[i]/a.count[i], a.lo), a.hi)
		}
	}
	return members
}

// event is where atom i leaves the lower bound (up = false) or reaches the
// upper bound (up = true) as the factor grows to f.
type event struct {
	f  float64
	i  int32
	up bool
}

// boundedFactor solves Σ_{i in m} count_i · clip(f·u_i, lo, hi) = target for
// f, where u_i = W_i/count_i. The left side is continuous, non-decreasing and
// piecewise linear in f; it first tries the fixed point that holds the
// respondents at a bound there and scales the others, and otherwise sweeps
// the breakpoints in order.
func (a *atoms) boundedFactor(m []int32, target float64) float64 {
	lo, hi := a.lo, a.hi
	free := 0.0
	for _, i := range m {
		free += a.W[i]
	}
	f := target / free
	for range 8 {
		var fixed, free float64
		for _, i := range m {
			u := f * a.W[i] / a.count[i]
			switch {
			case u <= lo:
				fixed += a.count[i] * lo
			case u >= hi:
				fixed += a.count[i] * hi
			default:
				free += a.W[i]
			}
		}
		if free == 0 {
			break
		}
		g := (target - fixed) / free
		if !(g > 0) {
			break
		}
		if g == f || consistent(a, m, f, g) {
			return g
		}
		f = g
	}
	return a.sweepFactor(m, target)
}

// sweepFactor solves the equation of boundedFactor by sweeping the
// breakpoints: below every breakpoint all respondents are at lo (or free when
// lo is 0); each breakpoint frees one or sends one to hi.
func (a *atoms) sweepFactor(m []int32, target float64) float64 {
	lo, hi := a.lo, a.hi
	ev := a.events[:0]
	var fixed, slope float64
	for _, i := range m {
		u := a.W[i] / a.count[i]
		if lo > 0 {
			ev = append(ev, event{lo / u, i, false})
			fixed += a.count[i] * lo
		} else {
			slope += a.W[i]
		}
		ev = append(ev, event{hi / u, i, true})
	}
	a.events = ev
	slices.SortFunc(ev, func(x, y event) int { return cmpFloat(x.f, y.f) })
	if fixed >= target {
		return ev[0].f // every respondent at lo: as close as the bounds allow
	}
	for _, e := range ev {
		if fixed+slope*e.f >= target {
			break
		}
		if e.up {
			slope -= a.W[e.i]
			fixed += a.count[e.i] * hi
		} else {
			slope += a.W[e.i]
			fixed -= a.count[e.i] * lo
		}
	}
	if slope == 0 {
		return ev[len(ev)-1].f // every respondent at hi
	}
	return (target - fixed) / slope
}

// consistent reports whether factors f and g put every atom of m in the
// same regime (at lo, free, at hi), in which case g solves the equation.
func consistent(a *atoms, m []int32, f, g float64) bool {
	for _, i := range m {
		u := a.W[i] / a.count[i]
		if regime(f*u, a.lo, a.hi) != regime(g*u, a.lo, a.hi) {
			return false
		}
	}
	return true
}

func regime(u, lo, hi float64) int {
	switch {
	case u <= lo:
		return -1
	case u >= hi:
		return 1
	}
	return 0
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// marginError returns the largest |Σ_{a in k} W_a − t_vk|.
func (a *atoms) marginError(targets [][]float64) float64 {
	return marginError(&Sample{Codes: a.codes}, a.W, targets)
}

// unitWeights gives each respondent its design weight times its atom's
// factor W/base.
func (a *atoms) unitWeights(s *Sample, atomOf []int32) []float64 {
	factor := make([]float64, len(a.W))
	for c := range factor {
		factor[c] = a.W[c] / a.base[c]
	}
	w := make([]float64, s.Len())
	for i, c := range atomOf {
		w[i] = designWeight(s, i) * factor[c]
	}
	return w
}

func constant(x []float64) bool {
	for _, v := range x {
		if v != x[0] {
			return false
		}
	}
	return true
}

// categoryCounts returns the number of respondents in each category.
func categoryCounts(s *Sample, sizes []int) [][]int {
	counts := make([][]int, len(sizes))
	for v, codes := range s.Codes {
		counts[v] = make([]int, sizes[v])
		for _, k := range codes {
			counts[v][k]++
		}
	}
	return counts
}

// checkCategories reports empty categories (a positive target and no
// respondent) and categories with respondents and a target of 0.
func checkCategories(s *Sample, t *Targets, counts [][]int) error {
	var p sources.Problems
	for v, x := range t.Vars {
		for k, c := range x.Categories {
			target, m := t.Margins[v][k], counts[v][k]
			switch {
			case m == 0 && target > 0:
				p.Addf(t.File, t.MarginLines[v][k], "%s = %q: no respondent in %s (an empty cell: merge the category with another or drop it from the targets)", x.Name, c, s.File)
			case m > 0 && target == 0:
				p.Addf(t.File, t.MarginLines[v][k], "%s = %q has a target of 0 but %d respondent(s) in %s (first on line %d): drop them or give the category a target", x.Name, c, m, s.File, s.Lines[firstIndex(s.Codes[v], int32(k))])
			}
		}
	}
	return p.Err()
}

func firstIndex(codes []int32, k int32) int {
	for i, c := range codes {
		if c == k {
			return i
		}
	}
	return -1
}

// scaledTargets returns each variable's targets rescaled to sum to total.
// Variables whose sums differ within the reading tolerance are brought to
// exactly the same total, without which raking could not converge.
func scaledTargets(t *Targets, total float64) [][]float64 {
	out := make([][]float64, len(t.Margins))
	for v, m := range t.Margins {
		sum := 0.0
		for _, x := range m {
			sum += x
		}
		out[v] = make([]float64, len(m))
		for k, x := range m {
			out[v][k] = x * (total / sum)
		}
	}
	return out
}

// marginError returns max |Σ_{i: x_iv = k} w_i − T_vk|.
func marginError(s *Sample, w []float64, targets [][]float64) float64 {
	worst := 0.0
	for v, codes := range s.Codes {
		sums := make([]float64, len(targets[v]))
		for i, k := range codes {
			sums[k] += w[i]
		}
		for k, x := range sums {
			worst = max(worst, math.Abs(x-targets[v][k]))
		}
	}
	return worst
}

// missed returns the margins that w misses by more than tol, worst first
// (then in the targets' order).
func missed(s *Sample, t *Targets, w []float64, targets [][]float64, tol float64) []Miss {
	var out []Miss
	for v, codes := range s.Codes {
		sums := make([]float64, len(targets[v]))
		for i, k := range codes {
			sums[k] += w[i]
		}
		for k, x := range sums {
			if math.Abs(x-targets[v][k]) > tol {
				out = append(out, Miss{Variable: t.Vars[v].Name, Category: t.Vars[v].Categories[k], Line: t.MarginLines[v][k], Weighted: x, Target: targets[v][k]})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Miss) int { return cmpFloat(math.Abs(b.Weighted-b.Target), math.Abs(a.Weighted-a.Target)) })
	return out
}

// cellName describes a cell for an error message: sex = "F", age = "18-24".
func cellName(t *Targets, codes func(v int) int) string {
	parts := make([]string, len(t.Vars))
	for v, x := range t.Vars {
		parts[v] = x.Name + " = " + strconv.Quote(x.Categories[codes(v)])
	}
	return strings.Join(parts, ", ")
}

package scoring

import (
	"fmt"
	"math"
)

// Direction says which way a snapshot's figures point: whether the leading
// candidate is the one with the largest or the smallest value.
type Direction int

const (
	// HigherIsBetter is for vote shares, weight shares, volumes and
	// approval: the largest value leads.
	HigherIsBetter Direction = iota
	// LowerIsBetter is for ranks (Google Trends order): the smallest value
	// leads.
	LowerIsBetter
)

// orient returns x turned so that larger is better.
func (d Direction) orient(x float64) float64 {
	switch d {
	case HigherIsBetter:
		return x
	case LowerIsBetter:
		return -x
	}
	panic(fmt.Sprintf("scoring: unknown Direction %d", int(d)))
}

// WinnerOK returns whether a snapshot called the winner (docs/METHODS.md §5,
// winner_ok):
//
//	1    if the snapshot's leader is the winner,
//	1/m  if m candidates tie for the lead and the winner is one of them,
//	0    otherwise.
//
// This is the probability that the snapshot's leader is the winner when its
// ties are broken at random; for a two-way tie it gives FiveThirtyEight's
// rightcall of 0.5. values are the snapshot's figures for each candidate,
// winner is the index of the official winner in values, and dir says
// whether the leader has the highest or the lowest value. Ties are exact
// float64 equality: round the figures first to the precision they were
// published to if they went through arithmetic.
//
// WinnerOK returns NaN if any value is NaN (a snapshot that does not report
// every candidate cannot be scored). It panics if winner is out of range or
// dir is not a Direction.
func WinnerOK(values []float64, winner int, dir Direction) float64 {
	checkIndex(values, winner)
	best, m, ok := lead(values, dir)
	if !ok {
		return math.NaN()
	}
	if dir.orient(values[winner]) != best {
		return 0
	}
	return 1 / float64(m)
}

// Top2OK returns the probability that a snapshot's top two are exactly the
// two candidates a and b who qualified for the run-off, the snapshot's ties
// being broken uniformly at random (docs/METHODS.md §5, top2_ok). With m1 the
// number of candidates tied for the lead and, when m1 = 1, m2 the number
// tied for second place:
//
//	m1 ≥ 2:  1/C(m1, 2) = 2/(m1(m1−1))  if a and b both tie for the lead, else 0
//	m1 = 1:  1/m2                       if one of a, b leads and the other
//	                                    ties for second, else 0
//
// The order of a and b does not matter. The probability is exact: a random
// tie-break orders each group of tied candidates uniformly, so the top two
// of a group of m1 tied leaders is a uniform 2-subset of it, and the second
// place after a sole leader is a uniform pick among the m2 tied for second.
// dir says whether the leaders have the highest or the lowest values; ties
// are exact float64 equality.
//
// Top2OK returns NaN if any value is NaN. It panics if len(values) < 2, a
// or b is out of range, a == b, or dir is not a Direction.
func Top2OK(values []float64, a, b int, dir Direction) float64 {
	if len(values) < 2 {
		panic("scoring: Top2OK needs at least 2 values")
	}
	checkIndex(values, a)
	checkIndex(values, b)
	if a == b {
		panic("scoring: Top2OK needs two different candidates")
	}
	best, m1, ok := lead(values, dir)
	if !ok {
		return math.NaN()
	}
	oa, ob := dir.orient(values[a]), dir.orient(values[b])
	if m1 >= 2 {
		if oa == best && ob == best {
			return 2 / float64(m1*(m1-1))
		}
		return 0
	}
	var other float64
	switch best {
	case oa:
		other = ob
	case ob:
		other = oa
	default:
		return 0
	}
	// Second place: the largest oriented value below the sole leader.
	var second float64
	m2 := 0
	for _, x := range values {
		o := dir.orient(x)
		switch {
		case o == best:
		case m2 == 0 || o > second:
			second, m2 = o, 1
		case o == second:
			m2++
		}
	}
	if other != second {
		return 0
	}
	return 1 / float64(m2)
}

// lead returns the best oriented value of values and how many values share
// it; ok is false if a value is NaN. values must not be empty.
func lead(values []float64, dir Direction) (best float64, m int, ok bool) {
	for i, x := range values {
		o := dir.orient(x)
		switch {
		case math.IsNaN(o):
			return math.NaN(), 0, false
		case i == 0 || o > best:
			best, m = o, 1
		case o == best:
			m++
		}
	}
	return best, m, true
}

// KendallTauB returns Kendall's rank correlation τ-b between x and y, which
// accounts for ties in either (Kendall 1945, "The treatment of ties in
// ranking problems", Biometrika 33(3)):
//
//	τ_b = (n_c − n_d) / √((n_0 − n_1)(n_0 − n_2))
//
//	n_0 = n(n−1)/2       the number of pairs i < j
//	n_c                  pairs with (x_i − x_j)(y_i − y_j) > 0 (concordant)
//	n_d                  pairs with (x_i − x_j)(y_i − y_j) < 0 (discordant)
//	n_1 = Σ t(t−1)/2     over the groups of t tied values of x
//	n_2 = Σ u(u−1)/2     the same for y
//
// Pairs tied in x or in y count in neither n_c nor n_d. It is the τ of
// R's cor(method = "kendall") and of scipy.stats.kendalltau (variant "b");
// it is not gonum's stat.Kendall, which is τ-a and does not handle ties.
// τ_b is in [−1, 1], 1 when x and y are in the same order.
//
// Pass values already oriented so that larger is better (negate ranks).
// The computation takes O(n²) time, which is fine for candidate lists.
//
// KendallTauB returns NaN if it is undefined: fewer than 2 values, all x
// tied, all y tied, or any NaN. It panics if len(x) != len(y).
func KendallTauB(x, y []float64) float64 {
	checkLen(x, y)
	var nc, nd, nx, ny int
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := compare(x[i], x[j]), compare(y[i], y[j])
			if math.IsNaN(dx) || math.IsNaN(dy) {
				return math.NaN()
			}
			if dx != 0 {
				nx++
			}
			if dy != 0 {
				ny++
			}
			switch s := dx * dy; {
			case s > 0:
				nc++
			case s < 0:
				nd++
			}
		}
	}
	if nx == 0 || ny == 0 {
		return math.NaN()
	}
	return float64(nc-nd) / math.Sqrt(float64(nx)*float64(ny))
}

// compare returns 1 if a > b, −1 if a < b, 0 if a == b (infinities
// included) and NaN if either is NaN.
func compare(a, b float64) float64 {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	case a == b:
		return 0
	}
	return math.NaN()
}

func checkIndex(values []float64, i int) {
	if i < 0 || i >= len(values) {
		panic(fmt.Sprintf("scoring: index %d out of range [0, %d)", i, len(values)))
	}
}

package quota

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Homogeneity is the joint herding test of a set of polls over every
// category of a ballot (see HomogeneityTest).
type Homogeneity struct {
	// Polls and Categories are m and k, the rows and columns that entered
	// the test (categories that no poll gave any share are left out).
	Polls, Categories int
	// X2 is Pearson's statistic on DF = (m−1)(k−1) degrees of freedom,
	// PLower and PUpper its lower- and upper-tail χ² probabilities.
	X2             float64
	DF             int
	PLower, PUpper float64
}

// HomogeneityTest returns Pearson's χ² test of homogeneity of m polls over
// k categories (docs/METHODS.md §11):
//
//	E_jc = R_j C_c / T,   X² = Σ_j Σ_c (O_jc − E_jc)² / E_jc   ~ χ²_{(m−1)(k−1)}
//
// counts[j][c] is the (possibly fractional) number of respondents of poll j
// in category c, n_j × share/100; R_j, C_c and T are the row, column and
// grand totals. It is the test every single-candidate DispersionTest is a
// margin of: with k = 2 categories (a candidate and the rest) X² is that
// candidate's dispersion statistic, and over k categories it pools the
// candidates' dispersions with their multinomial covariance taken into
// account, so it needs no correction for multiple tests. Under pure
// sampling error (independent simple random samples of one population) the
// statistic follows χ² with (m−1)(k−1) degrees of freedom (Agresti 2013,
// Categorical Data Analysis, 3rd ed., §3.2; R's chisq.test on a matrix);
// a small lower-tail probability P(χ² ≤ X²) means the polls agreed more
// than independent samples would: herding, or methods they share. A small
// upper tail means they disagreed beyond sampling error.
//
// Columns whose total is 0 (a category no poll reports) are dropped, as
// they carry no information. With fewer than two polls or two categories
// left, a row total that is not positive, or a negative or NaN count, the
// statistics are NaN. It panics if the rows differ in length.
func HomogeneityTest(counts [][]float64) Homogeneity {
	h := Homogeneity{Polls: len(counts), X2: math.NaN(), PLower: math.NaN(), PUpper: math.NaN()}
	if len(counts) == 0 {
		return h
	}
	k := len(counts[0])
	col := make([]float64, k)
	row := make([]float64, len(counts))
	bad := false
	for j, r := range counts {
		if len(r) != k {
			panic("quota: rows of different lengths")
		}
		for c, x := range r {
			if !(x >= 0) {
				bad = true
			}
			row[j] += x
			col[c] += x
		}
		if !(row[j] > 0) {
			bad = true
		}
	}
	var keep []int
	var total float64
	for c, x := range col {
		if x > 0 {
			keep = append(keep, c)
			total += x
		}
	}
	h.Categories = len(keep)
	h.DF = (h.Polls - 1) * (h.Categories - 1)
	if bad || h.Polls < 2 || h.Categories < 2 {
		return h
	}
	var x2 float64
	for j, r := range counts {
		for _, c := range keep {
			e := row[j] * col[c] / total
			x2 += (r[c] - e) * (r[c] - e) / e
		}
	}
	chi := distuv.ChiSquared{K: float64(h.DF)}
	h.X2, h.PLower, h.PUpper = x2, chi.CDF(x2), chi.Survival(x2)
	return h
}

// Holm returns Holm's (1979, "A simple sequentially rejective multiple test
// procedure", Scandinavian Journal of Statistics 6(2)) adjusted p-values of
// a family of m tests, in the order given:
//
//	p̃_(i) = min(1, max_{l ≤ i} (m − l + 1) p_(l))
//
// with p_(1) ≤ … ≤ p_(m) the sorted p-values. Rejecting where p̃ < α keeps
// the chance of any false rejection in the family below α, like Bonferroni
// (m·p) but uniformly less conservative; it is R's p.adjust(p, "holm").
// NaN p-values are left NaN and do not count in m.
func Holm(p []float64) []float64 {
	out := make([]float64, len(p))
	var idx []int
	for i, x := range p {
		out[i] = math.NaN()
		if !math.IsNaN(x) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	m, run := len(idx), 0.0
	for l, i := range idx {
		run = max(run, float64(m-l)*p[i])
		out[i] = min(1, run)
	}
	return out
}

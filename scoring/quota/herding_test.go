package quota

import (
	"math"
	"testing"
)

func TestHomogeneityByHand(t *testing.T) {
	// 2×2 table [[10, 20], [20, 10]]: every expected count is 15, so
	// X² = 4 · 25/15 = 20/3 on 1 df, whose upper tail is erfc(√(X²/2)).
	h := HomogeneityTest([][]float64{{10, 20}, {20, 10}})
	if h.Polls != 2 || h.Categories != 2 || h.DF != 1 || !near(h.X2, 20.0/3, 1e-12) ||
		!near(h.PUpper, math.Erfc(math.Sqrt(10.0/3)), 1e-12) || !near(h.PLower, 1-h.PUpper, 1e-12) {
		t.Errorf("2×2: %+v", h)
	}
	// A column no poll reports is dropped: the same test on 1 df.
	if g := HomogeneityTest([][]float64{{10, 0, 20}, {20, 0, 10}}); g != h {
		t.Errorf("empty column: %+v, want %+v", g, h)
	}
	for name, c := range map[string][][]float64{
		"one poll": {{10, 20}}, "one category": {{10}, {20}}, "negative count": {{10, -1}, {20, 10}},
		"empty poll": {{0, 0}, {20, 10}}, "no polls": nil,
	} {
		if h := HomogeneityTest(c); !math.IsNaN(h.X2) || !math.IsNaN(h.PLower) {
			t.Errorf("%s: want NaN, got %+v", name, h)
		}
	}
}

// TestHomogeneityTwoCategoriesIsDispersion checks that with a candidate and
// the rest, the joint test is the candidate's dispersion test.
func TestHomogeneityTwoCategoriesIsDispersion(t *testing.T) {
	y, n := []float64{0.24, 0.23, 0.245, 0.2}, []float64{1178, 1495, 962, 666}
	var counts [][]float64
	for j := range y {
		counts = append(counts, []float64{n[j] * y[j], n[j] * (1 - y[j])})
	}
	h, d := HomogeneityTest(counts), DispersionTest(y, n, 0)
	if !near(h.X2, d.X2, 1e-12) || h.DF != d.DF || !near(h.PLower, d.PLower, 1e-12) {
		t.Errorf("homogeneity %+v, dispersion %+v", h, d)
	}
}

func TestHolm(t *testing.T) {
	// R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02;
	// the NaN is neither adjusted nor counted.
	got := Holm([]float64{0.01, 0.04, math.NaN(), 0.03, 0.005})
	want := []float64{0.03, 0.06, math.NaN(), 0.06, 0.02}
	for i := range want {
		if !near(got[i], want[i], 1e-15) {
			t.Errorf("Holm = %v, want %v", got, want)
			break
		}
	}
	if got := Holm([]float64{0.5, 0.6}); got[0] != 1 || got[1] != 1 {
		t.Errorf("Holm caps at 1: %v", got)
	}
}

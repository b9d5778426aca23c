package scoring

import (
	"math"
	"testing"
)

func TestWinnerOK(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		values []float64
		winner int
		dir    Direction
		want   float64
	}{
		{[]float64{30, 20}, 0, HigherIsBetter, 1},
		{[]float64{30, 20}, 1, HigherIsBetter, 0},
		// A two-way tie that includes the winner: FiveThirtyEight's 0.5.
		{[]float64{47, 47}, 1, HigherIsBetter, 0.5},
		// Three tied for the lead.
		{[]float64{30, 30, 30, 10}, 0, HigherIsBetter, 1.0 / 3},
		{[]float64{30, 30, 30, 10}, 2, HigherIsBetter, 1.0 / 3},
		{[]float64{30, 30, 30, 10}, 3, HigherIsBetter, 0},
		// Ranks: 1 is the leader.
		{[]float64{1, 2, 3}, 0, LowerIsBetter, 1},
		{[]float64{1, 2, 3}, 2, LowerIsBetter, 0},
		{[]float64{1, 2, 3}, 2, HigherIsBetter, 1},
		{[]float64{2, 1, 1}, 1, LowerIsBetter, 0.5},
		{[]float64{2, 1, 1}, 0, LowerIsBetter, 0},
		// Approval: higher is better, negative numbers are fine.
		{[]float64{-5, -3, -8}, 1, HigherIsBetter, 1},
		{[]float64{42}, 0, HigherIsBetter, 1},
		{[]float64{30, nan, 10}, 0, HigherIsBetter, nan},
	} {
		got := WinnerOK(test.values, test.winner, test.dir)
		if !(got == test.want || math.IsNaN(got) && math.IsNaN(test.want)) {
			t.Errorf("WinnerOK(%v, %d, %v) = %v, want %v", test.values, test.winner, test.dir, got, test.want)
		}
	}
}

func TestTop2OK(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		values []float64
		a, b   int
		dir    Direction
		want   float64
	}{
		{[]float64{30, 20, 10}, 0, 1, HigherIsBetter, 1},
		{[]float64{30, 20, 10}, 1, 0, HigherIsBetter, 1},
		{[]float64{30, 20, 10}, 0, 2, HigherIsBetter, 0},
		{[]float64{30, 20, 10}, 1, 2, HigherIsBetter, 0},
		// Three tied leaders: the top two are one of C(3,2) = 3 pairs.
		{[]float64{30, 30, 30, 10}, 0, 1, HigherIsBetter, 1.0 / 3},
		{[]float64{30, 30, 30, 10}, 2, 0, HigherIsBetter, 1.0 / 3},
		{[]float64{30, 30, 30, 10}, 0, 3, HigherIsBetter, 0},
		// Four tied leaders: 1/C(4,2) = 1/6.
		{[]float64{25, 25, 25, 25}, 2, 3, HigherIsBetter, 1.0 / 6},
		// Two tied leaders are the top two for sure.
		{[]float64{30, 30, 20}, 0, 1, HigherIsBetter, 1},
		{[]float64{30, 30, 20}, 0, 2, HigherIsBetter, 0},
		// A sole leader and two tied for second: 1/2.
		{[]float64{30, 20, 20, 10}, 0, 1, HigherIsBetter, 0.5},
		{[]float64{30, 20, 20, 10}, 2, 0, HigherIsBetter, 0.5},
		{[]float64{30, 20, 20, 10}, 1, 2, HigherIsBetter, 0},
		{[]float64{30, 20, 20, 10}, 0, 3, HigherIsBetter, 0},
		// A sole leader and three tied for second: 1/3.
		{[]float64{40, 30, 30, 30, 10}, 0, 2, HigherIsBetter, 1.0 / 3},
		// Ranks: 1 and 2 qualify.
		{[]float64{1, 2, 3}, 0, 1, LowerIsBetter, 1},
		{[]float64{1, 2, 3}, 1, 2, LowerIsBetter, 0},
		{[]float64{1, 2, 3}, 1, 2, HigherIsBetter, 1},
		{[]float64{3, 1, 2}, 2, 1, LowerIsBetter, 1},
		{[]float64{1, 1, 2}, 0, 1, LowerIsBetter, 1},
		{[]float64{1, 2, 2, 3}, 0, 2, LowerIsBetter, 0.5},
		{[]float64{2, 2, 2}, 0, 1, LowerIsBetter, 1.0 / 3},
		{[]float64{30, 20, nan}, 0, 1, HigherIsBetter, nan},
	} {
		got := Top2OK(test.values, test.a, test.b, test.dir)
		if !(math.Abs(got-test.want) <= 1e-15 || math.IsNaN(got) && math.IsNaN(test.want)) {
			t.Errorf("Top2OK(%v, %d, %d, %v) = %v, want %v", test.values, test.a, test.b, test.dir, got, test.want)
		}
	}
}

func TestKendallTauB(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		// One swapped pair of 6: (5 − 1)/6.
		{[]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}, 2.0 / 3},
		// Pairs of x = {1,2,2,3}, y = {2,1,3,3}:
		// (0,1) D, (0,2) C, (0,3) C, (1,2) tied in x, (1,3) C, (2,3) tied in y.
		// n_c = 3, n_d = 1, n_0 − n_1 = 6 − 1, n_0 − n_2 = 6 − 1:
		// τ_b = 2/√(5·5) = 0.4 (τ_a would be 2/6).
		{[]float64{1, 2, 2, 3}, []float64{2, 1, 3, 3}, 0.4},
		// x = {1,2,2,3}, y = {1,3,2,4}: the pair (1,2) is tied in x only,
		// the other 5 are concordant: τ_b = 5/√(5·6).
		{[]float64{1, 2, 2, 3}, []float64{1, 3, 2, 4}, 5 / math.Sqrt(30)},
		// x = {1,1,2,2}, y = {1,2,1,2}: one concordant pair (0,3), one
		// discordant (1,2), the rest tied: τ_b = 0.
		{[]float64{1, 1, 2, 2}, []float64{1, 2, 1, 2}, 0},
		// The example of scipy.stats.kendalltau's documentation, which
		// prints -0.47140452079103173: n_c = 2, n_d = 6, two pairs tied in
		// x, one in y: −4/√(8·9).
		{[]float64{12, 2, 1, 12, 2}, []float64{1, 4, 7, 1, 0}, -0.47140452079103173},
		// Negated ranks against shares.
		{[]float64{-1, -2, -3}, []float64{24, 21.3, 20}, 1},
		// Undefined.
		{[]float64{5, 5, 5}, []float64{1, 2, 3}, nan},
		{[]float64{1, 2, 3}, []float64{7, 7, 7}, nan},
		{[]float64{1}, []float64{1}, nan},
		{nil, nil, nan},
		{[]float64{1, 2, nan}, []float64{1, 2, 3}, nan},
	} {
		got := KendallTauB(test.x, test.y)
		if !(math.Abs(got-test.want) <= 1e-15 || math.IsNaN(got) && math.IsNaN(test.want)) {
			t.Errorf("KendallTauB(%v, %v) = %v, want %v", test.x, test.y, got, test.want)
		}
		// τ_b is symmetric in x and y.
		if rev := KendallTauB(test.y, test.x); !(rev == got || math.IsNaN(rev) && math.IsNaN(got)) {
			t.Errorf("KendallTauB(%v, %v) = %v, but %v the other way", test.y, test.x, rev, got)
		}
	}
}

func TestRankPanics(t *testing.T) {
	for name, fn := range map[string]func(){
		"WinnerOK index":     func() { WinnerOK([]float64{1, 2}, 2, HigherIsBetter) },
		"WinnerOK negative":  func() { WinnerOK([]float64{1, 2}, -1, HigherIsBetter) },
		"WinnerOK empty":     func() { WinnerOK(nil, 0, HigherIsBetter) },
		"WinnerOK direction": func() { WinnerOK([]float64{1, 2}, 0, Direction(7)) },
		"Top2OK short":       func() { Top2OK([]float64{1}, 0, 0, HigherIsBetter) },
		"Top2OK same":        func() { Top2OK([]float64{1, 2, 3}, 1, 1, HigherIsBetter) },
		"Top2OK index":       func() { Top2OK([]float64{1, 2, 3}, 0, 3, HigherIsBetter) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			fn()
		}()
	}
}

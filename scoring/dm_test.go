package scoring

import (
	"forecast/sources/sourcestest"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestDieboldMarianoR compares DieboldMariano with R forecast::dm.test on
// the cases of testdata/dm_reference.csv, written by dm_reference.R (Debian
// r-cran-forecast): varied n, h = 1, 2, 3, power 1, 2 and 1.5, a variance
// that falls back to h = 1, and a zero variance (an error in both).
func TestDieboldMarianoR(t *testing.T) {
	recs := sourcestest.ReadCSV(t, "testdata/dm_reference.csv")
	floats := func(s string) []float64 {
		var out []float64
		for _, x := range strings.Fields(s) {
			v, err := strconv.ParseFloat(x, 64)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	if len(recs) < 30 {
		t.Fatalf("%d reference cases, want at least 30", len(recs)-1)
	}
	for _, r := range recs[1:] {
		name := r[0]
		h, _ := strconv.Atoi(r[1])
		power, _ := strconv.ParseFloat(r[2], 64)
		stat, p, used, err := dieboldMariano(floats(r[3]), floats(r[4]), h, power)
		if name == "fallback" && err == nil && used != 1 {
			t.Errorf("fallback: horizon %d used, want dm.test's fallback to 1", used)
		}
		if r[5] == "error" {
			if err == nil {
				t.Errorf("%s: got %g, %g; dm.test stops with an error", name, stat, p)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		wantStat, _ := strconv.ParseFloat(r[5], 64)
		wantP, _ := strconv.ParseFloat(r[6], 64)
		if math.Abs(stat-wantStat) > 1e-9 || math.Abs(p-wantP) > 1e-9 {
			t.Errorf("%s: DM = %.17g, p = %.17g; dm.test gives %.17g, %.17g", name, stat, p, wantStat, wantP)
		}
	}
}

func TestDieboldMarianoErrors(t *testing.T) {
	for _, c := range []struct {
		e1, e2 []float64
		h      int
		power  float64
		want   string
	}{
		{[]float64{1, 2}, []float64{1}, 1, 2, "paired"},
		{[]float64{1, 2}, []float64{1, 3}, 0, 2, "at least 1"},
		{[]float64{1, 2}, []float64{1, 3}, 3, 2, "longer than"},
		{[]float64{1, 2}, []float64{1, 3}, 1, 0, "positive"},
		{[]float64{1, math.NaN()}, []float64{1, 3}, 1, 1, "finite"},
		{[]float64{2, 3}, []float64{1, 2}, 1, 1, "variance is zero"},
	} {
		_, _, err := DieboldMariano(c.e1, c.e2, c.h, c.power)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DieboldMariano(%v, %v, %d, %g): error %v, want one saying %q", c.e1, c.e2, c.h, c.power, err, c.want)
		}
	}
}

package weighting

import (
	"math"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
)

// read parses a targets file and a sample given as strings.
func read(t *testing.T, targets, sample string, o SampleOptions) (*Sample, *Targets) {
	t.Helper()
	tg, err := ReadTargets("t.csv", []byte(targets))
	if err != nil {
		t.Fatalf("targets: %v", err)
	}
	s, err := ReadSample("s.csv", []byte(sample), tg, o)
	if err != nil {
		t.Fatalf("sample: %v", err)
	}
	return s, tg
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// A 2 × 2 sample with cell counts (2, 1; 1, 1) raked to margins (500, 500)
// and (500, 500). Raking keeps the sample's cross-product ratio (Mosteller
// 1968), here 2, so the fitted table is symmetric with x11·x22 / (x12·x21) = 2:
// x11 = x22 = 1000 − 500√2 and x12 = x21 = 500√2 − 500. The two respondents of
// the first cell share x11.
const (
	hand2x2Targets = "variable,category,target\nsex,F,500\nsex,M,500\nage,young,500\nage,old,500\n"
	hand2x2Sample  = "id,sex,age\na,F,young\nb,F,young\nc,F,old\nd,M,young\ne,M,old\n"
)

func TestRakeByHand(t *testing.T) {
	x11, x12 := 1000-500*math.Sqrt2, 500*math.Sqrt2-500
	want := []float64{x11 / 2, x11 / 2, x12, x12, x11}
	for _, c := range []struct {
		name, targets string
		scale         float64
	}{
		{"counts", hand2x2Targets, 1},
		{"shares", strings.ReplaceAll(hand2x2Targets, ",500\n", ",0.5\n"), 5.0 / 1000},
		{"percentages", strings.ReplaceAll(hand2x2Targets, ",500\n", ",50\n"), 5.0 / 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, tg := read(t, c.targets, hand2x2Sample, SampleOptions{})
			r, err := Rake(s, tg, RakeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Converged || r.Cells != 4 {
				t.Errorf("converged %v, %d cells", r.Converged, r.Cells)
			}
			scale := c.scale
			for i, w := range r.Weights {
				if !near(w, want[i]*scale, 1e-9) {
					t.Errorf("w[%s] = %.12g, want %.12g", s.ID(i), w, want[i]*scale)
				}
			}
			if !near(r.Total, 1000*scale, 1e-12) || r.MarginError > 1e-9 {
				t.Errorf("total %g, margin error %g", r.Total, r.MarginError)
			}
		})
	}
}

// Counts that do not sum to 1 or 100 are population counts: weights sum to N.
func TestRakeCountsAreScaledShares(t *testing.T) {
	counts := "variable,category,target\nsex,F,5200\nsex,M,4800\nage,young,3000\nage,old,7000\n"
	shares := "variable,category,target\nsex,F,0.52\nsex,M,0.48\nage,young,0.3\nage,old,0.7\n"
	sc, tc := read(t, counts, hand2x2Sample, SampleOptions{})
	ss, ts := read(t, shares, hand2x2Sample, SampleOptions{})
	rc, err := Rake(sc, tc, RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Rake(ss, ts, RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tc.Shares || !ts.Shares || rc.Total != 10000 || rs.Total != 5 {
		t.Fatalf("shares %v/%v, totals %g/%g", tc.Shares, ts.Shares, rc.Total, rs.Total)
	}
	for i := range rc.Weights {
		if !near(rc.Weights[i], rs.Weights[i]*10000/5, 1e-6) {
			t.Errorf("w[%d] = %g with counts, %g with shares", i, rc.Weights[i], rs.Weights[i])
		}
	}
}

// The convergence criterion is R's: relative to Σd below 1, absolute from 1.
func TestRakeEpsilon(t *testing.T) {
	s, tg := read(t, hand2x2Targets, "sex,age,dw\nF,young,2\nF,young,1\nF,old,1\nM,young,1\nM,old,1\n", SampleOptions{Weight: "dw"})
	for _, c := range []struct {
		tol, eps float64
		maxIter  int
		conv     bool
	}{
		{1e-10, 6e-10, 100, true},
		{1e-3, 6e-3, 100, true},
		{2, 2, 100, true},
		{1e-10, 6e-10, 1, false},
	} {
		r, err := Rake(s, tg, RakeOptions{Tolerance: c.tol, MaxIter: c.maxIter})
		if err != nil {
			t.Fatal(err)
		}
		if !near(r.Epsilon, c.eps, 1e-15) || r.Converged != c.conv || r.Converged && r.Change >= r.Epsilon {
			t.Errorf("tolerance %g: epsilon %g, converged %v (change %g), want %g, %v", c.tol, r.Epsilon, r.Converged, r.Change, c.eps, c.conv)
		}
		if !c.conv && r.Iterations != c.maxIter {
			t.Errorf("tolerance %g: %d passes, want %d", c.tol, r.Iterations, c.maxIter)
		}
	}
}

func TestRakeTrim(t *testing.T) {
	for _, weight := range []string{"", "dw"} {
		s, tg := readFixture(t, "margins.csv", weight)
		untrimmed, err := Rake(s, tg, RakeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d0, _ := Kish(untrimmed.Weights)
		for _, c := range []struct {
			lo, hi   float64
			feasible bool
		}{
			{0.1, 10, true},
			{0, 8, true},
			{0.6, 20, false}, // too many over-represented respondents to pull down
			{0, 6, false},    // too few under-represented ones to push up
		} {
			r, err := Rake(s, tg, RakeOptions{TrimLow: c.lo, TrimHigh: c.hi, MaxIter: 1000})
			if err != nil {
				t.Fatal(err)
			}
			mean := r.Total / float64(s.Len())
			if mn, mx := minMax(r.Weights); mn < c.lo*mean*(1-1e-12) || mx > c.hi*mean*(1+1e-12) {
				t.Errorf("dw %q, [%g, %g]: weights in [%g, %g]", weight, c.lo, c.hi, mn, mx)
			}
			if !c.feasible {
				if r.Converged || r.MarginError < 1 || r.Iterations == 1000 {
					t.Errorf("dw %q, [%g, %g]: converged %v after %d passes, margin error %g; want an early stop", weight, c.lo, c.hi, r.Converged, r.Iterations, r.MarginError)
				}
				continue
			}
			if !r.Converged || r.Trimmed == 0 || r.MarginError >= r.Epsilon {
				t.Errorf("dw %q, [%g, %g]: converged %v after %d passes, %d trimmed, margin error %g", weight, c.lo, c.hi, r.Converged, r.Iterations, r.Trimmed, r.MarginError)
			}
			if d1, _ := Kish(r.Weights); d1 >= d0 {
				t.Errorf("dw %q, [%g, %g]: trimming raised deff from %g to %g", weight, c.lo, c.hi, d0, d1)
			}
		}
	}
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// Post-stratification by hand: cell A has design weights 1, 1, 2 and a
// target of 600, cell B one respondent and 400: w = d · T_c / Σ_c d.
func TestPoststratifyByHand(t *testing.T) {
	for _, targets := range []string{
		"group,target\nA,600\nB,400\n",
		"variable,category,target\ngroup,A,600\ngroup,B,400\n",
	} {
		s, tg := read(t, targets, "group,dw\nA,1\nB,1\nA,1\nA,2\n", SampleOptions{Weight: "dw"})
		r, err := Poststratify(s, tg)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []float64{150, 400, 150, 300} {
			if !near(r.Weights[i], want, 1e-12) {
				t.Errorf("w[%d] = %g, want %g", i, r.Weights[i], want)
			}
		}
		if r.Cells != 2 || r.MarginError > 1e-12 {
			t.Errorf("%d cells, margin error %g", r.Cells, r.MarginError)
		}
	}
}

func TestKish(t *testing.T) {
	for _, c := range []struct {
		w          []float64
		deff, neff float64
	}{
		{[]float64{1, 1, 1, 1}, 1, 4},
		{[]float64{2, 2}, 1, 2},
		{[]float64{1, 2, 3}, 7.0 / 6, 18.0 / 7},
		{[]float64{1, 0, 0, 0}, 4, 1},
	} {
		deff, neff := Kish(c.w)
		if !near(deff, c.deff, 1e-15) || !near(neff, c.neff, 1e-15) {
			t.Errorf("Kish(%v) = %g, %g, want %g, %g", c.w, deff, neff, c.deff, c.neff)
		}
	}
}

func TestEstimatesAndComposition(t *testing.T) {
	s, tg := read(t, "variable,category,target\ng,a,0.25\ng,b,0.75\n", "g,y\na,1\na,1\nb,0\nb,\na,0\n", SampleOptions{Outcomes: []string{"y"}})
	w := []float64{1, 1, 2, 3, 1}
	e := Estimates(s, w)[0]
	// Respondents with a value: y = 1, 1, 0, 0 with weights 1, 1, 2, 1.
	if e.N != 4 || e.Unweighted != 0.5 || e.Weighted != 0.4 || !near(e.Shift, -0.1, 1e-15) ||
		!near(e.SE, math.Sqrt(1.0/3/4), 1e-15) || !near(e.NEff, 25.0/7, 1e-15) || !math.IsNaN(e.Design) {
		t.Errorf("estimate %+v", e)
	}
	c := Composition(s, tg, w)
	if len(c) != 2 || c[0].N != 3 || c[0].Sample != 0.6 || c[0].Weighted != 3.0/8 || c[0].Target != 0.25 || c[1].TargetValue != 0.75 {
		t.Errorf("composition %+v", c)
	}
}

// Every kind of bad input is an error naming the file, the line and the
// variable, category or cell.
func TestBadInput(t *testing.T) {
	const okTargets = "variable,category,target\nsex,F,0.5\nsex,M,0.5\nage,young,0.4\nage,old,0.6\n"
	const okSample = "id,sex,age,dw,y\n1,F,young,1,1\n2,M,old,1,0\n3,F,old,1,1\n4,M,young,1,0\n"
	for _, c := range []struct {
		name, targets, sample string
		o                     SampleOptions
		method                string
		want                  string
	}{
		{"no target column", "variable,category,share\nsex,F,1\n", okSample, SampleOptions{}, "", "t.csv:1: no target column"},
		{"empty targets", "", okSample, SampleOptions{}, "", "t.csv: empty file"},
		{"counts do not add up", "variable,category,target\nsex,F,500\nsex,M,500\nage,young,400\nage,old,601\n", okSample, SampleOptions{}, "",
			"t.csv:4: age: targets sum to 1001 but sex sums to 1000"},
		{"shares do not add up", "variable,category,target\nsex,F,0.5\nsex,M,0.5\nage,young,0.4\nage,old,0.5\n", okSample, SampleOptions{}, "",
			"t.csv:4: age: shares sum to 0.9, not 1"},
		{"category twice", "variable,category,target\nsex,F,0.5\nsex,F,0.5\n", okSample, SampleOptions{}, "", `t.csv:3: sex = "F" is given twice (first on line 2)`},
		{"negative target", "variable,category,target\nsex,F,-0.5\nsex,M,1.5\n", okSample, SampleOptions{}, "", `t.csv:2: sex = "F": target: negative target -0.5`},
		{"non-numeric target", "variable,category,target\nsex,F,half\nsex,M,0.5\n", okSample, SampleOptions{}, "", `t.csv:2: sex = "F": target: "half" is not a number`},
		{"missing column", okTargets, "id,sex,dw\n1,F,1\n", SampleOptions{}, "", "s.csv:1: missing column(s) age"},
		{"unknown category", okTargets, okSample + "5,X,old,1,1\n6,X,young,1,0\n", SampleOptions{}, "",
			`s.csv:6: sex = "X" is not a category of t.csv (categories: F, M) (2 rows, first here)`},
		{"empty quota value", okTargets, okSample + "5,,old,1,1\n", SampleOptions{}, "", "s.csv:6: sex is empty"},
		{"non-numeric weight", okTargets, okSample + "5,F,old,heavy,1\n", SampleOptions{Weight: "dw"}, "", `s.csv:6: design weight dw = "heavy": not a positive number`},
		{"zero weight", okTargets, okSample + "5,F,old,0,1\n", SampleOptions{Weight: "dw"}, "", `s.csv:6: design weight dw = "0": not a positive number`},
		{"missing weight column", okTargets, okSample, SampleOptions{Weight: "pw"}, "", "s.csv:1: missing column(s) pw"},
		{"non-numeric outcome", okTargets, okSample + "5,F,old,1,yes\n", SampleOptions{Outcomes: []string{"y"}}, "", `s.csv:6: outcome y: "yes" is not a number`},
		{"id twice", okTargets, okSample + "1,F,old,1,1\n", SampleOptions{}, "", `s.csv:6: id "1" is given twice (first on line 2)`},
		{"field count", okTargets, okSample + "5,F,old\n", SampleOptions{}, "", "s.csv:6: 3 fields, the header has 5"},
		{"empty category", okTargets + "age,middle,0\n", okSample, SampleOptions{}, "rake", ""},
		{"empty category with a target", strings.Replace(okTargets, "age,old,0.6", "age,old,0.3\nage,middle,0.3", 1), okSample, SampleOptions{}, "rake",
			`t.csv:6: age = "middle": no respondent in s.csv (an empty cell`},
		{"target 0 with respondents", strings.Replace(okTargets, "age,young,0.4\nage,old,0.6", "age,young,1\nage,old,0", 1), okSample, SampleOptions{}, "rake",
			`t.csv:5: age = "old" has a target of 0 but 2 respondent(s) in s.csv (first on line 3)`},
		{"joint table to rake", "sex,age,target\nF,young,0.25\nF,old,0.25\nM,young,0.25\nM,old,0.25\n", okSample, SampleOptions{}, "rake", "t.csv: a joint table (one row per cell) is for post-stratification"},
		{"margins to post-stratify", okTargets, okSample, SampleOptions{}, "poststratify", "t.csv: post-stratification needs the joint distribution"},
		{"empty cell", "sex,age,target\nF,young,0.25\nF,old,0.25\nM,young,0.25\nM,old,0.125\nM,middle,0.125\n", okSample, SampleOptions{}, "poststratify",
			`t.csv:6: cell sex = "M", age = "middle": no respondent in s.csv (an empty cell`},
		{"cell not in the table", "sex,age,target\nF,young,0.25\nF,old,0.25\nM,young,0.5\nM,old,0\n", okSample, SampleOptions{}, "poststratify",
			`t.csv:5: cell sex = "M", age = "old" has a target of 0 but 1 respondent(s) in s.csv (first on line 3)`},
		{"sample cell missing from the table", "sex,age,target\nF,young,0.25\nF,old,0.25\nM,young,0.5\n", okSample + "5,M,young,1,1\n", SampleOptions{}, "poststratify",
			`s.csv:3: cell sex = "M", age = "old" is not in t.csv`},
		{"cell twice", "sex,age,target\nF,young,0.5\nF,young,0.5\n", okSample, SampleOptions{}, "", `t.csv:3: cell sex = "F", age = "young" is given twice (first on line 2)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := func() error {
				tg, err := ReadTargets("t.csv", []byte(c.targets))
				if err != nil {
					return err
				}
				s, err := ReadSample("s.csv", []byte(c.sample), tg, c.o)
				if err != nil {
					return err
				}
				switch c.method {
				case "rake":
					_, err = Rake(s, tg, RakeOptions{})
				case "poststratify":
					_, err = Poststratify(s, tg)
				}
				return err
			}()
			if c.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
			if !sources.IsDataError(err) {
				t.Errorf("%v is not a data error", err)
			}
		})
	}
}

// The bounded step by hand: respondents weighing 1, 1 and 4, bounds [0.5, 3].
func TestBoundedStep(t *testing.T) {
	for _, c := range []struct {
		target float64
		want   []float64
	}{
		{9, []float64{3, 3, 3}},                   // 2f + 3 = 9: f = 3, the third at hi
		{4, []float64{2.0 / 3, 2.0 / 3, 8.0 / 3}}, // 6f = 4: nobody at a bound
		{1.2, []float64{0.5, 0.5, 0.5}},           // below 3 × 0.5: everybody at lo
		{20, []float64{3, 3, 3}},                  // above 3 × 3: everybody at hi
		{1.6, []float64{0.5, 0.5, 0.6}},           // 0.5 + 0.5 + 4f = 1.6: f = 0.15, two at lo
	} {
		a := &atoms{W: []float64{1, 1, 4}, count: []float64{1, 1, 1}, lo: 0.5, hi: 3}
		a.boundedStep([]int32{0, 0, 0}, []float64{c.target}, nil)
		for i, w := range a.W {
			if !near(w, c.want[i], 1e-12) {
				t.Errorf("target %g: W = %v, want %v", c.target, a.W, c.want)
				break
			}
		}
	}
}

// The sweep solves Σ count·clip(f·W/count, lo, hi) = target wherever the
// target is within reach, on random categories.
func TestSweepFactor(t *testing.T) {
	rng := splitmix(7)
	for trial := range 500 {
		n := 1 + int(rng.float()*30)
		a := &atoms{lo: rng.float() * 0.8, hi: 1 + rng.float()*4}
		if trial%5 == 0 {
			a.lo = 0
		}
		m := make([]int32, n)
		for i := range m {
			c := float64(1 + int(rng.float()*3))
			a.count = append(a.count, c)
			a.W = append(a.W, c*rng.float()*6)
			m[i] = int32(i)
		}
		var reachLo, reachHi float64
		for _, c := range a.count {
			reachLo += c * a.lo
			reachHi += c * a.hi
		}
		target := reachLo + (reachHi-reachLo)*rng.float()
		for _, solve := range []func([]int32, float64) float64{a.sweepFactor, a.boundedFactor} {
			f := solve(m, target)
			got := 0.0
			for i := range m {
				got += a.count[i] * min(max(f*a.W[i]/a.count[i], a.lo), a.hi)
			}
			if !near(got, target, 1e-9*target) {
				t.Fatalf("trial %d: f = %g gives %g, want %g", trial, f, got, target)
			}
		}
	}
}

// Large files without quotes are read in parallel pieces; they must read
// exactly as through encoding/csv, lines and errors included.
func TestReadSampleInPieces(t *testing.T) {
	sample, margins, _ := synthetic(60000, 1)
	tg, err := ReadTargets("margins.csv", margins)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(sample), "\n")
	for _, i := range []int{30001, 45000} {
		f := strings.Split(lines[i], ",")
		f[1] = "X"
		lines[i] = strings.Join(f, ",")
	}
	lines[50000] = "\r\n"
	bad := strings.Join(lines, "")
	quoted := strings.Replace(bad, "r000001,", `"r000001",`, 1) // read by encoding/csv
	o := SampleOptions{Weight: "dw", Outcomes: []string{"vote", "scale"}}
	for _, c := range []struct{ fast, slow string }{{string(sample), strings.Replace(string(sample), "r000001,", `"r000001",`, 1)}, {bad, quoted}} {
		fast, err1 := ReadSample("s.csv", []byte(c.fast), tg, o)
		slow, err2 := ReadSample("s.csv", []byte(c.slow), tg, o)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Fatalf("errors differ:\n%v\n%v", err1, err2)
		}
		if err1 != nil {
			if want := `s.csv:30002: sex = "X" is not a category of margins.csv (categories: F, M) (2 rows, first here)`; err1.Error() != want {
				t.Errorf("error %q, want %q", err1, want)
			}
			continue
		}
		if fast.Len() != 60000 || !equalSamples(fast, slow) {
			t.Errorf("the pieces read differently from encoding/csv")
		}
	}
}

func equalSamples(a, b *Sample) bool {
	if !slices.Equal(a.Lines, b.Lines) || !slices.Equal(a.IDs, b.IDs) || !slices.Equal(a.Design, b.Design) {
		return false
	}
	for v := range a.Codes {
		if !slices.Equal(a.Codes[v], b.Codes[v]) {
			return false
		}
	}
	for j := range a.Outcomes {
		for i, y := range a.Outcomes[j].Values {
			if z := b.Outcomes[j].Values[i]; y != z && !(math.IsNaN(y) && math.IsNaN(z)) {
				return false
			}
		}
	}
	return true
}

// Margins that no weights can meet: every woman is young and every man old,
// so the young (target 900 of 1,000) are the women (target 500). Each pass
// meets the age margins exactly and misses the sex margins by 400; the
// weights stop moving, which R's criterion alone takes for convergence.
func TestRakeContradictoryMarginsDoNotConverge(t *testing.T) {
	targets := "variable,category,target\nsex,F,500\nsex,M,500\nage,young,900\nage,old,100\n"
	s, tg := read(t, targets, "sex,age\nF,young\nF,young\nM,old\n", SampleOptions{})
	r, err := Rake(s, tg, RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Converged || r.MarginError < 399 || !near(r.MarginTolerance, 1e-7, 1e-20) {
		t.Fatalf("converged %v after %d passes (change %g), margin error %g, tolerance %g; want not converged, missed by ~400",
			r.Converged, r.Iterations, r.Change, r.MarginError, r.MarginTolerance)
	}
	if len(r.Missed) == 0 {
		t.Fatal("no missed margin named")
	}
	m := r.Missed[0]
	if math.Abs(m.Weighted-m.Target) != r.MarginError || m.Line == 0 {
		t.Errorf("worst missed margin %+v, margin error %g", m, r.MarginError)
	}
}

// The margin criterion is on the targets' scale: a design weight that makes
// Σd huge must not loosen it (1e-10 × Σd would accept anything).
func TestRakeMarginToleranceIgnoresDesignScale(t *testing.T) {
	s, tg := read(t, hand2x2Targets, "sex,age,dw\nF,young,2e6\nF,young,1e6\nF,old,1e6\nM,young,1e6\nM,old,1e6\n", SampleOptions{Weight: "dw"})
	r, err := Rake(s, tg, RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Converged || r.MarginError > r.MarginTolerance || !near(r.MarginTolerance, 1e-7, 1e-20) {
		t.Errorf("converged %v, margin error %g, tolerance %g", r.Converged, r.MarginError, r.MarginTolerance)
	}
}

// Design weights that are not finite, not positive, or that dwarf the others
// (a million times the median) are errors with their line and value.
func TestAbsurdDesignWeights(t *testing.T) {
	tg, err := ReadTargets("t.csv", []byte(hand2x2Targets))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ weights, want string }{
		{"1,1,1e308,1,1", "s.csv:4: design weight dw = 1e+308 is 1e+308 times the median design weight 1"},
		{"1,1,1e-7,1,1", "s.csv:4: design weight dw = 1e-07 is 1e-07 times the median design weight 1"},
		{"1,1,Inf,1,1", `s.csv:4: design weight dw = "Inf": not a positive number`},
		{"1,1,0,1,1", `s.csv:4: design weight dw = "0": not a positive number`},
		{"1e308,1e308,1e308,1e308,1e308", "s.csv: design weights dw sum to more than the largest number"},
	} {
		w := strings.Split(c.weights, ",")
		sample := "sex,age,dw\nF,young," + w[0] + "\nF,young," + w[1] + "\nF,old," + w[2] + "\nM,young," + w[3] + "\nM,old," + w[4] + "\n"
		_, err := ReadSample("s.csv", []byte(sample), tg, SampleOptions{Weight: "dw"})
		if err == nil || !strings.Contains(err.Error(), c.want) || !sources.IsDataError(err) {
			t.Errorf("weights %s: error %v, want %q", c.weights, err, c.want)
		}
	}
}

package scoring

import (
	"errors"
	"fmt"
	"forecast/sources/sourcestest"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goldenRows reads testdata/golden/name into one map per data row, keyed by
// the header. Copies of the project's shared golden files; see
// testdata/golden/README.md for their provenance.
func goldenRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	recs := sourcestest.ReadCSV(t, path)
	if len(recs) < 2 {
		t.Fatalf("%s: no data rows", path)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := make(map[string]string, len(rec))
		for j, h := range recs[0] {
			row[h] = rec[j]
		}
		rows = append(rows, row)
	}
	return rows
}

// num parses row[col]; an empty cell is NaN.
func num(t *testing.T, file string, line int, row map[string]string, col string) float64 {
	t.Helper()
	s, ok := row[col]
	if !ok {
		t.Fatalf("%s: no column %q", file, col)
	}
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s:%d: column %s: %v", file, line, col, err)
	}
	return x
}

// tolerance is a comparison rule: absolute, or relative with an absolute
// floor for expected values of exactly 0.
type tolerance struct {
	abs, rel float64
}

func (tol tolerance) ok(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	d := math.Abs(got - want)
	if tol.rel > 0 && want != 0 {
		return d <= tol.rel*math.Abs(want)
	}
	return d <= tol.abs
}

func TestBiasGolden(t *testing.T) {
	for _, test := range []struct {
		file string
		tol  tolerance
	}{
		// Stata surveybias 1.4 output: 5e-7 absolute on every column.
		{"arzheimer_evans_cbs_nyt_2012.csv", tolerance{abs: 5e-7}},
		// Two independent implementations: 1e-9 relative, 1e-12 absolute
		// where the expected value is exactly 0 (A' and z of c2).
		{"arzheimer_evans_stata_help.csv", tolerance{rel: 1e-9, abs: 1e-12}},
	} {
		t.Run(test.file, func(t *testing.T) {
			rows := goldenRows(t, test.file)
			k := len(rows)
			poll := make([]float64, k)
			result := make([]float64, k)
			n := num(t, test.file, 2, rows[0], "n")
			for i, row := range rows {
				poll[i] = num(t, test.file, i+2, row, "poll_share")
				result[i] = num(t, test.file, i+2, row, "result_share")
				if ni := num(t, test.file, i+2, row, "n"); ni != n {
					t.Fatalf("%s:%d: n = %v, row 2 has %v", test.file, i+2, ni, n)
				}
			}
			sb, err := Bias(poll, result, n)
			if err != nil {
				t.Fatalf("Bias(%v, %v, %v): %v", poll, result, n, err)
			}
			if !sb.HasN {
				t.Errorf("HasN = false with n = %v", n)
			}
			for i, row := range rows {
				line := i + 2
				for _, c := range []struct {
					col string
					got float64
				}{
					{"a_prime", sb.APrime[i]},
					{"se", sb.SE[i]},
					{"z", sb.Z[i]},
					{"p_value", sb.P[i]},
					{"ci95_low", sb.Lo[i]},
					{"ci95_high", sb.Hi[i]},
					{"B", sb.B},
					{"B_w", sb.Bw},
					{"chi2_pearson", sb.ChiPearson},
					{"p_pearson", sb.PPearson},
					{"chi2_lr", sb.ChiLR},
					{"p_lr", sb.PLR},
					{"df", float64(sb.DF)},
				} {
					want := num(t, test.file, line, row, c.col)
					if !test.tol.ok(c.got, want) {
						t.Errorf("%s:%d %s %s: got %.15g, want %.15g (diff %.3g)",
							test.file, line, row["category"], c.col, c.got, want, c.got-want)
					}
				}
			}
		})
	}
}

func TestBiasUnknownN(t *testing.T) {
	// The help-file example without its n: A', B and B_w are as in
	// arzheimer_evans_stata_help.csv, everything that needs n is NaN.
	poll := []float64{40, 40, 20}
	result := []float64{30, 40, 30}
	wantA := []float64{0.441832752279039, 0, -0.538996500732687}
	const wantB, wantBw = 0.326943084337242, 0.294248775903518
	for _, n := range []float64{0, -1, math.NaN()} {
		sb, err := Bias(poll, result, n)
		if err != nil {
			t.Fatalf("n = %v: %v", n, err)
		}
		if sb.HasN {
			t.Errorf("n = %v: HasN = true", n)
		}
		tol := tolerance{rel: 1e-9, abs: 1e-12}
		for i, w := range wantA {
			if !tol.ok(sb.APrime[i], w) {
				t.Errorf("n = %v: A'[%d] = %v, want %v", n, i, sb.APrime[i], w)
			}
		}
		if !tol.ok(sb.B, wantB) || !tol.ok(sb.Bw, wantBw) {
			t.Errorf("n = %v: B, Bw = %v, %v, want %v, %v", n, sb.B, sb.Bw, wantB, wantBw)
		}
		if sb.DF != 2 {
			t.Errorf("n = %v: DF = %d, want 2", n, sb.DF)
		}
		for name, s := range map[string][]float64{"SE": sb.SE, "Z": sb.Z, "P": sb.P, "Lo": sb.Lo, "Hi": sb.Hi} {
			if len(s) != len(poll) {
				t.Errorf("n = %v: len(%s) = %d, want %d", n, name, len(s), len(poll))
			}
			for i, x := range s {
				if !math.IsNaN(x) {
					t.Errorf("n = %v: %s[%d] = %v, want NaN", n, name, i, x)
				}
			}
		}
		for name, x := range map[string]float64{"ChiPearson": sb.ChiPearson, "PPearson": sb.PPearson, "ChiLR": sb.ChiLR, "PLR": sb.PLR} {
			if !math.IsNaN(x) {
				t.Errorf("n = %v: %s = %v, want NaN", n, name, x)
			}
		}
	}
}

func TestBiasUnits(t *testing.T) {
	// Shares in points, proportions or counts give the same measures.
	base, err := Bias([]float64{46, 48, 5}, []float64{47.6, 48.8, 3.6}, 563)
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{0.01, 1.0 / 99, 563.0 / 99, 1e6} {
		poll := []float64{46 * scale, 48 * scale, 5 * scale}
		result := []float64{47.6 * 3, 48.8 * 3, 3.6 * 3}
		sb, err := Bias(poll, result, 563)
		if err != nil {
			t.Fatal(err)
		}
		tol := tolerance{rel: 1e-12, abs: 1e-15}
		for i := range poll {
			if !tol.ok(sb.APrime[i], base.APrime[i]) || !tol.ok(sb.SE[i], base.SE[i]) {
				t.Errorf("scale %v: category %d: A', SE = %v, %v, want %v, %v",
					scale, i, sb.APrime[i], sb.SE[i], base.APrime[i], base.SE[i])
			}
		}
		if !tol.ok(sb.ChiPearson, base.ChiPearson) || !tol.ok(sb.ChiLR, base.ChiLR) {
			t.Errorf("scale %v: chi2 = %v, %v, want %v, %v",
				scale, sb.ChiPearson, sb.ChiLR, base.ChiPearson, base.ChiLR)
		}
	}
}

func TestBiasErrors(t *testing.T) {
	for _, test := range []struct {
		name         string
		poll, result []float64
		n            float64
		side         string // "" when the error is not about one category
		index        int
	}{
		{"length mismatch", []float64{40, 60}, []float64{30, 40, 30}, 100, "", 0},
		{"one category", []float64{100}, []float64{100}, 100, "", 0},
		{"no categories", nil, nil, 100, "", 0},
		{"zero poll share", []float64{40, 60, 0}, []float64{30, 40, 30}, 100, "poll", 2},
		{"zero result share", []float64{40, 40, 20}, []float64{30, 0, 70}, 100, "result", 1},
		{"negative poll share", []float64{40, -1, 61}, []float64{30, 40, 30}, 100, "poll", 1},
		{"negative result share", []float64{40, 40, 20}, []float64{-30, 100, 30}, 100, "result", 0},
		{"NaN poll share", []float64{math.NaN(), 40, 20}, []float64{30, 40, 30}, 100, "poll", 0},
		{"infinite result share", []float64{40, 40, 20}, []float64{30, math.Inf(1), 30}, 100, "result", 1},
		{"all zero", []float64{0, 0, 0}, []float64{30, 40, 30}, 100, "", 0},
		{"proportion rounds to 1", []float64{1, 1e-300}, []float64{50, 50}, 100, "poll", 0},
		{"infinite n", []float64{40, 60}, []float64{50, 50}, math.Inf(1), "", 0},
	} {
		t.Run(test.name, func(t *testing.T) {
			sb, err := Bias(test.poll, test.result, test.n)
			if err == nil {
				t.Fatalf("Bias(%v, %v, %v) = %+v, want an error", test.poll, test.result, test.n, sb)
			}
			if !strings.HasPrefix(err.Error(), "scoring: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			var ce *CategoryError
			isCat := errors.As(err, &ce)
			if test.side == "" {
				if isCat {
					t.Errorf("error %q is a *CategoryError, want a whole-input error", err)
				}
				return
			}
			if !isCat {
				t.Fatalf("error %q is not a *CategoryError", err)
			}
			if ce.Side != test.side || ce.Index != test.index {
				t.Errorf("error on %s category %d, want %s category %d", ce.Side, ce.Index, test.side, test.index)
			}
			if want := fmt.Sprintf("category %d", test.index); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

func TestMTKA(t *testing.T) {
	for _, test := range []struct {
		fa, fb, va, vb, n float64
		a, se             float64 // NaN: not checked by hand; see the Bias identity below
	}{
		// Hand values: a tied poll of a 40-60 race.
		// A = ln[(50/50)/(40/60)] = ln 1.5; SE = 1/√(100·0.5·0.5) = 0.2.
		{50, 50, 40, 60, 100, math.Log(1.5), 0.2},
		// An exact poll: A = 0; SE = 1/√(1000·0.4·0.6).
		{40, 60, 40, 60, 1000, 0, 1 / math.Sqrt(240)},
		// Shares not summing to 100 (undecided excluded).
		{46, 48, 47.6, 48.8, 563, math.NaN(), math.NaN()},
		{55, 45, 51.1, 48.9, 1500, math.NaN(), math.NaN()},
		{2, 98, 3, 97, 800, math.NaN(), math.NaN()},
	} {
		a, se, err := MTKA(test.fa, test.fb, test.va, test.vb, test.n)
		if err != nil {
			t.Fatalf("MTKA(%v, %v, %v, %v, %v): %v", test.fa, test.fb, test.va, test.vb, test.n, err)
		}
		tol := tolerance{rel: 1e-14, abs: 1e-15}
		if !math.IsNaN(test.a) && (!tol.ok(a, test.a) || !tol.ok(se, test.se)) {
			t.Errorf("MTKA(%v, %v, %v, %v, %v) = %v, %v, want %v, %v",
				test.fa, test.fb, test.va, test.vb, test.n, a, se, test.a, test.se)
		}
		// docs/METHODS.md §3: for k = 2, A equals A'_a of Arzheimer & Evans,
		// with the same standard error.
		sb, err := Bias([]float64{test.fa, test.fb}, []float64{test.va, test.vb}, test.n)
		if err != nil {
			t.Fatal(err)
		}
		tol = tolerance{rel: 1e-12, abs: 1e-15}
		if !tol.ok(a, sb.APrime[0]) || !tol.ok(se, sb.SE[0]) {
			t.Errorf("MTKA(%v, %v, %v, %v, %v) = %v, %v; Bias gives A'_a = %v, SE = %v",
				test.fa, test.fb, test.va, test.vb, test.n, a, se, sb.APrime[0], sb.SE[0])
		}
		if !tol.ok(-a, sb.APrime[1]) {
			t.Errorf("A'_b = %v, want −A = %v", sb.APrime[1], -a)
		}
	}

	// Unknown n: A, but no SE.
	for _, n := range []float64{0, -5, math.NaN()} {
		a, se, err := MTKA(50, 50, 40, 60, n)
		if err != nil || math.Abs(a-math.Log(1.5)) > 1e-15 || !math.IsNaN(se) {
			t.Errorf("MTKA(50, 50, 40, 60, %v) = %v, %v, %v; want ln 1.5, NaN, nil", n, a, se, err)
		}
	}

	for _, in := range [][5]float64{
		{0, 50, 40, 60, 100},
		{50, -50, 40, 60, 100},
		{50, 50, math.NaN(), 60, 100},
		{50, 50, 40, math.Inf(1), 100},
		{50, 50, 40, 60, math.Inf(1)},
	} {
		if _, _, err := MTKA(in[0], in[1], in[2], in[3], in[4]); err == nil {
			t.Errorf("MTKA%v: no error", in)
		}
	}
}

func TestErrorsInPoints(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		f, v             []float64
		mae, rmse, maxAE float64
	}{
		// Differences −1, 0, −2: MAE 3/3, RMSE √(5/3), max 2.
		{[]float64{1, 2, 3}, []float64{2, 2, 5}, 1, math.Sqrt(5.0 / 3), 2},
		// CBS/NYT 2012: differences −1.6, −0.8, 1.4: MAE 3.8/3,
		// RMSE √((2.56 + 0.64 + 1.96)/3) = √1.72, max 1.6.
		{[]float64{46, 48, 5}, []float64{47.6, 48.8, 3.6}, 3.8 / 3, math.Sqrt(1.72), 1.6},
		// Exact forecast.
		{[]float64{24, 21.3, 20}, []float64{24, 21.3, 20}, 0, 0, 0},
		{[]float64{7}, []float64{4}, 3, 3, 3},
		{nil, nil, nan, nan, nan},
		{[]float64{1, nan}, []float64{1, 2}, nan, nan, nan},
		{[]float64{nan, 1}, []float64{1, 1}, nan, nan, nan},
	} {
		tol := tolerance{rel: 1e-13, abs: 1e-13}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"MAE", MAE(test.f, test.v), test.mae},
			{"RMSE", RMSE(test.f, test.v), test.rmse},
			{"MaxAbsError", MaxAbsError(test.f, test.v), test.maxAE},
		} {
			if !tol.ok(c.got, c.want) {
				t.Errorf("%s(%v, %v) = %v, want %v", c.name, test.f, test.v, c.got, c.want)
			}
		}
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for name, fn := range map[string]func(f, v []float64) float64{
		"MAE": MAE, "RMSE": RMSE, "MaxAbsError": MaxAbsError, "KendallTauB": KendallTauB,
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s did not panic on slices of lengths 2 and 3", name)
				}
			}()
			fn([]float64{1, 2}, []float64{1, 2, 3})
		}()
	}
}

func TestFiveThirtyEightConventions(t *testing.T) {
	const file = "fivethirtyeight_margin_conventions.csv"
	// Exact to 2 decimals: the published figures are rounded to 0.01.
	same := func(got, want float64) bool { return math.Round(got*100) == math.Round(want*100) }
	for i, row := range goldenRows(t, file) {
		line := i + 2
		get := func(col string) float64 { return num(t, file, line, row, col) }
		fa, fb := get("cand1_pct"), get("cand2_pct")
		va, vb := get("cand1_actual"), get("cand2_actual")
		id := fmt.Sprintf("%s:%d (%s)", file, line, row["race"])

		// The file's own margins, as a check on how it is read.
		if !same(fa-fb, get("margin_poll")) || !same(va-vb, get("margin_actual")) {
			t.Errorf("%s: margins %v, %v do not match the file", id, fa-fb, va-vb)
		}
		me := MarginError(fa, fb, va, vb)
		if bias := get("bias"); !math.IsNaN(bias) && !same(me, bias) {
			t.Errorf("%s: MarginError = %.2f, want bias %.2f", id, me, bias)
		}
		if want := get("error"); !same(math.Abs(me), want) {
			t.Errorf("%s: |MarginError| = %.2f, want error %.2f", id, math.Abs(me), want)
		}

		winner := 0
		if vb > va {
			winner = 1
		}
		if got, want := WinnerOK([]float64{fa, fb}, winner, HigherIsBetter), get("rightcall"); !same(got, want) {
			t.Errorf("%s: WinnerOK = %v, want rightcall %v", id, got, want)
		}
	}
}

func BenchmarkBias(b *testing.B) {
	// k = 12, like a first round with eleven candidates and Others.
	poll := []float64{24, 22, 19.5, 19.5, 6, 4, 1.5, 1, 1, 0.5, 0.5, 0.5}
	result := []float64{24.01, 21.3, 20.01, 19.58, 6.36, 4.7, 1.21, 1.09, 0.92, 0.64, 0.18, 0.01}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bias(poll, result, 1432); err != nil {
			b.Fatal(err)
		}
	}
}

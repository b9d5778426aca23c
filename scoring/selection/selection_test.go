package selection

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"forecast/data"
	"forecast/scoring"
	"forecast/sources"
)

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol || (math.IsNaN(got) && math.IsNaN(want))
}

func readCSV(t *testing.T, file string) []map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(s string) float64 {
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return x
}

// TestMengGolden reproduces the four cases of ../testdata/golden/meng_ddc.csv:
// the ddi R package's formula cases (unweighted and with a weight CV of 2),
// the national CCES 2016 value printed in its README, to its 7 printed
// digits, and Meng's headline effective sample size (ρ = −0.005 with a 1 %
// sample is "about 400": 404.04, printed 404.0).
func TestMengGolden(t *testing.T) {
	rows := readCSV(t, "../testdata/golden/meng_ddc.csv")
	if len(rows) != 4 {
		t.Fatalf("%d golden cases, want 4", len(rows))
	}
	for _, r := range rows {
		if r["expected_n_eff"] != "" {
			got := EffectiveNFromDDC(num(r["expected_ddc"]), 0.01)
			if !near(got, num(r["expected_n_eff"]), 0.05) || math.Round(got) != 404 {
				t.Errorf("%s: n_eff = %v, want %s", r["case"], got, r["expected_n_eff"])
			}
			continue
		}
		got, err := DDC(num(r["muhat"]), num(r["mu"]), num(r["n"]), num(r["N"]), num(r["cv"]))
		if err != nil {
			t.Fatalf("%s: %v", r["case"], err)
		}
		tol := 1e-9
		if strings.HasPrefix(r["provenance"], "kuriwaki/ddi README") {
			tol = 5e-10 // printed to 7 significant digits
		}
		if !near(got, num(r["expected_ddc"]), tol) {
			t.Errorf("%s: ρ = %.12g, want %s", r["case"], got, r["expected_ddc"])
		}
	}
}

func TestMengIdentities(t *testing.T) {
	// n_eff needs no n, and equals (f/(1−f))/ρ² for every n.
	for _, c := range []struct{ muHat, mu, n, N float64 }{{0.12, 0.10, 100, 1000}, {0.2003, 0.2401, 35e6, 36e6}, {0.55, 0.5, 1, 1e9}} {
		rho, err := DDC(c.muHat, c.mu, c.n, c.N, 0)
		if err != nil {
			t.Fatal(err)
		}
		a, b := EffectiveN(c.muHat, c.mu), EffectiveNFromDDC(rho, c.n/c.N)
		if !near(a, b, 1e-9*a) {
			t.Errorf("%+v: n_eff %v from the error, %v from ρ", c, a, b)
		}
		// Meng's identity: error = ρ·√((1−f)/f)·σ.
		f := c.n / c.N
		if e := rho * math.Sqrt((1-f)/f) * math.Sqrt(c.mu*(1-c.mu)); !near(e, c.muHat-c.mu, 1e-15) {
			t.Errorf("%+v: identity gives error %v", c, e)
		}
	}
	// By hand: μ = 0.2, μ̂ = 0.25: n_eff = 0.16/0.0025 = 64.
	if got := EffectiveN(0.25, 0.2); !near(got, 64, 1e-12) {
		t.Errorf("EffectiveN = %v, want 64", got)
	}
	if !math.IsInf(EffectiveN(0.2, 0.2), 1) {
		t.Error("no error: n_eff is infinite")
	}
}

func TestDDCRefusesUnusableSizes(t *testing.T) {
	for _, c := range []struct {
		n, N, mu float64
		want     string
	}{
		{0, 1000, 0.1, "n = 0 is not a positive"},
		{-3, 1000, 0.1, "n = -3"},
		{math.NaN(), 1000, 0.1, "n = NaN"},
		{1000, 1000, 0.1, "not smaller than the population"},
		{100, 0, 0.1, "N = 0"},
		{100, 1000, 0, "true share 0"},
	} {
		if _, err := DDC(0.12, c.mu, c.n, c.N, 0); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DDC(n=%v, N=%v, μ=%v): %v, want %q", c.n, c.N, c.mu, err, c.want)
		}
	}
}

func TestPooledByHand(t *testing.T) {
	// Two candidates: σ² = 0.16 and 0.25, errors 0.05 and −0.1:
	// n_eff = 0.41/0.0125 = 32.8, whatever each candidate's own n_eff.
	muHat, mu := []float64{0.25, 0.4}, []float64{0.2, 0.5}
	nEff, rho, err := PooledEffectiveN(muHat, mu, math.NaN(), 1000)
	if err != nil || !near(nEff, 32.8, 1e-12) || !math.IsNaN(rho) {
		t.Errorf("no n: n_eff %v ρ %v err %v", nEff, rho, err)
	}
	nEff, rho, err = PooledEffectiveN(muHat, mu, 100, 1000)
	if f := 0.1; err != nil || !near(EffectiveNFromDDC(rho, f), nEff, 1e-9) {
		t.Errorf("with n: ρ %v gives n_eff %v, want %v (%v)", rho, EffectiveNFromDDC(rho, f), nEff, err)
	}
	// n > N: ρ is undefined, n_eff is not.
	if n, rho, err := PooledEffectiveN(muHat, mu, 2000, 1000); err == nil || !near(n, 32.8, 1e-12) || !math.IsNaN(rho) {
		t.Errorf("n > N: n_eff %v, ρ %v, error %v", n, rho, err)
	}
}

func TestOverRepresentationByHand(t *testing.T) {
	// Approval 58 and 32 % for candidates who got 20 and 24 %: the first's
	// supporters had to be (58/20)/(32/24) = 2.175 times as audible.
	r, err := OverRepresentation([]float64{32, 58, 0}, []float64{24, 20, 10}, 0)
	if err != nil || r[0] != 1 || !near(r[1], 2.175, 1e-12) || r[2] != 0 {
		t.Errorf("r = %v, %v", r, err)
	}
	// Counts or shares: the same ratios.
	a, _ := OverRepresentation([]float64{1260000, 589600}, []float64{24, 21}, 0)
	b, _ := OverRepresentation([]float64{1260000.0 / 1849600, 589600.0 / 1849600}, []float64{0.24, 0.21}, 0)
	if !near(a[1], b[1], 1e-15) {
		t.Errorf("scale-free: %v vs %v", a, b)
	}
	if _, err := OverRepresentation([]float64{0, 5}, []float64{20, 20}, 0); err == nil {
		t.Error("reference value 0: want an error")
	}
}

func load(t *testing.T) *sources.Dataset {
	t.Helper()
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDiagnoseMatchesIndependentComputation compares Diagnose on the embedded
// election's final snapshots with testdata/independent.py (standard-library
// Python written from Meng 2018 and docs/METHODS.md separately from this
// package): forecast, result, error, ρ and n_eff per candidate and pooled,
// and the over-representation of each candidate against the winner.
func TestDiagnoseMatchesIndependentComputation(t *testing.T) {
	d := load(t)
	for _, round := range []int{1, 2} {
		dg, err := Diagnose(d, Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "all"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[[4]string]float64{}
		for _, r := range dg.Rows {
			for name, v := range map[string]float64{"forecast": r.Forecast, "result": r.Result, "error": r.Error, "n_eff": r.NEff, "rho": r.Rho} {
				if !math.IsNaN(v) {
					got[[4]string{"selection", r.Snapshot, r.Candidate, name}] = v
				}
			}
		}
		for _, o := range dg.Over {
			got[[4]string{"overrepresentation", o.Snapshot, o.Candidate, "r"}] = o.R
		}
		want := readCSV(t, "testdata/independent_r"+strconv.Itoa(round)+".csv")
		for _, w := range want {
			k := [4]string{w["table"], w["snapshot"], w["candidate"], w["name"]}
			g, ok := got[k]
			if !ok {
				t.Errorf("round %d: no Go value for %v", round, k)
				continue
			}
			if x := num(w["value"]); !near(g, x, 1e-9*max(1, math.Abs(x))) {
				t.Errorf("round %d: %v = %v, independent computation %v", round, k, g, x)
			}
			delete(got, k)
		}
		if len(got) > 0 {
			t.Errorf("round %d: Go values without an independent one: %v", round, got)
		}
	}
}

func TestDiagnoseSizes(t *testing.T) {
	d := load(t)
	opt := Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "buzz"}
	var series string
	for _, f := range d.Figures {
		if f.Family == sources.Buzz && f.Measure == sources.Volume && f.Round == 1 {
			series = f.Series
			break
		}
	}
	// A size given for a series gives it a ρ; it is never invented for the others.
	opt.Sizes = map[string]float64{series: 1e6}
	dg, err := Diagnose(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range dg.Rows {
		if (r.Series == series) != !math.IsNaN(r.Rho) || (r.Series == series && r.NBasis != "given") {
			t.Errorf("%s %s: n %v (%s), ρ %v", r.Snapshot, r.Candidate, r.N, r.NBasis, r.Rho)
		}
	}
	for _, c := range []struct {
		sizes map[string]float64
		want  string
	}{
		{map[string]float64{series: 0}, "is not a positive number"},
		{map[string]float64{"no-such-series": 10}, "series no-such-series has no share or volume figures"},
	} {
		opt.Sizes = c.sizes
		if _, err := Diagnose(d, opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.sizes, err, c.want)
		}
	}
	// A size of 0 recorded with the data (which Load refuses) is bad data,
	// named by snapshot.
	lb, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: opt.Candidates, Family: "poll"})
	if err != nil || len(lb.Rows) == 0 {
		t.Fatal(err)
	}
	id := lb.Rows[0].Snapshot
	for i := range d.Figures {
		if d.Figures[i].Snapshot == id {
			d.Figures[i].NExpressed = 0
		}
	}
	opt.Sizes, opt.Family = nil, "poll"
	_, err = Diagnose(d, opt)
	var de *sources.DataError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "snapshot "+id+": sample size 0 is not a positive number") {
		t.Errorf("recorded size 0: %v", err)
	}
}

func TestAttentionOverTime(t *testing.T) {
	d := load(t)
	// A support line that is the attention series' own figure plus a
	// constant correlates perfectly with it.
	byDay := map[[2]string]float64{}
	for _, f := range d.Figures {
		if f.Measure == sources.WeightShare && f.Forecast && f.Round == 1 {
			byDay[[2]string{f.Candidate, f.Published}] = f.Value + 3
		}
	}
	dg, err := Diagnose(d, Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Family: "buzz",
		Support: func(c string, day time.Time) (float64, bool) {
			v, ok := byDay[[2]string{c, day.Format(time.DateOnly)}]
			return v, ok
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(dg.OverTime) == 0 {
		t.Fatal("no correlation over time")
	}
	for _, a := range dg.OverTime {
		// Two snapshots on one day share the day's support: r < 1 is
		// possible only then.
		if a.Measure == sources.WeightShare && a.Snapshots >= 3 && !(a.Pearson > 0.9) {
			t.Errorf("%+v: want a correlation near 1", a)
		}
	}
}

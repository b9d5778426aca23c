package data_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"forecast/scoring/weighting"
)

// readCSV reads a whole CSV file of the repository as records, header first.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// TestExampleMarginsFromTheirSources recomputes examples/margins.csv from
// what data/README.md says it is made of: the registered voters of round 1,
// 2017, in each metropolitan region (the vendored results_regions.csv), and
// INSEE's census of 2018 (RP2018, table POP1B, France entière) by sex and
// five-year age group from 20, whose counts are copied below as published.
// Each target must be its share rounded to 4 decimals, one unit of the last
// decimal either way (largest-remainder rounding), and each variable must sum
// to exactly 1.
func TestExampleMarginsFromTheirSources(t *testing.T) {
	// RP2018 POP1B, France entière: men and women by five-year group, 20 and
	// over (https://insee.fr/fr/statistiques/5397445?geo=FE-1&sommaire=5397467).
	type mw struct{ men, women int }
	census := map[string][]mw{
		"20-34": {{1891915, 1841407}, {1894988, 1939465}, {1977553, 2080811}},
		"35-49": {{2047307, 2132161}, {2078773, 2131118}, {2230818, 2280135}},
		"50-64": {{2193469, 2277705}, {2090242, 2218884}, {1947372, 2136018}},
		"65+": {{1861206, 2079172}, {1406107, 1625770}, {962304, 1216917}, {758101, 1125544},
			{464287, 871288}, {180987, 463804}, {36409, 135150}, {3736, 17392}},
	}
	counts := map[string]map[string]float64{"sex": {}, "age": {}, "region": {}}
	for age, groups := range census {
		for _, g := range groups {
			counts["age"][age] += float64(g.men + g.women)
			counts["sex"]["M"] += float64(g.men)
			counts["sex"]["F"] += float64(g.women)
		}
	}
	regions := readCSV(t, "upstream/research/fr2017/results_regions.csv")
	col := map[string]int{}
	for i, h := range regions[0] {
		col[h] = i
	}
	seen := map[string]bool{}
	for _, r := range regions[1:] {
		// Metropolitan regions have codes 11 to 94; overseas ones 01 to 06.
		if r[col["round"]] != "1" || r[col["region_code"]] < "11" || seen[r[col["region_code"]]] {
			continue
		}
		seen[r[col["region_code"]]] = true
		n, err := strconv.Atoi(r[col["registered"]])
		if err != nil {
			t.Fatal(err)
		}
		counts["region"][r[col["region_name"]]] = float64(n)
	}
	if len(seen) != 13 {
		t.Fatalf("%d metropolitan regions in results_regions.csv, want 13", len(seen))
	}

	margins := readCSV(t, "examples/margins.csv")
	sums := map[string]int{}
	rows := map[string]int{}
	for _, r := range margins[1:] {
		v, k := r[0], r[1]
		target, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		var total float64
		for _, n := range counts[v] {
			total += n
		}
		share, ok := counts[v][k]
		if !ok {
			t.Errorf("margins.csv: %s = %q has no source count", v, k)
			continue
		}
		share /= total
		if math.Abs(target-share) > 1e-4 {
			t.Errorf("margins.csv: %s = %s: target %.4f, but its share is %.6f", v, k, target, share)
		}
		sums[v] += int(math.Round(target * 1e4))
		rows[v]++
	}
	for v, c := range counts {
		if rows[v] != len(c) || sums[v] != 1e4 {
			t.Errorf("margins.csv: %s has %d categories summing to %d/10000, want %d summing to 10000", v, rows[v], sums[v], len(c))
		}
	}
}

// TestExampleRespondents checks examples/respondents.csv against what
// data/README.md says of it and of raking it: 600 respondents, 70 undecided,
// outcomes that agree with the vote, and raking to examples/margins.csv that
// converges in 8 passes with a design effect of 1.30 (effective n 462).
func TestExampleRespondents(t *testing.T) {
	recs := readCSV(t, "examples/respondents.csv")
	undecided := 0
	outcomes := []struct {
		col  int
		cand string
	}{{5, "MACRON"}, {6, "LE_PEN"}, {7, "FILLON"}, {8, "MELENCHON"}}
	for i, r := range recs[1:] {
		vote := r[4]
		if vote == "" {
			undecided++
		}
		for _, o := range outcomes {
			want := map[bool]string{true: "1", false: "0"}[vote == o.cand]
			if vote == "" {
				want = "NA"
			}
			if r[o.col] != want {
				t.Errorf("respondents.csv line %d: %s = %q with vote %q, want %q", i+2, recs[0][o.col], r[o.col], vote, want)
			}
		}
	}
	if n := len(recs) - 1; n != 600 || undecided != 70 {
		t.Errorf("%d respondents, %d undecided; data/README.md says 600 and 70", n, undecided)
	}

	mb, err := os.ReadFile("examples/margins.csv")
	if err != nil {
		t.Fatal(err)
	}
	sb, err := os.ReadFile("examples/respondents.csv")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := weighting.ReadTargets("margins.csv", mb)
	if err != nil {
		t.Fatal(err)
	}
	s, err := weighting.ReadSample("respondents.csv", sb, tg, weighting.SampleOptions{Outcomes: []string{"macron", "le_pen"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := weighting.Rake(s, tg, weighting.RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	deff, neff := weighting.Kish(r.Weights)
	if !r.Converged || r.Iterations != 8 || math.Round(deff*100) != 130 || math.Round(neff) != 462 {
		t.Errorf("raking: converged %v after %d passes, deff %.3f, n_eff %.1f; data/README.md says 8 passes, 1.30 and 462",
			r.Converged, r.Iterations, deff, neff)
	}
}

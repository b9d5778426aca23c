package weighting

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// readFixture reads the targets and the sample of testdata.
func readFixture(t testing.TB, targets, weight string, outcomes ...string) (*Sample, *Targets) {
	t.Helper()
	tb, err := os.ReadFile(filepath.Join("testdata", targets))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ReadTargets(targets, tb)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := os.ReadFile(filepath.Join("testdata", "sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadSample("sample.csv", sb, tg, SampleOptions{Weight: weight, Outcomes: outcomes})
	if err != nil {
		t.Fatal(err)
	}
	return s, tg
}

// readReference reads an id,weight file written by testdata/rake.R.
func readReference(t *testing.T, name string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, r := range readCSVFile(t, name) {
		w, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[r[0]] = w
	}
	return out
}

// TestMatchesRSurvey compares the weights with those of R survey 4.1's rake
// and postStratify on the synthetic sample (testdata/rake.R), to 1e-6, and
// checks that raking stops after the same pass as R's.
func TestMatchesRSurvey(t *testing.T) {
	passes := map[string]int{}
	for _, r := range readCSVFile(t, "r_passes.csv") {
		passes[r[0]], _ = strconv.Atoi(r[1])
	}
	for _, c := range []struct {
		name, targets, weight, reference string
		method                           func(*Sample, *Targets) (*Result, error)
	}{
		{"rake", "margins.csv", "", "r_rake.csv", rakeDefault},
		{"rake_design", "margins.csv", "dw", "r_rake_design.csv", rakeDefault},
		{"poststratify", "joint.csv", "dw", "r_poststratify.csv", Poststratify},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, tg := readFixture(t, c.targets, c.weight)
			r, err := c.method(s, tg)
			if err != nil {
				t.Fatal(err)
			}
			want := readReference(t, c.reference)
			if len(want) != s.Len() {
				t.Fatalf("%d reference weights for %d respondents", len(want), s.Len())
			}
			worst := 0.0
			for i, w := range r.Weights {
				ref, ok := want[s.ID(i)]
				if !ok {
					t.Fatalf("no reference weight for %s", s.ID(i))
				}
				worst = max(worst, math.Abs(w-ref))
			}
			t.Logf("%s: max |w − w_R| = %.3g over %d respondents, %d passes", c.name, worst, s.Len(), r.Iterations)
			if worst > 1e-6 {
				t.Errorf("max |w − w_R| = %g, want ≤ 1e-6", worst)
			}
			// R stops at the first pass whose change is below ε·Σd; Rake
			// also wants the margins met within ε·Total, which can take a
			// few more passes, never fewer.
			if p, ok := passes[c.name]; ok && (r.Iterations < p || !r.Converged || r.MarginError > r.MarginTolerance) {
				t.Errorf("converged = %v after %d passes, margins met to %g (tolerance %g); R converges after %d", r.Converged, r.Iterations, r.MarginError, r.MarginTolerance, p)
			}
		})
	}
}

func rakeDefault(s *Sample, t *Targets) (*Result, error) {
	return Rake(s, t, RakeOptions{Tolerance: 1e-10, MaxIter: 100})
}

func readCSVFile(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

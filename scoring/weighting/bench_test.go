package weighting

import "testing"

// fixture100k reads the synthetic sample of 100,000 respondents (four quota
// variables: sex, age, region, occupation) and its margins.
func fixture100k(b *testing.B, joint bool, weight string) (*Sample, *Targets) {
	b.Helper()
	sample, margins, jt := synthetic(100000, synthSeed)
	if joint {
		margins = jt
	}
	t, err := ReadTargets("margins.csv", margins)
	if err != nil {
		b.Fatal(err)
	}
	s, err := ReadSample("sample.csv", sample, t, SampleOptions{Weight: weight})
	if err != nil {
		b.Fatal(err)
	}
	return s, t
}

// BenchmarkRake100k rakes 100,000 respondents to four margins with
// tolerance 1e-10, the case where R survey's rake takes 0.85 s.
func BenchmarkRake100k(b *testing.B) {
	s, t := fixture100k(b, false, "")
	for b.Loop() {
		r, err := Rake(s, t, RakeOptions{Tolerance: 1e-10, MaxIter: 100})
		if err != nil || !r.Converged {
			b.Fatal(err, r.Converged)
		}
	}
}

// BenchmarkRakeTrim100k rakes with design weights and trimming bounds, where
// atoms split by design weight.
func BenchmarkRakeTrim100k(b *testing.B) {
	s, t := fixture100k(b, false, "dw")
	for b.Loop() {
		r, err := Rake(s, t, RakeOptions{Tolerance: 1e-10, MaxIter: 1000, TrimLow: 0.1, TrimHigh: 10})
		if err != nil || !r.Converged {
			b.Fatal(err, r.Converged)
		}
	}
}

func BenchmarkPoststratify100k(b *testing.B) {
	s, t := fixture100k(b, true, "dw")
	for b.Loop() {
		if _, err := Poststratify(s, t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSample100k(b *testing.B) {
	sample, margins, _ := synthetic(100000, synthSeed)
	t, err := ReadTargets("margins.csv", margins)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(sample)))
	for b.Loop() {
		if _, err := ReadSample("sample.csv", sample, t, SampleOptions{Weight: "dw", Outcomes: []string{"vote", "scale"}}); err != nil {
			b.Fatal(err)
		}
	}
}

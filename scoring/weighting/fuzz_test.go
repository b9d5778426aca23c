package weighting

import (
	"strings"
	"testing"
)

// FuzzRead checks that no targets or sample file makes the readers, Rake or
// Poststratify panic, that every error has a message, and that weights
// computed from whatever is accepted are finite and non-negative.
func FuzzRead(f *testing.F) {
	f.Add([]byte(hand2x2Targets), []byte(hand2x2Sample), false)
	f.Add([]byte("sex,age,target\nF,young,0.5\nM,old,0.5\n"), []byte("sex,age,w\nF,young,2\nM,old,1\n"), true)
	f.Add([]byte("variable,category,target\ng,a,1\n"), []byte("\ufeffg,w\na,1e308\n"), true)
	f.Add([]byte("target\n1\n"), []byte("g\n\"a\n"), false)
	f.Add([]byte(""), []byte(""), false)
	f.Fuzz(func(t *testing.T, targets, sample []byte, weighted bool) {
		tg, err := ReadTargets("t.csv", targets)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		o := SampleOptions{Outcomes: nil}
		if weighted {
			o.Weight = "w"
		}
		s, err := ReadSample("s.csv", sample, tg, o)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, method := range []func() (*Result, error){
			func() (*Result, error) { return Rake(s, tg, RakeOptions{MaxIter: 20}) },
			func() (*Result, error) { return Rake(s, tg, RakeOptions{MaxIter: 20, TrimLow: 0.5, TrimHigh: 2}) },
			func() (*Result, error) { return Poststratify(s, tg) },
		} {
			r, err := method()
			if err != nil {
				if strings.TrimSpace(err.Error()) == "" {
					t.Fatal("empty error message")
				}
				continue
			}
			for _, w := range r.Weights {
				if !(w >= 0) || w > 1e300 {
					t.Fatalf("weight %g", w)
				}
			}
			Diagnose(s, tg, r)
		}
	})
}

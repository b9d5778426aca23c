package scoring_test

import (
	"testing"

	"forecast/data"
	"forecast/scoring"
)

// BenchmarkLoadAndScoreAll loads the embedded 2017 dataset and scores every
// snapshot of both rounds (forecast score --at all), the work of one command.
func BenchmarkLoadAndScoreAll(b *testing.B) {
	for b.Loop() {
		d, err := data.Load(data.Default)
		if err != nil {
			b.Fatal(err)
		}
		for _, round := range []int{1, 2} {
			if _, err := scoring.Score(d, scoring.Options{Round: round, At: "all", Candidates: scoring.CandidateSet{Kind: "headline"}}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkScoreAll scores every snapshot of round 1 on a loaded dataset.
func BenchmarkScoreAll(b *testing.B) {
	d, err := data.Load(data.Default)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := scoring.Score(d, scoring.Options{Round: 1, At: "all", Candidates: scoring.CandidateSet{Kind: "all"}}); err != nil {
			b.Fatal(err)
		}
	}
}

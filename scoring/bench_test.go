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

// BenchmarkScoreFinalBootstrap scores the final snapshots of round 1 with
// the default bootstrap of 'forecast score' (2000 draws): the SRS
// intervals and the rank bootstrap of the 8 polls.
func BenchmarkScoreFinalBootstrap(b *testing.B) {
	d, err := data.Load(data.Default)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}, Draws: 2000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScoreFinal is the same without the bootstrap: the exact
// expected errors and the lead-time model only.
func BenchmarkScoreFinal(b *testing.B) {
	d, err := data.Load(data.Default)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAndScore2022 is 'forecast score --election
// fr-2022-presidential --draws 0': load the embedded 2022 dataset (8,863
// poll figures) and score the final snapshots of round 1.
func BenchmarkLoadAndScore2022(b *testing.B) {
	for b.Loop() {
		d, err := data.Load("fr-2022-presidential")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := scoring.Score(d, scoring.Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}}); err != nil {
			b.Fatal(err)
		}
	}
}

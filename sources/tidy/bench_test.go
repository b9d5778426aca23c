package tidy

import (
	"testing"

	"forecast/sources/sourcestest"
)

func BenchmarkReadBuzz(b *testing.B) {
	e := sourcestest.Election2017(b)
	raw := readShared(b, "buzz.csv")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ReadBuzz("buzz.csv", raw, e, BuzzOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadPolls(b *testing.B) {
	e := sourcestest.Election2017(b)
	raw := readShared(b, "polls_round1.csv")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ReadPolls("polls_round1.csv", raw, e, PollOptions{Round: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

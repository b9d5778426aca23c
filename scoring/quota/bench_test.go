package quota

import (
	"strconv"
	"sync"
	"testing"

	"forecast/scoring"
	"forecast/sources"
)

// copies returns the dataset with every poll figure of d repeated k times,
// the copies under new snapshot ids and sponsors (so that they are not
// duplicates of each other): a campaign k times as dense on the same days.
func copies(d *sources.Dataset, k int) *sources.Dataset {
	c := *d
	c.Figures = nil
	for j := range k {
		for _, f := range d.Figures {
			if f.Family != sources.Poll {
				if j == 0 {
					c.Figures = append(c.Figures, f)
				}
				continue
			}
			if j > 0 {
				f.Snapshot += "-copy" + strconv.Itoa(j)
				f.Sponsors += " copy " + strconv.Itoa(j)
			}
			c.Figures = append(c.Figures, f)
		}
	}
	return &c
}

// BenchmarkDiagnoseCopies diagnoses round 1 of 2017 (every candidate) with
// its polls repeated 1, 10 and 100 times: the cost must grow linearly.
func BenchmarkDiagnoseCopies(b *testing.B) {
	d := load(b)
	for _, k := range []int{1, 10, 100} {
		dk := copies(d, k)
		b.Run("x"+strconv.Itoa(k), func(b *testing.B) {
			for b.Loop() {
				if _, err := Diagnose(dk, Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAverageFiguresCopies computes the poll average scored as a
// forecast (one real-time average per day a poll ended) on the same copies.
func BenchmarkAverageFiguresCopies(b *testing.B) {
	d := load(b)
	for _, k := range []int{1, 10, 100} {
		dk := copies(d, k)
		b.Run("x"+strconv.Itoa(k), func(b *testing.B) {
			for b.Loop() {
				if _, err := AverageFigures(dk, 1, "all"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJointHouseCopies estimates the house effects inside the average
// (JointModel, every candidate) on the same copies: each copy is a series of
// its own (other sponsors), so the polls grow k times and the pollsters not.
func BenchmarkJointHouseCopies(b *testing.B) {
	d := load(b)
	for _, k := range []int{1, 10, 100} {
		dg, err := Diagnose(copies(d, k), Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("x"+strconv.Itoa(k), func(b *testing.B) {
			for b.Loop() {
				dg.jointOnce = sync.Once{}
				dg.JointHouse()
			}
		})
	}
}

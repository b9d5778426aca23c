package races

import (
	"fmt"
	"slices"
	"testing"

	"forecast/sources"
)

// copies returns d with its races repeated k times, each copy's races,
// result units and poll ids suffixed with its number: k times the races and
// polls, the same pollsters.
func copies(d *sources.Dataset, k int) *sources.Dataset {
	e := *d.Election
	e.Races = nil
	out := &sources.Dataset{Election: &e}
	for c := range k {
		suffix := fmt.Sprintf("-%d", c)
		for _, r := range d.Election.Races {
			r.ID, r.Code = r.ID+suffix, r.Code+suffix
			e.Races = append(e.Races, r)
		}
		for _, x := range d.Results {
			x.Code += suffix
			out.Results = append(out.Results, x)
		}
		for _, f := range d.Figures {
			f.Race, f.Snapshot = f.Race+suffix, f.Snapshot+suffix
			out.Figures = append(out.Figures, f)
		}
	}
	return out
}

// BenchmarkAnalyse analyses the 55 races and 511 polls of 2016, and 10 and
// 100 copies of them: the time per copy must stay flat (linear in the
// races and polls).
func BenchmarkAnalyse(b *testing.B) {
	d := load(b, us2016)
	for _, k := range []int{1, 10, 100} {
		dk := copies(d, k)
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			for b.Loop() {
				a, err := Analyse(dk)
				if err != nil || len(a.Polls) != 511*k {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCopies checks the benchmark's copies: ten copies give ten times the
// races and polls, and each copy the numbers of the original.
func TestCopies(t *testing.T) {
	d := load(t, us2016)
	a, b := analyse(t, d), analyse(t, copies(d, 10))
	if len(b.Races) != 550 || len(b.Polls) != 5110 || !slices.Equal(b.Summary[1].WrongRaces[:6], []string{"FL-0", "MI-0", "NC-0", "PA-0", "WI-0", "M2-0"}) {
		t.Fatalf("%d races, %d polls, wrong %v", len(b.Races), len(b.Polls), b.Summary[1].WrongRaces)
	}
	if a.Races[10].Bias != b.Races[10+55*3].Bias {
		t.Errorf("copy 3 of %s: bias %v, original %v", a.Races[10].ID, b.Races[10+55*3].Bias, a.Races[10].Bias)
	}
}

package rating

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"forecast/sources/fivethirtyeight"
	"forecast/sources/sourcestest"
)

// copies returns the 2023 raw polls repeated k times, each copy's poll and
// race ids suffixed with its number so that no poll is a duplicate and each
// copy's races are races of their own: k times the polls and races, the
// same pollsters.
func copies(b *testing.B, k int) []byte {
	b.Helper()
	return sourcestest.Copies(b, "fivethirtyeight/2023/raw-polls.csv", k, func(c int, header, rec []string) bool {
		suffix := "-" + strconv.Itoa(c)
		rec[slices.Index(header, "poll_id")] += suffix
		rec[slices.Index(header, "race_id")] += suffix
		return true
	})
}

// BenchmarkReadAndRate reads and rates ×1, ×10 and ×100 copies of the 2023
// file (11,475 polls each): run with -benchtime 1x or 3x; time and memory
// should grow linearly with the copies.
func BenchmarkReadAndRate(b *testing.B) {
	for _, k := range []int{1, 10, 100} {
		data := copies(b, k)
		runtime.GC() // the garbage of building the copies is not the benchmark's
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			cpu := sourcestest.CPUTime()
			for b.Loop() {
				ps, err := fivethirtyeight.Read("copies.csv", data, "2023")
				if err != nil {
					b.Fatal(err)
				}
				r, err := Rate(ps, Options{FinalDays: DefaultFinalDays})
				if err != nil || len(r.Rows) != 517 {
					b.Fatalf("%v, %d rows", err, len(r.Rows))
				}
			}
			b.ReportMetric(float64(sourcestest.CPUTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

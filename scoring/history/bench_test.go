package history

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"forecast/sources/blochistory"
	"forecast/sources/sourcestest"
)

// copies returns pollsposition's bloc file with its poll rows repeated k
// times, each copy's pollsters renamed ("Ifop-3") so that the copies are
// pollsters of their own; the result and seats rows are kept once, since
// an election has one result. Copy 0 is the file itself: k times the
// polls and pollsters, the same elections.
func copies(b *testing.B, k int) []byte {
	b.Helper()
	return sourcestest.Copies(b, "pollsposition/tour1_complet_unitedfl.csv", k, func(c int, header, rec []string) bool {
		who := &rec[slices.Index(header, "sondage")]
		if *who == "result" || *who == "seats" {
			return c == 0
		}
		if c > 0 {
			*who += "-" + strconv.Itoa(c)
		}
		return true
	})
}

// BenchmarkHistory reads and analyses ×1, ×10 and ×100 copies of the poll
// rows of the real file (930 rows: 902 polls, 24 results, 4 seats rows), as `forecast
// history` does: run with -benchtime 3x or so; time and memory should grow
// linearly with the copies.
func BenchmarkHistory(b *testing.B) {
	for _, k := range []int{1, 10, 100} {
		raw := copies(b, k)
		runtime.GC() // the garbage of building the copies is not the benchmark's
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			cpu := sourcestest.CPUTime()
			for b.Loop() {
				f, err := blochistory.Read("copies.csv", raw)
				if err != nil {
					b.Fatal(err)
				}
				a, err := Analyse(f, Options{FinalDays: DefaultFinalDays})
				if err != nil || len(a.Elections) != 24 {
					b.Fatalf("%v, %d elections, want the file's 24", err, len(a.Elections))
				}
			}
			b.ReportMetric(float64(sourcestest.CPUTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

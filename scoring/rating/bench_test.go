package rating

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"forecast/sources/fivethirtyeight"
	"forecast/sources/sourcestest"
)

// copies returns the 2023 raw polls repeated k times, each copy's poll and
// race ids suffixed with its number so that no poll is a duplicate and each
// copy's races are races of their own: k times the polls and races, the
// same pollsters.
func copies(b *testing.B, k int) []byte {
	b.Helper()
	recs, err := csv.NewReader(bytes.NewReader(sourcestest.Read(b, "fivethirtyeight/2023/raw-polls.csv"))).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(recs[0])
	for c := range k {
		suffix := "-" + strconv.Itoa(c)
		for _, rec := range recs[1:] {
			r := append([]string(nil), rec...)
			r[0] += suffix // poll_id
			r[2] += suffix // race_id
			w.Write(r)
		}
	}
	w.Flush()
	return out.Bytes()
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
			cpu := cpuTime()
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
			// CPU time (user + system, GC included) is what scales on a
			// shared machine, where wall time also measures the neighbours.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

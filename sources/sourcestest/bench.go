package sourcestest

import (
	"bytes"
	"encoding/csv"
	"slices"
	"syscall"
	"testing"
	"time"
)

// Copies returns a vendored CSV file (rel is relative to Dir) with its data
// rows repeated k times, for the benchmarks that measure how the work
// grows with the data (×1, ×10, ×100). edit is given each copy's number
// (0 to k−1), the header and a fresh copy of each row: it changes the row
// so that the copies are polls, races or pollsters of their own, and says
// whether to keep it (a row that must not repeat, such as an election's
// result, is kept in one copy only).
func Copies(tb testing.TB, rel string, k int, edit func(copy int, header, rec []string) (keep bool)) []byte {
	tb.Helper()
	recs, err := csv.NewReader(bytes.NewReader(Read(tb, rel))).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", rel, err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(recs[0])
	for c := range k {
		for _, rec := range recs[1:] {
			if r := slices.Clone(rec); edit(c, recs[0], r) {
				w.Write(r)
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// CPUTime is the process's user and system CPU time so far. Benchmarks
// report it per operation (cpu-ns/op): on a shared machine, CPU time (GC
// included) is what scales with the work, where wall time also measures
// the neighbours.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

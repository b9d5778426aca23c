package proclamation_test

import (
	"testing"

	"forecast/sources/proclamation"
	"forecast/sources/sourcestest"
)

func BenchmarkReadProclamation2017(b *testing.B) {
	path, raw := upstreamFile(b, "research/fr2017/results_national.csv")
	e := sourcestest.Election2017(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := proclamation.Read(path, raw, e); err != nil {
			b.Fatal(err)
		}
	}
}

package history

import (
	"testing"

	"forecast/sources/blochistory"
	"forecast/sources/sourcestest"
)

// BenchmarkReadAndAnalyse reads the real file (930 rows) and measures
// every election's polling error, as `forecast history` does.
func BenchmarkReadAndAnalyse(b *testing.B) {
	raw := sourcestest.Read(b, "pollsposition/tour1_complet_unitedfl.csv")
	for b.Loop() {
		f, err := blochistory.Read("f.csv", raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Analyse(f, Options{FinalDays: DefaultFinalDays}); err != nil {
			b.Fatal(err)
		}
	}
}

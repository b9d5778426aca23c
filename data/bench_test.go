package data_test

import (
	"testing"

	"forecast/data"
)

// BenchmarkLoad reads and checks each embedded election, the fixed cost of
// every command (the 2022 forecasts.csv is 3.9 MB).
func BenchmarkLoad(b *testing.B) {
	for _, id := range data.Elections() {
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := data.Load(id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

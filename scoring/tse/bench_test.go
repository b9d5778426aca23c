package tse

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkFit fits the model with DefaultMCMC to 480 simulated polls of
// 60 races (the US dataset has 1,079 to 1,646 polls per group).
func BenchmarkFit(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var polls []Poll
	for r := range 60 {
		v := 0.35 + 0.3*rng.Float64()
		for range 8 {
			polls = append(polls, Poll{Group: "sim", Race: string(rune('A'+r/26)) + string(rune('a'+r%26)),
				Share: v + 0.03*rng.NormFloat64(), Result: v, N: 800, Days: float64(1 + rng.IntN(21))})
		}
	}
	for b.Loop() {
		Fit(polls, DefaultMCMC)
	}
}

package tidy

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

func nan() float64 { return math.NaN() }

func roundOf(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("round %q is not 1, 2, …", s)
	}
	return n, nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

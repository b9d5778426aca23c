package tidy

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/sources"
)

// readFile reads a researched CSV file: its header, which must have the
// required columns and no column outside known, and its records (the
// header's included) with their lines.
func readFile(file string, b []byte, required, known []string) (*sources.Header, [][]string, []int, error) {
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := sources.NewHeader(file, recs[0], required...)
	if err != nil {
		return nil, nil, nil, err
	}
	if unk := h.Unknown(known...); len(unk) > 0 {
		return nil, nil, nil, sources.DataErrorf(file, 1, "unknown column(s) %s", strings.Join(unk, ", "))
	}
	return h, recs, lines, nil
}

func nan() float64 { return math.NaN() }

func roundOf(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("round %s is not 1, 2, …", sources.Quote(s))
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

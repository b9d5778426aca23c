package scoring

import "math"

// ClusterSE is the standard error of the mean of v clustered by cluster
// (cluster[i] is the cluster of v[i]; NaN values are left out), with the
// small-sample factor G/(G−1) (CR1; Cameron & Miller 2015, J. Human
// Resources 50(2), §II.C):
//
//	SE = √(G/(G−1)·Σ_g (Σ_{i∈g} (v_i − v̄))²) / n
//
// over the G clusters that hold a value. Observations of one cluster share
// a surprise (the polls of one race its result; the polls of one pollster
// its house effect), so they count as one draw, not several. g is G; the SE
// is NaN with fewer than two clusters.
func ClusterSE(cluster []string, v []float64) (se float64, g int) {
	if len(cluster) != len(v) {
		panic("scoring: ClusterSE needs one cluster per value")
	}
	var sum, n float64
	for _, x := range v {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	mean := sum / n
	// Sums per cluster in order of first appearance: summing over a map
	// would change the last digits from run to run.
	index := map[string]int{}
	var dev []float64
	for i, c := range cluster {
		if math.IsNaN(v[i]) {
			continue
		}
		j, ok := index[c]
		if !ok {
			j = len(dev)
			index[c] = j
			dev = append(dev, 0)
		}
		dev[j] += v[i] - mean
	}
	g = len(dev)
	if g < 2 {
		return math.NaN(), g
	}
	var ss float64
	for _, d := range dev {
		ss += d * d
	}
	G := float64(g)
	return math.Sqrt(G/(G-1)*ss) / n, g
}

package scoring

import (
	"math"
	"testing"
)

// TestClusterSE checks the CR1 formula on values worked by hand: clusters
// {1, 2} and {3, 4} deviate by −2 and +2 from the mean 2.5, so
// SE = √(2/1·8)/4 = 1; a NaN is left out; one cluster has no SE.
func TestClusterSE(t *testing.T) {
	se, g := ClusterSE([]string{"a", "a", "b", "b", "c"}, []float64{1, 2, 3, 4, math.NaN()})
	if g != 2 || math.Abs(se-1) > 1e-15 {
		t.Errorf("ClusterSE = %v over %d clusters, want 1 over 2", se, g)
	}
	// Each value its own cluster: CR1 is the simple SE, sd/√n.
	se, _ = ClusterSE([]string{"a", "b", "c", "d"}, []float64{1, 2, 3, 4})
	if want := math.Sqrt(5.0/3) / 2; math.Abs(se-want) > 1e-15 {
		t.Errorf("ClusterSE with singletons = %v, want sd/√n = %v", se, want)
	}
	if se, g := ClusterSE([]string{"a", "a"}, []float64{1, 2}); !math.IsNaN(se) || g != 1 {
		t.Errorf("one cluster: %v over %d, want NaN over 1", se, g)
	}
}

package weighting_test

import (
	"fmt"

	"forecast/scoring/weighting"
)

// Raking five respondents to the margins of sex and age: the two young women
// share one cell, and the fitted table keeps the sample's cross-product
// ratio of 2 (see TestRakeByHand for the closed form, 500√2 and its kin).
func ExampleRake() {
	targets, err := weighting.ReadTargets("margins.csv", []byte("variable,category,target\nsex,F,500\nsex,M,500\nage,young,500\nage,old,500\n"))
	if err != nil {
		panic(err)
	}
	sample, err := weighting.ReadSample("sample.csv", []byte("id,sex,age\na,F,young\nb,F,young\nc,F,old\nd,M,young\ne,M,old\n"), targets, weighting.SampleOptions{})
	if err != nil {
		panic(err)
	}
	r, err := weighting.Rake(sample, targets, weighting.RakeOptions{Tolerance: 1e-10})
	if err != nil {
		panic(err)
	}
	for i, w := range r.Weights {
		fmt.Printf("%s %.4f\n", sample.ID(i), w)
	}
	deff, neff := weighting.Kish(r.Weights)
	fmt.Printf("converged %v after %d passes; deff %.3f, n_eff %.2f\n", r.Converged, r.Iterations, deff, neff)
	// Output:
	// a 146.4466
	// b 146.4466
	// c 207.1068
	// d 207.1068
	// e 292.8932
	// converged true after 9 passes; deff 1.072, n_eff 4.66
}

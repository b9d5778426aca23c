package scoring_test

import (
	"fmt"
	"log"

	"forecast/scoring"
)

// The CBS/New York Times poll of the 2012 US House vote against the result,
// the example of Arzheimer & Evans's Stata command surveybiasi. The poll's
// shares sum to 99 and are renormalised; n = 563 respondents.
func ExampleBias() {
	categories := []string{"Rep", "Dem", "Other"}
	poll := []float64{46, 48, 5}
	result := []float64{47.6, 48.8, 3.6}

	sb, err := scoring.Bias(poll, result, 563)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("category       A'      SE       z      p   95% CI")
	for i, c := range categories {
		fmt.Printf("%-8s %8.4f %7.4f %7.3f %6.3f   [%.4f, %.4f]\n",
			c, sb.APrime[i], sb.SE[i], sb.Z[i], sb.P[i], sb.Lo[i], sb.Hi[i])
	}
	fmt.Printf("B = %.4f, B_w = %.4f\n", sb.B, sb.Bw)
	fmt.Printf("Pearson chi2(%d) = %.3f, p = %.3f\n", sb.DF, sb.ChiPearson, sb.PPearson)
	fmt.Printf("LR chi2(%d) = %.3f, p = %.3f\n", sb.DF, sb.ChiLR, sb.PLR)
	// Output:
	// category       A'      SE       z      p   95% CI
	// Rep       -0.0456  0.0845  -0.539  0.590   [-0.2112, 0.1200]
	// Dem       -0.0126  0.0843  -0.150  0.881   [-0.1779, 0.1527]
	// Other      0.3537  0.1925   1.838  0.066   [-0.0235, 0.7309]
	// B = 0.1373, B_w = 0.0406
	// Pearson chi2(2) = 3.454, p = 0.178
	// LR chi2(2) = 3.086, p = 0.214
}

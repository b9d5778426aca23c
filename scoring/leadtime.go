package scoring

import (
	"math"

	"gonum.org/v1/gonum/stat"

	"forecast/sources"
)

// LeadWindow is the longest lead, in days, of the polls the lead-time
// model is fitted on: FiveThirtyEight's pollster ratings keep the polls
// of the last three weeks before an election (Silver 2014, "How
// FiveThirtyEight calculates pollster ratings").
const LeadWindow = 21

// LeadFit is the lead-time model of a round (docs/METHODS.md §10.1): the excess of
// the polls' MAE over what simple random samples of their sizes would
// make, regressed on the days to the vote by ordinary least squares,
//
//	mae_i − expected_mae_i = Intercept + Slope × lead_days_i,
//
// over every dated poll snapshot of the round with a sample size, published
// 1 to LeadWindow days before the vote, on the leaderboard's candidate set.
// It is the lead-time term of FiveThirtyEight's Simple Expected Error
// (Silver 2014), fitted on the data at hand rather than on their
// archive. Polls is 0 when there were too few polls (fewer than 3, or one
// lead only) to fit it.
type LeadFit struct {
	Intercept, Slope float64 // points, points per day
	Polls            int
}

// fitLead fits the lead-time model on rows.
func fitLead(rows []Row) LeadFit {
	var x, y []float64
	leads := map[float64]bool{}
	for i := range rows {
		r := &rows[i]
		if r.Family != sources.Poll || math.IsNaN(r.PlusMinus) || !(r.LeadDays >= 1 && r.LeadDays <= LeadWindow) {
			continue
		}
		x, y = append(x, r.LeadDays), append(y, r.PlusMinus)
		leads[r.LeadDays] = true
	}
	if len(x) < 3 || len(leads) < 2 {
		return LeadFit{Intercept: math.NaN(), Slope: math.NaN()}
	}
	a, b := stat.LinearRegression(x, y, nil, false)
	return LeadFit{Intercept: a, Slope: b, Polls: len(x)}
}

// applyLead sets each row's lead-time term and lead-adjusted plus-minus.
func applyLead(rows []Row, fit LeadFit) {
	if fit.Polls == 0 {
		return
	}
	for i := range rows {
		r := &rows[i]
		if !math.IsNaN(r.PlusMinus) && !math.IsNaN(r.LeadDays) {
			r.LeadTerm = fit.Slope * r.LeadDays
			r.PlusMinusLead = r.PlusMinus - r.LeadTerm
		}
	}
}

package reports

import (
	"fmt"

	"forecast/scoring/tse"
	"forecast/sources"
)

// TSEColumns are the columns of the tse table, the documented interface.
var TSEColumns = []Column{{"group", Text}, {"polls", Integer}, {"races", Integer}, {"rmse", Fixed2}, {"srs_rmse", Fixed2},
	{"coverage", Fixed3}, {"mean_abs_bias", Fixed2}, {"mean_sd", Fixed2}}

// TSEDiagnostics turns total-survey-error rows into tidy tables: tse (one
// row per group) and races (the model's bias and SD of every race, long).
// what says what the polls are, for the title; e names the dataset in JSON.
func TSEDiagnostics(e *sources.Election, what string, rows []tse.Row, m tse.MCMC) *Diagnostics {
	d := &Diagnostics{Election: e, Title: "Total survey error (Shirani-Mehr, Rothschild, Goel & Gelman 2018): " + what,
		Options: [][2]string{{"window_days", fmt.Sprintf("%d-%d", tse.MinDays, tse.MaxDays)}, {"seed", fmt.Sprint(m.Seed)},
			{"warmup", fmt.Sprint(m.Warmup)}, {"draws", fmt.Sprint(m.Draws)}}}
	t := Table{Name: "tse", Title: "Poll error against simple random sampling, coverage, and the model's election-level bias and SD, points",
		Columns: TSEColumns}
	long := Table{Name: "races", Title: "Election-level bias and standard deviation of each race (posterior means), points", Long: true,
		Columns: []Column{{"group", Text}, {"race", Text}, {"polls", Integer}, {"bias", Signed2}, {"sd", Fixed2}, {"tau", Fixed2}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{r.Group, r.Polls, r.Races, r.RMSE, r.SRSRMSE, r.Coverage, r.MeanAbsBias, r.MeanSD})
		races := fmt.Sprintf("%d races", r.Races)
		if r.Races == 1 {
			races = "one race"
		}
		s := fmt.Sprintf("%s: %s of %s erred by %.1f points (RMSE) where simple random samples of their sizes would err by %.1f; %.0f %% of their 95 %% intervals contained the result.",
			r.Group, polls(r.Polls), races, r.RMSE, r.SRSRMSE, 100*r.Coverage)
		if m := r.Model; m != nil {
			s += fmt.Sprintf(" The model puts the average absolute election-level bias at %.1f points (posterior SD %.2f) and the average election-level SD at %.1f (posterior SD %.2f), against %.1f for sampling alone.",
				r.MeanAbsBias, 100*m.MeanAbsBiasSD, r.MeanSD, 100*m.MeanSDSD, r.SRSRMSE)
			if r.Races < 2 {
				s += " With a single race, the spread of biases across races is set by the prior alone: read the bias, not its hierarchy."
			}
			for _, x := range m.Races {
				long.Rows = append(long.Rows, []any{r.Group, x.Race, x.Polls, 100 * x.Bias, 100 * x.SD, 100 * x.Tau})
			}
		}
		t.Summary = append(t.Summary, s)
	}
	d.Tables = []Table{t, long}
	d.Conventions = []string{
		fmt.Sprintf("Polls: two-party share (the Republican share of the two parties for the polling-errors file; the winner's share of the two leading candidates for the rounds or races of an election, --election or --data); fieldwork ended %d to %d days before the election; n = round(respondents × (share₁ + share₂)/100), the respondents who chose one of the two.", tse.MinDays, tse.MaxDays),
		"rmse = √(mean (y − v)²); srs_rmse = √(mean v(1 − v)/n), what simple random samples of the polls' sizes would give at the result v; coverage: share of polls with |y − v| ≤ 2·√(y(1 − y)/n), the paper's 95 % interval.",
		"mean_abs_bias, mean_sd: the paper's hierarchical model, y ~ N(p, p(1 − p)/n + τ²_r), logit p = logit v_r + α_r + β_r·days/30, α_r ~ N(μ_α, σ_α²), β_r ~ N(μ_β, σ_β²), τ²_r ~ N⁺(0, σ_τ²), fitted by Metropolis-within-Gibbs MCMC (seeded); per race b_r = mean (p − v_r), σ_r = mean √(p(1 − p)/n + τ²_r); the columns are the posterior means of mean_r |b_r| and mean_r σ_r (docs/METHODS.md §13).",
	}
	return d
}

// Package weighting computes survey weights for respondent-level data and the
// diagnostics that go with them: raking to known margins, post-stratification
// to a known joint distribution, optional trimming, Kish's design effect, the
// sample's composition against the targets, and how far weighting moved each
// estimate.
//
// # Inputs
//
// A sample (ReadSample) has one row per respondent, a column per quota
// variable, optionally a design weight column and outcome columns. Targets
// (ReadTargets) come in one of two layouts:
//
//   - margins, "variable,category,target": one row per category of each
//     variable, for raking (or for post-stratifying on a single variable);
//   - a joint table, one column per variable and a "target" column: one row per
//     cell of the full cross-classification, for post-stratification. This is
//     the population data frame of R survey's postStratify.
//
// Targets are counts or proportions. When every variable's targets sum to 1
// (shares) or to 100 (percentages), they are proportions and the weights are
// scaled to sum to n, the number of respondents (mean weight 1). Otherwise they
// are counts, every variable must sum to the same total N, and the weights sum
// to N: a respondent's weight is the number of people it stands for, the
// convention of R survey. Sums are compared with a relative tolerance of 1e-6,
// and each variable's targets are then rescaled to exactly the common total,
// without which raking could not converge.
//
// # Raking
//
// Raking (iterative proportional fitting; Deming & Stephan 1940, "On a least
// squares adjustment of a sampled frequency table when the expected marginal
// totals are known", Annals of Mathematical Statistics 11(4):427–444) starts
// from the design weights d_i (1 when the sample has none) and, in each pass,
// adjusts the variables in turn so that the weighted total of each category
// equals its target:
//
//	w_i ← w_i · T_vk / Σ_{j: x_jv = k} w_j   for every variable v, with k = x_iv
//
// Respondents in the same cell of the full cross-classification are multiplied
// by the same factors, so Rake works on the table of cell totals and gives each
// respondent its design weight times its cell's factor: a pass costs the number
// of non-empty cells, not the number of respondents.
//
// The convergence criterion is that of R survey's rake (survey 4.1; Lumley
// 2010, Complex Surveys: A Guide to Analysis Using R, Wiley, ch. 7): after
// each pass, the largest absolute change in a cell of the weighted
// cross-classification of all the raking variables (R's svytable) since the
// previous pass is compared with
//
//	ε · Σ d_i   when ε < 1 (R: control$epsilon × sum of the sampling weights)
//	ε           when ε ≥ 1 (an absolute number of weighted respondents)
//
// R stops at the first pass where the change is smaller. That a pass changed
// little does not mean the margins are met: margins that no weights can meet
// together (every woman in the sample is young, and the targets make the young
// outnumber the women) make each pass undo the last, the weights stop moving
// and R reports convergence with a margin missed by hundreds; and with ε·Σd a
// single design weight of 1e308 makes the threshold 1e298. Rake therefore also
// requires every margin to be met within
//
//	ε · T   when ε < 1, T the total of the targets (n for proportions, N for counts)
//	ε       when ε ≥ 1
//
// on the scale of the targets, whatever the design weights. It stops at the
// first pass where both hold (converged), when the weights no longer move
// (change below a thousandth of the margin tolerance: not converged, the
// margins cannot be met), or after MaxIter passes (R's maxit; R's default of
// 10 is often too few for ε = 1e-10). Result.Missed names every margin missed.
// Iterations counts passes. Rake never stops before R (the change criterion is
// R's), and stops later only when R's last pass leaves a margin off by more
// than ε·T; the weights then differ from R's by about the change of those
// extra passes (below 3e-7 on the 2,000-respondent fixture at ε = 1e-10,
// where R stops after 40 and 41 passes and Rake after 46).
//
// Design weights must be positive finite numbers within a factor of 10⁶ of
// their median either way, and sum to a finite number: anything else is a
// data error naming the line (a sentinel or a typo, not a survey design).
//
// # Trimming
//
// With bounds L ≤ 1 ≤ H, every weight is kept within [L·w̄, H·w̄], where
// w̄ = N/n is the mean weight. Trimming is done inside raking, so the trimmed
// weights are re-raked until both hold: each adjustment of a category k finds
// the factor f with
//
//	Σ_{i: x_iv = k} clip(f·w_i, L·w̄, H·w̄) = T_vk
//
// and sets w_i ← clip(f·w_i, L·w̄, H·w̄), so that respondents at a bound stay
// there while the others absorb the rest. This step is the Kullback–Leibler
// projection of the weights onto the category's margin within the bounds, and
// the passes are the cyclic projections of Bregman (1967, "The relaxation
// method of finding the common point of convex sets", USSR Computational
// Mathematics and Mathematical Physics 7(3):200–217), which converge to
// weights meeting the margins and the bounds together when such weights
// exist. The convergence criterion is the one above. When the bounds and the
// margins cannot be met together the passes settle into a cycle; raking then
// stops, not converged, as soon as the weights have stopped moving while the
// margins are off by more than 10⁴ times their tolerance, and Missed and
// MarginError say how far off the margins are. (R survey
// offers bounded weights through calibrate(calfun = "logit"), a different
// distance, not through rake.)
//
// # Post-stratification
//
// Each respondent in cell c of the joint table gets
//
//	w_i = d_i · T_c / Σ_{j in c} d_j
//
// (Lumley 2010, ch. 7; R survey's postStratify). A cell with a positive target
// and no respondent cannot be weighted and is an error that names it.
//
// # Diagnostics
//
// Kish's design effect due to weighting and the effective sample size (Kish
// 1965, Survey Sampling, Wiley; Kish 1992, "Weighting for unequal P_i",
// Journal of Official Statistics 8(2):183–200):
//
//	deff = n Σw² / (Σw)²,   n_eff = (Σw)² / Σw² = n / deff
//
// Errors in the data (a missing column, an unknown or empty category, a
// non-numeric weight, margins that do not add up) are *sources.LineError
// values collected in a *sources.DataError, each naming the file and line and
// the variable, category or cell. Programmer errors panic with a "weighting: "
// prefix.
package weighting

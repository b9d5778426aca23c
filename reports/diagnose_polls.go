package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/scoring"
	"forecast/scoring/quota"
)

// PollDiagnostics turns the quota-poll diagnostics of a round into tidy
// tables with their summaries: herding, house_effects,
// herding_joint, house_effects_result, house_effects_joint, average_fit_joint, coverage, deviation_profile, groups, average_fit,
// and the long tables margins, deviations and average.
func PollDiagnostics(dg *quota.Diagnosis) *Diagnostics {
	e := dg.Election
	d := &Diagnostics{Election: e,
		Title: fmt.Sprintf("%s: diagnostics of the quota polls (%s)", roundName(e, dg.Options.Round), atLabel(dg.Options.At)),
		Options: [][2]string{{"round", fmt.Sprint(dg.Options.Round)}, {"at", dg.Options.At},
			{"candidates", dg.Options.Candidates.String()}},
		LeftOut:     slices.Concat(dg.LeftOut, dg.Unfitted),
		Conventions: pollConventions(dg)}
	d.Tables = append(d.Tables, herdingTable(dg), jointHerdingTable(dg), houseTable(dg), houseResultTable(dg), houseJointTable(dg), jointFitTable(dg), coverageTable(dg),
		profileTable(dg), groupsTable(dg), fitTable(dg), marginsTable(dg), deviationsTable(dg), averageTable(dg))
	return d
}

// pIs reads a p-value: "p = 0.036", "p < 0.001".
func pIs(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return "p = " + pval(p)
}

// polls counts polls in words: "1 poll", "8 polls".
func polls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

func atLabel(at string) string {
	switch at {
	case "final", "all":
		return "the whole campaign, each pollster's final poll"
	}
	return "the campaign up to " + at
}

func herdingTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "herding", Title: "Herding: dispersion of each pollster's final poll",
		Columns: []Column{{"candidate", Text}, {"polls", Integer}, {"mean", Fixed2}, {"sd_observed", Fixed2},
			{"sd_expected", Fixed2}, {"x2", Fixed3}, {"df", Integer}, {"p_lower", PValue}, {"p_lower_holm", PValue},
			{"p_upper", PValue}, {"p_upper_holm", PValue}, {"rounding", Fixed2}, {"sd_rounding", Fixed2}, {"x2_rounded", Fixed3}, {"p_lower_rounded", PValue}}}
	grid := math.Inf(1)
	for _, h := range dg.Herding {
		t.Rows = append(t.Rows, []any{h.Candidate, h.Polls, h.Mean, h.SDObserved, h.SDExpected, h.X2, h.DF, h.PLower, h.PLowerHolm,
			h.PUpper, h.PUpperHolm, h.Grid, h.SDRounding, h.X2Rounded, h.PLowerRounded})
		name := candidateName(dg.Election, h.Candidate)
		if h.Grid > 0 {
			grid = min(grid, h.Grid)
		}
		switch {
		case h.Polls < 2:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: fewer than two final polls with a sample size: no test.", name))
		case math.IsNaN(h.PLower):
			t.Summary = append(t.Summary, fmt.Sprintf("%s: the final polls' mean share is %.2f %%: no sampling variance, no test.", name, h.Mean))
		case h.PLower < 0.05:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: the final polls' spread (SD %.2f pt) was smaller than sampling alone would give (%.2f pt; lower-tail %s): %d independent samples would rarely agree so well.",
				name, h.SDObserved, h.SDExpected, pIs(h.PLower), h.Polls))
		case h.PUpper < 0.05:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: the final polls' spread (SD %.2f pt) was larger than sampling alone would give (%.2f pt; upper-tail %s): the pollsters disagreed beyond sampling error.",
				name, h.SDObserved, h.SDExpected, pIs(h.PUpper)))
		default:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: the final polls' spread (SD %.2f pt) is consistent with sampling error (%.2f pt expected; lower-tail %s, upper-tail %s).",
				name, h.SDObserved, h.SDExpected, pIs(h.PLower), pIs(h.PUpper)))
		}
	}
	if !math.IsInf(grid, 1) {
		t.Summary = append(t.Summary, fmt.Sprintf("Rounding: the final polls were published to the %g point, which adds an SD of %.2f pt to each; counting it as noise lowers X² (x2_rounded, p_lower_rounded): rounding cannot explain polls that agree too well.",
			grid, grid/math.Sqrt(12)))
	}
	if len(dg.Herding) > 1 {
		t.Summary = append(t.Summary, fmt.Sprintf("Multiple tests: p_lower_holm and p_upper_holm adjust each tail for the %d candidates' tests (Holm 1979); the joint test (--table herding_joint) needs no adjustment.", len(dg.Herding)))
	}
	return t
}

func jointHerdingTable(dg *quota.Diagnosis) Table {
	j := dg.Joint
	t := Table{Name: "herding_joint", Title: "Herding, jointly: homogeneity of the final polls over every candidate of the set and Others",
		Columns: []Column{{"categories", Text}, {"polls", Integer}, {"k", Integer}, {"x2", Fixed3}, {"df", Integer},
			{"p_lower", PValue}, {"p_upper", PValue}, {"snapshots", Text}},
		Rows: [][]any{{strings.Join(j.IDs, " "), j.Polls, j.Categories, j.X2, j.DF, j.PLower, j.PUpper, strings.Join(j.Snapshots, " ")}}}
	var names []string
	for _, c := range j.IDs {
		if c == scoring.OthersID {
			names = append(names, "Others")
			continue
		}
		names = append(names, candidateName(dg.Election, c))
	}
	what := fmt.Sprintf("Jointly over %s, the %s that report all of them", strings.Join(names, ", "), polls(j.Polls))
	switch {
	case math.IsNaN(j.X2):
		t.Summary = []string{what + ": fewer than two polls or two categories with a sample size: no test."}
	case j.PLower < 0.05:
		t.Summary = []string{fmt.Sprintf("%s agreed more than independent random samples would: X² = %.3f on %d df, lower-tail %s (a sign of herding or of shared methods).", what, j.X2, j.DF, pIs(j.PLower))}
	case j.PUpper < 0.05:
		t.Summary = []string{fmt.Sprintf("%s disagreed beyond sampling error: X² = %.3f on %d df, upper-tail %s.", what, j.X2, j.DF, pIs(j.PUpper))}
	default:
		t.Summary = []string{fmt.Sprintf("%s spread as independent random samples would: X² = %.3f on %d df, lower-tail %s, upper-tail %s.", what, j.X2, j.DF, pIs(j.PLower), pIs(j.PUpper))}
	}
	return t
}

var houseColumns = []Column{{"source", Text}, {"candidate", Text}, {"polls", Integer}, {"house_effect", Signed2}, {"se", Fixed2}}

func houseTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "house_effects", Title: "House effects: each pollster's lean relative to the consensus (summing to zero over pollsters), points",
		Columns: houseColumns}
	for _, cand := range dg.Candidates {
		var marked []string
		measured := false
		for _, h := range dg.House {
			if h.Candidate != cand {
				continue
			}
			measured = true
			t.Rows = append(t.Rows, []any{h.Source, h.Candidate, h.Polls, h.Effect, h.SE})
			if math.Abs(h.Effect) >= 1.96*h.SE {
				marked = append(marked, fmt.Sprintf("%s %s pt (SE %.2f, %s)", h.Source, signed(h.Effect), h.SE, polls(h.Polls)))
			}
		}
		name := candidateName(dg.Election, cand)
		switch {
		case !measured:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: no house effect measured: %s.", name, dg.NoHouse(cand)))
		case len(marked) == 0:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: no pollster differed from the consensus by more than twice its standard error.", name))
		default:
			t.Summary = append(t.Summary, fmt.Sprintf("%s: %s differed from the consensus by more than twice the standard error (positive: over-stated).", name, strings.Join(marked, "; ")))
		}
	}
	return t
}

func houseResultTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "house_effects_result", Title: "House effects anchored on the result: each pollster's final poll minus the result, points",
		Columns: slices.Concat(houseColumns, []Column{{"snapshot", Text}})}
	for _, h := range dg.HouseFinal {
		t.Rows = append(t.Rows, []any{h.Source, h.Candidate, h.Polls, h.Effect, h.SE, h.Snapshot})
	}
	t.Summary = []string{"se is the sampling standard error of the poll's figure, √(p(1−p)/n): an error beyond 1.96 se is outside the poll's legal margin (the coverage table counts them)."}
	return t
}

func houseJointTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "house_effects_joint", Title: "House effects inside the poll average (Jackman 2005): each pollster's lean estimated jointly with the consensus, points",
		Columns: []Column{{"source", Text}, {"candidate", Text}, {"identification", Text}, {"polls", Integer}, {"house_effect", Signed2}, {"se", Fixed2}}}
	jh := dg.JointHouse()
	for _, cand := range dg.Candidates {
		var marked []string
		for _, h := range jh.Effects {
			if h.Candidate != cand {
				continue
			}
			t.Rows = append(t.Rows, []any{h.Source, h.Candidate, string(h.Identification), h.Polls, h.Effect, h.SE})
			if h.Identification == quota.SumToZero && math.Abs(h.Effect) >= 1.96*h.SE {
				marked = append(marked, fmt.Sprintf("%s %s pt (SE %.2f)", h.Source, signed(h.Effect), h.SE))
			}
		}
		if len(marked) > 0 {
			t.Summary = append(t.Summary, fmt.Sprintf("%s: %s leaned from the other pollsters by more than twice the standard error (sum-to-zero; positive: over-stated).",
				candidateName(dg.Election, cand), strings.Join(marked, "; ")))
		}
	}
	for _, u := range jh.Unfitted {
		t.Summary = append(t.Summary, u.Reason+".")
	}
	t.Summary = append(t.Summary, "identification sum-to-zero: the effects sum to zero over pollsters; result: the consensus on election day is the result, so each effect is the pollster's lean against the vote. The SEs include the uncertainty of the consensus, and are conditional on the estimated variances (average_fit_joint).")
	return t
}

func jointFitTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "average_fit_joint", Title: "Poll average with house effects: the model of each candidate, estimated by maximum likelihood",
		Columns: []Column{{"candidate", Text}, {"polls", Integer}, {"pollsters", Integer}, {"deflated", Integer}, {"dropped", Integer},
			{"drift_sd", Fixed3}, {"sampling", Fixed3}, {"scatter_ratio", Fixed3}, {"extra_sd", Fixed3}, {"at_zero", Text}, {"loglik", Fixed3}}}
	for _, f := range dg.JointHouse().Fits {
		var zero []string
		if f.DriftAtZero {
			zero = append(zero, "drift")
		}
		if f.ExtraAtZero {
			zero = append(zero, "extra")
		}
		if f.SamplingAtZero {
			zero = append(zero, "sampling")
		}
		t.Rows = append(t.Rows, []any{f.Candidate, f.Polls, f.Pollsters, f.Deflated, f.Dropped, f.DriftSD, f.Sampling, f.ScatterRatio, f.ExtraSD,
			strings.Join(zero, "+"), f.LogLik})
		line := fmt.Sprintf("%s: beyond their house effects, the polls scattered %.2f times as much as simple random samples of their sizes would, plus %.2f pt that sample size does not shrink; the consensus moved by %.2f pt per √day.",
			candidateName(dg.Election, f.Candidate), f.ScatterRatio, f.ExtraSD, f.DriftSD)
		if f.SamplingAtZero {
			line = fmt.Sprintf("%s: beyond their house effects, the polls scattered by %.2f pt whatever their sample sizes (no part of it in proportion to 1/n: the scatter ratio means nothing); the consensus moved by %.2f pt per √day.",
				candidateName(dg.Election, f.Candidate), f.ExtraSD, f.DriftSD)
		}
		if len(zero) > 0 {
			line += " The model needs no " + strings.Join(zero, " and no ") + " variance: an estimate at zero (or negligible), not a bound of the search."
		}
		t.Summary = append(t.Summary, line)
	}
	t.Summary = append(t.Summary, "Waves of a pollster whose fieldwork overlaps its earlier waves (rolling polls) share respondents: deflated counts those entered with the respondents of their new days only (n × new days / days), dropped those with no new day, left out.")
	return t
}

func coverageTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "coverage", Title: "Margin of error against real error: coverage of the 95 % intervals and error ratio",
		Columns: []Column{{"window", Text}, {"quantity", Text}, {"polls", Integer}, {"pairs", Integer}, {"covered", Integer},
			{"coverage", Fixed3}, {"rmse_observed", Fixed2}, {"rmse_expected", Fixed2}, {"error_ratio", Fixed3}}}
	var bands []string
	for _, a := range dg.Accuracy {
		t.Rows = append(t.Rows, []any{a.Window, a.Quantity, a.Polls, a.Pairs, a.Covered, a.Coverage, a.Observed, a.Expected, a.Ratio})
		what := map[string]string{"share": "candidates' shares", "lead": "the lead of the winner over the runner-up"}[a.Quantity]
		switch {
		case a.Window == "final":
			t.Summary = append(t.Summary, fmt.Sprintf("Final polls, %s: %d of %d 95 %% intervals (%.0f %%) contained the result; the errors were %.2f times what sampling alone would give (RMSE %.2f pt against %.2f).",
				what, a.Covered, a.Pairs, 100*a.Coverage, a.Ratio, a.Observed, a.Expected))
		case a.Quantity == "share":
			bands = append(bands, fmt.Sprintf("%.2f (%s)", a.Ratio, a.Window))
		}
	}
	if len(bands) > 0 {
		t.Summary = append(t.Summary, "Error ratio of the shares by lead time: "+strings.Join(bands, ", ")+
			". Early polls measured opinion before it moved: their error includes real change, not only polling error.")
	}
	return t
}

func profileTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "deviation_profile", Title: "Deviation of each poll from the average of the polls before it, by lead time, points",
		Columns: []Column{{"candidate", Text}, {"lead_band", Text}, {"polls", Integer}, {"rms_deviation", Fixed2},
			{"rms_allowed", Fixed2}, {"ratio", Fixed3}}}
	for _, cand := range dg.Candidates {
		var parts []string
		for _, p := range dg.Profile {
			if p.Candidate != cand {
				continue
			}
			t.Rows = append(t.Rows, []any{p.Candidate, p.Band, p.Polls, p.RMSDeviation, p.RMSAllowed, p.Ratio})
			parts = append(parts, fmt.Sprintf("%.2f (%s)", p.Ratio, p.Band))
		}
		if len(parts) > 0 {
			t.Summary = append(t.Summary, fmt.Sprintf("%s: deviations as a share of what sampling allows: %s (about 1 under pure sampling error; below 1, polls stayed closer to the prior average than sampling allows).",
				candidateName(dg.Election, cand), strings.Join(parts, ", ")))
		}
	}
	return t
}

func groupsTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "groups", Title: "Errors by population base, rolling or one-off design, and sample size, points",
		Columns: []Column{{"factor", Text}, {"level", Text}, {"candidate", Text}, {"polls", Integer}, {"mean_deviation", Signed2},
			{"se", Fixed2}, {"rmse_error", Fixed2}, {"rmse_expected", Fixed2}, {"error_ratio", Fixed3}}}
	parts := map[string][]string{}
	var factors []string
	for _, g := range dg.Groups {
		t.Rows = append(t.Rows, []any{g.Factor, g.Level, g.Candidate, g.Polls, g.MeanDeviation, g.SE, g.RMSEError, g.RMSEExpected, g.ErrorRatio})
		if g.Candidate != quota.All {
			continue
		}
		if _, ok := parts[g.Factor]; !ok {
			factors = append(factors, g.Factor)
		}
		parts[g.Factor] = append(parts[g.Factor], fmt.Sprintf("%.2f for %s (%s)", g.ErrorRatio, g.Level, polls(g.Polls)))
	}
	for _, f := range factors {
		t.Summary = append(t.Summary, fmt.Sprintf("%s: error ratio against the result %s.", f, strings.Join(parts[f], ", ")))
	}
	t.Summary = append(t.Summary, "Errors against the result mix polling error with opinion change (groups polled at different dates); mean_deviation, against the consensus at each poll's date, compares groups at equal dates.")
	return t
}

func fitTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "average_fit", Title: "Poll average: the random-walk model of each candidate, estimated by maximum likelihood",
		Columns: []Column{{"candidate", Text}, {"polls", Integer}, {"mean", Fixed2}, {"drift_sd", Fixed3}, {"sampling", Fixed3},
			{"scatter_ratio", Fixed3}, {"extra_sd", Fixed3}, {"loglik", Fixed3}}}
	for _, f := range dg.FitRows {
		t.Rows = append(t.Rows, []any{f.Candidate, f.Polls, f.Base, f.DriftSD, f.Sampling, f.ScatterRatio, f.ExtraSD, f.LogLik})
		t.Summary = append(t.Summary, fmt.Sprintf("%s: the polls scattered around their consensus %.2f times as much as simple random samples of their sizes would, plus %.2f pt that sample size does not shrink; the consensus moved by %.2f pt per √day.",
			candidateName(dg.Election, f.Candidate), f.ScatterRatio, f.ExtraSD, f.DriftSD))
	}
	return t
}

func marginsTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "margins", Title: "Margin of error of every poll: candidates' shares and the lead, points", Long: true,
		Columns: []Column{{"quantity", Text}, {"snapshot", Text}, {"source", Text}, {"candidate", Text}, {"field_end", Text},
			{"lead_days", Fixed0}, {"n", Fixed0}, {"poll", Fixed2}, {"result", Fixed2}, {"error", Signed2}, {"moe95", Fixed2},
			{"covered", YesNo}, {"final", YesNo}, {"sd_expected", Fixed2}}}
	for _, iv := range dg.Intervals {
		t.Rows = append(t.Rows, []any{iv.Quantity, iv.Snapshot, iv.Source, iv.Candidate, iv.FieldEnd, iv.Lead, iv.N,
			iv.Poll, iv.Result, iv.Error, iv.MOE, iv.Covered, iv.Final, iv.Expected})
	}
	return t
}

func deviationsTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "deviations", Title: "Each poll against the average of the polls that ended before it, points", Long: true,
		Columns: []Column{{"snapshot", Text}, {"source", Text}, {"candidate", Text}, {"field_end", Text}, {"lead_days", Fixed0},
			{"poll", Fixed2}, {"prior", Fixed2}, {"deviation", Signed2}, {"allowed", Fixed2}, {"z", Fixed3}}}
	for _, x := range dg.Deviations {
		t.Rows = append(t.Rows, []any{x.Snapshot, x.Source, x.Candidate, x.FieldEnd, x.Lead, x.Poll, x.Prior, x.Deviation, x.Allowed, x.Z})
	}
	return t
}

func averageTable(dg *quota.Diagnosis) Table {
	t := Table{Name: "average", Title: "Poll average, day by day: the consensus from every poll (with its 95 % band) and the average known that day, points", Long: true,
		Columns: []Column{{"candidate", Text}, {"date", Text}, {"average", Fixed2}, {"se", Fixed2}, {"ci95_low", Fixed2},
			{"ci95_high", Fixed2}, {"realtime", Fixed2}, {"realtime_se", Fixed2}, {"polls", Integer}}}
	last := map[string]quota.AveragePoint{}
	for _, p := range dg.Average {
		t.Rows = append(t.Rows, []any{p.Candidate, p.Day, p.Level, p.SE, p.Low, p.High, p.Realtime, p.RealtimeSE, p.Polls})
		last[p.Candidate] = p
	}
	var parts []string
	for _, cand := range dg.Candidates {
		if p, ok := last[cand]; ok {
			parts = append(parts, fmt.Sprintf("%s %.2f (%.2f–%.2f)", candidateName(dg.Election, cand), p.Level, p.Low, p.High))
		}
	}
	if len(parts) > 0 {
		t.Summary = []string{fmt.Sprintf("The consensus on the last poll day: %s. The band is the uncertainty of the polls' consensus, not of the result: an error every pollster shares is not in it.", strings.Join(parts, "; "))}
	}
	return t
}

func pollConventions(dg *quota.Diagnosis) []string {
	r, _ := dg.Election.Round(dg.Options.Round)
	return []string{
		fmt.Sprintf("Polls: every poll of round %d that is a forecast and whose fieldwork ended before the blackout (%s); after the first round, fieldwork begun on or after the previous round. n is the expressed base, else the number interviewed; polls with no n are left out. A pollster's final poll is the one `forecast score` scores.", dg.Options.Round, r.BlackoutFrom),
		"Shares, errors, margins and standard deviations in percentage points; errors are poll minus result. Candidates: " + strings.Join(dg.Candidates, ", ") + " (--candidates " + dg.Options.Candidates.String() + ").",
		"Poll average: per candidate, a random-walk (local level) model of the polls at the middle of their fieldwork, y = α(t) + ε with Var(ε) = κ·p̄(1−p̄)/n + η² and Var(α(t+Δ) − α(t)) = τ²Δ, in the spirit of Jackman (2005); Kalman filter and Rauch–Tung–Striebel smoother; τ², κ and η² by maximum likelihood. average is the smoothed consensus from every poll; realtime the average of the polls ended by that day alone, with τ², κ and η² estimated again each time the polls ended have grown by a quarter (what `forecast score --with-average` scores).",
		"House effects: mean over a pollster's polls of (poll − consensus at the poll's date), centred so that they sum to zero over pollsters; SE from the pooled residual variance (one-way analysis of variance). Anchored on the result: each pollster's final poll minus the result, with the poll's sampling SE.",
		"Margin of error (the simple-random-sample formula that poll notices publish, docs/METHODS.md §7): moe95 = 1.96·√(p(1−p)/n) at the poll's share; for the lead, 1.96·√((p1 + p2 − (p1 − p2)²)/n). coverage: share of intervals containing the result. error_ratio: observed RMSE over the RMSE sampling alone gives at the result's shares, √(mean v(1−v)/n) (Shirani-Mehr, Rothschild, Goel & Gelman 2018: about 1.25 for US presidential polls).",
		"Herding: across each pollster's final poll, p̄ = Σ n·y/Σ n and X² = Σ (y − p̄)²/(p̄(1−p̄)/n) on m − 1 degrees of freedom; a small p_lower means the polls agreed more than independent random samples would. sd_expected = √(p̄(1−p̄)·mean(1/n)). p_lower_holm and p_upper_holm: Holm's (1979) adjustment of each tail over the candidates. Jointly (herding_joint): Pearson's X² of homogeneity of the counts n·y/100 of the final polls reporting every candidate, over the candidates and Others (100 − their sum), on (m − 1)(k − 1) degrees of freedom (R's chisq.test).",
		"Deviations: each poll minus the average of the polls that had ended before it ended (the Kalman filter with the campaign's variances), against allowed = √(SE_prior² + prior(1−prior)/n).",
	}
}

package reports

import (
	"fmt"
	"math"
	"strings"

	"forecast/scoring/selection"
	"forecast/sources"
)

// SelectionColumns are the columns of the selection table; the first 11 are
// the documented interface that scripts rely on.
var SelectionColumns = []Column{{"source", Text}, {"series", Text}, {"family", Text}, {"published", Text},
	{"candidate", Text}, {"forecast", Fixed2}, {"result", Fixed2}, {"error", Signed2}, {"n", Fixed0}, {"rho", Sig3},
	{"n_eff", Fixed0}, {"n_eff_lo", Fixed0}, {"n_eff_hi", Fixed0}, {"n_eff_ci_lo", Fixed0}, {"n_eff_ci_hi", Fixed0}, {"snapshot", Text}, {"measure", Text}, {"n_basis", Text}, {"population", Fixed0}, {"reason", Text}}

// BuzzDiagnostics turns the self-selection diagnostics of a round into tidy
// tables with their summaries: selection (ρ and n_eff of every snapshot,
// polls included), overrepresentation, attention and attention_over_time.
func BuzzDiagnostics(dg *selection.Diagnosis) *Diagnostics {
	e := dg.Election
	what := map[string]string{"final": "final forecasts", "all": "every forecast"}[dg.Options.At]
	if what == "" {
		what = "forecasts as of " + dg.Options.At
	}
	d := &Diagnostics{Election: e,
		Title: fmt.Sprintf("%s: self-selection diagnostics (Meng 2018) of the %s, family %s", roundName(e, dg.Options.Round), what, dg.Options.Family),
		Options: [][2]string{{"round", fmt.Sprint(dg.Options.Round)}, {"at", dg.Options.At},
			{"candidates", dg.Options.Candidates.String()}, {"family", dg.Options.Family}},
		LeftOut: dg.LeftOut, Conventions: buzzConventions(dg)}
	d.Tables = append(d.Tables, selectionTable(dg), overTable(dg), attentionTable(dg), overTimeTable(dg))
	return d
}

func selectionTable(dg *selection.Diagnosis) Table {
	t := Table{Name: "selection", Title: "Data defect correlation ρ and effective sample size n_eff of every snapshot (ALL: pooled over its candidates)",
		Columns: SelectionColumns}
	k := 0
	for _, r := range dg.Rows {
		t.Rows = append(t.Rows, []any{r.Source, r.Series, string(r.Family), r.Published, r.Candidate, r.Forecast, r.Result,
			r.Error, r.N, r.Rho, r.NEff, r.NEffLo, r.NEffHi, r.SizeLo, r.SizeHi, r.Snapshot, string(r.Measure), r.NBasis, r.Population, r.Reason})
		if r.Candidate != selection.All {
			k++
			continue
		}
		head := fmt.Sprintf("%s (%s, %s)", r.Series, r.Family, cmpOr(r.Published, "undated"))
		size := fmt.Sprintf("ρ = %s with n = %s", cellText(r.Rho, Sig3), fixed(r.N, 0))
		switch {
		case math.IsNaN(r.N) && r.Family == sources.Buzz:
			size = "no size known, so no ρ (--n " + r.Series + "=SIZE gives one)"
		case math.IsNaN(r.N):
			size = "no size, so no ρ"
		case math.IsNaN(r.Rho):
			size = r.Reason
		}
		people := "any number of" // no error at all
		if !math.IsInf(r.NEff, 1) {
			people = fmt.Sprintf("%s (95 %% interval %s to %s)", thousands(int(math.Round(r.NEff))),
				thousands(int(math.Round(r.SizeLo))), thousands(int(math.Round(r.SizeHi))))
		}
		srs := ""
		if !math.IsNaN(r.NEffLo) {
			srs = fmt.Sprintf("; a random sample of %s would give an n_eff from %s to %s (95 %%)", fixed(r.N, 0),
				thousands(int(math.Round(r.NEffLo))), thousands(int(math.Round(r.NEffHi))))
		}
		t.Summary = append(t.Summary, fmt.Sprintf("%s: as accurate as a simple random sample of %s people (n_eff pooled over %d candidates)%s; %s.",
			head, people, k, srs, size))
		k = 0
	}
	return t
}

func overTable(dg *selection.Diagnosis) Table {
	t := Table{Name: "overrepresentation", Title: "Implied over-representation: how many times more likely each candidate's supporters were to be counted than the reference's",
		Columns: []Column{{"source", Text}, {"series", Text}, {"family", Text}, {"published", Text}, {"candidate", Text},
			{"reference", Text}, {"value", Fixed2}, {"result", Fixed2}, {"r", Fixed3}, {"measure", Text}, {"snapshot", Text}}}
	for _, o := range dg.Over {
		t.Rows = append(t.Rows, []any{o.Source, o.Series, string(o.Family), o.Published, o.Candidate, o.Reference, o.Value,
			o.Result, o.R, string(o.Measure), o.Snapshot})
	}
	for _, o := range dg.Loudest {
		if o.Family == sources.Poll {
			continue
		}
		if o.Candidate == o.Reference {
			t.Summary = append(t.Summary, fmt.Sprintf("%s (%s, %s): no candidate's supporters were louder than %s's.",
				o.Series, o.Measure, cmpOr(o.Published, "undated"), candidateName(dg.Election, o.Reference)))
			continue
		}
		t.Summary = append(t.Summary, fmt.Sprintf("%s (%s, %s): %s's supporters had to be %.2f times as likely to be counted as %s's for the figures to come out as they did.",
			o.Series, o.Measure, cmpOr(o.Published, "undated"), candidateName(dg.Election, o.Candidate), o.R, candidateName(dg.Election, o.Reference)))
	}
	return t
}

func attentionTable(dg *selection.Diagnosis) Table {
	t := Table{Name: "attention", Title: "Attention against votes across candidates: Pearson's r and Kendall's τ-b of each attention snapshot with the result",
		Columns: []Column{{"source", Text}, {"series", Text}, {"measure", Text}, {"published", Text}, {"k", Integer},
			{"pearson", Fixed3}, {"kendall_tau", Fixed3}, {"snapshot", Text}}}
	for _, a := range dg.Attention {
		t.Rows = append(t.Rows, []any{a.Source, a.Series, string(a.Measure), a.Published, a.K, a.Pearson, a.KendallTau, a.Snapshot})
		if math.IsNaN(a.Pearson) {
			t.Summary = append(t.Summary, fmt.Sprintf("%s (%s): %d candidates, too few for a correlation.", a.Series, a.Measure, a.K))
			continue
		}
		t.Summary = append(t.Summary, fmt.Sprintf("%s (%s, %s): attention and votes correlate at r = %.2f across %d candidates (τ-b = %.2f).",
			a.Series, a.Measure, cmpOr(a.Published, "undated"), a.Pearson, a.K, a.KendallTau))
	}
	return t
}

func overTimeTable(dg *selection.Diagnosis) Table {
	t := Table{Name: "attention_over_time", Title: "Attention against support over time: correlation of each series' figure with the poll average on its days",
		Columns: []Column{{"source", Text}, {"series", Text}, {"measure", Text}, {"candidate", Text}, {"snapshots", Integer},
			{"first", Text}, {"last", Text}, {"pearson", Fixed3}}}
	var order []string
	parts := map[string][]string{}
	for _, a := range dg.OverTime {
		t.Rows = append(t.Rows, []any{a.Source, a.Series, string(a.Measure), a.Candidate, a.Snapshots, a.First, a.Last, a.Pearson})
		head := fmt.Sprintf("%s (%s), %s to %s", a.Series, a.Measure, a.First, a.Last)
		if _, ok := parts[head]; !ok {
			order = append(order, head)
		}
		parts[head] = append(parts[head], fmt.Sprintf("%s %s (%d snapshots)", candidateName(dg.Election, a.Candidate), fixed(a.Pearson, 2), a.Snapshots))
	}
	for _, h := range order {
		t.Summary = append(t.Summary, fmt.Sprintf("%s: correlation with the poll average: %s.", h, strings.Join(parts[h], ", ")))
	}
	if len(dg.OverTime) == 0 {
		t.Summary = []string{"No attention series has three dated snapshots within the polls' campaign."}
	}
	return t
}

func buzzConventions(dg *selection.Diagnosis) []string {
	set := "each snapshot's own candidates (--candidates all)"
	if dg.Set != nil {
		set = strings.Join(dg.Set, ", ") + " (--candidates " + dg.Options.Candidates.String() + ")"
	}
	return []string{
		"Snapshots: those `forecast score` scores with the same --round, --at, --candidates and --family; forecast, result and error as it compares them (points; volumes as shares of the candidates compared, against the result renormalised over them). Candidates: " + set + ".",
		"n_eff (Meng 2018) = σ²/(μ̂ − μ)², σ² = μ(1 − μ): the size of a simple random sample whose standard error equals the error made; it needs no n. Pooled (ALL): Σσ²/Σ(μ̂ − μ)² over the candidates, because one near-zero error makes a candidate's n_eff explode.",
		"Range of n_eff (docs/METHODS.md §12): for a simple random sample of size n, n_eff/n = tr(Σ)/Q with Σ = diag(μ) − μμᵀ over the candidates compared and Q = Σ λ_j Z_j² (λ the eigenvalues of Σ, normal limit); its 95 % range [r_lo, r_hi] depends on the result's shares only (1/χ²₁ for one candidate: 0.199 to 1018), by a seeded simulation of 100,000 draws. n_eff_lo, n_eff_hi = n·r_lo, n·r_hi: the n_eff a random sample of the figures' size would give (empty without n). n_eff_ci_lo, n_eff_ci_hi = n_eff/r_hi, n_eff/r_lo: the sizes of random samples consistent with the n_eff observed (95 % confidence interval; needs no n).",
		fmt.Sprintf("ρ, the data defect correlation (Meng 2018) = (μ̂ − μ)/(√((1 − f)/f)·σ), f = n/N, N = %s (for volumes, the votes of the candidates compared). It needs the size n the figures rest on: a poll's expressed base (else the number interviewed), or --n SERIES=SIZE; no size is ever invented. Pooled ρ is the σ²-weighted root mean square of the candidates' ρ, so that n_eff = (f/(1 − f))/ρ² holds for ALL too.", population(dg.Population)),
		"Over-representation: r_i = (x_i/q_i)/(x_ref/q_ref), x the snapshot's values (shares, counts or approval %), q the official shares: how many times more likely a supporter of i was to be counted than a supporter of the reference for the snapshot to come out as it did. Approval figures are read as relative support.",
		"Attention: volumes, shares of voice and of mentions, and digital weight; correlation across the candidates of a snapshot with their official shares, and across a series' dated snapshots with the poll average (smoothed consensus) on those days.",
	}
}

// population says what N of ρ is: the round's expressed votes, or that
// they are unknown when the result gives shares only.
func population(n float64) string {
	if math.IsNaN(n) {
		return "the expressed votes, unknown here (the result gives shares, not votes: ρ is undefined)"
	}
	return fmt.Sprintf("%.0f expressed votes", n)
}

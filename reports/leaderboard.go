package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring"
	"forecast/sources"
)

// Formats are the output formats of the score tables.
var Formats = []string{"table", "csv", "json", "markdown"}

// LeaderboardColumns are the CSV columns of the leaderboard, in order. The
// first 21 are the documented interface that scripts rely on; the next 11
// add what a reader needs to trace a row; the last 11 compare each row with
// simple random samples of its n, give its rank's uncertainty and its
// lead-time term (docs/METHODS.md §10: expected_mae, srs_rmse, plus_minus and the
// lead-time columns whenever n is known, the others with --draws > 0).
var LeaderboardColumns = []string{"election", "round", "source", "series", "family", "measure", "published",
	"lead_days", "n", "k", "mae", "rmse", "max_abs_error", "margin_error", "winner_ok", "top2_ok",
	"kendall_tau", "b", "b_w", "chi2", "p_value",
	"snapshot", "source_name", "final", "n_basis", "others", "df", "chi2_lr", "p_lr", "candidates", "source_url", "reasons",
	"expected_mae", "srs_rmse", "plus_minus", "mae_lo", "mae_hi", "p_srs", "p_best", "rank_lo", "rank_hi", "lead_term", "plus_minus_lead"}

// DetailColumns are the CSV columns of the --detail table.
var DetailColumns = []string{"election", "round", "source", "series", "snapshot", "published", "candidate",
	"published_value", "forecast", "result", "error", "a_prime", "se", "z", "p", "ci95_low", "ci95_high", "n", "flag", "line"}

// num formats a number with full precision for CSV and JSON; NaN is empty.
func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func yesno(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func leaderboardRecord(r *scoring.Row) []string {
	return []string{r.Election, strconv.Itoa(r.Round), r.Source, r.Series, string(r.Family), string(r.Measure),
		r.Published, num(r.LeadDays), num(r.N), strconv.Itoa(r.K), num(r.MAE), num(r.RMSE), num(r.MaxAbsError),
		num(r.MarginError), num(r.WinnerOK), num(r.Top2OK), num(r.KendallTau), num(r.B), num(r.Bw), num(r.Chi2),
		num(r.PValue), r.Snapshot, r.SourceName, yesno(r.Final), r.NBasis, yesno(r.Others), dfString(r),
		num(r.ChiLR), num(r.PLR), strings.Join(r.Candidates, " "), r.SourceURL, strings.Join(r.Reasons, "; "),
		num(r.ExpectedMAE), num(r.SRSRMSE), num(r.PlusMinus), num(r.MAELo), num(r.MAEHi), num(r.PSRS),
		num(r.PBest), num(r.RankLo), num(r.RankHi), num(r.LeadTerm), num(r.PlusMinusLead)}
}

func dfString(r *scoring.Row) string {
	if math.IsNaN(r.Chi2) {
		return ""
	}
	return strconv.Itoa(r.DF)
}

func detailRecords(r *scoring.Row) [][]string {
	var out [][]string
	for _, d := range r.Detail {
		line := ""
		if d.Line > 0 {
			line = strconv.Itoa(d.Line)
		}
		out = append(out, []string{r.Election, strconv.Itoa(r.Round), r.Source, r.Series, r.Snapshot, r.Published,
			d.Candidate, num(d.PublishedValue), num(d.Forecast), num(d.Result), num(d.Error), num(d.APrime), num(d.SE),
			num(d.Z), num(d.P), num(d.CILow), num(d.CIHigh), num(r.N), d.Flag, line})
	}
	return out
}

// WriteCSV writes the leaderboard (or, with detail, one row per snapshot and
// candidate) as CSV with a header and full precision, every cell made safe
// for a spreadsheet (safe.Cell: a name such as =HYPERLINK(…) is text).
func WriteCSV(w io.Writer, lb *scoring.Leaderboard, detail bool) error {
	if detail {
		var rows [][]string
		for i := range lb.Rows {
			rows = append(rows, detailRecords(&lb.Rows[i])...)
		}
		return safe.WriteCSV(w, DetailColumns, rows)
	}
	rows := make([][]string, len(lb.Rows))
	for i := range lb.Rows {
		rows[i] = leaderboardRecord(&lb.Rows[i])
	}
	return safe.WriteCSV(w, LeaderboardColumns, rows)
}

// jsonNumber is a float that encodes NaN as null.
type jsonNumber float64

func (v jsonNumber) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(v)) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(float64(v), 'g', -1, 64)), nil
}

// WriteJSON writes the leaderboard as one JSON document: the options, the
// candidate set and conventions, the official result, every row with its
// reasons (and its detail when asked), and the snapshots left out.
func WriteJSON(w io.Writer, lb *scoring.Leaderboard, detail bool) error {
	type detailJSON map[string]any
	rows := make([]map[string]any, 0, len(lb.Rows))
	for i := range lb.Rows {
		r := &lb.Rows[i]
		rec := leaderboardRecord(r)
		m := map[string]any{}
		for j, col := range LeaderboardColumns {
			m[col] = jsonValue(col, rec[j], r)
		}
		m["reasons"] = nonNil(r.Reasons)
		m["candidates"] = nonNil(r.Candidates)
		if detail {
			var ds []detailJSON
			for _, rec := range detailRecords(r) {
				d := detailJSON{}
				for j, col := range DetailColumns[4:] {
					d[col] = jsonValue(col, rec[j+4], r)
				}
				ds = append(ds, d)
			}
			m["detail"] = ds
		}
		rows = append(rows, m)
	}
	doc := map[string]any{
		"election":    lb.Election.ID,
		"round":       lb.Options.Round,
		"at":          lb.Options.At,
		"candidates":  lb.Options.Candidates.String(),
		"family":      lb.Options.Family,
		"sort":        lb.Options.Sort,
		"set":         nonNil(lb.Set),
		"result":      resultJSON(lb),
		"conventions": Conventions(lb),
		"rows":        rows,
		"left_out":    leftOutJSON(lb),
		"verdict":     Verdict(lb),
		"lead_model":  map[string]any{"polls": lb.Lead.Polls, "intercept": jsonNumber(lb.Lead.Intercept), "slope": jsonNumber(lb.Lead.Slope), "window_days": scoring.LeadWindow},
	}
	if v := lb.Election.View; v != nil {
		doc["race"] = v.Race.ID
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// jsonValue types a CSV field for JSON: numbers as numbers (null when
// empty), yes/no as booleans, the rest as strings.
func jsonValue(col, s string, r *scoring.Row) any {
	switch col {
	case "round", "k", "df", "line", "rank_lo", "rank_hi":
		if s == "" {
			return nil
		}
		n, _ := strconv.Atoi(s)
		return n
	case "final", "others":
		return s == "yes"
	case "election", "source", "series", "family", "measure", "published", "snapshot", "source_name",
		"n_basis", "candidates", "source_url", "reasons", "candidate", "flag":
		return s
	}
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return jsonNumber(v)
}

func resultJSON(lb *scoring.Leaderboard) []map[string]any {
	var out []map[string]any
	for _, c := range lb.Outcome.Order {
		out = append(out, map[string]any{"candidate": c, "votes": resultVotes(lb, c), "share": jsonNumber(lb.Outcome.Shares[c])})
	}
	return out
}

func leftOutJSON(lb *scoring.Leaderboard) []map[string]string {
	out := []map[string]string{}
	for _, l := range lb.LeftOut {
		out = append(out, map[string]string{"snapshot": l.Snapshot, "source": l.Source, "series": l.Series, "reason": l.Reason})
	}
	return out
}

// Conventions lists, in prose, the conventions a reader needs to read the
// numbers: the candidate set, Others, units and signs, what n is.
func Conventions(lb *scoring.Leaderboard) []string {
	set := "each snapshot's own candidates (--candidates all): rows are not comparable with each other"
	if lb.Set != nil {
		set = strings.Join(lb.Set, ", ") + " (--candidates " + lb.Options.Candidates.String() + ")"
	}
	out := []string{
		fmt.Sprintf("Candidates scored: %s. Official result: round %d of %s%s, %s.", set, lb.Options.Round, lb.Election.ID, raceNote(lb.Election), resultBasis(lb.Outcome)),
		"mae, rmse, max_abs_error: percentage points over the candidates scored (Mosteller 1949, Measure 3). margin_error: (f_a − f_b) − (v_a − v_b) for the two official leaders, signed, forecast minus result.",
		"A', B, B_w, χ²: Arzheimer & Evans (2014), over the candidates scored plus an Others category (100 − their sum) when they are not the whole result; B_w weights |A'_i| by the true shares. χ² is Pearson's, with k − 1 degrees of freedom over those categories.",
		"n: the expressed base (those giving a candidate choice), or the number interviewed where only that is known (n_basis). No n (buzz): no standard error and no test — never an invented n.",
		"Volumes (tweet counts) are converted to shares of the candidates scored and compared with the result renormalised over them, with no Others (Tumasjan et al. 2010). Approval and rank figures get winner_ok, top2_ok and kendall_tau only.",
		"winner_ok: 1 if the snapshot's leader won (1/m for an m-way tie); top2_ok: probability that its top two are the two qualifiers for the next round, ties broken at random (undefined in the last round); kendall_tau: Kendall's τ-b with the official shares.",
		fmt.Sprintf("Final snapshot: a series' last forecast before the blackout (polls: fieldwork ended before the round's blackout_from, %s; buzz: published before election day); of two on the same day, the larger sample, then the later time. lead_days: election day − publication day (fieldwork end for polls, or its middle when that is all the source gives).", blackoutNote(lb)),
		"expected_mae: the MAE a simple random sample of n respondents would make on average against the result (exact: de Moivre's binomial mean absolute deviation, averaged over the candidates; n rounded to whole respondents); srs_rmse: the root of such a sample's expected mean squared error (not its expected RMSE); plus_minus: mae − expected_mae, in the spirit of FiveThirtyEight's Simple Plus-Minus (docs/METHODS.md §10.1).",
		"mae_lo, mae_hi, p_srs: 95 % interval of the MAE of simple random samples of n drawn from the result (seeded multinomial draws, --draws, --seed), and the share of them that erred at least as much as the forecast. p_best, rank_lo, rank_hi: each forecast with a sample size redrawn as a multinomial sample of its n around its own published shares and re-scored on the sort measure: how often it comes first, and its 95 % rank interval among them (docs/METHODS.md §10.2). Rows without n get none of these: never an invented n.",
	}
	if f := lb.Lead; f.Polls > 0 {
		out = append(out, fmt.Sprintf("lead_term, plus_minus_lead: lead-time model fitted on the %d polls of this round with n published 1 to %d days before the vote (OLS): mae − expected_mae = %.3f %+.4f × lead_days; lead_term = %.4f × lead_days, plus_minus_lead = plus_minus − lead_term (after FiveThirtyEight's Simple Expected Error, docs/METHODS.md §10.1).",
			f.Polls, scoring.LeadWindow, f.Intercept, f.Slope, f.Slope))
	}
	if c := categoriesNote(lb); c != "" {
		out = append(out, c)
	}
	return out
}

// categoriesNote says when b and b_w are over different numbers of
// categories (the set plus Others for shares, the set alone for volumes),
// which makes them different quantities: their order across such rows is
// not a comparison.
func categoriesNote(lb *scoring.Leaderboard) string {
	counts := map[int]int{}
	for i := range lb.Rows {
		r := &lb.Rows[i]
		if math.IsNaN(r.Bw) {
			continue
		}
		k := r.K
		if r.Others {
			k++
		}
		counts[k]++
	}
	if len(counts) < 2 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d rows over %d categories", counts[k], k))
	}
	return "b, b_w: " + strings.Join(parts, ", ") + " (the set plus Others for shares, the set alone for volumes): B_w over different categories are different numbers, so their order across those rows is not a comparison; the rank bootstrap ranks only forecasts with a sample size, which share the set and its Others."
}

// raceNote names the race of a one-race dataset, " (race WI, Wisconsin)";
// "" for a whole election.
func raceNote(e *sources.Election) string {
	if e.View == nil {
		return ""
	}
	return " (race " + e.View.Race.ID + ", " + e.View.Race.Name + ")"
}

// blackoutNote says when the round's publication blackout began, from
// election.json: polls could be published until election day where there
// was none.
func blackoutNote(lb *scoring.Leaderboard) string {
	r, err := lb.Election.Round(lb.Options.Round)
	switch {
	case err != nil:
		return "as election.json declares it"
	case r.NoBlackout():
		return r.BlackoutFrom + ", election day: there was no blackout"
	}
	return r.BlackoutFrom + " for a vote on " + r.Date
}

// resultVotes is a candidate's votes for JSON, or null when the result gives
// shares only.
func resultVotes(lb *scoring.Leaderboard, c string) any {
	if !lb.Outcome.Counted {
		return nil
	}
	return lb.Outcome.Votes[c]
}

// resultBasis says what the result's shares are computed from.
func resultBasis(o scoring.Outcome) string {
	if o.Counted {
		return "shares of the expressed vote computed from the proclaimed counts"
	}
	return "shares as published (the source gives no counts)"
}

package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring"
	"forecast/sources"
)

// textColumn is one column of the human-readable leaderboard.
type textColumn struct {
	head  string
	right bool // numbers are right-aligned
	cell  func(r *scoring.Row) string
}

// fixed formats v with d decimals; NaN is "–", the mark of an undefined measure.
func fixed(v float64, d int) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

// pval formats a p-value for reading: three decimals, or "<0.001".
func pval(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v < 0.001:
		return "<0.001"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// seriesLabel names a row by its series, which is its source's slug unless
// the source publishes several series (dentsu-social, dentsu-media).
func seriesLabel(r *scoring.Row) string { return r.Series }

var textColumns = []textColumn{
	{"series", false, seriesLabel},
	{"family", false, func(r *scoring.Row) string { return string(r.Family) }},
	{"measure", false, func(r *scoring.Row) string { return string(r.Measure) }},
	{"published", false, func(r *scoring.Row) string { return cmpOr(r.Published, "unknown") }},
	{"lead (d)", true, func(r *scoring.Row) string { return fixed(r.LeadDays, 0) }},
	{"n", true, func(r *scoring.Row) string { return fixed(r.N, 0) }},
	{"n basis", false, func(r *scoring.Row) string { return cmpOr(r.NBasis, "–") }},
	{"MAE (pt)", true, func(r *scoring.Row) string { return fixed(r.MAE, 2) }},
	{"RMSE (pt)", true, func(r *scoring.Row) string { return fixed(r.RMSE, 2) }},
	{"max (pt)", true, func(r *scoring.Row) string { return fixed(r.MaxAbsError, 2) }},
	{"margin (pt)", true, func(r *scoring.Row) string { return signed(r.MarginError) }},
	{"winner", true, func(r *scoring.Row) string { return fixed(r.WinnerOK, 2) }},
	{"top 2", true, func(r *scoring.Row) string { return fixed(r.Top2OK, 2) }},
	{"τ-b", true, func(r *scoring.Row) string { return fixed(r.KendallTau, 2) }},
	{"B", true, func(r *scoring.Row) string { return fixed(r.B, 3) }},
	{"B_w", true, func(r *scoring.Row) string { return fixed(r.Bw, 3) }},
	{"χ²", true, func(r *scoring.Row) string { return fixed(r.Chi2, 2) }},
	{"p", true, func(r *scoring.Row) string { return pval(r.PValue) }},
	{"E[MAE] (pt)", true, func(r *scoring.Row) string { return fixed(r.ExpectedMAE, 2) }},
	{"+/− (pt)", true, func(r *scoring.Row) string { return signed(r.PlusMinus) }},
	{"+/− lead (pt)", true, func(r *scoring.Row) string { return signed(r.PlusMinusLead) }},
	{"SRS MAE 95 %", true, func(r *scoring.Row) string { return span(r.MAELo, r.MAEHi, 2) }},
	{"p_srs", true, func(r *scoring.Row) string { return pval(r.PSRS) }},
	{"P(best)", true, func(r *scoring.Row) string { return fixed(r.PBest, 2) }},
	{"rank 95 %", true, func(r *scoring.Row) string { return span(r.RankLo, r.RankHi, 0) }},
}

// span formats an interval lo–hi with d decimals; "–" when undefined.
func span(lo, hi float64, d int) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return fixed(lo, d) + "–" + fixed(hi, d)
}

func signed(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%+.2f", v)
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// leaderboardGrid builds the cells of the leaderboard with footnote marks:
// each row whose measures are partly undefined gets a number pointing to its
// reasons.
func leaderboardGrid(lb *scoring.Leaderboard) (g grid, notes []string) {
	g.head, g.right = []string{"#"}, []bool{true}
	for _, c := range textColumns {
		g.head = append(g.head, c.head)
		g.right = append(g.right, c.right)
	}
	g.head, g.right = append(g.head, "note"), append(g.right, false)
	number := map[string]int{} // identical reasons share a footnote
	for i := range lb.Rows {
		r := &lb.Rows[i]
		row := []string{strconv.Itoa(i + 1)}
		for _, c := range textColumns {
			row = append(row, c.cell(r))
		}
		var marks []string
		for _, reason := range r.Reasons {
			n, ok := number[reason]
			if !ok {
				notes = append(notes, reason)
				n = len(notes)
				number[reason] = n
			}
			marks = append(marks, fmt.Sprintf("[%d]", n))
		}
		g.cells = append(g.cells, append(row, strings.Join(marks, "")))
	}
	return g, notes
}

// WriteTable writes the leaderboard as an aligned text table with a title,
// units in the headers, footnotes for undefined measures, the snapshots left
// out and the conventions: what a person would paste into a paper. Like
// every text output of the package, it is written through
// safe.NewTextWriter: no control character from the data reaches the
// terminal, and the first write error is returned.
func WriteTable(w io.Writer, lb *scoring.Leaderboard) error {
	sw := safe.NewTextWriter(w)
	g, notes := leaderboardGrid(lb)
	fmt.Fprintln(sw, title(lb))
	if v := Verdict(lb); v != "" {
		fmt.Fprintln(sw, v)
	}
	fmt.Fprintln(sw)
	g.writeText(sw, "", true)
	writeNotes(sw, lb, notes, false)
	return sw.Err()
}

func title(lb *scoring.Leaderboard) string {
	what := map[string]string{"final": "final forecasts", "all": "every forecast"}[lb.Options.At]
	if what == "" {
		what = "forecasts as of " + lb.Options.At
	}
	return fmt.Sprintf("%s: %s (family %s) scored against the official result, in order of %s",
		roundName(lb.Election, lb.Options.Round), what, lb.Options.Family, lb.Options.Sort)
}

// roundName names the round a table is about: "French presidential
// election, 2017, round 1"; an election of one round (or a race of one) is
// named alone: "US presidential election, 2016: Wisconsin".
func roundName(e *sources.Election, round int) string {
	if e.OneRound() {
		return e.Name
	}
	return fmt.Sprintf("%s, round %d", e.Name, round)
}

// Verdict says in a sentence what the sampling intervals let a reader
// conclude from the leaderboard's order (docs/METHODS.md §10.3), from the rank
// bootstrap and the SRS intervals; "" when there was no bootstrap.
func Verdict(lb *scoring.Leaderboard) string {
	v := lb.Verdict()
	if v.WithN == 0 {
		return ""
	}
	s := fmt.Sprintf("Sampling (docs/METHODS.md §10; %d draws, seed %d): ", v.Draws, v.Seed)
	within := fmt.Sprintf("%d of the %d forecasts with a sample size erred no more than a simple random sample of their n would (p_srs ≥ 0.05)", v.WithinSRS, v.WithN)
	switch {
	case v.Ranked >= 2 && v.Distinct:
		s += fmt.Sprintf("%s comes first in %.0f %% of the redraws of the %d forecasts with a sample size: the best of them beyond sampling error; %s.",
			v.Leader, 100*v.LeaderPBest, v.Ranked, within)
	case v.Ranked >= 2:
		s += fmt.Sprintf("none of the %d forecasts with a sample size comes first with 95 %% probability (most often first: %s, %.0f %% of the redraws), and %s: their order is not a ranking of skill.",
			v.Ranked, v.Leader, 100*v.LeaderPBest, within)
	default:
		s += within + "; ranks are not bootstrapped here (every snapshot of a series, or each row on its own candidates), so the order is not a ranking."
	}
	if v.WithoutN > 0 {
		s += fmt.Sprintf(" The %d rows without a sample size have no interval: their place is not tested.", v.WithoutN)
	}
	return s
}

// writeNotes writes the footnotes, what was not scored and the conventions
// under a leaderboard; in Markdown the footnotes are a list, so that they do
// not run together into one paragraph.
func writeNotes(w io.Writer, lb *scoring.Leaderboard, notes []string, markdown bool) {
	bullet := ""
	if markdown {
		bullet = "- "
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for i, n := range notes {
			fmt.Fprintf(w, "%s[%d] %s\n", bullet, i+1, n)
		}
	}
	if len(lb.LeftOut) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Not scored (%d snapshots of this round; the JSON output lists every one with its reason):\n", len(lb.LeftOut))
		for _, g := range groupLeftOut(lb.LeftOut) {
			if len(g.items) <= listAtMost {
				for _, l := range g.items {
					fmt.Fprintf(w, "- %s: %s\n", l.Snapshot, l.Reason)
				}
				continue
			}
			var ids []string
			for _, l := range g.items[:3] {
				ids = append(ids, l.Snapshot)
			}
			fmt.Fprintf(w, "- %d snapshots %s (%s, …)\n", len(g.items), g.kind, strings.Join(ids, ", "))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Conventions:")
	for _, c := range Conventions(lb) {
		fmt.Fprintf(w, "- %s\n", c)
	}
}

// WriteMarkdown writes the leaderboard as a Markdown table with the same
// footnotes and conventions as the text table.
func WriteMarkdown(w io.Writer, lb *scoring.Leaderboard) error {
	sw := safe.NewTextWriter(w)
	g, notes := leaderboardGrid(lb)
	fmt.Fprintf(sw, "**%s**\n\n", title(lb))
	if v := Verdict(lb); v != "" {
		fmt.Fprintf(sw, "%s\n\n", v)
	}
	g.writeMarkdown(sw)
	writeNotes(sw, lb, notes, true)
	return sw.Err()
}

// Write writes the leaderboard in one of Formats.
func Write(w io.Writer, lb *scoring.Leaderboard, format string, detail bool) error {
	switch format {
	case "csv":
		return WriteCSV(w, lb, detail)
	case "json":
		return WriteJSON(w, lb, detail)
	case "table", "markdown":
		if detail {
			return WriteDetailTable(w, lb, format == "markdown")
		}
		if format == "markdown" {
			return WriteMarkdown(w, lb)
		}
		return WriteTable(w, lb)
	}
	return fmt.Errorf("unknown format %q (choose one of %s)", format, strings.Join(Formats, ", "))
}

// listAtMost is how many left-out snapshots of one kind the table lists one
// by one; more are counted, with a few examples.
const listAtMost = 8

type leftGroup struct {
	kind  string
	items []scoring.LeftOut
}

// groupLeftOut groups left-out snapshots by kind, in order of first appearance.
func groupLeftOut(left []scoring.LeftOut) []leftGroup {
	var groups []leftGroup
	index := map[string]int{}
	for _, l := range left {
		i, ok := index[l.Kind]
		if !ok {
			i = len(groups)
			index[l.Kind] = i
			groups = append(groups, leftGroup{kind: l.Kind})
		}
		groups[i].items = append(groups[i].items, l)
	}
	return groups
}

package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring"
)

// ComparisonColumns are the CSV columns of 'forecast compare': one row per
// paired day, the test repeated on each (docs/METHODS.md §10.4).
var ComparisonColumns = []string{"election", "round", "series_a", "series_b", "against", "power", "h", "pairs",
	"dm", "p_value", "mean_loss_a", "mean_loss_b", "day", "snapshot_a", "snapshot_b", "target", "error_a", "error_b"}

// WriteComparison writes a Diebold–Mariano comparison in one of Formats,
// through the package's safe writers (CSV cells neutralised for
// spreadsheets, no control character in text) and returns the first write
// error.
func WriteComparison(out io.Writer, c *scoring.Comparison, format string) error {
	o := c.Options
	head := []string{c.Election.ID, strconv.Itoa(o.Round), o.A, o.B, o.Against, num(o.Power), strconv.Itoa(c.H),
		strconv.Itoa(len(c.Pairs)), num(c.Stat), num(c.P), num(c.MeanA), num(c.MeanB)}
	var recs [][]string
	for _, p := range c.Pairs {
		recs = append(recs, append(append([]string{}, head...), p.Day, p.SnapshotA, p.SnapshotB, p.Target, num(p.ErrorA), num(p.ErrorB)))
	}
	switch format {
	case "csv":
		return safe.WriteCSV(out, ComparisonColumns, recs)
	case "json":
		pairs := []map[string]any{}
		for _, p := range c.Pairs {
			pairs = append(pairs, map[string]any{"day": p.Day, "snapshot_a": p.SnapshotA, "snapshot_b": p.SnapshotB,
				"target": p.Target, "error_a": jsonNumber(p.ErrorA), "error_b": jsonNumber(p.ErrorB)})
		}
		doc := map[string]any{"election": c.Election.ID, "round": o.Round, "series_a": o.A, "series_b": o.B,
			"against": o.Against, "power": jsonNumber(o.Power), "h_asked": o.H, "h": c.H, "set": nonNil(c.Set),
			"pairs": pairs, "dm": jsonNumber(c.Stat), "p_value": jsonNumber(c.P),
			"mean_loss_a": jsonNumber(c.MeanA), "mean_loss_b": jsonNumber(c.MeanB),
			"unpaired": nonNil(c.Unpaired), "reading": comparisonReading(c)}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	case "table", "markdown":
		w := safe.NewTextWriter(out)
		g := grid{head: []string{"day", o.A, o.B, "target", "error " + o.A + " (pt)", "error " + o.B + " (pt)"},
			right: []bool{false, false, false, false, true, true}}
		for _, p := range c.Pairs {
			g.cells = append(g.cells, []string{p.Day, p.SnapshotA, p.SnapshotB, p.Target, fixed(p.ErrorA, 2), fixed(p.ErrorB, 2)})
		}
		md := format == "markdown"
		t := fmt.Sprintf("%s: %s against %s, %d releases paired by day, against the %s", roundName(c.Election, o.Round), o.A, o.B, len(c.Pairs), o.Against)
		if md {
			fmt.Fprintf(w, "**%s**\n\n", t)
			g.writeMarkdown(w)
		} else {
			fmt.Fprintln(w, t)
			fmt.Fprintln(w)
			g.writeText(w, "", true)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, comparisonReading(c))
		if len(c.Unpaired) > 0 {
			fmt.Fprintf(w, "\nNot paired (%d releases with no partner on the same day):\n", len(c.Unpaired))
			for _, u := range c.Unpaired {
				fmt.Fprintf(w, "- %s\n", u)
			}
		}
		fmt.Fprintf(w, "\nCandidates: %s. Error of a release: (mean over them of |forecast − target|^%s)^(1/%s), in points; the test's loss is its %s power.\n",
			strings.Join(c.Set, ", "), num(o.Power), num(o.Power), num(o.Power))
		return w.Err()
	}
	return fmt.Errorf("unknown format %q (choose one of %s)", format, strings.Join(Formats, ", "))
}

// comparisonReading says the test's result in a sentence.
func comparisonReading(c *scoring.Comparison) string {
	o := c.Options
	loss := map[float64]string{1: "absolute", 2: "squared"}[o.Power]
	if loss == "" {
		loss = "power-" + num(o.Power)
	}
	h := fmt.Sprintf("h = %d", c.H)
	if c.H != o.H {
		h = fmt.Sprintf("h = %d (the h = %d variance was not positive: dm.test's fallback)", c.H, o.H)
	}
	verdict := "the data do not tell their accuracy apart at the 5 % level"
	if c.P < 0.05 {
		better := o.A
		if c.Stat > 0 {
			better = o.B
		}
		verdict = better + " was more accurate, beyond chance at the 5 % level"
	}
	return fmt.Sprintf("Diebold–Mariano test (Harvey–Leybourne–Newbold correction, %s loss, %s, %d pairs, t with %d df): DM = %s, two-sided p = %s; mean loss %s %s, %s %s: %s.",
		loss, h, len(c.Pairs), len(c.Pairs)-1, fixed(c.Stat, 3), pval(c.P), o.A, fixed(c.MeanA, 3), o.B, fixed(c.MeanB, 3), verdict)
}

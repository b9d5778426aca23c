package reports

import (
	"fmt"
	"io"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring"
)

// WriteDetailTable writes one block per snapshot with one line per candidate:
// forecast, result and error in points, then A' with its standard error, z,
// p and 95 % interval (Arzheimer & Evans 2014).
func WriteDetailTable(out io.Writer, lb *scoring.Leaderboard, markdown bool) error {
	w := safe.NewTextWriter(out)
	fmt.Fprintln(w, title(lb)+" — detail by candidate")
	for i := range lb.Rows {
		r := &lb.Rows[i]
		fmt.Fprintf(w, "\n%d. %s — %s, %s, published %s, n = %s\n", i+1, r.Snapshot, seriesLabel(r), r.Measure, cmpOr(r.Published, "unknown"), fixed(r.N, 0))
		if len(r.Detail) == 0 {
			fmt.Fprintf(w, "   not scored: %s\n", strings.Join(r.Reasons, "; "))
			continue
		}
		head := []string{"candidate", "forecast", "result", "error", "A'", "SE", "z", "p", "95 % CI"}
		var rows [][]string
		for _, d := range r.Detail {
			ci := "–"
			if fixed(d.CILow, 3) != "–" {
				ci = fmt.Sprintf("[%s, %s]", fixed(d.CILow, 3), fixed(d.CIHigh, 3))
			}
			name := d.Candidate
			if d.Flag != "" {
				name += " (" + d.Flag + ")"
			}
			rows = append(rows, []string{name, fixed(d.Forecast, 2), fixed(d.Result, 2), signed(d.Error),
				fixed(d.APrime, 3), fixed(d.SE, 3), fixed(d.Z, 2), pval(d.P), ci})
		}
		writeAligned(w, head, rows, markdown)
		if len(r.Reasons) > 0 {
			fmt.Fprintf(w, "   note: %s\n", strings.Join(r.Reasons, "; "))
		}
	}
	return w.Err()
}

// writeAligned writes a small table whose first column names the rows: as
// Markdown, or as aligned text indented under its heading.
func writeAligned(w io.Writer, head []string, rows [][]string, markdown bool) {
	g := grid{head, rows, numbersAfterFirst(len(head))}
	if markdown {
		fmt.Fprintln(w)
		g.writeMarkdown(w)
		return
	}
	g.writeText(w, "   ", false)
}

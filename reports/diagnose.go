package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring"
	"forecast/sources"
)

// Diagnostics is the output of `forecast diagnose`: tidy tables, each with
// a plain-language summary, the snapshots left out and the conventions.
type Diagnostics struct {
	Election *sources.Election
	Title    string
	// Options echo what was diagnosed (round, at, candidates, family) in
	// the JSON document, in order.
	Options     [][2]string
	Tables      []Table
	LeftOut     []scoring.LeftOut
	Conventions []string
}

// Table is one tidy table: one row per observation, one column per
// variable, with names a script can rely on.
type Table struct {
	Name    string // the --table name, and the key of the table in JSON
	Title   string
	Columns []Column
	Rows    [][]any // cells: string, int, float64 (NaN: undefined) or bool
	Summary []string
	// Long tables (one row per poll or per day) are printed as text only
	// when asked for with --table; CSV and JSON always have them.
	Long bool
}

// Column is a column of a Table and how it reads as text.
type Column struct {
	Name string
	Kind Kind
}

// Kind says how a column's numbers are rounded for reading; CSV and JSON
// always carry full precision.
type Kind int

// The kinds of columns.
const (
	Text    Kind = iota // strings, as they are
	Integer             // ints
	Fixed0              // no decimals (sample sizes)
	Fixed2              // two decimals (points)
	Signed2             // two decimals with a sign (errors, effects)
	Fixed3              // three decimals (ratios, statistics)
	PValue              // three decimals, or <0.001
	Sig3                // three significant digits (ρ)
	YesNo               // booleans
)

// TableNames lists the names of the tables of d, in order.
func (d *Diagnostics) TableNames() []string {
	var names []string
	for _, t := range d.Tables {
		names = append(names, t.Name)
	}
	return names
}

// WriteDiagnostics writes d in a format (table, markdown, csv, json). only
// chooses the tables: "" is every table for json and the short ones for
// text and Markdown; "all" is every table; a name is that table. CSV holds
// a single table, so it needs a name.
func WriteDiagnostics(w io.Writer, d *Diagnostics, format, only string) error {
	var tables []Table
	for _, t := range d.Tables {
		if only == t.Name || only == "all" || (only == "" && (format == "json" || !t.Long)) {
			tables = append(tables, t)
		}
	}
	if only != "" && only != "all" && len(tables) == 0 {
		return fmt.Errorf("no table %q (tables: %s)", only, strings.Join(d.TableNames(), ", "))
	}
	switch format {
	case "csv":
		if only == "" || only == "all" {
			return fmt.Errorf("CSV holds one table: choose it with --table (%s), or use --format json for all of them", strings.Join(d.TableNames(), ", "))
		}
		return writeTableCSV(w, &tables[0])
	case "json":
		return writeDiagnosticsJSON(w, d, tables)
	case "table", "markdown":
		sw := safe.NewTextWriter(w)
		writeDiagnosticsText(sw, d, tables, format == "markdown")
		return sw.Err()
	}
	return fmt.Errorf("unknown format %q (choose one of %s)", format, strings.Join(Formats, ", "))
}

// cellCSV formats a cell with full precision; NaN is empty, infinities are
// Inf and -Inf (as R reads them).
func cellCSV(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case bool:
		return yesno(x)
	case float64:
		if math.IsInf(x, 0) {
			return map[bool]string{true: "Inf", false: "-Inf"}[x > 0]
		}
		return num(x)
	}
	panic(fmt.Sprintf("reports: cell of type %T", v))
}

// cellJSON types a cell for JSON: NaN and infinities are null.
func cellJSON(v any) any {
	if x, ok := v.(float64); ok {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return jsonNumber(x)
	}
	return v
}

// cellText formats a cell for reading.
func cellText(v any, k Kind) string {
	x, ok := v.(float64)
	if !ok {
		if b, isBool := v.(bool); isBool {
			return yesno(b)
		}
		return cellCSV(v)
	}
	if math.IsInf(x, 0) {
		return map[bool]string{true: "∞", false: "−∞"}[x > 0]
	}
	switch k {
	case Fixed0:
		return fixed(x, 0)
	case Fixed2:
		return fixed(x, 2)
	case Signed2:
		return signed(x)
	case Fixed3:
		return fixed(x, 3)
	case PValue:
		return pval(x)
	case Sig3:
		if math.IsNaN(x) {
			return "–"
		}
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
	return fixed(x, 2)
}

func columnNames(t *Table) []string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return names
}

// writeTableCSV writes a table as CSV, every cell made safe for a
// spreadsheet (safe.Cell).
func writeTableCSV(w io.Writer, t *Table) error {
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, v := range r {
			rows[i][j] = cellCSV(v)
		}
	}
	return safe.WriteCSV(w, columnNames(t), rows)
}

func writeDiagnosticsJSON(w io.Writer, d *Diagnostics, tables []Table) error {
	doc := map[string]any{"election": d.Election.ID, "title": d.Title}
	if v := d.Election.View; v != nil {
		doc["race"] = v.Race.ID
	}
	for _, o := range d.Options {
		doc[o[0]] = o[1]
	}
	doc["tables"] = tablesJSON(tables)
	left := []map[string]string{}
	for _, l := range d.LeftOut {
		left = append(left, map[string]string{"snapshot": l.Snapshot, "source": l.Source, "series": l.Series, "reason": l.Reason})
	}
	doc["left_out"] = left
	doc["conventions"] = nonNil(d.Conventions)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func writeDiagnosticsText(w io.Writer, d *Diagnostics, tables []Table, markdown bool) {
	if markdown {
		fmt.Fprintf(w, "# %s\n", d.Title)
	} else {
		fmt.Fprintln(w, d.Title)
	}
	for _, t := range tables {
		fmt.Fprintln(w)
		if markdown {
			fmt.Fprintf(w, "## %s\n", t.Title)
		} else {
			fmt.Fprintf(w, "%s (--table %s)\n", t.Title, t.Name)
		}
		if len(t.Rows) == 0 {
			fmt.Fprintln(w, "\n(no rows)")
		} else {
			writeDiagnosticGrid(w, &t, markdown)
		}
		if len(t.Summary) > 0 {
			fmt.Fprintln(w)
			for _, s := range t.Summary {
				fmt.Fprintf(w, "- %s\n", s)
			}
		}
	}
	var long []string
	for _, t := range d.Tables {
		if !slices.ContainsFunc(tables, func(u Table) bool { return u.Name == t.Name }) {
			long = append(long, t.Name)
		}
	}
	if len(long) > 0 {
		fmt.Fprintf(w, "\nMore tables (--table NAME, or --format json for all): %s.\n", strings.Join(long, ", "))
	}
	bullet := ""
	if markdown {
		bullet = "- "
	}
	if reasons := leftOutReasons(d.LeftOut); len(reasons) > 0 {
		fmt.Fprintf(w, "\nLeft out (every one is listed in the JSON output):\n")
		for _, r := range reasons {
			fmt.Fprintf(w, "%s%s\n", bullet, r)
		}
	}
	fmt.Fprintln(w, "\nConventions:")
	for _, c := range d.Conventions {
		fmt.Fprintf(w, "- %s\n", c)
	}
}

// leftOutReasons lists the snapshots left out, with superseded snapshots
// counted rather than listed.
func leftOutReasons(l []scoring.LeftOut) []string {
	var out []string
	superseded := 0
	for _, x := range l {
		if x.Superseded != "" {
			superseded++
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s", x.Snapshot, x.Reason))
	}
	if superseded > 0 {
		out = append(out, fmt.Sprintf("%d earlier snapshots, superseded by their series' final one (--at all takes them)", superseded))
	}
	return out
}

// writeDiagnosticGrid writes a table's cells, aligned (numbers to the
// right) or as Markdown.
func writeDiagnosticGrid(w io.Writer, t *Table, markdown bool) {
	g := grid{head: columnNames(t), cells: make([][]string, len(t.Rows)), right: make([]bool, len(t.Columns))}
	for i, c := range t.Columns {
		g.right[i] = c.Kind != Text
	}
	for r, row := range t.Rows {
		g.cells[r] = make([]string, len(row))
		for i, v := range row {
			g.cells[r][i] = cellText(v, t.Columns[i].Kind)
		}
	}
	fmt.Fprintln(w)
	if markdown {
		g.writeMarkdown(w)
		return
	}
	g.writeText(w, "", true)
}

// candidateName is a candidate's display name, or the id.
func candidateName(e *sources.Election, id string) string {
	if c, ok := e.Candidate(id); ok {
		return c.Name
	}
	return id
}

// tableJSON is one table of a JSON diagnostics document.
type tableJSON struct {
	Name    string           `json:"name"`
	Title   string           `json:"title"`
	Columns []string         `json:"columns"`
	Rows    []map[string]any `json:"rows"`
	Summary []string         `json:"summary"`
}

// tablesJSON lays tables out for JSON: one object per row, keyed by column.
func tablesJSON(tables []Table) []tableJSON {
	var ts []tableJSON
	for _, t := range tables {
		tj := tableJSON{Name: t.Name, Title: t.Title, Columns: columnNames(&t), Rows: []map[string]any{}, Summary: nonNil(t.Summary)}
		for _, r := range t.Rows {
			m := map[string]any{}
			for i, c := range t.Columns {
				m[c.Name] = cellJSON(r[i])
			}
			tj.Rows = append(tj.Rows, m)
		}
		ts = append(ts, tj)
	}
	return ts
}

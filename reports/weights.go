package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"forecast/reports/safe"
	"forecast/scoring/weighting"
)

// WeightTables are the tables of a weighting diagnosis, by --table name.
var WeightTables = []string{"summary", "composition", "outcomes"}

// weightTablesOf builds the tables of a weighting diagnosis, each with its
// plain-language summary.
func weightTablesOf(d *weighting.Diagnosis) []Table {
	r := d.Result
	raking := r.Method == "rake"
	nanUnless := func(ok bool, v float64) float64 {
		if ok {
			return v
		}
		return math.NaN()
	}
	trimmed := raking && (r.TrimLow != 0 || r.TrimHigh != 0)
	iters, maxIter := any(math.NaN()), any(math.NaN())
	if raking {
		iters, maxIter = r.Iterations, r.MaxIter
	}
	summary := Table{Name: "summary", Title: "Summary", Columns: []Column{
		{"method", Text}, {"respondents", Integer}, {"cells", Integer}, {"targets", Text}, {"total", Sig3},
		{"tolerance", Sig3}, {"epsilon", Sig3}, {"max_iter", Integer}, {"iterations", Integer}, {"converged", YesNo},
		{"change", Sig3}, {"margin_error", Sig3}, {"trim_low", Sig3}, {"trim_high", Sig3}, {"trimmed", Integer},
		{"weight_min", Sig3}, {"weight_max", Sig3}, {"deff", Fixed3}, {"n_eff", Fixed0}},
		Rows: [][]any{{r.Method, d.Sample.Len(), r.Cells, targetKind(d.Targets), r.Total,
			nanUnless(raking, r.Tolerance), nanUnless(raking, r.Epsilon), maxIter, iters, r.Converged,
			nanUnless(raking, r.Change), r.MarginError,
			nanUnless(trimmed, r.TrimLow), nanUnless(trimmed, r.TrimHigh), r.Trimmed,
			d.Min, d.Max, d.Deff, d.NEff}},
		Summary: summarySentences(d)}

	comp := Table{Name: "composition", Title: "Sample and target composition", Columns: []Column{
		{"variable", Text}, {"category", Text}, {"n", Integer}, {"sample_share", Fixed3}, {"design_share", Fixed3},
		{"weighted_share", Fixed3}, {"target_share", Fixed3}, {"target", Sig3}},
		Summary: gapSentences(d)}
	for _, s := range d.Composition {
		comp.Rows = append(comp.Rows, []any{s.Variable, s.Category, s.N, s.Sample, s.Design, s.Weighted, s.Target, s.TargetValue})
	}
	out := Table{Name: "outcomes", Title: "Estimates before and after weighting", Columns: []Column{
		{"outcome", Text}, {"n", Integer}, {"unweighted", Sig3}, {"design", Sig3}, {"weighted", Sig3},
		{"shift", Sig3}, {"se_unweighted", Sig3}, {"shift_se", Fixed2}, {"n_eff", Fixed0}},
		Summary: shiftSentences(d)}
	for _, e := range d.Estimates {
		out.Rows = append(out.Rows, []any{e.Outcome, e.N, e.Unweighted, e.Design, e.Weighted, e.Shift, e.SE, e.ShiftSE(), e.NEff})
	}
	return []Table{summary, comp, out}
}

func targetKind(t *weighting.Targets) string {
	switch {
	case t.Shares && t.Sum == 100:
		return "percentages"
	case t.Shares:
		return "shares"
	}
	return "counts"
}

// WriteWeights writes a weighting diagnosis as text, Markdown, CSV or JSON,
// with the tables and conventions of WriteDiagnostics. table chooses one of
// WeightTables; "" and "all" are every table, which CSV cannot hold.
func WriteWeights(w io.Writer, d *weighting.Diagnosis, format, table string) error {
	tables := weightTablesOf(d)
	if format == "csv" {
		return WriteDiagnostics(w, &Diagnostics{Tables: tables}, format, table)
	}
	if table != "" && table != "all" {
		i := slices.IndexFunc(tables, func(t Table) bool { return t.Name == table })
		if i < 0 {
			return fmt.Errorf("no table %q (tables: %s)", table, strings.Join(WeightTables, ", "))
		}
		tables = tables[i : i+1]
	}
	switch format {
	case "json":
		return writeWeightsJSON(w, d, tables)
	case "table", "markdown":
		sw := safe.NewTextWriter(w)
		writeWeightsText(sw, d, tables, format == "markdown")
		return sw.Err()
	}
	return fmt.Errorf("unknown format %q (choose one of %s)", format, strings.Join(Formats, ", "))
}

// writeWeightsJSON writes the document of WriteDiagnostics, with the files
// and the method instead of an election.
func writeWeightsJSON(w io.Writer, d *weighting.Diagnosis, tables []Table) error {
	doc := map[string]any{"title": weightsTitle(d), "method": d.Method, "sample": d.Sample.File, "targets": d.Targets.File,
		"tables": tablesJSON(tables), "conventions": weightConventions(d)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func weightsTitle(d *weighting.Diagnosis) string {
	method := "Raking (iterative proportional fitting)"
	if d.Method == "poststratify" {
		method = "Post-stratification"
	}
	return fmt.Sprintf("%s of %s (%s respondents) to %s (%d variables, %s)", method, d.Sample.File,
		thousands(d.Sample.Len()), d.Targets.File, len(d.Targets.Vars), targetKind(d.Targets))
}

func writeWeightsText(w io.Writer, d *weighting.Diagnosis, tables []Table, markdown bool) {
	if markdown {
		fmt.Fprintf(w, "# %s\n", weightsTitle(d))
	} else {
		fmt.Fprintln(w, weightsTitle(d))
	}
	for _, t := range tables {
		fmt.Fprintln(w)
		if markdown {
			fmt.Fprintf(w, "## %s\n", t.Title)
		} else {
			fmt.Fprintf(w, "%s (--table %s)\n", t.Title, t.Name)
		}
		switch t.Name {
		case "summary":
			writeWeightSummary(w, d, markdown)
		case "composition":
			fmt.Fprintln(w, "Shares in %; gap = sample − target, in points.")
			var rows [][]string
			for _, s := range d.Composition {
				rows = append(rows, []string{s.Variable + ": " + s.Category, strconv.Itoa(s.N), pct(s.Sample), pct(s.Weighted), pct(s.Target), signed(100 * (s.Sample - s.Target))})
			}
			writeAligned(w, []string{"variable: category", "n", "sample", "weighted", "target", "gap"}, rows, markdown)
		case "outcomes":
			if len(d.Estimates) == 0 {
				fmt.Fprintln(w, "No outcome (--outcome COLUMN,...).")
				continue
			}
			fmt.Fprintln(w, "Means (proportions in %); shift = weighted − unweighted; SE of the unweighted mean.")
			var rows [][]string
			for _, e := range d.Estimates {
				f := func(v float64) string { return outcomeValue(e, v) }
				rows = append(rows, []string{e.Outcome, strconv.Itoa(e.N), f(e.Unweighted), f(e.Weighted), shiftValue(e, e.Shift), f(e.SE), fixed(e.ShiftSE(), 2), fixed(e.NEff, 0)})
			}
			writeAligned(w, []string{"outcome", "n", "unweighted", "weighted", "shift", "SE", "shift/SE", "n_eff"}, rows, markdown)
		}
		if len(t.Summary) > 0 {
			fmt.Fprintln(w)
			for _, x := range t.Summary {
				fmt.Fprintf(w, "- %s\n", x)
			}
		}
	}
	fmt.Fprintln(w, "\nConventions:")
	for _, c := range weightConventions(d) {
		fmt.Fprintf(w, "- %s\n", c)
	}
}

func writeWeightSummary(w io.Writer, d *weighting.Diagnosis, markdown bool) {
	r := d.Result
	var rows [][]string
	if r.Method == "rake" {
		conv := fmt.Sprintf("yes, after %d passes", r.Iterations)
		if !r.Converged {
			conv = fmt.Sprintf("NO, stopped after %d passes (at most %d)", r.Iterations, r.MaxIter)
		}
		rows = append(rows,
			[]string{"converged", conv},
			[]string{"last change", fmt.Sprintf("%s (largest change of a cell total in the last pass; threshold %s)", g3(r.Change), epsilonText(r))})
	}
	rows = append(rows,
		[]string{"margins met to", g3(r.MarginError) + marginTolerance(r)},
		[]string{"cells", fmt.Sprintf("%d non-empty cells of the cross-classification", r.Cells)},
		[]string{"weights", fmt.Sprintf("sum %s, min %s, max %s (ratio %s)", strconv.FormatFloat(r.Total, 'g', 10, 64), g3(d.Min), g3(d.Max), g3(d.Max/d.Min))})
	if r.TrimLow != 0 || r.TrimHigh != 0 {
		mean := r.Total / float64(d.Sample.Len())
		rows = append(rows, []string{"trimmed", fmt.Sprintf("%d respondents at a bound of [%s, %s] × mean weight = [%s, %s]", r.Trimmed, g3(r.TrimLow), g3(r.TrimHigh), g3(r.TrimLow*mean), g3(r.TrimHigh*mean))})
	}
	rows = append(rows, []string{"design effect", fmt.Sprintf("%s (Kish); effective n %s of %s", fixed(d.Deff, 3), thousands(int(math.Round(d.NEff))), thousands(d.Sample.Len()))})
	if markdown {
		writeAligned(w, []string{"", ""}, rows, true)
		return
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-15s %s\n", r[0], r[1])
	}
}

// marginTolerance explains MarginError, with the tolerance raking must meet
// it within.
func marginTolerance(r *weighting.Result) string {
	if r.Method != "rake" {
		return " (largest |weighted total − target|)"
	}
	tol := g3(r.MarginTolerance)
	if r.Tolerance < 1 {
		tol = fmt.Sprintf("%s = %s × total of the targets", tol, g3(r.Tolerance))
	}
	return " (largest |weighted total − target|; tolerance " + tol + ")"
}

func epsilonText(r *weighting.Result) string {
	if r.Tolerance < 1 {
		return fmt.Sprintf("%s = %s × Σ design weights", g3(r.Epsilon), g3(r.Tolerance))
	}
	return g3(r.Epsilon)
}

// summarySentences says whether raking converged and what the weights cost.
func summarySentences(d *weighting.Diagnosis) []string {
	r := d.Result
	var out []string
	if r.Method == "rake" && !r.Converged {
		hint := "raise --max-iter or loosen --tolerance"
		switch {
		case r.TrimLow != 0 || r.TrimHigh != 0:
			hint = "the trimming bounds cannot be met together with the margins: widen --trim"
		case r.Iterations < r.MaxIter:
			hint = "the weights stopped moving with margins missed, so no weights meet these margins together (categories that never meet in the sample?)"
		}
		out = append(out, fmt.Sprintf("Raking did not converge after %d passes (margins met only to %s): %s.", r.Iterations, g3(r.MarginError), hint))
	}
	return append(out, fmt.Sprintf("Kish design effect %s: the %s respondents weigh as much as %s equally weighted ones.",
		fixed(d.Deff, 2), thousands(d.Sample.Len()), thousands(int(math.Round(d.NEff)))))
}

// gapSentences names, for each variable, the category the sample got most
// wrong.
func gapSentences(d *weighting.Diagnosis) []string {
	var out []string
	for _, x := range d.Targets.Vars {
		worst := -1
		gap := func(i int) float64 { return math.Abs(d.Composition[i].Sample - d.Composition[i].Target) }
		for i, s := range d.Composition {
			if s.Variable == x.Name && (worst < 0 || gap(i) > gap(worst)) {
				worst = i
			}
		}
		if worst >= 0 {
			s := d.Composition[worst]
			out = append(out, fmt.Sprintf("%s: the largest gap is %s, %s %% of the sample against %s %% of the targets (%s points).",
				s.Variable, s.Category, pct(s.Sample), pct(s.Target), signed(100*(s.Sample-s.Target))))
		}
	}
	return out
}

// shiftSentences says how far weighting moved each outcome.
func shiftSentences(d *weighting.Diagnosis) []string {
	var out []string
	for _, e := range d.Estimates {
		if e.N == 0 {
			out = append(out, fmt.Sprintf("%s: no respondent has a value.", e.Outcome))
			continue
		}
		unit := ""
		if e.Binary {
			unit = " points"
		}
		out = append(out, fmt.Sprintf("%s: weighting moved the estimate from %s to %s (%s%s, %s standard errors of the unweighted estimate).",
			e.Outcome, outcomeText(e, e.Unweighted), outcomeText(e, e.Weighted), shiftValue(e, e.Shift), unit, fixed(e.ShiftSE(), 1)))
	}
	return out
}

func weightConventions(d *weighting.Diagnosis) []string {
	c := []string{
		"Kish design effect deff = n Σw²/(Σw)², effective n = (Σw)²/Σw² (Kish 1965).",
		"Targets that sum to 1 (or 100) for every variable are proportions and the weights sum to n; counts give weights that sum to the population total.",
	}
	if d.Method == "rake" {
		c = append(c, "Raking: iterative proportional fitting (Deming & Stephan 1940). Convergence: the largest change of a cell of the weighted cross-classification over a pass is below ε × Σ design weights (ε < 1) or ε (ε ≥ 1), as in R survey's rake, and every margin is met within ε × the targets' total (ε < 1) or ε (ε ≥ 1).")
		if d.TrimLow != 0 || d.TrimHigh != 0 {
			c = append(c, "Trimming is done inside raking: each adjustment keeps every weight within the bounds and the passes continue until the margins are met too.")
		}
	} else {
		c = append(c, "Post-stratification: w = d · T_cell / Σ_cell d, as R survey's postStratify.")
	}
	return c
}

// outcomeValue formats a mean: in % for proportions, to 3 significant
// digits otherwise.
func outcomeValue(e weighting.Estimate, v float64) string {
	if e.Binary {
		return pct(v)
	}
	return g3(v)
}

// outcomeText is outcomeValue with a % sign for proportions, for sentences.
func outcomeText(e weighting.Estimate, v float64) string {
	if e.Binary {
		return pct(v) + " %"
	}
	return g3(v)
}

func shiftValue(e weighting.Estimate, v float64) string {
	if e.Binary {
		return signed(100 * v)
	}
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func pct(v float64) string { return fixed(100*v, 1) }

func g3(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// thousands writes n with thousands separated by commas.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// AppendWeightsFile appends to dst one row per respondent, in the sample's
// order: its id (the column's name heads the file; "row" and the row number
// from 1 when the sample has no id column) and its weight with full precision
// (the shortest decimal that reads back as the same float64), for checking in
// R survey by merging on the id. Large files are formatted in parallel.
func AppendWeightsFile(dst []byte, s *weighting.Sample, weights []float64) []byte {
	head := s.IDName
	if s.IDs == nil {
		head = "row"
	}
	dst = append(dst, csvField(head)...)
	dst = append(dst, ",weight\n"...)
	quote := false
	for _, id := range s.IDs {
		quote = quote || csvField(id) != id
	}
	const chunk = 1 << 14
	parts := make([][]byte, (len(weights)+chunk-1)/chunk)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for p := range parts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			from, to := p*chunk, min((p+1)*chunk, len(weights))
			b := make([]byte, 0, (to-from)*32)
			var cache floatText
			for i := from; i < to; i++ {
				switch {
				case s.IDs == nil:
					b = strconv.AppendInt(b, int64(i+1), 10)
				case quote:
					b = append(b, csvField(s.IDs[i])...)
				default:
					b = append(b, s.IDs[i]...)
				}
				b = append(b, ',')
				b = cache.append(b, weights[i])
				b = append(b, '\n')
			}
			parts[p] = b
		}()
	}
	wg.Wait()
	n := len(dst)
	for _, b := range parts {
		n += len(b)
	}
	dst = slices.Grow(dst, n-len(dst))
	for _, b := range parts {
		dst = append(dst, b...)
	}
	return dst
}

// floatText formats floats with full precision, remembering recent values:
// raked weights take one value per cell (times a design weight), so most
// respondents' weights were formatted before.
type floatText struct {
	bits [1 << 12]uint64
	text [1 << 12]string
}

func (c *floatText) append(b []byte, x float64) []byte {
	bits := math.Float64bits(x)
	h := bits * 0x9e3779b97f4a7c15 >> 52
	if c.bits[h] == bits && c.text[h] != "" {
		return append(b, c.text[h]...)
	}
	n := len(b)
	b = strconv.AppendFloat(b, x, 'g', -1, 64)
	c.bits[h], c.text[h] = bits, string(b[n:])
	return b
}

// csvField quotes a field as encoding/csv would, when it needs it.
func csvField(f string) string {
	plain := f == "" || f[0] != ' ' && f[len(f)-1] != ' '
	for i := 0; plain && i < len(f); i++ {
		c := f[i]
		plain = c != '"' && c != ',' && c != '\r' && c != '\n'
	}
	if plain {
		return f
	}
	return `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
}

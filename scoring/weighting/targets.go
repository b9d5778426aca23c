package weighting

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/sources"
)

// Variable is a quota variable and its categories, in the order of the
// targets file.
type Variable struct {
	Name       string
	Categories []string
}

// Cell is one cell of a joint table: a category of every variable and its
// target.
type Cell struct {
	Codes  []int // Codes[v] indexes Targets.Vars[v].Categories
	Target float64
	Line   int
}

// Targets are the population figures that weights are fitted to.
type Targets struct {
	File string
	Vars []Variable

	// Margins[v][k] is the target of category k of variable v as read (for a
	// joint table, the sum of its cells), and MarginLines[v][k] the line that
	// gave it (0 for a joint table).
	Margins     [][]float64
	MarginLines [][]int

	// Cells is the joint table; nil when the file gives margins.
	Cells []Cell

	// Shares reports whether the targets are proportions (each variable sums
	// to Sum = 1 or 100) rather than counts (each variable sums to Sum = N).
	Shares bool
	Sum    float64
}

// Joint reports whether the targets are a joint table (one row per cell).
func (t *Targets) Joint() bool { return t.Cells != nil }

// Total returns the sum of the weights fitted to t for n respondents: n for
// proportions, the population count N for counts.
func (t *Targets) Total(n int) float64 {
	if t.Shares {
		return float64(n)
	}
	return t.Sum
}

// sumTolerance is the relative tolerance with which the targets of each
// variable must add up to 1, 100 or the common total.
const sumTolerance = 1e-6

// ReadTargets reads a targets file: margins ("variable,category,target", in
// any column order) or a joint table (a column per variable and "target").
// Every row that cannot be read is reported with its line: a missing or
// negative target, a category given twice, a variable whose targets do not add
// up.
func ReadTargets(file string, b []byte) (*Targets, error) {
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, err
	}
	head := recs[0]
	for i := range head {
		head[i] = strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff"))
	}
	if !slices.Contains(head, "target") {
		return nil, sources.Errorf(file, lines[0], "no target column: a targets file is either variable,category,target (margins) or one column per variable and a target column (joint table)")
	}
	if slices.Contains(head, "variable") || slices.Contains(head, "category") {
		return readMargins(file, recs, lines)
	}
	return readJoint(file, recs, lines)
}

// readMargins reads the variable,category,target layout.
func readMargins(file string, recs [][]string, lines []int) (*Targets, error) {
	h, err := sources.NewHeader(file, recs[0], "variable", "category", "target")
	if err != nil {
		return nil, &sources.DataError{Errs: []error{err}}
	}
	t := &Targets{File: file}
	var p sources.Problems
	seen := map[[2]string]int{}
	for i, rec := range recs[1:] {
		ln := lines[i+1]
		if blank(rec) {
			continue
		}
		name, cat := h.Get(rec, "variable"), h.Get(rec, "category")
		v, err := parseTarget(h.Get(rec, "target"))
		switch {
		case name == "" || cat == "":
			p.Addf(file, ln, "variable and category must not be empty")
			continue
		case err != nil:
			p.Addf(file, ln, "%s = %q: target: %v", name, cat, err)
			continue
		}
		if prev, dup := seen[[2]string{name, cat}]; dup {
			p.Addf(file, ln, "%s = %q is given twice (first on line %d)", name, cat, prev)
			continue
		}
		seen[[2]string{name, cat}] = ln
		j := slices.IndexFunc(t.Vars, func(x Variable) bool { return x.Name == name })
		if j < 0 {
			j = len(t.Vars)
			t.Vars = append(t.Vars, Variable{Name: name})
			t.Margins = append(t.Margins, nil)
			t.MarginLines = append(t.MarginLines, nil)
		}
		t.Vars[j].Categories = append(t.Vars[j].Categories, cat)
		t.Margins[j] = append(t.Margins[j], v)
		t.MarginLines[j] = append(t.MarginLines[j], ln)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(t.Vars) == 0 {
		return nil, sources.Errorf(file, 0, "no targets: expected rows variable,category,target")
	}
	return t, t.checkSums(lines)
}

// readJoint reads a joint table: a column per variable and a target column.
func readJoint(file string, recs [][]string, lines []int) (*Targets, error) {
	var names []string
	for _, name := range recs[0] {
		if name != "target" {
			names = append(names, name)
		}
	}
	h, err := sources.NewHeader(file, recs[0], names...)
	if err != nil {
		return nil, &sources.DataError{Errs: []error{err}}
	}
	if len(names) == 0 {
		return nil, sources.Errorf(file, lines[0], "a joint table needs a column per variable besides target")
	}
	t := &Targets{File: file, Vars: make([]Variable, len(names)), Cells: []Cell{}}
	codes := make([]map[string]int, len(names))
	for v, name := range names {
		if name == "" {
			return nil, sources.Errorf(file, lines[0], "column %d has no name", v+1)
		}
		t.Vars[v].Name = name
		codes[v] = map[string]int{}
	}
	var p sources.Problems
	seen := map[string]int{}
	for i, rec := range recs[1:] {
		ln := lines[i+1]
		if blank(rec) {
			continue
		}
		c := Cell{Codes: make([]int, len(names)), Line: ln}
		var key []string
		ok := true
		for v, name := range names {
			cat := h.Get(rec, name)
			if cat == "" {
				p.Addf(file, ln, "%s is empty", name)
				ok = false
				continue
			}
			k, known := codes[v][cat]
			if !known {
				k = len(t.Vars[v].Categories)
				codes[v][cat] = k
				t.Vars[v].Categories = append(t.Vars[v].Categories, cat)
			}
			c.Codes[v] = k
			key = append(key, name+" = "+strconv.Quote(cat))
		}
		c.Target, err = parseTarget(h.Get(rec, "target"))
		if err != nil {
			p.Addf(file, ln, "target: %v", err)
			ok = false
		}
		if !ok {
			continue
		}
		k := strings.Join(key, ", ")
		if prev, dup := seen[k]; dup {
			p.Addf(file, ln, "cell %s is given twice (first on line %d)", k, prev)
			continue
		}
		seen[k] = ln
		t.Cells = append(t.Cells, c)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(t.Cells) == 0 {
		return nil, sources.Errorf(file, 0, "no cells: expected one row per cell of the joint table")
	}
	t.Margins = make([][]float64, len(names))
	t.MarginLines = make([][]int, len(names))
	for v := range t.Vars {
		t.Margins[v] = make([]float64, len(t.Vars[v].Categories))
		t.MarginLines[v] = make([]int, len(t.Vars[v].Categories))
	}
	for _, c := range t.Cells {
		for v, k := range c.Codes {
			t.Margins[v][k] += c.Target
		}
	}
	return t, t.checkSums(lines)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseTarget reads a non-negative finite number.
func parseTarget(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("missing")
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%q is not a number", s)
	case v < 0:
		return 0, fmt.Errorf("negative target %s", s)
	}
	return v, nil
}

// checkSums decides between proportions and counts and checks that every
// variable adds up: to 1 or 100 for proportions, to the same total for
// counts. The error names the first variable that does not.
func (t *Targets) checkSums(lines []int) error {
	sums := make([]float64, len(t.Vars))
	for v, m := range t.Margins {
		for _, x := range m {
			sums[v] += x
		}
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= sumTolerance*math.Max(math.Abs(a), math.Abs(b)) }
	all := func(x float64) bool {
		for _, s := range sums {
			if !near(s, x) {
				return false
			}
		}
		return true
	}
	switch {
	case sums[0] <= 0:
		return sources.Errorf(t.File, 0, "the targets of %s sum to 0", t.Vars[0].Name)
	case all(1) || all(100):
		t.Shares = true
		t.Sum = math.Round(sums[0])
		return nil
	case all(sums[0]):
		t.Sum = sums[0]
		return nil
	}
	if near(sums[0], 1) || near(sums[0], 100) {
		for v, s := range sums {
			if !near(s, math.Round(sums[0])) {
				return sources.Errorf(t.File, firstLine(t.MarginLines[v]), "%s: shares sum to %s, not %s (shares must sum to 1, or 100 for percentages, for every variable)", t.Vars[v].Name, fmtSum(s), fmtSum(math.Round(sums[0])))
			}
		}
	}
	for v, s := range sums {
		if !near(s, sums[0]) {
			return sources.Errorf(t.File, firstLine(t.MarginLines[v]), "%s: targets sum to %s but %s sums to %s (counts must have the same total for every variable; shares must sum to 1)", t.Vars[v].Name, fmtSum(s), t.Vars[0].Name, fmtSum(sums[0]))
		}
	}
	return nil
}

func firstLine(lines []int) int {
	if len(lines) == 0 {
		return 0
	}
	return lines[0]
}

func fmtSum(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

// csvError turns an encoding/csv error into a LineError.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return sources.Errorf(file, pe.StartLine, "%v", pe.Err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return sources.Errorf(file, 0, "unexpected end of file")
	}
	return sources.Errorf(file, 0, "%v", err)
}

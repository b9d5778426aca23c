package weighting

import (
	"slices"

	"forecast/sources"
)

// Poststratify computes post-stratification weights of s to the joint table t
// (Lumley 2010, ch. 7; R survey's postStratify): each respondent of cell c
// gets
//
//	w_i = d_i · T_c / Σ_{j in c} d_j
//
// with T_c rescaled so that Σ_c T_c is Targets.Total. Margins of a single
// variable count as the joint table of that variable.
//
// It returns a data error naming the cell when the sample has respondents in
// a cell that is not in the table (with the line of the first), when a cell
// of the table with a positive target has no respondent (an empty cell), or
// when a cell with respondents has a target of 0; and when t gives the
// separate margins of several variables, whose joint distribution is unknown.
func Poststratify(s *Sample, t *Targets) (*Result, error) {
	if len(s.Codes) != len(t.Vars) {
		panic("weighting: sample not read against these targets")
	}
	cells := t.Cells
	if !t.Joint() {
		if len(t.Vars) > 1 {
			return nil, sources.Errorf(t.File, 0, "post-stratification needs the joint distribution of the variables: a table with a column per variable and a target column, one row per cell (this file gives each variable's margin: rake instead)")
		}
		for k := range t.Vars[0].Categories {
			cells = append(cells, Cell{Codes: []int{k}, Target: t.Margins[0][k], Line: t.MarginLines[0][k]})
		}
	}
	n := s.Len()
	sizes := make([]int, len(t.Vars))
	codes := make([][]int32, len(t.Vars))
	for v := range t.Vars {
		sizes[v] = len(t.Vars[v].Categories)
		codes[v] = slices.Grow(slices.Clone(s.Codes[v]), len(cells))
		for _, c := range cells {
			codes[v] = append(codes[v], int32(c.Codes[v]))
		}
	}
	// Respondents and table cells are grouped together: a group holds the
	// respondents of one cell and, if the table has it, the cell.
	group, ngroups := groupCells(codes, sizes)
	cellOf := make([]int, ngroups)
	for g := range cellOf {
		cellOf[g] = -1
	}
	for c := range cells {
		cellOf[group[n+c]] = c
	}
	sumD := make([]float64, ngroups)
	units := make([]int, ngroups)
	first := make([]int, ngroups)
	for i, g := range group[:n] {
		if units[g] == 0 {
			first[g] = i
		}
		units[g]++
		sumD[g] += designWeight(s, i)
	}
	name := func(i int) string { return cellName(t, func(v int) int { return int(codes[v][i]) }) }
	var p sources.Problems
	sumT := 0.0
	for _, c := range cells {
		sumT += c.Target
	}
	for g, c := range cellOf {
		if c < 0 {
			p.Addf(s.File, s.Lines[first[g]], "cell %s is not in %s%s", name(first[g]), t.File, rowsNote(units[g]))
		}
	}
	nonEmpty := 0
	for c, x := range cells {
		g := group[n+c]
		switch {
		case units[g] == 0 && x.Target > 0:
			p.Addf(t.File, x.Line, "cell %s: no respondent in %s (an empty cell: merge it with another)", name(n+c), s.File)
		case units[g] > 0 && x.Target == 0:
			p.Addf(t.File, x.Line, "cell %s has a target of 0 but %d respondent(s) in %s (first on line %d)", name(n+c), units[g], s.File, s.Lines[first[g]])
		}
		if units[g] > 0 {
			nonEmpty++
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	r := &Result{Method: "poststratify", Total: t.Total(n), Cells: nonEmpty, Converged: true}
	factor := make([]float64, ngroups)
	for g, c := range cellOf {
		if c >= 0 && units[g] > 0 {
			factor[g] = cells[c].Target * (r.Total / sumT) / sumD[g]
		}
	}
	r.Weights = make([]float64, n)
	for i, g := range group[:n] {
		r.Weights[i] = designWeight(s, i) * factor[g]
	}
	r.MarginError = marginError(s, r.Weights, scaledTargets(t, r.Total))
	return r, nil
}

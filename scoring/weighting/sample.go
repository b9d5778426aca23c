package weighting

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"forecast/sources"
)

// Sample is respondent-level data coded against the categories of a Targets.
type Sample struct {
	File string
	Vars []string // the quota variables, in the order of Targets.Vars

	// Codes[v][i] is respondent i's category of variable v, an index into
	// Targets.Vars[v].Categories.
	Codes [][]int32

	// Design holds the design weights; nil when the sample has none (every
	// respondent weighs 1).
	Design     []float64
	DesignName string

	// IDs are the respondents' ids from the column IDName; nil when the sample
	// has no id column, in which case respondents are numbered from 1.
	IDs    []string
	IDName string

	Lines    []int // the line of each respondent
	Outcomes []Outcome
}

// Outcome is a numeric column of the sample (0/1 for a proportion); NaN marks a
// missing value.
type Outcome struct {
	Name   string
	Values []float64
}

// Len returns the number of respondents.
func (s *Sample) Len() int { return len(s.Lines) }

// ID returns respondent i's id, or its row number (from 1) when the sample
// has no id column.
func (s *Sample) ID(i int) string {
	if s.IDs == nil {
		return strconv.Itoa(i + 1)
	}
	return s.IDs[i]
}

// SampleOptions say which columns of a sample file are not quota variables.
type SampleOptions struct {
	Weight   string   // design weight column; "" for none
	ID       string   // respondent id column; "" for "id" when the file has one
	Outcomes []string // outcome columns
}

// unknownCategory gathers the rows of one value that is not a category.
type unknownCategory struct {
	line, rows int
}

// ReadSample reads a respondent file and codes each quota variable of t.
// Every quota variable of t must be a column; a value that is not one of its
// categories, a design weight that is not a positive number and an outcome
// that is not a number (empty and NA are missing) are errors with their line.
// An unknown category is reported once, at its first line, with the number of
// rows that have it.
func ReadSample(file string, b []byte, t *Targets, o SampleOptions) (*Sample, error) {
	rows := newRowReader(file, string(bytes.TrimPrefix(b, []byte("\ufeff"))))
	head, _, err := rows.next()
	if err == io.EOF {
		return nil, sources.Errorf(file, 0, "empty file: expected a header line")
	}
	if err != nil {
		return nil, err
	}
	head = slices.Clone(head)
	var hasID bool
	for i := range head {
		head[i] = strings.TrimSpace(head[i])
		hasID = hasID || head[i] == "id"
	}
	s := &Sample{File: file, DesignName: o.Weight, IDName: o.ID}
	if s.IDName == "" && hasID {
		s.IDName = "id"
	}
	required := []string{}
	for _, v := range t.Vars {
		s.Vars = append(s.Vars, v.Name)
		required = append(required, v.Name)
	}
	for _, c := range []string{o.Weight, s.IDName} {
		if c != "" {
			required = append(required, c)
		}
	}
	required = append(required, o.Outcomes...)
	if _, err := sources.NewHeader(file, head, required...); err != nil {
		return nil, err
	}
	col := func(name string) int { return slices.Index(head, name) }
	c := &sampleColumns{file: file, nfields: len(head), vars: make([]int, len(t.Vars)), codes: make([]*categoryCodes, len(t.Vars)),
		weight: -1, id: -1, weightName: o.Weight, outcomeNames: o.Outcomes}
	for v, x := range t.Vars {
		c.vars[v] = col(x.Name)
		c.codes[v] = newCategoryCodes(x.Categories)
	}
	if o.Weight != "" {
		c.weight = col(o.Weight)
	}
	if s.IDName != "" {
		c.id = col(s.IDName)
	}
	for _, name := range o.Outcomes {
		c.outcomes = append(c.outcomes, col(name))
	}
	// Large files without quotes are read in parallel, in pieces that start
	// at a line.
	parts := []*rowReader{rows}
	if procs := runtime.GOMAXPROCS(0); rows.cr == nil && procs > 1 && len(rows.text)-rows.pos > 1<<20 {
		parts = rows.split(procs)
	}
	chunks := make([]sampleChunk, len(parts))
	var wg sync.WaitGroup
	for i, r := range parts {
		wg.Go(func() { chunks[i] = c.read(r) })
	}
	wg.Wait()
	var p sources.Problems
	unknown := make([]map[string]*unknownCategory, len(t.Vars))
	s.merge(chunks, &p, unknown)
	s.checkDesign(&p)
	if i, j := firstRepeat(s.IDs); i >= 0 {
		p.Addf(file, s.Lines[i], "%s %q is given twice (first on line %d)", s.IDName, s.IDs[i], s.Lines[j])
	}
	for v, m := range unknown {
		for _, val := range sortedKeys(m) {
			u := m[val]
			what := fmt.Sprintf("%s = %q is not a category of %s (categories: %s)", t.Vars[v].Name, val, t.File, strings.Join(t.Vars[v].Categories, ", "))
			if strings.TrimSpace(val) == "" {
				what = fmt.Sprintf("%s is empty", t.Vars[v].Name)
			}
			p.Addf(file, u.line, "%s%s", what, rowsNote(u.rows))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if s.Len() == 0 {
		return nil, sources.Errorf(file, 0, "no respondents")
	}
	return s, nil
}

// maxDesignRatio bounds how far a design weight may be from the median
// design weight, either way. Design weights are inverse selection
// probabilities, post-stratified or not; a million-fold spread around the
// median is no survey design but a typo or a sentinel value (1e308, 1e-9),
// and it would swamp every total: with ε·Σd as R's convergence threshold, a
// weight of 1e308 makes the threshold 1e298.
const maxDesignRatio = 1e6

// checkDesign reports design weights more than maxDesignRatio times the
// median or less than its inverse, with their line, and design weights
// whose sum overflows. Weights that are not positive finite numbers were
// reported when read and are skipped. The median is only computed when the
// weights spread over more than maxDesignRatio (max > maxDesignRatio·min):
// otherwise none can be that far from it.
func (s *Sample) checkDesign(p *sources.Problems) {
	lo, hi, sum := math.Inf(1), 0.0, 0.0
	for _, w := range s.Design {
		if w > 0 && !math.IsInf(w, 0) {
			lo, hi, sum = min(lo, w), max(hi, w), sum+w
		}
	}
	if math.IsInf(sum, 0) {
		p.Addf(s.File, 0, "design weights %s sum to more than the largest number (%g): divide them by a constant", s.DesignName, math.MaxFloat64)
		return
	}
	if !(hi > maxDesignRatio*lo) {
		return
	}
	ok := make([]float64, 0, len(s.Design))
	for _, w := range s.Design {
		if w > 0 && !math.IsInf(w, 0) {
			ok = append(ok, w)
		}
	}
	slices.Sort(ok)
	median := ok[len(ok)/2]
	if len(ok)%2 == 0 {
		median = (ok[len(ok)/2-1] + median) / 2
	}
	for i, w := range s.Design {
		if r := w / median; w > 0 && !math.IsInf(w, 0) && (r > maxDesignRatio || r < 1/maxDesignRatio) {
			p.Addf(s.File, s.Lines[i], "design weight %s = %g is %.3g times the median design weight %g: design weights more than %g times apart from the median are not a survey design (a typo or a code for missing?)",
				s.DesignName, w, r, median, maxDesignRatio)
		}
	}
}

// sampleColumns says where the fields of a sample file are and how to read
// them.
type sampleColumns struct {
	file         string
	nfields      int
	vars         []int
	codes        []*categoryCodes
	weight, id   int
	outcomes     []int
	weightName   string
	outcomeNames []string
}

// sampleChunk is what one piece of a sample file holds.
type sampleChunk struct {
	s        Sample
	problems []error
	unknown  []map[string]*unknownCategory
}

// read reads the rows of one piece of a sample file.
func (c *sampleColumns) read(rows *rowReader) sampleChunk {
	size := rows.size()
	ch := sampleChunk{unknown: make([]map[string]*unknownCategory, len(c.vars))}
	s := &ch.s
	s.Codes = make([][]int32, len(c.vars))
	for v := range c.vars {
		s.Codes[v] = make([]int32, 0, size)
	}
	if c.weight >= 0 {
		s.Design = make([]float64, 0, size)
	}
	if c.id >= 0 {
		s.IDs = make([]string, 0, size)
	}
	for _, name := range c.outcomeNames {
		s.Outcomes = append(s.Outcomes, Outcome{Name: name, Values: make([]float64, 0, size)})
	}
	s.Lines = make([]int, 0, size)
	addf := func(line int, format string, args ...any) {
		ch.problems = append(ch.problems, sources.Errorf(c.file, line, format, args...))
	}
	for {
		rec, ln, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			ch.problems = append(ch.problems, err)
			break
		}
		if len(rec) != c.nfields {
			addf(ln, "%d fields, the header has %d", len(rec), c.nfields)
			continue
		}
		for v, col := range c.vars {
			val := rec[col]
			k, ok := c.codes[v].code(val)
			if !ok {
				if k, ok = c.codes[v].code(strings.TrimSpace(val)); !ok {
					u := ch.unknown[v][val]
					if u == nil {
						if ch.unknown[v] == nil {
							ch.unknown[v] = map[string]*unknownCategory{}
						}
						u = &unknownCategory{line: ln}
						ch.unknown[v][strings.Clone(val)] = u
					}
					u.rows++
				}
			}
			s.Codes[v] = append(s.Codes[v], k)
		}
		if c.weight >= 0 {
			w, err := strconv.ParseFloat(strings.TrimSpace(rec[c.weight]), 64)
			if err != nil || !(w > 0) || math.IsInf(w, 0) {
				addf(ln, "design weight %s = %q: not a positive number", c.weightName, rec[c.weight])
			}
			s.Design = append(s.Design, w)
		}
		if c.id >= 0 {
			s.IDs = append(s.IDs, strings.TrimSpace(rec[c.id]))
		}
		for j, col := range c.outcomes {
			y, err := parseOutcome(rec[col])
			if err != nil {
				addf(ln, "outcome %s: %v", c.outcomeNames[j], err)
			}
			s.Outcomes[j].Values = append(s.Outcomes[j].Values, y)
		}
		s.Lines = append(s.Lines, ln)
	}
	return ch
}

// merge appends the pieces of a sample file in order, with their problems
// and unknown categories.
func (s *Sample) merge(chunks []sampleChunk, p *sources.Problems, unknown []map[string]*unknownCategory) {
	n := 0
	for _, ch := range chunks {
		n += ch.s.Len()
	}
	grow := func(x []float64) []float64 { return slices.Grow(x, n) }
	s.Codes = make([][]int32, len(unknown))
	for v := range s.Codes {
		s.Codes[v] = make([]int32, 0, n)
	}
	for j := range chunks[0].s.Outcomes {
		s.Outcomes = append(s.Outcomes, Outcome{Name: chunks[0].s.Outcomes[j].Name, Values: grow(nil)})
	}
	if chunks[0].s.Design != nil {
		s.Design = grow([]float64{})
	}
	if chunks[0].s.IDs != nil {
		s.IDs = make([]string, 0, n)
	}
	s.Lines = make([]int, 0, n)
	for _, ch := range chunks {
		for v := range s.Codes {
			s.Codes[v] = append(s.Codes[v], ch.s.Codes[v]...)
		}
		if s.Design != nil {
			s.Design = append(s.Design, ch.s.Design...)
		}
		if s.IDs != nil {
			s.IDs = append(s.IDs, ch.s.IDs...)
		}
		for j := range s.Outcomes {
			s.Outcomes[j].Values = append(s.Outcomes[j].Values, ch.s.Outcomes[j].Values...)
		}
		s.Lines = append(s.Lines, ch.s.Lines...)
		for _, err := range ch.problems {
			p.Add(err)
		}
		for v, m := range ch.unknown {
			for val, u := range m {
				if unknown[v] == nil {
					unknown[v] = map[string]*unknownCategory{}
				}
				if prev := unknown[v][val]; prev != nil {
					prev.rows += u.rows
				} else {
					unknown[v][val] = u
				}
			}
		}
	}
}

// categoryCodes finds the code of a category. Quota variables have few
// categories, so instead of hashing whole strings it indexes them by length
// and first and last bytes, and confirms with one comparison.
type categoryCodes struct {
	cats  []string
	table [256]int16 // -1: no category, -2: several (compare them all)
}

func newCategoryCodes(cats []string) *categoryCodes {
	c := &categoryCodes{cats: cats}
	for i := range c.table {
		c.table[i] = -1
	}
	for k, cat := range cats {
		h := quickHash(cat)
		if c.table[h] == -1 && k < math.MaxInt16 {
			c.table[h] = int16(k)
		} else {
			c.table[h] = -2
		}
	}
	return c
}

func quickHash(s string) uint8 {
	if s == "" {
		return 0
	}
	return uint8(len(s)*31 + int(s[0])*7 + int(s[len(s)-1]))
}

func (c *categoryCodes) code(val string) (int32, bool) {
	switch k := c.table[quickHash(val)]; k {
	case -1:
		return 0, false
	case -2:
		for k, cat := range c.cats {
			if cat == val {
				return int32(k), true
			}
		}
		return 0, false
	default:
		return int32(k), c.cats[k] == val
	}
}

// firstRepeat returns the indexes of the first id that repeats an earlier
// one and of that earlier one, or -1, -1. Ids in increasing order, the usual
// case, need one comparison each; others are sorted by hash.
func firstRepeat(ids []string) (int, int) {
	increasing := true
	for i := 1; i < len(ids) && increasing; i++ {
		increasing = ids[i-1] < ids[i]
	}
	if increasing {
		return -1, -1
	}
	type entry struct {
		h uint64
		i int
	}
	seed := maphash.MakeSeed()
	e := make([]entry, len(ids))
	for i, id := range ids {
		e[i] = entry{maphash.String(seed, id), i}
	}
	slices.SortFunc(e, func(x, y entry) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	dup, first := -1, -1
	for j := 0; j < len(e); {
		k := j + 1
		for k < len(e) && e[k].h == e[j].h {
			k++
		}
		// e[j:k] share a hash; find repeats among them by their ids.
		for a := j; a < k; a++ {
			for b := j; b < a; b++ {
				if ids[e[a].i] == ids[e[b].i] && (dup < 0 || e[a].i < dup) {
					dup, first = e[a].i, e[b].i
				}
			}
		}
		j = k
	}
	return dup, first
}

// rowReader reads CSV records with their line numbers. Files without a
// quote, the usual case for respondent data, are split directly, which is
// several times faster than encoding/csv; the others go through encoding/csv.
// Blank lines are skipped either way.
type rowReader struct {
	file string
	text string
	pos  int
	line int
	rec  []string
	cr   *csv.Reader
}

func newRowReader(file, text string) *rowReader {
	r := &rowReader{file: file, text: text}
	if strings.IndexByte(text, '"') >= 0 {
		r.cr = csv.NewReader(strings.NewReader(text))
		r.cr.ReuseRecord = true
		r.cr.FieldsPerRecord = -1
	}
	return r
}

// split cuts what is left to read into n pieces that start at a line, each
// with its own reader that counts lines from where it starts.
func (r *rowReader) split(n int) []*rowReader {
	var out []*rowReader
	pos, line := r.pos, r.line
	for k := n; k > 0 && pos < len(r.text); k-- {
		end := len(r.text)
		if k > 1 {
			end = pos + (len(r.text)-pos)/k
			if i := strings.IndexByte(r.text[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(r.text)
			}
		}
		out = append(out, &rowReader{file: r.file, text: r.text[:end], pos: pos, line: line})
		line += strings.Count(r.text[pos:end], "\n")
		pos = end
	}
	return out
}

// size estimates the number of records, for preallocation.
func (r *rowReader) size() int { return strings.Count(r.text[r.pos:], "\n") + 1 }

// next returns the next record and its line. The record is valid until the
// next call; its fields are substrings of the file.
func (r *rowReader) next() ([]string, int, error) {
	if r.cr != nil {
		rec, err := r.cr.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, csvError(r.file, err)
		}
		ln, _ := r.cr.FieldPos(0)
		return rec, ln, nil
	}
	text := r.text
	for r.pos < len(text) {
		r.line++
		end := strings.IndexByte(text[r.pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += r.pos
		}
		line := text[r.pos:end]
		r.pos = min(end+1, len(text))
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if line == "" {
			continue // a blank line
		}
		r.rec = r.rec[:0]
		start := 0
		for i := 0; i < len(line); i++ {
			if line[i] == ',' {
				r.rec = append(r.rec, line[start:i])
				start = i + 1
			}
		}
		r.rec = append(r.rec, line[start:])
		return r.rec, r.line, nil
	}
	return nil, 0, io.EOF
}

func rowsNote(rows int) string {
	if rows > 1 {
		return fmt.Sprintf(" (%d rows, first here)", rows)
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parseOutcome reads an outcome value; empty and NA are missing (NaN).
func parseOutcome(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "NA" {
		return math.NaN(), nil
	}
	y, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(y) || math.IsInf(y, 0) {
		return math.NaN(), fmt.Errorf("%q is not a number (leave it empty or write NA when missing)", s)
	}
	return y, nil
}

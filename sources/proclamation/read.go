package proclamation

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"forecast/sources"
)

// The columns of the file.
const (
	colRound     = "round"
	colDate      = "date"
	colScope     = "scope"
	colType      = "item_type"
	colItem      = "item"
	colCandidate = "candidate_id"
	colCount     = "count"
	colSource    = "source_url"
)

var (
	requiredCols = []string{colRound, colType, colItem, colCount, colSource}
	optionalCols = []string{colDate, colScope, colCandidate}
)

// percentCol is a percentage column: which turnout item it is a share of,
// and how far from the computed share it may be.
type percentCol struct {
	name      string
	of        string
	tolerance float64
}

// percentCols are the percentage columns the reader checks. The tolerance is
// half a unit of the last decimal written (two decimals; six for the exact
// share), plus room for floating-point error.
var percentCols = []percentCol{
	{"pct_expressed", itemExpressed, 0.005 + 1e-9},
	{"pct_expressed_exact", itemExpressed, 1e-6},
	{"pct_registered", itemRegistered, 0.005 + 1e-9},
}

// The turnout items, in the order a round lists them.
const (
	itemRegistered  = "registered"
	itemAbstentions = "abstentions"
	itemVoters      = "voters"
	itemBlank       = "blank"
	itemNull        = "null"
	itemExpressed   = "expressed"
)

var turnoutItems = []string{itemRegistered, itemAbstentions, itemVoters, itemBlank, itemNull, itemExpressed}

// Item types.
const (
	typeTurnout   = "turnout"
	typeCandidate = "candidate"
)

// idPattern is what a candidate id looks like when the election is not
// described and the file's id cannot be checked against a registry.
var idPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)

// row is one line of the file that could be read.
type row struct {
	line      int
	round     int
	date      string
	typ       string
	item      string
	candidate string // candidate id, for candidate rows
	count     int64
	pcts      map[string]string // percentage column → value, when given
	source    string
}

// Read reads the researched national-results file (see the package
// documentation) and returns one result per (round, candidate), in file
// order, with the round's turnout on each: scope "national", code "FR", name
// "France", the source URL of the candidate's row.
//
// e describes the election: every candidate_id must be one of its candidate
// ids (an unknown one is an error naming the nearest), an empty candidate_id
// is resolved from the item through its registry, every round must be one of
// its rounds, and a date, when given, must be the round's. e may be nil for an
// election not described yet: candidate ids are then taken as written, or,
// when empty, derived from the item with sources.DeriveID and listed in
// Imported.Derived.
//
// Errors caused by the data are *sources.DataError values listing every
// problem with its file and line; the rounds that could be read are still
// returned with them, for diagnosis, and must not be written out.
func Read(file string, b []byte, e *sources.Election) (*sources.Imported, error) {
	names, err := sources.NewResolver(e)
	if err != nil {
		return nil, fmt.Errorf("election %s: %w", e.ID, err)
	}
	if !utf8.Valid(b) {
		return nil, sources.DataErrorf(file, 0, "not valid UTF-8: the researched files are written in UTF-8")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	header, err := cr.Read()
	if err == io.EOF {
		return nil, sources.DataErrorf(file, 0, "empty file: expected a header line")
	}
	if err != nil {
		return nil, &sources.DataError{Errs: []error{sources.CSVError(file, 0, err)}}
	}
	im := &sources.Imported{}
	cols, err := parseHeader(file, header, im)
	if err != nil {
		return nil, err
	}
	rd := &reader{file: file, e: e, names: names, cols: cols, im: im, failed: map[int]bool{}}
	ragged := sources.ReadRecords(file, cr, 0, &rd.p, func(ln int, rec []string) {
		rd.nrows++
		if r, ok := rd.row(ln, rec); ok {
			rd.rows = append(rd.rows, r)
		} else {
			rd.failed[r.round] = true
		}
	})
	if ragged > 0 {
		rd.failed[0] = true
	}
	if rd.nrows == 0 && rd.p.Err() == nil {
		rd.p.Addf(file, 1, "no rows after the header")
	}
	rd.rounds()
	return im, rd.p.Err()
}

// parseHeader maps column names to positions.
func parseHeader(file string, rec []string, im *sources.Imported) (map[string]int, error) {
	var p sources.Problems
	cols := map[string]int{}
	var unknown []string
	for i, name := range rec {
		name = strings.TrimSpace(name)
		if prev, dup := cols[name]; dup {
			p.Addf(file, 1, "column %s appears twice (columns %d and %d)", sources.Quote(name), prev+1, i+1)
			continue
		}
		cols[name] = i
		known := slices.Contains(requiredCols, name) || slices.Contains(optionalCols, name) ||
			slices.ContainsFunc(percentCols, func(c percentCol) bool { return c.name == name })
		if !known {
			unknown = append(unknown, name)
		}
	}
	var missing []string
	for _, name := range requiredCols {
		if _, ok := cols[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		p.Addf(file, 1, "missing column(s) %s (the header has: %s)", strings.Join(missing, ", "), strings.Join(rec, ","))
	}
	if len(unknown) > 0 {
		im.Note(file, 1, "column(s) not read: %s", strings.Join(unknown, ", "))
	}
	return cols, p.Err()
}

// reader holds the state of one read.
type reader struct {
	file  string
	e     *sources.Election
	names *sources.Resolver
	cols  map[string]int
	im    *sources.Imported
	p     sources.Problems
	nrows int
	rows  []row
	// failed marks the rounds with a row that could not be read (0: a row
	// whose round could not be read, so any round): their whole-round
	// checks would only repeat that error.
	failed map[int]bool
}

// get returns a field by column name; "" when the column is absent.
func (rd *reader) get(rec []string, col string) string {
	i, ok := rd.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// row reads one line; ok is false when it has a problem, each one reported.
func (rd *reader) row(ln int, rec []string) (r row, ok bool) {
	ok = true
	fail := func(format string, args ...any) {
		rd.p.Addf(rd.file, ln, format, args...)
		ok = false
	}
	r.line = ln
	if n, err := strconv.Atoi(rd.get(rec, colRound)); err != nil || n < 1 {
		fail("round %s is not 1, 2…", sources.Quote(rd.get(rec, colRound)))
	} else {
		r.round = n
		if rd.e != nil {
			if _, err := rd.e.Round(n); err != nil {
				fail("%v", err)
			}
		}
	}
	r.date = rd.get(rec, colDate)
	if _, has := rd.cols[colDate]; has {
		if _, err := time.Parse(time.DateOnly, r.date); err != nil {
			fail("date %s is not YYYY-MM-DD", sources.Quote(r.date))
		}
	}
	switch s := rd.get(rec, colScope); sources.NameKey(s) {
	case "", "national", "france entiere":
		if _, has := rd.cols[colScope]; has && s == "" {
			fail("scope is empty")
		}
	default:
		fail("scope %s: this file should hold national results only (national or France_entiere)", sources.Quote(s))
	}
	r.item = rd.get(rec, colItem)
	r.typ = rd.get(rec, colType)
	switch r.typ {
	case typeTurnout:
		if !slices.Contains(turnoutItems, r.item) {
			fail("turnout item %s is not one of %s", sources.Quote(r.item), strings.Join(turnoutItems, ", "))
		}
		if id := rd.get(rec, colCandidate); id != "" {
			fail("turnout item %s has a candidate_id (%s)", r.item, sources.Quote(id))
		}
	case typeCandidate:
		id, err := rd.candidate(ln, r.item, rd.get(rec, colCandidate))
		if err != nil {
			fail("%v", err)
		}
		r.candidate = id
	default:
		fail("item_type %s is not %s or %s", sources.Quote(r.typ), typeTurnout, typeCandidate)
	}
	s := rd.get(rec, colCount)
	if v, err := strconv.ParseInt(s, 10, 64); err != nil || strings.Trim(s, "0123456789") != "" {
		fail("count %s is not a whole number", sources.Quote(s))
	} else {
		r.count = v
	}
	for _, c := range percentCols {
		if v := rd.get(rec, c.name); v != "" {
			if r.pcts == nil {
				r.pcts = map[string]string{}
			}
			r.pcts[c.name] = v
		}
	}
	if r.source = rd.get(rec, colSource); r.source == "" {
		fail("source_url is empty: every count must say where it comes from")
	}
	return r, ok
}

// candidate settles the id of a candidate row (see Read).
func (rd *reader) candidate(line int, item, id string) (string, error) {
	reg := rd.names.Registry()
	switch {
	case id == "":
		id, err := rd.names.Resolve(rd.file, line, item, rd.im)
		if err != nil && reg == nil {
			return "", fmt.Errorf("no candidate_id: %w", err)
		}
		return id, err
	case reg == nil:
		if !idPattern.MatchString(id) {
			return "", fmt.Errorf("candidate_id %s is not an id (upper-case letters, digits and underscores: LE_PEN)", sources.Quote(id))
		}
		return id, nil
	}
	if _, ok := rd.e.Candidate(id); !ok {
		return "", fmt.Errorf("unknown candidate_id %s (did you mean %s?)", sources.Quote(id), strings.Join(reg.Nearest(id, 3), ", "))
	}
	switch named, err := rd.names.Resolve(rd.file, line, item, rd.im); {
	case err != nil:
		return "", fmt.Errorf("candidate_id is %s, but the item %s names no described candidate: add it to %s's aliases, or fix the item", id, sources.Quote(item), id)
	case named != id:
		return "", fmt.Errorf("candidate_id is %s, but the item %s is %s", id, sources.Quote(item), named)
	}
	return id, nil
}

// rounds checks each round as a whole and makes its results: the six
// turnout items present once and adding up, each candidate once, the votes
// adding up to the expressed, every percentage matching its count, one date.
func (rd *reader) rounds() {
	var order []int
	byRound := map[int][]row{}
	for _, r := range rd.rows {
		if _, seen := byRound[r.round]; !seen {
			order = append(order, r.round)
		}
		byRound[r.round] = append(byRound[r.round], r)
	}
	for _, n := range order {
		rd.round(n, byRound[n])
	}
}

func (rd *reader) round(n int, rows []row) {
	// A round with an unreadable row makes no results, and is not checked
	// for completeness: the row's own error says what is wrong.
	incomplete := rd.failed[n] || rd.failed[0]
	bad := incomplete
	fail := func(line int, format string, args ...any) {
		rd.p.Addf(rd.file, line, "round %d: "+format, append([]any{n}, args...)...)
		bad = true
	}
	turnout := map[string]row{}
	cands := map[string]row{}
	var candRows []row
	for _, r := range rows {
		if r.date != rows[0].date {
			fail(r.line, "date %s differs from line %d's (%s)", r.date, rows[0].line, rows[0].date)
		}
		switch r.typ {
		case typeTurnout:
			if prev, dup := turnout[r.item]; dup {
				fail(r.line, "%s is given twice (also line %d)", r.item, prev.line)
				continue
			}
			turnout[r.item] = r
		case typeCandidate:
			if prev, dup := cands[r.candidate]; dup {
				fail(r.line, "%s is given twice (also line %d)", r.candidate, prev.line)
				continue
			}
			cands[r.candidate] = r
			candRows = append(candRows, r)
		}
	}
	if rd.e != nil && rows[0].date != "" {
		if want, err := rd.e.Round(n); err == nil && want.Date != rows[0].date {
			fail(rows[0].line, "date %s, but election %s says %s", rows[0].date, rd.e.ID, want.Date)
		}
	}
	var missing []string
	for _, item := range turnoutItems {
		if _, ok := turnout[item]; !ok {
			missing = append(missing, item)
		}
	}
	if len(missing) > 0 {
		if !incomplete {
			fail(rows[0].line, "no turnout row for %s", strings.Join(missing, ", "))
		}
		return
	}
	if len(candRows) == 0 {
		if !incomplete {
			fail(rows[0].line, "no candidate rows")
		}
		return
	}
	c := func(item string) int64 { return turnout[item].count }
	reg, abst, voters, blank, null, expr := c(itemRegistered), c(itemAbstentions), c(itemVoters), c(itemBlank), c(itemNull), c(itemExpressed)
	if reg != abst+voters {
		fail(turnout[itemRegistered].line, "registered %d ≠ abstentions %d + voters %d", reg, abst, voters)
	}
	if voters != blank+null+expr {
		fail(turnout[itemVoters].line, "voters %d ≠ blank %d + null %d + expressed %d", voters, blank, null, expr)
	}
	var sum int64
	for _, r := range candRows {
		sum += r.count
	}
	if sum != expr && !incomplete {
		fail(turnout[itemExpressed].line, "the candidates' votes add up to %d, expressed is %d", sum, expr)
	}
	for _, r := range rows {
		for _, pc := range percentCols {
			s, given := r.pcts[pc.name]
			if !given {
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				fail(r.line, "%s %s is not a number", pc.name, sources.Quote(s))
				continue
			}
			den := c(pc.of)
			if den == 0 {
				continue
			}
			want := 100 * float64(r.count) / float64(den)
			if math.Abs(v-want) > pc.tolerance {
				fail(r.line, "%s is %s, but %s / %s = %d / %d is %.6f %%", pc.name, s, r.item, pc.of, r.count, den, want)
			}
		}
	}
	if bad {
		return
	}
	results := make([]sources.Result, 0, len(candRows))
	for _, r := range candRows {
		res := sources.Result{
			Round: n, Scope: sources.National, Code: "FR", Name: "France",
			Registered: reg, Abstentions: abst, Voters: voters, Blank: blank, Null: null, Expressed: expr,
			Candidate: r.candidate, Votes: r.count, SourceURL: r.source, Line: r.line,
		}
		if err := res.Check(); err != nil {
			fail(r.line, "%v", err)
		}
		results = append(results, res)
	}
	if !bad {
		rd.im.Results = append(rd.im.Results, results...)
	}
}

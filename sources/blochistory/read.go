// Package blochistory reads pollsposition's history of French polls by
// political bloc, tour1_complet_unitedfl.csv (github.com/pollsposition/data,
// sondages/; MIT, data/upstream/pollsposition/LICENSE): every first-round
// poll pollsposition collected for the presidential elections of 1965 to
// 2017 and for the législatives (1993–2017), européennes (1999–2019) and
// régionales (2004–2015), with the official result of each.
//
// # The upstream format
//
// A CSV file written by pandas: an unnamed first column (the data frame's
// index, not unique across the file's parts and not used), then
//
//	type          president, legislatives, europeennes or regionales
//	dateelection  the day of the first round, YYYY-MM-DD
//	date          the poll's day (the end of its fieldwork), YYYY-MM-DD
//	sondage       the pollster ("Ifop", "Kantar" for Sofres, …), or "result"
//	              for the official result, or "seats" for the seats the
//	              européennes gave each bloc (counts, not votes)
//	samplesize    respondents, empty for results
//	abstention    % abstention (results of some elections only)
//	undecided     % undecided (some 2017 polls only)
//	nbfarleft … nbother   the share of each bloc, in % of the votes cast;
//	              empty where the poll or the result has no such bloc
//
// Blocs, not candidates, are the unit: the shares of a bloc's candidates or
// lists are summed by pollsposition. A poll's shares need not sum to 100:
// the blocs a pollster did not ask about are empty.
//
// # What Read checks
//
// The header must hold the columns above and no other (an unknown layout is
// refused); every row is read or reported with file, line and reason: an
// unknown type, a malformed or missing date, a poll dated after its
// election, a result not dated on election day, a share outside 0–100, a
// seat count that is not a whole number, a row with no bloc at all, a
// pollster missing, a sample size that is not a positive number. An
// election with polls and no result, or with two results, is an error too.
// Nothing is filtered: the analysis (scoring/history) chooses its window and
// counts what it leaves out.
package blochistory

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"forecast/sources"
)

// Blocs are the blocs of the file, in its column order (the column names
// without their "nb" prefix).
var Blocs = []string{"farleft", "left", "green", "centerleft", "center", "centerright", "right",
	"souverainistes", "cpnt", "farright", "other"}

// Types are the election types of the file, in the order Read sorts them.
var Types = []string{"president", "legislatives", "europeennes", "regionales"}

// Kind says what a row is.
type Kind string

// The kinds of rows.
const (
	Poll   Kind = "poll"   // a pollster's poll
	Result Kind = "result" // the official result, in % of the votes cast
	Seats  Kind = "seats"  // seats won (européennes): counts, not votes
)

// Row is one row of the file.
type Row struct {
	Line     int    // line of the file
	Type     string // one of Types
	Election string // the day of the first round, YYYY-MM-DD
	Date     string // the poll's day, YYYY-MM-DD
	Kind     Kind
	Pollster string  // "" for results and seats
	N        float64 // sample size; 0 when not given
	// Abstention and Undecided are the row's abstention (some results) and
	// undecided (some polls) in %, NaN when not given; not scored.
	Abstention, Undecided float64
	// Shares holds one value per bloc of Blocs: the bloc's share in %
	// (seats for Seats rows), NaN where the row has none.
	Shares []float64
}

// Days is the number of days from the row's date to its election.
func (r Row) Days() int {
	d, _ := time.Parse(time.DateOnly, r.Date)
	e, _ := time.Parse(time.DateOnly, r.Election)
	return int(e.Sub(d).Hours() / 24)
}

// File is what Read returns: every row of the file, in file order.
type File struct {
	Name string
	Rows []Row
}

// Count returns how many rows of the file are of kind k.
func (f *File) Count(k Kind) int {
	n := 0
	for _, r := range f.Rows {
		if r.Kind == k {
			n++
		}
	}
	return n
}

// required are the columns Read needs; optional the others it knows.
var (
	required = append([]string{"type", "dateelection", "date", "sondage", "samplesize"}, blocColumns()...)
	optional = []string{"", "abstention", "undecided"}
)

func blocColumns() []string {
	cols := make([]string, len(Blocs))
	for i, b := range Blocs {
		cols[i] = "nb" + b
	}
	return cols
}

// Read reads the file's bytes. It returns every row, or a
// *sources.DataError listing every problem with file and line.
func Read(file string, b []byte) (*File, error) {
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, err
	}
	h, err := sources.NewHeader(file, recs[0], required...)
	if err != nil {
		return nil, err
	}
	if unknown := h.Unknown(append(slices.Clone(required), optional...)...); len(unknown) > 0 {
		return nil, sources.DataErrorf(file, 1, "unknown column(s) %s: this is not the layout of pollsposition's tour1_complet_unitedfl.csv (type, dateelection, date, sondage, samplesize, abstention, undecided, nbfarleft … nbother)",
			sources.Quote(strings.Join(unknown, ", ")))
	}
	var p sources.Problems
	out := &File{Name: file}
	for i, rec := range recs[1:] {
		r, err := parse(h, rec)
		if err != nil {
			p.Addf(file, lines[i+1], "%v", err)
			continue
		}
		r.Line = lines[i+1]
		out.Rows = append(out.Rows, r)
	}
	checkResults(file, out.Rows, &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// parse reads one row.
func parse(h *sources.Header, rec []string) (Row, error) {
	get := func(name string) string { return h.Get(rec, name) }
	r := Row{Type: get("type"), Election: get("dateelection"), Date: get("date"), Pollster: get("sondage")}
	if !slices.Contains(Types, r.Type) {
		return r, fmt.Errorf("type %s is not one of %s", sources.Quote(r.Type), strings.Join(Types, ", "))
	}
	e, err := time.Parse(time.DateOnly, r.Election)
	if err != nil {
		return r, fmt.Errorf("dateelection %s is not a day YYYY-MM-DD", sources.Quote(r.Election))
	}
	d, err := time.Parse(time.DateOnly, r.Date)
	if err != nil {
		return r, fmt.Errorf("date %s is not a day YYYY-MM-DD", sources.Quote(r.Date))
	}
	switch r.Pollster {
	case "":
		return r, fmt.Errorf("sondage is empty: name the pollster, or write result or seats")
	case "result", "seats":
		r.Kind, r.Pollster = Kind(r.Pollster), ""
		if !d.Equal(e) {
			return r, fmt.Errorf("a %s row must be dated on election day %s, not %s", r.Kind, r.Election, r.Date)
		}
	default:
		r.Kind = Poll
		if d.After(e) {
			return r, fmt.Errorf("the poll of %s is dated %s, after its election (%s)", sources.Quote(r.Pollster), r.Date, r.Election)
		}
	}
	if s := get("samplesize"); s != "" {
		n, err := sources.ParseNumber(s)
		if err != nil || !(n >= 1) || math.IsInf(n, 0) {
			return r, fmt.Errorf("samplesize %s is not a positive number", sources.Quote(s))
		}
		r.N = n
	}
	for _, c := range []struct {
		name string
		v    *float64
	}{{"abstention", &r.Abstention}, {"undecided", &r.Undecided}} {
		*c.v = math.NaN()
		if s := get(c.name); s != "" {
			v, err := sources.ParseNumber(s)
			if err != nil || !(v >= 0 && v <= 100) {
				return r, fmt.Errorf("%s %s is not a share from 0 to 100", c.name, sources.Quote(s))
			}
			*c.v = v
		}
	}
	r.Shares = make([]float64, len(Blocs))
	any := false
	for i, b := range Blocs {
		r.Shares[i] = math.NaN()
		s := get("nb" + b)
		if s == "" {
			continue
		}
		v, err := sources.ParseNumber(s)
		switch {
		case err != nil || math.IsNaN(v):
			return r, fmt.Errorf("nb%s %s is not a number", b, sources.Quote(s))
		case r.Kind == Seats && (v < 0 || v != math.Trunc(v) || v > 1e6):
			return r, fmt.Errorf("nb%s %s is not a number of seats (a whole number)", b, sources.Quote(s))
		case r.Kind != Seats && (v < 0 || v > 100):
			return r, fmt.Errorf("nb%s %s is outside 0–100 (shares are in %% of the votes cast)", b, sources.Quote(s))
		}
		r.Shares[i], any = v, true
	}
	if !any {
		return r, fmt.Errorf("no bloc has a value (nbfarleft … nbother are all empty)")
	}
	return r, nil
}

// checkResults requires one result row for every election that has rows,
// and no more.
func checkResults(file string, rows []Row, p *sources.Problems) {
	type key struct{ typ, day string }
	first := map[key]int{}
	results := map[key][]int{}
	var order []key
	for _, r := range rows {
		k := key{r.Type, r.Election}
		if _, ok := first[k]; !ok {
			first[k] = r.Line
			order = append(order, k)
		}
		if r.Kind == Result {
			results[k] = append(results[k], r.Line)
		}
	}
	for _, k := range order {
		switch ls := results[k]; {
		case len(ls) == 0:
			p.Addf(file, first[k], "the %s election of %s has no result row (sondage = result): its polls cannot be scored", k.typ, k.day)
		case len(ls) > 1:
			p.Addf(file, ls[1], "the %s election of %s has a second result row (the first is on line %d)", k.typ, k.day, ls[0])
		}
	}
}

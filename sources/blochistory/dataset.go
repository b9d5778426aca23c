package blochistory

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/sources"
)

// None is the bloc of a candidate counted in no bloc: pollsposition leaves
// some minor candidates out of its results (in 2017, Arthaud, Asselineau
// and Cheminade).
const None = "none"

// ReadBlocs reads a table that puts the candidates of an election in blocs
// (data/blocs/ELECTION.csv: candidate,bloc,reason). Every candidate must
// be one of e's, named once, with a bloc of Blocs or None and a reason;
// every problem is reported with file and line.
func ReadBlocs(file string, b []byte, e *sources.Election) (map[string]string, error) {
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, err
	}
	h, err := sources.NewHeader(file, recs[0], "candidate", "bloc", "reason")
	if err != nil {
		return nil, err
	}
	var p sources.Problems
	out := map[string]string{}
	for i, rec := range recs[1:] {
		c, bloc, reason := h.Get(rec, "candidate"), h.Get(rec, "bloc"), h.Get(rec, "reason")
		_, known := e.Candidate(c)
		switch {
		case !known:
			p.Addf(file, lines[i+1], "candidate %s is not one of %s's", sources.Quote(c), e.ID)
		case out[c] != "":
			p.Addf(file, lines[i+1], "candidate %s is given a bloc twice", c)
		case bloc != None && !slices.Contains(Blocs, bloc):
			p.Addf(file, lines[i+1], "bloc %s is not one of %s, or %s", sources.Quote(bloc), strings.Join(Blocs, ", "), None)
		case reason == "":
			p.Addf(file, lines[i+1], "candidate %s: say why it is in bloc %s (the reason column is empty)", c, bloc)
		default:
			out[c] = bloc
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// FromDataset turns round 1 of an election in the canonical format into
// rows of type typ, as if the file held them: the national result, each
// bloc's share the sum of its candidates' votes over the votes cast; and
// one row per poll snapshot of the ballot (family poll, vote shares,
// forecast), dated by the end of its fieldwork, each bloc's share the sum
// of its candidates'. Every candidate of the round's ballot must have a
// bloc (None included); a poll with a candidate off the ballot is not a
// forecast of the round and is not one of them.
func FromDataset(d *sources.Dataset, typ string, blocs map[string]string) ([]Row, error) {
	e := d.Election
	round, err := e.Round(1)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, c := range round.Ballot {
		if blocs[c] == "" {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, sources.DataErrorf(e.ID, 0, "no bloc for %s: add them to the election's bloc table", strings.Join(missing, ", "))
	}
	index := func(c string) int { return slices.Index(Blocs, blocs[c]) }
	empty := func() []float64 {
		s := make([]float64, len(Blocs))
		for i := range s {
			s[i] = math.NaN()
		}
		return s
	}
	add := func(s []float64, i int, v float64) {
		if i < 0 {
			return
		}
		if math.IsNaN(s[i]) {
			s[i] = 0
		}
		s[i] += v
	}
	res := Row{Type: typ, Election: round.Date, Date: round.Date, Kind: Result, Shares: empty(), Abstention: math.NaN(), Undecided: math.NaN()}
	for _, r := range d.Results {
		if r.Round == 1 && r.Scope == "national" {
			add(res.Shares, index(r.Candidate), 100*float64(r.Votes)/float64(r.Expressed))
		}
	}
	rows := []Row{res}
	bySnapshot := map[string]int{}
	for _, f := range d.Figures {
		if f.Round != 1 || f.Family != sources.Poll || f.Measure != sources.VoteShare || !f.Forecast {
			continue
		}
		i, ok := bySnapshot[f.Snapshot]
		if !ok {
			if f.FieldEnd == "" || f.FieldEnd > round.Date {
				return nil, sources.DataErrorf(e.ID, f.Line, "poll %s: fieldwork end %q is not a day before the election (%s)", f.Snapshot, f.FieldEnd, round.Date)
			}
			i = len(rows)
			bySnapshot[f.Snapshot] = i
			n := f.NInterviewed
			if math.IsNaN(n) {
				n = 0
			}
			rows = append(rows, Row{Line: f.Line, Type: typ, Election: round.Date, Date: f.FieldEnd, Kind: Poll, Pollster: f.SourceName, N: n, Shares: empty(),
				Abstention: math.NaN(), Undecided: math.NaN()})
		}
		if blocs[f.Candidate] == "" {
			return nil, sources.DataErrorf(e.ID, f.Line, "poll %s: candidate %s has no bloc", f.Snapshot, f.Candidate)
		}
		add(rows[i].Shares, index(f.Candidate), f.Value)
	}
	if len(rows) == 1 {
		return nil, fmt.Errorf("%s: no poll of round 1 to score", e.ID)
	}
	return rows, nil
}

// Add appends rows of other elections (FromDataset) to f; an election f
// already holds is refused, so that no election is counted twice.
func (f *File) Add(source string, rows []Row) error {
	type key struct{ typ, day string }
	have := map[key]bool{}
	for _, r := range f.Rows {
		have[key{r.Type, r.Election}] = true
	}
	for _, r := range rows {
		if have[key{r.Type, r.Election}] {
			return sources.DataErrorf(source, 0, "the %s election of %s is in %s already: it cannot be added twice", r.Type, r.Election, f.Name)
		}
	}
	f.Rows = append(f.Rows, rows...)
	return nil
}

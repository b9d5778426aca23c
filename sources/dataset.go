package sources

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
)

// File names of a canonical election directory.
const (
	ElectionFile  = "election.json"
	ResultsFile   = "results.csv"
	ForecastsFile = "forecasts.csv"
)

// Dataset is one election in the canonical format.
type Dataset struct {
	Election *Election
	Results  []Result
	Figures  []Figure
}

// Imported is what an importer read from upstream files.
type Imported struct {
	Figures []Figure
	Results []Result
	// Notices are things the importer did that a reader must know about
	// (a duplicated key kept under a new id, a zero flagged as "below 0.5 %"),
	// each with file and line. They are not errors.
	Notices []*LineError
	// Derived lists candidate ids the importer made up from names because
	// the election is not described yet (no registry): id → name as first
	// spelled (see Resolver). It is nil when no id was derived.
	Derived map[string]string
}

// Note records a notice.
func (im *Imported) Note(file string, line int, format string, args ...any) {
	im.Notices = append(im.Notices, Errorf(file, line, format, args...))
}

// Load reads an election directory from fsys (the embedded data, or
// os.DirFS for --data) and checks it as a whole: every figure and result
// names a described candidate, and the département results add up to the
// national ones.
func Load(fsys fs.FS) (*Dataset, error) {
	b, err := readFS(fsys, ElectionFile)
	if err != nil {
		return nil, fmt.Errorf("reading election metadata: %w", err)
	}
	e, err := ParseElection(ElectionFile, b)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Election: e}
	var errs []error
	if b, err := readFS(fsys, ResultsFile); err != nil {
		errs = append(errs, fmt.Errorf("reading results: %w", err))
	} else {
		d.Results, err = readResults(ResultsFile, b)
		errs = append(errs, err)
	}
	if b, err := readFS(fsys, ForecastsFile); err != nil {
		errs = append(errs, fmt.Errorf("reading forecasts: %w", err))
	} else {
		d.Figures, err = readFigures(ForecastsFile, b)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// Check verifies the rules that span files.
func (d *Dataset) Check() error {
	var p Problems
	known := map[string]bool{}
	for _, c := range d.Election.Candidates {
		known[c.ID] = true
	}
	for _, f := range d.Figures {
		if !known[f.Candidate] {
			p.Addf(ForecastsFile, f.Line, "candidate %s is not described in %s", f.Candidate, ElectionFile)
		}
		r, err := d.Election.Round(f.Round)
		if err != nil {
			p.Addf(ForecastsFile, f.Line, "%v", err)
		} else if f.Family == Poll && f.FieldEnd > r.Date {
			p.Addf(ForecastsFile, f.Line, "poll %s: fieldwork ends %s, after round %d (%s)", f.Snapshot, f.FieldEnd, r.Number, r.Date)
		}
	}
	for _, r := range d.Results {
		if !known[r.Candidate] {
			p.Addf(ResultsFile, r.Line, "candidate %s is not described in %s", r.Candidate, ElectionFile)
		}
	}
	for _, err := range DuplicatePolls(d.Figures) {
		p.Add(Errorf(ForecastsFile, 0, "%v", err))
	}
	for _, err := range CheckResultTotals(d.Results) {
		p.Add(Errorf(ResultsFile, 0, "%v", err))
	}
	for _, err := range checkBallots(d.Election, d.Results) {
		p.Add(Errorf(ResultsFile, 0, "%v", err))
	}
	return p.Err()
}

// checkBallots checks that each round's national result names exactly the
// candidates of the round's declared ballot. A round with no declared ballot,
// or no national result yet, is not checked.
func checkBallots(e *Election, rs []Result) []error {
	var errs []error
	for _, r := range e.Rounds {
		if len(r.Ballot) == 0 {
			continue
		}
		var got []string
		for _, x := range rs {
			if x.Round == r.Number && x.Scope == National && !slices.Contains(got, x.Candidate) {
				got = append(got, x.Candidate)
			}
		}
		if len(got) == 0 {
			continue
		}
		want := slices.Sorted(slices.Values(r.Ballot))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			errs = append(errs, fmt.Errorf("round %d: the national result names %v, the ballot in %s %v", r.Number, got, ElectionFile, want))
		}
	}
	return errs
}

// CheckResultTotals checks, for every round, that the national rows agree
// with each other and that the départements, when present, add up exactly to
// the national counts (registered, voters, blank, null, expressed and every
// candidate's votes), and that the candidates' votes add up to the expressed.
func CheckResultTotals(rs []Result) []error {
	type key struct {
		round int
		scope string
	}
	votes := map[key]map[string]int64{}
	turnout := map[key]map[string][6]int64{} // unit code → turnout
	for _, r := range rs {
		k := key{r.Round, r.Scope}
		if votes[k] == nil {
			votes[k] = map[string]int64{}
			turnout[k] = map[string][6]int64{}
		}
		votes[k][r.Candidate] += r.Votes
		t := [6]int64{r.Registered, r.Abstentions, r.Voters, r.Blank, r.Null, r.Expressed}
		turnout[k][r.Code] = t
	}
	var errs []error
	names := [6]string{"registered", "abstentions", "voters", "blank", "null", "expressed"}
	var rounds []int
	for k := range votes {
		if !slices.Contains(rounds, k.round) {
			rounds = append(rounds, k.round)
		}
	}
	slices.Sort(rounds)
	for _, round := range rounds {
		nat, dep := key{round, National}, key{round, Department}
		for _, k := range []key{nat, dep} {
			if turnout[k] == nil {
				continue
			}
			var sumVotes, sumExpressed int64
			for _, v := range votes[k] {
				sumVotes += v
			}
			for _, t := range turnout[k] {
				sumExpressed += t[5]
			}
			if sumVotes != sumExpressed {
				errs = append(errs, fmt.Errorf("round %d, %s: candidates' votes add up to %d, expressed to %d", round, k.scope, sumVotes, sumExpressed))
			}
		}
		if turnout[nat] == nil || turnout[dep] == nil {
			continue
		}
		var natT, depT [6]int64
		for _, t := range turnout[nat] {
			natT = t
		}
		for _, t := range turnout[dep] {
			for i := range t {
				depT[i] += t[i]
			}
		}
		for i := range natT {
			if natT[i] != depT[i] {
				errs = append(errs, fmt.Errorf("round %d: départements add up to %d %s, the national result says %d", round, depT[i], names[i], natT[i]))
			}
		}
		var cands []string
		for c := range votes[nat] {
			cands = append(cands, c)
		}
		slices.Sort(cands)
		for _, c := range cands {
			if votes[nat][c] != votes[dep][c] {
				errs = append(errs, fmt.Errorf("round %d: départements give %s %d votes, the national result %d", round, c, votes[dep][c], votes[nat][c]))
			}
		}
	}
	return errs
}

// Marshal writes the three canonical files of d, keyed by file name.
func (d *Dataset) Marshal() (map[string][]byte, error) {
	e, err := MarshalElection(d.Election)
	if err != nil {
		return nil, err
	}
	var res, fig bytes.Buffer
	if err := WriteResults(&res, d.Results); err != nil {
		return nil, err
	}
	if err := WriteFigures(&fig, d.Figures); err != nil {
		return nil, err
	}
	return map[string][]byte{ElectionFile: e, ResultsFile: res.Bytes(), ForecastsFile: fig.Bytes()}, nil
}

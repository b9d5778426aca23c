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
			continue
		}
		day, where := r.Date, fmt.Sprintf("round %d", r.Number)
		if race, err := d.figureRace(f); err != nil {
			p.Addf(ForecastsFile, f.Line, "%v", err)
		} else if race.Date != "" {
			day, where = race.Date, "race "+race.ID
		}
		if f.Family == Poll && max(f.FieldEnd, f.FieldMid) > day {
			p.Addf(ForecastsFile, f.Line, "poll %s: fieldwork ends %s, after %s (%s)", f.Snapshot, max(f.FieldEnd, f.FieldMid), where, day)
		}
	}
	for _, r := range d.Results {
		if !known[r.Candidate] {
			p.Addf(ResultsFile, r.Line, "candidate %s is not described in %s", r.Candidate, ElectionFile)
		}
	}
	for _, r := range d.Election.Races {
		if !slices.ContainsFunc(d.Results, r.holds) {
			p.Addf(ResultsFile, 0, "race %s (%s) has no result: no row of round %d, scope %s, code %s", r.ID, r.Name, r.Round, r.Scope, r.Code)
		}
	}
	for _, err := range checkShareTotals(d.Results) {
		p.Add(err)
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

// figureRace returns the race a figure names: none in a dataset without
// races, a declared race of the figure's round otherwise.
func (d *Dataset) figureRace(f Figure) (Race, error) {
	e := d.Election
	switch {
	case len(e.Races) == 0 && f.Race == "":
		return Race{}, nil
	case len(e.Races) == 0:
		return Race{}, fmt.Errorf("race %s: %s declares no races", Quote(f.Race), ElectionFile)
	case f.Race == "":
		return Race{}, fmt.Errorf("snapshot %s names no race: %s declares races, and every figure names one", f.Snapshot, ElectionFile)
	}
	r, err := e.Race(f.Race)
	if err == nil && r.Round != f.Round {
		err = fmt.Errorf("snapshot %s: race %s is in round %d, the figure in round %d", f.Snapshot, r.ID, r.Round, f.Round)
	}
	return r, err
}

// holds reports whether a result row is part of the race's result.
func (r Race) holds(x Result) bool {
	return x.Round == r.Round && x.Scope == r.Scope && x.Code == r.Code
}

// shareTolerance is how far above 100 the shares of one unit may add up:
// sources round each share to the hundredth.
const shareTolerance = 0.05

// checkShareTotals checks that the shares given for one unit and round add
// up to no more than 100.
func checkShareTotals(rs []Result) []error {
	type unit struct {
		round       int
		scope, code string
	}
	sum := map[unit]float64{}
	line := map[unit]int{}
	var order []unit
	for _, r := range rs {
		if r.Counted() {
			continue
		}
		u := unit{r.Round, r.Scope, r.Code}
		if _, ok := sum[u]; !ok {
			order = append(order, u)
			line[u] = r.Line
		}
		sum[u] += r.Share
	}
	var errs []error
	for _, u := range order {
		if sum[u] > 100+shareTolerance {
			errs = append(errs, Errorf(ResultsFile, line[u], "round %d, %s %s: shares add up to %.2f %%, above 100", u.round, u.scope, u.code, sum[u]))
		}
	}
	return errs
}

// Race returns the dataset of one declared race as the commands score it:
// the race's figures (their race field cleared), its result rows as the
// national result of its round, and an election with that one round, dated
// and headlined as the race is. Everything that scores a round scores a
// race this way.
func (d *Dataset) Race(id string) (*Dataset, error) {
	race, err := d.Election.Race(id)
	if err != nil {
		return nil, err
	}
	round, err := d.Election.Round(race.Round)
	if err != nil {
		return nil, err
	}
	if race.Date != "" {
		round.Date = race.Date
		if round.BlackoutFrom > race.Date {
			round.BlackoutFrom = race.Date
		}
	}
	if len(race.Headline) > 0 {
		round.Headline = race.Headline
		round.HeadlineReason = "The race's own candidate set (" + ElectionFile + ", races)."
	}
	if race.Scope != National {
		round.Ballot = nil // the ballot is declared for the national result
	}
	e := *d.Election
	e.Name = d.Election.Name + ": " + race.Name
	if e.NameFr != "" {
		e.NameFr += ": " + race.NameIn(true)
	}
	e.Rounds = []Round{round}
	e.Races = nil
	e.View = &RaceView{Race: race, Rounds: len(d.Election.Rounds)}
	out := &Dataset{Election: &e}
	for _, x := range d.Results {
		if race.holds(x) {
			x.Scope = National
			out.Results = append(out.Results, x)
		}
	}
	for _, f := range d.Figures {
		if f.Race == id {
			f.Race = ""
			out.Figures = append(out.Figures, f)
		}
	}
	return out, nil
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
		if !r.Counted() {
			continue // shares have no totals to check
		}
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

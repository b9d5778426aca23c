// Package races sets the races of one dataset side by side (the 2016 US
// presidential vote nationally and in every state): per race, the error of
// its polls on the margin between the race's two headline candidates, their
// signed bias toward the first of them, whether each poll and the polls'
// average named the winner; and a summary of the national race against the
// state and district races. It answers "which polls had the wrong winner,
// and the bias state by state" for any dataset that declares races
// (sources.Race); nothing in it names an election or a candidate.
//
// The measures are FiveThirtyEight's simple error, bias and rightcall
// (docs/METHODS.md §14), on the canonical dataset; the formulas, the
// weighting of the summary and the uncertainty are in docs/METHODS.md §17.
package races

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"forecast/scoring"
	"forecast/sources"
)

// Poll is one poll of a race: its shares of the race's two headline
// candidates A and B, and how far its margin fell from the result's.
type Poll struct {
	Race       string // race id
	Snapshot   string
	Source     string // pollster id: the cluster of the race's SE
	SourceName string
	Date       string  // the day it is dated by (sources.Figure.Date), YYYY-MM-DD
	N          float64 // respondents; NaN when unknown
	Line       int     // line of its figure for A in forecasts.csv
	SourceURL  string  // where it was published
	// Final says it is its pollster's final poll in the race, as scoring
	// picks it for a leaderboard (docs/METHODS.md §6).
	Final bool
	A, B  float64 // shares, points
	// Margin = A − B; Error = |Margin − result margin|, FiveThirtyEight's
	// simple error; Bias = Margin − result margin, signed toward A
	// (scoring.MarginError).
	Margin, Error, Bias float64
	// Call is 1 when the poll's leader of A and B won, 0.5 when the poll
	// has them tied, 0 when its leader lost (scoring.WinnerOK); NaN when
	// the result is itself a tie.
	Call float64
}

// Race is one race's polls summed up. Undefined values are NaN.
type Race struct {
	sources.Race
	A, B             string  // the race's headline candidates, in their declared order
	ResultA, ResultB float64 // their shares in the result, points
	ResultMargin     float64 // ResultA − ResultB
	Winner           string  // the one of A and B with the larger share; "" on a tie
	ResultURL        string  // where the result was published
	// Over all the race's polls (each poll counts once):
	Polls, Pollsters int
	AverageA         float64 // mean share of A over the polls, points
	AverageB         float64
	AverageMargin    float64 // AverageA − AverageB, the poll average's margin
	// Bias is the poll average's signed bias toward A, AverageMargin −
	// ResultMargin, the mean of the polls' biases; BiasSE its standard
	// error clustered by pollster (CR1), and BiasLo–BiasHi its 95 %
	// interval (Student's t on Pollsters − 1 degrees of freedom). NaN with
	// fewer than two pollsters.
	Bias, BiasSE, BiasLo, BiasHi float64
	MeanError                    float64 // mean of the polls' errors on the margin
	WrongPolls                   float64 // Σ (1 − Call): polls whose leader lost, a tie counting half
	// AverageCall is Call for the poll average (its mean shares of A and
	// B); AverageWrong says it named the loser (AverageCall = 0).
	AverageCall  float64
	AverageWrong bool
	// Over each pollster's final poll only:
	FinalPolls      int
	FinalBias       float64 // mean bias toward A of the final polls
	FinalMeanError  float64
	FinalWrongPolls float64
}

// Excluded is a poll left out of the analysis, with why.
type Excluded struct {
	Race, Snapshot string
	Line           int
	Reason         string
}

// Summary sums up a group of races: the national race, the state and
// district races, or all of them. Undefined values are NaN.
type Summary struct {
	Group  string   // "national", "subnational" or "all"
	Scopes []string // the scopes of its races, as the data name them
	Races  int      // races with at least one poll
	Polls  int
	// Per poll (each poll weighs the same; a race with many polls weighs
	// more): the mean error on the margin and the mean bias toward A, with
	// its SE clustered by race (CR1; polls of one race share its result's
	// surprise) and its 95 % interval (t on races − 1 df). A group of one
	// race has no race-level spread: its SE is then clustered by pollster,
	// and SECluster says which ("race" or "pollster").
	MeanError, Bias, BiasSE, BiasLo, BiasHi float64
	SECluster                               string
	// Per race (each race's poll average weighs the same): the mean of the
	// races' biases toward A, its simple SE over races (sd/√races) and 95 %
	// interval (t on races − 1 df).
	RaceBias, RaceBiasSE, RaceBiasLo, RaceBiasHi float64
	FavouredA                                    int      // races whose poll average favoured A (Bias > 0)
	WrongRaces                                   []string // ids of the races whose poll average named the loser
	WrongPolls                                   float64  // polls whose leader lost, a tie counting half
}

// Analysis is the races of one dataset side by side.
type Analysis struct {
	Election *sources.Election
	// A and B are the headline candidates when every race has the same
	// two; "" when they differ (each race's are in its row).
	A, B     string
	Races    []Race // in the order election.json declares them
	Polls    []Poll // race by race, in the order of forecasts.csv
	Summary  []Summary
	Excluded []Excluded
}

// Groups of the summary.
const (
	National    = "national"
	Subnational = "subnational"
	All         = "all"
)

// Analyse sets the races of d side by side. d must declare races
// (sources.Election.Races): an election of one race per round has nothing
// to set side by side, and the error says so. Every poll forecast of a
// race is analysed (scoring.Score's snapshots of the race at "all"); the
// polls that are not forecasts (scoring's left-out snapshots) and those
// that do not give both headline candidates are listed in Excluded, with
// why. Buzz and model figures are not polls, and not read. A race with no
// poll is a row of its own with no measure.
func Analyse(d *sources.Dataset) (*Analysis, error) {
	e := d.Election
	if len(e.Races) == 0 {
		return nil, fmt.Errorf("%s declares no races: it is one race per round, scored by 'forecast score' and diagnosed by 'forecast diagnose polls'; races side by side need an election.json with races (data/README.md)", e.ID)
	}
	a := &Analysis{Election: e}
	parts := partition(d)
	for i, r := range e.Races {
		race, polls, excl, err := analyseRace(parts[r.ID], r)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			a.A, a.B = race.A, race.B
		} else if race.A != a.A || race.B != a.B {
			a.A, a.B = "", ""
		}
		a.Races = append(a.Races, race)
		a.Polls = append(a.Polls, polls...)
		a.Excluded = append(a.Excluded, excl...)
	}
	for _, g := range []string{National, Subnational, All} {
		if s, ok := a.summarise(g); ok {
			a.Summary = append(a.Summary, s)
		}
	}
	return a, nil
}

// partition splits d into one dataset per race, holding only the race's
// figures and result rows, in one pass over each: Dataset.Race reads every
// row, and calling it on d for each race would make the analysis quadratic
// in the number of races.
func partition(d *sources.Dataset) map[string]*sources.Dataset {
	type unit struct {
		round       int
		scope, code string
	}
	parts := map[string]*sources.Dataset{}
	byUnit := map[unit]*sources.Dataset{}
	for _, r := range d.Election.Races {
		p := &sources.Dataset{Election: d.Election}
		parts[r.ID], byUnit[unit{r.Round, r.Scope, r.Code}] = p, p
	}
	for _, x := range d.Results {
		if p := byUnit[unit{x.Round, x.Scope, x.Code}]; p != nil {
			p.Results = append(p.Results, x)
		}
	}
	for _, f := range d.Figures {
		if p := parts[f.Race]; p != nil {
			p.Figures = append(p.Figures, f)
		}
	}
	return parts
}

// analyseRace computes one race's row and polls; d holds the race's rows
// (partition).
func analyseRace(d *sources.Dataset, r sources.Race) (Race, []Poll, []Excluded, error) {
	rd, err := d.Race(r.ID)
	if err != nil {
		return Race{}, nil, nil, err
	}
	round := rd.Election.Rounds[0]
	if len(round.Headline) < 2 {
		return Race{}, nil, nil, fmt.Errorf("race %s: %s declares fewer than two headline candidates for it: the margin is between the first two", r.ID, sources.ElectionFile)
	}
	out, err := scoring.NationalOutcome(rd.Results, rd.Election, round.Number)
	if err != nil {
		return Race{}, nil, nil, fmt.Errorf("race %s: %w", r.ID, err)
	}
	race := Race{Race: r, A: round.Headline[0], B: round.Headline[1], ResultURL: out.SourceURL}
	var ok bool
	if race.ResultA, ok = out.Shares[race.A]; !ok {
		return Race{}, nil, nil, fmt.Errorf("race %s: its result has no share for %s, its first headline candidate", r.ID, race.A)
	}
	if race.ResultB, ok = out.Shares[race.B]; !ok {
		return Race{}, nil, nil, fmt.Errorf("race %s: its result has no share for %s, its second headline candidate", r.ID, race.B)
	}
	race.ResultMargin = race.ResultA - race.ResultB
	switch {
	case race.ResultA > race.ResultB:
		race.Winner = race.A
	case race.ResultB > race.ResultA:
		race.Winner = race.B
	}
	// scoring picks the final polls; at "all" it returns every forecast
	// snapshot, with the final ones marked.
	lb, err := scoring.Score(rd, scoring.Options{Round: round.Number, At: "all", Family: string(sources.Poll),
		Candidates: scoring.CandidateSet{Kind: "list", IDs: []string{race.A, race.B}}})
	if err != nil {
		return Race{}, nil, nil, fmt.Errorf("race %s: %w", r.ID, err)
	}
	final := map[string]bool{}
	scored := map[string]bool{}
	for _, row := range lb.Rows {
		scored[row.Snapshot] = true
		final[row.Snapshot] = row.Final
	}
	var polls []Poll
	var excl []Excluded
	left := map[string]string{}
	for _, l := range lb.LeftOut {
		left[l.Snapshot] = l.Reason
	}
	for _, s := range scoring.Snapshots(rd.Figures) {
		if why, ok := left[s.Snapshot]; ok {
			excl = append(excl, Excluded{Race: r.ID, Snapshot: s.Snapshot, Line: s.Line, Reason: why})
		}
		if !scored[s.Snapshot] {
			continue
		}
		va, okA := s.Values[race.A]
		vb, okB := s.Values[race.B]
		if !okA || !okB {
			excl = append(excl, Excluded{Race: r.ID, Snapshot: s.Snapshot, Line: s.Line,
				Reason: fmt.Sprintf("does not give both %s and %s, the race's headline candidates", race.A, race.B)})
			continue
		}
		p := Poll{Race: r.ID, Snapshot: s.Snapshot, Source: s.Source, SourceName: s.SourceName, SourceURL: s.SourceURL, Final: final[s.Snapshot],
			A: va, B: vb, Margin: va - vb, Bias: scoring.MarginError(va, vb, race.ResultA, race.ResultB), Call: call(&race, va, vb)}
		p.N, _ = s.N()
		p.Error = math.Abs(p.Bias)
		for _, f := range s.Figures {
			if f.Candidate == race.A {
				p.Line = f.Line
			}
		}
		if day, ok := s.Date(); ok {
			p.Date = day.Format("2006-01-02")
		}
		polls = append(polls, p)
	}
	race.summarise(polls)
	return race, polls, excl, nil
}

// call is whether the leader of A and B in shares a, b won the race
// (scoring.WinnerOK: a tie is 0.5); NaN when the result is a tie.
func call(r *Race, a, b float64) float64 {
	switch r.Winner {
	case r.A:
		return scoring.WinnerOK([]float64{a, b}, 0, scoring.HigherIsBetter)
	case r.B:
		return scoring.WinnerOK([]float64{a, b}, 1, scoring.HigherIsBetter)
	}
	return math.NaN()
}

// summarise fills a race's measures from its polls.
func (r *Race) summarise(polls []Poll) {
	nan := math.NaN()
	r.AverageA, r.AverageB, r.AverageMargin, r.Bias, r.BiasSE, r.BiasLo, r.BiasHi = nan, nan, nan, nan, nan, nan, nan
	r.MeanError, r.AverageCall, r.FinalBias, r.FinalMeanError = nan, nan, nan, nan
	r.Polls = len(polls)
	if r.Polls == 0 {
		return
	}
	var sumA, sumB, sumErr, sumBias, wrong float64
	var fBias, fErr, fWrong float64
	pollsters := map[string]bool{}
	clusters := make([]string, len(polls))
	biases := make([]float64, len(polls))
	for i, p := range polls {
		sumA, sumB, sumErr, sumBias, wrong = sumA+p.A, sumB+p.B, sumErr+p.Error, sumBias+p.Bias, wrong+(1-p.Call)
		pollsters[p.Source] = true
		clusters[i], biases[i] = p.Source, p.Bias
		if p.Final {
			r.FinalPolls++
			fBias, fErr, fWrong = fBias+p.Bias, fErr+p.Error, fWrong+(1-p.Call)
		}
	}
	n := float64(r.Polls)
	r.Pollsters = len(pollsters)
	r.AverageA, r.AverageB = sumA/n, sumB/n
	r.AverageMargin = r.AverageA - r.AverageB
	r.Bias, r.MeanError, r.WrongPolls = sumBias/n, sumErr/n, wrong
	var g int
	r.BiasSE, g = scoring.ClusterSE(clusters, biases)
	r.BiasLo, r.BiasHi = interval(r.Bias, r.BiasSE, g)
	r.AverageCall = call(r, r.AverageA, r.AverageB)
	r.AverageWrong = r.AverageCall == 0
	if r.FinalPolls > 0 {
		f := float64(r.FinalPolls)
		r.FinalBias, r.FinalMeanError, r.FinalWrongPolls = fBias/f, fErr/f, fWrong
	}
}

// interval is the 95 % interval mean ± t·se, with t Student's quantile on
// g − 1 degrees of freedom (Cameron & Miller 2015, §VI: with few clusters,
// CR1 with t(G−1) critical values); NaN when se is.
func interval(mean, se float64, g int) (lo, hi float64) {
	if math.IsNaN(se) || g < 2 {
		return math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(g - 1)}.Quantile(0.975)
	return mean - t*se, mean + t*se
}

// summarise sums up the races of group g; ok is false when no race with a
// poll is in it, and for "all" unless both other groups have one.
func (a *Analysis) summarise(g string) (s Summary, ok bool) {
	in := func(r *Race) bool {
		switch g {
		case National:
			return r.Scope == sources.National
		case Subnational:
			return r.Scope != sources.National
		}
		return true
	}
	nan := math.NaN()
	s = Summary{Group: g, MeanError: nan, Bias: nan, BiasSE: nan, BiasLo: nan, BiasHi: nan,
		RaceBias: nan, RaceBiasSE: nan, RaceBiasLo: nan, RaceBiasHi: nan}
	var ids []string
	member := map[string]bool{}
	var raceBias []float64
	var national, subnational bool
	for i := range a.Races {
		r := &a.Races[i]
		if !in(r) {
			continue
		}
		if !slices.Contains(s.Scopes, r.Scope) {
			s.Scopes = append(s.Scopes, r.Scope)
		}
		if r.Polls == 0 {
			continue
		}
		national, subnational = national || r.Scope == sources.National, subnational || r.Scope != sources.National
		s.Races++
		ids, raceBias, member[r.ID] = append(ids, r.ID), append(raceBias, r.Bias), true
		s.WrongPolls += r.WrongPolls
		if r.Bias > 0 {
			s.FavouredA++
		}
		if r.AverageWrong {
			s.WrongRaces = append(s.WrongRaces, r.ID)
		}
	}
	if s.Races == 0 || g == All && !(national && subnational) {
		return s, false
	}
	var clusters, pollsters []string
	var biases []float64
	var sumErr, sumBias float64
	for _, p := range a.Polls {
		if !member[p.Race] {
			continue
		}
		s.Polls++
		sumErr, sumBias = sumErr+p.Error, sumBias+p.Bias
		clusters, pollsters, biases = append(clusters, p.Race), append(pollsters, p.Source), append(biases, p.Bias)
	}
	n := float64(s.Polls)
	s.MeanError, s.Bias = sumErr/n, sumBias/n
	var k int
	s.BiasSE, k = scoring.ClusterSE(clusters, biases)
	s.SECluster = "race"
	if k < 2 {
		s.BiasSE, k = scoring.ClusterSE(pollsters, biases)
		s.SECluster = "pollster"
	}
	s.BiasLo, s.BiasHi = interval(s.Bias, s.BiasSE, k)
	var sum float64
	for _, b := range raceBias {
		sum += b
	}
	s.RaceBias = sum / float64(len(raceBias))
	// Each race its own cluster: CR1 is then the simple SE, sd/√races.
	s.RaceBiasSE, k = scoring.ClusterSE(ids, raceBias)
	s.RaceBiasLo, s.RaceBiasHi = interval(s.RaceBias, s.RaceBiasSE, k)
	return s, true
}

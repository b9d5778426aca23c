package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"forecast/sources"
)

// DefaultDraws and DefaultSeed are the bootstrap of 'forecast score' and
// 'forecast report' when no --draws or --seed is given (docs/METHODS.md §10).
const (
	DefaultDraws        = 2000
	DefaultSeed  uint64 = 1
)

// Options choose what Score scores.
type Options struct {
	Round      int          // 1, 2, …
	At         string       // "final", "all" or a day YYYY-MM-DD (docs/METHODS.md §6)
	Candidates CandidateSet // which candidates (docs/METHODS.md §1)
	Family     string       // "poll", "buzz", "model" or "all"
	Sort       string       // a measure name (see SortKeys); "" is b_w
	// Draws is the number of parametric bootstrap draws for the sampling
	// intervals and the rank bootstrap (docs/METHODS.md §10); 0 computes neither.
	Draws int
	Seed  uint64 // seeds the draws: the same seed gives the same output
	// Progress, if not nil, is called as the bootstrap advances (done of
	// total steps), for a progress line on a terminal.
	Progress func(done, total int)
}

// SortKeys are the measures a leaderboard can be sorted by. Errors and bias
// sort smallest first; winner_ok, top2_ok and kendall_tau largest first.
var SortKeys = []string{"b_w", "b", "mae", "rmse", "max_abs_error", "margin_error", "kendall_tau", "winner_ok", "top2_ok", "lead_days"}

// Leaderboard is the scored snapshots of one round, best first, with what was
// left out and why.
type Leaderboard struct {
	Election *sources.Election
	Options  Options
	Outcome  Outcome
	Set      []string // the candidate set (nil for "all": each snapshot's own)
	Rows     []Row
	LeftOut  []LeftOut
	Ranked   int // rows in the rank bootstrap (docs/METHODS.md §10.2); 0 when none
	Lead     LeadFit
}

// LeftOut is a snapshot that was not scored, and why.
type LeftOut struct {
	Snapshot, Source, Series string
	Kind                     string // the reason in a few words, for grouping: see the Left* constants
	Reason                   string
	Superseded               string // the final snapshot of the series that replaced this one, if that is the reason
}

// Kinds of LeftOut.
const (
	LeftNotForecast  = "not a forecast"
	LeftSuperseded   = "superseded by the series' final snapshot"
	LeftBlackout     = "fieldwork ended during the blackout"
	LeftHypothetical = "hypothetical run-off (fielded before the previous round)"
	LeftElectionDay  = "published on or after election day"
	LeftUndated      = "publication day unknown"
	LeftAfterAt      = "published after --at"
)

// Score scores the snapshots of a dataset chosen by opt.
func Score(d *sources.Dataset, opt Options) (*Leaderboard, error) {
	e := d.Election
	round, err := e.Round(opt.Round)
	if err != nil {
		return nil, err
	}
	out, err := NationalOutcome(d.Results, e, opt.Round)
	if err != nil {
		return nil, err
	}
	if opt.Sort == "" {
		opt.Sort = "b_w"
	}
	if opt.Draws < 0 {
		return nil, fmt.Errorf("--draws %d: want 0 (no bootstrap) or more", opt.Draws)
	}
	if !slices.Contains(SortKeys, opt.Sort) {
		return nil, fmt.Errorf("cannot sort by %q (choose one of %v)", opt.Sort, SortKeys)
	}
	switch opt.Family {
	case "", "all":
		opt.Family = "all"
	case string(sources.Poll), string(sources.Buzz), string(sources.Model):
	default:
		return nil, fmt.Errorf("unknown family %q (poll, buzz, model or all)", opt.Family)
	}
	var snaps []Snapshot
	for _, s := range Snapshots(d.Figures) {
		if s.Round == opt.Round && (opt.Family == "all" || string(s.Family) == opt.Family) {
			snaps = append(snaps, s)
		}
	}
	prevDay := ""
	for _, r := range e.Rounds {
		if r.Number == opt.Round-1 {
			prevDay = r.Date
		}
	}
	chosen, final, left, err := choose(snaps, round, prevDay, opt.At)
	if err != nil {
		return nil, err
	}
	lb := &Leaderboard{Election: e, Options: opt, Outcome: out, LeftOut: left}
	lb.Set, err = opt.Candidates.resolve(e, round, out, chosen)
	if err != nil {
		return nil, err
	}
	last := round.Number == e.Rounds[len(e.Rounds)-1].Number
	for i := range chosen {
		row := ScoreSnapshot(e, &chosen[i], lb.Set, out, last)
		note, ok := final[chosen[i].Snapshot]
		row.Final = ok
		if note != "" {
			row.because("%s", note)
		}
		lb.Rows = append(lb.Rows, row)
	}
	if opt.At == "all" {
		lb.Lead = fitLead(lb.Rows)
	} else {
		every, _, _, _ := choose(snaps, round, prevDay, "all")
		var rows []Row
		for i := range every {
			if every[i].Family == sources.Poll {
				rows = append(rows, ScoreSnapshot(e, &every[i], lb.Set, out, last))
			}
		}
		lb.Lead = fitLead(rows)
	}
	applyLead(lb.Rows, lb.Lead)
	sortRows(lb.Rows, opt.Sort)
	if opt.Draws > 0 {
		bootstrap(lb, snapshotIndex(chosen), last, opt.Progress)
	}
	return lb, nil
}

// choose picks the snapshots to score (docs/METHODS.md §6). A snapshot is eligible to
// be a final forecast when it is a forecast, and a poll whose fieldwork ended
// before the blackout (and, in a later round, began on or after the previous
// round's day), or a buzz or model figure published before election day. The
// final snapshot of a series is its latest eligible one: by day, then time
// (a release with a stated time after one without), then fieldwork start,
// then id. A snapshot whose day is unknown can be final only when it is its
// series' only snapshot in the round. at = "all" scores every forecast; a
// day scores each series' latest eligible snapshot on or before it.
//
// final maps the final snapshots' ids to a note ("" or the tie that had to be
// broken by id).
func choose(snaps []Snapshot, round sources.Round, prevDay, at string) (chosen []Snapshot, final map[string]string, left []LeftOut, err error) {
	var cutoff time.Time
	switch at {
	case "final", "all":
	default:
		if cutoff, err = time.Parse(time.DateOnly, at); err != nil {
			return nil, nil, nil, fmt.Errorf("--at %q: want final, all or a day YYYY-MM-DD", at)
		}
	}
	blackout, _ := time.Parse(time.DateOnly, round.BlackoutFrom)
	electionDay, _ := time.Parse(time.DateOnly, round.Date)
	perSeries := map[[2]string]int{}
	for _, s := range snaps {
		perSeries[[2]string{s.Source, s.Series}]++
	}
	best := map[[2]string]*Snapshot{}
	tied := map[[2]string]string{} // series → a snapshot as recent as its final one
	var order [][2]string
	var forecasts []Snapshot
	for i := range snaps {
		s := &snaps[i]
		key := [2]string{s.Source, s.Series}
		leave := func(kind, reason string) {
			left = append(left, LeftOut{Snapshot: s.Snapshot, Source: s.Source, Series: s.Series, Kind: kind, Reason: reason})
		}
		if !s.Forecast {
			leave(LeftNotForecast, LeftNotForecast+noteSuffix(cmp.Or(s.Note, s.Description)))
			continue
		}
		forecasts = append(forecasts, *s)
		day, dated := s.Date()
		var kind, why string
		switch {
		case s.Family == sources.Poll && s.FieldEnd != "" && !day.Before(blackout):
			kind, why = LeftBlackout, LeftBlackout
		case s.Family == sources.Poll && prevDay != "" && s.FieldStart != "" && s.FieldStart < prevDay:
			kind, why = LeftHypothetical, "fieldwork began before round "+fmt.Sprint(round.Number-1)+": a hypothetical run-off, not a final forecast"
		case dated && !day.Before(electionDay):
			kind, why = LeftElectionDay, LeftElectionDay
		case !dated && perSeries[key] > 1:
			kind, why = LeftUndated, "publication day unknown, and its series has other snapshots"
		case !dated && !cutoff.IsZero():
			kind, why = LeftUndated, LeftUndated
		case dated && !cutoff.IsZero() && day.After(cutoff):
			kind, why = LeftAfterAt, "published after "+at
		}
		if why != "" {
			if at != "all" {
				leave(kind, why)
			}
			continue
		}
		if cur, ok := best[key]; !ok {
			best[key] = s
			order = append(order, key)
		} else if newer, byID := later(s, cur); newer {
			best[key] = s
			tied[key] = ""
			if byID {
				tied[key] = cur.Snapshot
			}
		} else if byID {
			tied[key] = s.Snapshot
		}
	}
	final = map[string]string{}
	for _, k := range order {
		final[best[k].Snapshot] = ""
		if t := tied[k]; t != "" {
			final[best[k].Snapshot] = fmt.Sprintf("as recent as %s (same day, no sample size, time or fieldwork start to tell them apart): the larger id was taken as final, a rule of this toolkit's (docs/METHODS.md §6)", t)
		}
	}
	if at == "all" {
		return forecasts, final, left, nil
	}
	for _, s := range forecasts {
		if _, ok := final[s.Snapshot]; ok {
			chosen = append(chosen, s)
		} else if k := [2]string{s.Source, s.Series}; best[k] != nil && !slices.ContainsFunc(left, func(l LeftOut) bool { return l.Snapshot == s.Snapshot }) {
			left = append(left, LeftOut{Snapshot: s.Snapshot, Source: s.Source, Series: s.Series, Kind: LeftSuperseded,
				Reason: "superseded by " + best[k].Snapshot, Superseded: best[k].Snapshot})
		}
	}
	return chosen, final, left, nil
}

// noteSuffix gives a snapshot's note, where importers say why a figure is
// not a forecast.
func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// later reports whether a was published after b (see choose), and whether
// only their ids could tell them apart. On the same day the larger sample
// wins: two releases of one pollster that day are its final word, and the
// larger one is the more precise (the 2022 Ipsos run-off: 7,549 expressed
// against 928); then the stated time, the fieldwork start, and last the id.
func later(a, b *Snapshot) (newer, byID bool) {
	da, _ := a.Date()
	db, _ := b.Date()
	if c := da.Compare(db); c != 0 {
		return c > 0, false
	}
	na, _ := a.N()
	nb, _ := b.N()
	if na != nb && !math.IsNaN(na) && !math.IsNaN(nb) {
		return na > nb, false
	}
	if a.PublishedTime != b.PublishedTime {
		return a.PublishedTime > b.PublishedTime, false // "" sorts first
	}
	if a.FieldStart != b.FieldStart {
		return a.FieldStart > b.FieldStart, false
	}
	return a.Snapshot > b.Snapshot, true
}

// Value returns a row's measure by its column name (see SortKeys).
func (r *Row) Value(name string) float64 {
	switch name {
	case "b_w":
		return r.Bw
	case "b":
		return r.B
	case "mae":
		return r.MAE
	case "rmse":
		return r.RMSE
	case "max_abs_error":
		return r.MaxAbsError
	case "margin_error":
		return math.Abs(r.MarginError)
	case "kendall_tau":
		return r.KendallTau
	case "winner_ok":
		return r.WinnerOK
	case "top2_ok":
		return r.Top2OK
	case "lead_days":
		return r.LeadDays
	}
	panic("scoring: unknown measure " + name)
}

// descending reports whether a larger value of measure key is better.
func descending(key string) bool {
	return key == "kendall_tau" || key == "winner_ok" || key == "top2_ok"
}

// sortRows sorts best first by key, undefined values last, then by MAE, then
// by the order measures, then by source and snapshot id, so that the order
// is the same on every run.
func sortRows(rows []Row, key string) {
	desc := descending(key)
	byValue := func(a, b float64, desc bool) int {
		an, bn := math.IsNaN(a), math.IsNaN(b)
		switch {
		case an && bn:
			return 0
		case an:
			return 1
		case bn:
			return -1
		case desc:
			return cmp.Compare(b, a)
		}
		return cmp.Compare(a, b)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(
			byValue(a.Value(key), b.Value(key), desc),
			byValue(a.MAE, b.MAE, false),
			byValue(a.KendallTau, b.KendallTau, true),
			byValue(a.WinnerOK, b.WinnerOK, true),
			cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Snapshot, b.Snapshot))
	})
}

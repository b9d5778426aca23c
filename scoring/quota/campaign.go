package quota

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"forecast/scoring"
	"forecast/sources"
)

// Options choose what Diagnose diagnoses.
type Options struct {
	Round int
	// At is "final" or "all" (the whole campaign, with each pollster's
	// final poll), or a day YYYY-MM-DD (the campaign up to that day, with
	// each pollster's last poll by then).
	At         string
	Candidates scoring.CandidateSet
}

// Poll is one poll of a campaign.
type Poll struct {
	*scoring.Snapshot
	N      float64 // respondents behind the shares (see scoring.Snapshot.N)
	NBasis string  // "expressed" or "interviewed"
	// Mid and End are the middle and the end of the fieldwork, in days
	// (see Day); Lead is election day − End.
	Mid, End, Lead float64
	Final          bool // the pollster's final poll (scoring's choice, docs/METHODS.md §6)
}

// Campaign is the polls of one round that the diagnostics use.
type Campaign struct {
	Election   *sources.Election
	Options    Options
	Outcome    scoring.Outcome
	Candidates []string // the candidates diagnosed, in the official order
	Polls      []Poll   // by fieldwork end, then id
	LeftOut    []scoring.LeftOut
}

// Day converts a date to days since the Unix epoch, the time unit of Obs.
func Day(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// DayString formats a whole day number (see Day) as YYYY-MM-DD.
func DayString(d float64) string {
	return time.Unix(int64(math.Round(d*86400)), 0).UTC().Format(time.DateOnly)
}

// NewCampaign gathers the polls of a round: every poll snapshot that is a
// forecast, whose fieldwork ended before the blackout (and, after the first
// round, began on or after the previous round's day: earlier run-off polls
// measured a hypothesis), and, when opt.At is a day, ended by then. Polls
// with no sample size are left out, with the reason (the average weighs
// polls by their size, and no size is ever invented). Each pollster's final
// poll is the one scoring.Score takes as its final forecast. The candidate
// set is resolved as for scoring (docs/METHODS.md §1); "all" is every candidate
// of the result that a poll reports.
//
// A poll that reports no candidate of the round's result, or whose sample
// size is not positive, is bad data: NewCampaign returns a
// *sources.DataError naming it.
func NewCampaign(d *sources.Dataset, opt Options) (*Campaign, error) {
	at := opt.At
	if at == "all" {
		at = "final"
	}
	lb, err := scoring.Score(d, scoring.Options{Round: opt.Round, At: at, Candidates: opt.Candidates, Family: string(sources.Poll)})
	if err != nil {
		return nil, err
	}
	final := map[string]bool{}
	for _, r := range lb.Rows {
		final[r.Snapshot] = r.Final
	}
	round, _ := d.Election.Round(opt.Round)
	prevDay := ""
	for _, r := range d.Election.Rounds {
		if r.Number == opt.Round-1 {
			prevDay = r.Date
		}
	}
	c := &Campaign{Election: d.Election, Options: opt, Outcome: lb.Outcome}
	var bad sources.Problems
	reported := map[string]bool{}
	snaps := scoring.Snapshots(d.Figures)
	for i := range snaps {
		s := &snaps[i]
		if s.Family != sources.Poll || s.Round != opt.Round || !s.Forecast {
			continue
		}
		end, ok := s.Date()
		switch {
		case !ok || s.FieldEnd >= round.BlackoutFrom:
			continue
		case prevDay != "" && s.FieldStart != "" && s.FieldStart < prevDay:
			continue
		case at != "final" && s.FieldEnd > at:
			continue
		}
		usable := false
		for _, cand := range s.Candidates {
			if _, ran := lb.Outcome.Shares[cand]; ran {
				usable = true
				reported[cand] = true
			}
		}
		if !usable {
			bad.Addf(sources.ForecastsFile, s.Line, "poll %s reports no candidate of the round %d result: nothing to diagnose", s.Snapshot, opt.Round)
			continue
		}
		n, basis := s.N()
		if n <= 0 || math.IsInf(n, 0) {
			bad.Addf(sources.ForecastsFile, s.Line, "poll %s: sample size %v is not a positive number", s.Snapshot, n)
			continue
		}
		if math.IsNaN(n) {
			c.LeftOut = append(c.LeftOut, scoring.LeftOut{Snapshot: s.Snapshot, Source: s.Source, Series: s.Series,
				Reason: "no sample size (n_interviewed and n_expressed are empty): not in the poll diagnostics"})
			continue
		}
		start := Day(end)
		if t, err := time.Parse(time.DateOnly, s.FieldStart); err == nil {
			start = Day(t)
		}
		c.Polls = append(c.Polls, Poll{Snapshot: s, N: n, NBasis: basis, Mid: (start + Day(end)) / 2, End: Day(end),
			Lead: Day(lb.Outcome.Date) - Day(end), Final: final[s.Snapshot]})
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(c.Polls, func(a, b Poll) int {
		return cmp.Or(cmp.Compare(a.End, b.End), cmp.Compare(a.Snapshot.Snapshot, b.Snapshot.Snapshot))
	})
	c.Candidates = lb.Set
	if c.Candidates == nil {
		for _, cand := range lb.Outcome.Order {
			if reported[cand] {
				c.Candidates = append(c.Candidates, cand)
			}
		}
	}
	return c, nil
}

// Obs returns the polls' figures for one candidate, as proportions. A 0
// flagged "below 0.5 %" enters as 0, as published.
func (c *Campaign) Obs(candidate string) []Obs {
	var obs []Obs
	for _, p := range c.Polls {
		if v, ok := p.Values[candidate]; ok {
			obs = append(obs, Obs{Snapshot: p.Snapshot.Snapshot, Source: p.Source, Time: p.Mid, End: p.End, N: p.N, Share: v / 100})
		}
	}
	return obs
}

// Fit is the poll average of one candidate, with its estimated variances.
type Fit struct {
	Candidate string
	*Model
	LogLik float64
}

// Fit estimates the poll average of a candidate (see Model). It returns an
// error naming the candidate when there are too few polls.
func (c *Campaign) Fit(candidate string) (*Fit, error) {
	m, err := NewModel(c.Obs(candidate))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", candidate, err)
	}
	ll, err := m.Estimate()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", candidate, err)
	}
	return &Fit{Candidate: candidate, Model: m, LogLik: ll}, nil
}

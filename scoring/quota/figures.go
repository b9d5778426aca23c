package quota

import (
	"fmt"
	"math"
	"strconv"

	"forecast/scoring"
	"forecast/sources"
)

// AverageSource is the source and series slug of the poll average scored as
// a forecast of its own.
const AverageSource = "poll-average"

// AverageFigures returns the poll average of a round as synthetic snapshots
// that scoring.Score can score like any published forecast: one snapshot
// per day on which a poll ended, from the MinObs-th poll on, holding each
// candidate's Realtime average that day (the polls ended by then alone,
// with variances estimated from polls ended by then: no later poll informs
// it). Each snapshot is family "model", source and series "poll-average",
// measure vote_share, a forecast, published the last fieldwork day it uses,
// with no sample size. The campaign's polls are those of NewCampaign, on
// every candidate of the result that they report; its errors are
// NewCampaign's.
//
// at says which snapshots scoring will read, as scoring.Options.At: "all"
// gives every day; a day YYYY-MM-DD the days up to it (the values of "all"
// on those days); "final" only the last day, the one scoring takes as the
// final forecast, whose average is the model of every poll — its value in
// "all" too — and costs one fit instead of the series.
func AverageFigures(d *sources.Dataset, round int, at string) ([]sources.Figure, error) {
	c, err := NewCampaign(d, Options{Round: round, At: "final", Candidates: scoring.CandidateSet{Kind: "all"}})
	if err != nil {
		return nil, err
	}
	var ends []float64 // the days a poll ended, in order (c.Polls are by end)
	for _, p := range c.Polls {
		if len(ends) == 0 || ends[len(ends)-1] != p.End {
			ends = append(ends, p.End)
		}
	}
	switch {
	case at == "final" && len(ends) > 0:
		ends = ends[len(ends)-1:]
	case at != "all" && at != "final":
		for len(ends) > 0 && DayString(ends[len(ends)-1]) > at {
			ends = ends[:len(ends)-1]
		}
	}
	series := make([][]RealtimePoint, len(c.Candidates)) // nil: no model
	inParallel(len(series), func(i int) {
		if m, err := NewModel(c.Obs(c.Candidates[i])); err == nil {
			series[i] = m.Realtime(ends)
		}
	})
	realtime := map[string][]RealtimePoint{}
	for i, cand := range c.Candidates {
		if series[i] != nil {
			realtime[cand] = series[i]
		}
	}
	var figs []sources.Figure
	for d, day := range ends {
		var snap []sources.Figure
		polls := 0
		for _, cand := range c.Candidates {
			rt, ok := realtime[cand]
			if !ok || !rt[d].OK {
				continue
			}
			e := rt[d]
			polls = max(polls, e.Polls)
			id := fmt.Sprintf("%s:%s:r%d", AverageSource, DayString(day), round)
			snap = append(snap, sources.Figure{Snapshot: id, Round: round, Family: sources.Model,
				Source: AverageSource, SourceName: "Poll average", Series: AverageSource, Measure: sources.VoteShare,
				Forecast: true, Published: DayString(day), NInterviewed: math.NaN(), NExpressed: math.NaN(),
				Candidate: cand, CandidateRaw: cand, Value: 100 * e.Level,
				Description: "random-walk average of the polls ended by this day, weighted by sample size (forecast diagnose polls)",
				SampleNote:  "no sample: an average of polls"})
		}
		for i := range snap {
			snap[i].Note = "from " + strconv.Itoa(polls) + " polls"
		}
		figs = append(figs, snap...)
	}
	return figs, nil
}

package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/sources"
)

// CompareOptions choose what Compare compares.
type CompareOptions struct {
	Round      int
	Candidates CandidateSet
	A, B       string  // the two series (the leaderboard's series column)
	Against    string  // "result", or "average": the poll average on the same day (source AverageSource)
	Power      float64 // loss |e|^Power: 1 absolute, 2 squared
	H          int     // Diebold–Mariano horizon
}

// AverageSeries is the series of the poll average's snapshots (the source
// and series slug that quota.AverageFigures gives them), which compare
// --against average reads.
const AverageSeries = "poll-average"

// MinPairs is the fewest paired releases Compare tests: with fewer, the
// Diebold–Mariano variance rests on one or two differences.
const MinPairs = 3

// Comparison is a Diebold–Mariano test of two series on their paired
// releases (docs/METHODS.md §10.4).
type Comparison struct {
	Options  CompareOptions
	Election *sources.Election
	Set      []string
	Pairs    []Pair
	Stat, P  float64 // DM statistic (HLN-corrected) and two-sided p; negative: A had the smaller loss
	H        int     // the horizon used: Options.H, or 1 when dm.test's fallback applied
	MeanA    float64 // mean loss of A over the pairs, (points)^Power
	MeanB    float64
	Unpaired []string // releases of either series that found no partner, "series day snapshot"
}

// Pair is one day on which both series published a forecast.
type Pair struct {
	Day                  string
	SnapshotA, SnapshotB string
	Target               string  // "result" or the poll average's snapshot
	ErrorA, ErrorB       float64 // (mean over the set of |forecast − target|^Power)^(1/Power), points
}

// Compare pairs the releases of two series by day and tests whether they
// were equally accurate (DieboldMariano). A release is a forecast
// snapshot of the round published before election day on the candidate
// set, with vote-share-like figures (volumes converted to shares of the
// set); when a series published several on one day, its latest counts (the
// rule of the final snapshot, docs/METHODS.md §6). Each release's error is the
// power mean of its per-candidate errors against the target, so that its
// Diebold–Mariano loss |e|^Power is the mean absolute (Power 1) or squared
// (Power 2) error over the set. The target is the official result or, with
// Against "average", the poll average's latest snapshot on or before the
// release's day (which includes the series' own polls).
func Compare(d *sources.Dataset, opt CompareOptions) (*Comparison, error) {
	e := d.Election
	round, err := e.Round(opt.Round)
	if err != nil {
		return nil, err
	}
	out, err := NationalOutcome(d.Results, e, opt.Round)
	if err != nil {
		return nil, err
	}
	if opt.A == opt.B {
		return nil, fmt.Errorf("compare %s with itself: name two different series", opt.A)
	}
	if !(opt.Power > 0) || math.IsInf(opt.Power, 0) {
		return nil, fmt.Errorf("--power %g: want a positive power (1 absolute, 2 squared)", opt.Power)
	}
	switch opt.Against {
	case "result", "average":
	default:
		return nil, fmt.Errorf("--against %q: want result or average", opt.Against)
	}
	day := func(s *Snapshot) string {
		t, ok := s.Date()
		if !ok || !t.Before(out.Date) {
			return ""
		}
		return t.Format("2006-01-02")
	}
	byDay := map[string]map[string]*Snapshot{opt.A: {}, opt.B: {}}
	var avg []*Snapshot
	snaps := Snapshots(d.Figures)
	var releases []Snapshot
	for i := range snaps {
		s := &snaps[i]
		if s.Round != opt.Round || !s.Forecast || day(s) == "" {
			continue
		}
		if s.Series == AverageSeries {
			avg = append(avg, s)
		}
		m, ok := byDay[s.Series]
		if !ok {
			continue
		}
		releases = append(releases, *s)
		if cur := m[day(s)]; cur == nil {
			m[day(s)] = s
		} else if newer, _ := later(s, cur); newer {
			m[day(s)] = s
		}
	}
	for _, name := range []string{opt.A, opt.B} {
		if len(byDay[name]) == 0 {
			return nil, fmt.Errorf("series %q has no dated forecast in round %d before election day (see the series column of 'forecast score --at all')", name, opt.Round)
		}
	}
	if opt.Against == "average" && len(avg) == 0 {
		return nil, fmt.Errorf("no poll average for round %d", opt.Round)
	}
	c := &Comparison{Options: opt, Election: e}
	c.Set, err = opt.Candidates.resolve(e, round, out, releases)
	if err != nil {
		return nil, err
	}
	if c.Set == nil {
		return nil, fmt.Errorf("--candidates all: each release has its own set, so their errors are not comparable; choose headline, common, topN or a list")
	}
	last := round.Number == e.Rounds[len(e.Rounds)-1].Number
	var days []string
	for dayA := range byDay[opt.A] {
		days = append(days, dayA)
	}
	slices.Sort(days)
	var e1, e2 []float64
	for _, dd := range days {
		sa, sb := byDay[opt.A][dd], byDay[opt.B][dd]
		if sb == nil {
			c.Unpaired = append(c.Unpaired, opt.A+" "+dd+" "+sa.Snapshot)
			continue
		}
		p := Pair{Day: dd, SnapshotA: sa.Snapshot, SnapshotB: sb.Snapshot, Target: "result"}
		target := out.Shares
		if opt.Against == "average" {
			a := latestOnOrBefore(avg, dd)
			if a == nil {
				c.Unpaired = append(c.Unpaired, "both "+dd+": no poll average yet")
				continue
			}
			p.Target, target = a.Snapshot, a.Values
		}
		for _, x := range []struct {
			s   *Snapshot
			err *float64
		}{{sa, &p.ErrorA}, {sb, &p.ErrorB}} {
			if *x.err, err = releaseError(e, x.s, c.Set, out, target, opt.Power, last); err != nil {
				return nil, err
			}
		}
		c.Pairs = append(c.Pairs, p)
		e1, e2 = append(e1, p.ErrorA), append(e2, p.ErrorB)
		c.MeanA += math.Pow(p.ErrorA, opt.Power)
		c.MeanB += math.Pow(p.ErrorB, opt.Power)
	}
	for dd, sb := range byDay[opt.B] {
		if byDay[opt.A][dd] == nil {
			c.Unpaired = append(c.Unpaired, opt.B+" "+dd+" "+sb.Snapshot)
		}
	}
	slices.Sort(c.Unpaired)
	if len(c.Pairs) < MinPairs {
		return c, fmt.Errorf("%s (%d days) and %s (%d days) published forecasts on the same day %d time(s) in round %d before election day; the test needs at least %d pairs",
			opt.A, len(byDay[opt.A]), opt.B, len(byDay[opt.B]), len(c.Pairs), opt.Round, MinPairs)
	}
	c.MeanA /= float64(len(c.Pairs))
	c.MeanB /= float64(len(c.Pairs))
	c.Stat, c.P, c.H, err = dieboldMariano(e1, e2, opt.H, opt.Power)
	return c, err
}

// latestOnOrBefore returns the snapshot of snaps with the latest day not
// after day, or nil.
func latestOnOrBefore(snaps []*Snapshot, day string) *Snapshot {
	var best *Snapshot
	for _, s := range snaps {
		if s.Published <= day && (best == nil || s.Published > best.Published) {
			best = s
		}
	}
	return best
}

// releaseError scores a release on the set and returns the power mean of
// its errors against target (points).
func releaseError(e *sources.Election, s *Snapshot, set []string, out Outcome, target map[string]float64, power float64, last bool) (float64, error) {
	r := ScoreSnapshot(e, s, set, out, last)
	if math.IsNaN(r.MAE) {
		return math.NaN(), fmt.Errorf("%s (%s) has no vote-share errors on %s: %s", s.Snapshot, s.Series, strings.Join(set, ", "), strings.Join(r.Reasons, "; "))
	}
	var sum float64
	for _, d := range r.Detail[:len(set)] {
		t, ok := target[d.Candidate]
		if !ok {
			return math.NaN(), fmt.Errorf("the poll average has no figure for %s", d.Candidate)
		}
		if s.Measure == sources.Volume {
			// Volumes are compared as shares of the set: so is the target.
			var sumT float64
			for _, c := range set {
				sumT += target[c]
			}
			t = 100 * t / sumT
		}
		sum += math.Pow(math.Abs(d.Forecast-t), power)
	}
	return math.Pow(sum/float64(len(set)), 1/power), nil
}

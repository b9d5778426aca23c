package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"forecast/sources"
)

// Snapshot is one published set of figures from one series at one time: one
// poll, one Filteris release (docs/METHODS.md, Notation). It keeps its figures, so
// that every score can be traced to the rows it came from.
type Snapshot struct {
	sources.Figure                    // the snapshot-level fields, from its first figure
	Values         map[string]float64 // candidate id → value
	Flags          map[string]string  // candidate id → flag ("below_0.5")
	Candidates     []string           // candidate ids in the order of the source
	Figures        []sources.Figure
}

// N is the number of respondents behind the shares: the expressed base when
// known, else the number interviewed (docs/METHODS.md, Notation); NaN when neither is
// known, in which case no significance test is made. basis says which.
func (s *Snapshot) N() (n float64, basis string) {
	switch {
	case !math.IsNaN(s.NExpressed):
		return s.NExpressed, "expressed"
	case !math.IsNaN(s.NInterviewed):
		return s.NInterviewed, "interviewed"
	}
	return math.NaN(), ""
}

// Snapshots groups figures into snapshots, in order of first appearance.
func Snapshots(figs []sources.Figure) []Snapshot {
	index := map[string]int{}
	var out []Snapshot
	for _, f := range figs {
		i, ok := index[f.Snapshot]
		if !ok {
			i = len(out)
			index[f.Snapshot] = i
			out = append(out, Snapshot{Figure: f, Values: map[string]float64{}, Flags: map[string]string{}})
		}
		s := &out[i]
		s.Values[f.Candidate] = f.Value
		if f.Flag != "" {
			s.Flags[f.Candidate] = f.Flag
		}
		s.Candidates = append(s.Candidates, f.Candidate)
		s.Figures = append(s.Figures, f)
	}
	return out
}

// Outcome is the official national result of one round.
type Outcome struct {
	Round int
	Date  time.Time
	// Counted is false when the result was published as shares only
	// (sources.Result.ShareOnly): Expressed is then 0, Votes empty, and
	// nothing that needs the counts (Meng's N, a result's sampling
	// variance) is computed.
	Counted   bool
	Expressed int64
	Votes     map[string]int64
	Shares    map[string]float64 // % of the expressed vote, from the counts (not the proclaimed rounding), or as published when only shares are
	Order     []string           // candidates by votes (or shares), most first
	SourceURL string
}

// NationalOutcome extracts a round's national result from the results table.
func NationalOutcome(rs []sources.Result, e *sources.Election, round int) (Outcome, error) {
	r, err := e.Round(round)
	if err != nil {
		return Outcome{}, err
	}
	day, _ := time.Parse(time.DateOnly, r.Date)
	o := Outcome{Round: round, Date: day, Counted: true, Votes: map[string]int64{}, Shares: map[string]float64{}}
	for _, x := range rs {
		if x.Round != round || x.Scope != sources.National {
			continue
		}
		if !x.Counted() {
			o.Counted = false
			o.Shares[x.Candidate] = x.Share
		} else {
			o.Expressed = x.Expressed
			o.Votes[x.Candidate] = x.Votes
		}
		o.Order = append(o.Order, x.Candidate)
		o.SourceURL = x.SourceURL
	}
	switch {
	case len(o.Order) == 0 || o.Counted && o.Expressed <= 0:
		return o, fmt.Errorf("no national result for round %d of %s", round, e.ID)
	case !o.Counted && len(o.Votes) > 0:
		return o, fmt.Errorf("round %d of %s: the national result mixes counts and shares", round, e.ID)
	}
	if o.Counted {
		for c, v := range o.Votes {
			o.Shares[c] = 100 * float64(v) / float64(o.Expressed)
		}
	}
	slices.SortStableFunc(o.Order, func(a, b string) int { return cmp.Compare(o.Shares[b], o.Shares[a]) })
	return o, nil
}

package scoring

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"forecast/sources"
)

// CandidateSet says which candidates a snapshot is scored on (docs/METHODS.md §1).
// Scores are only comparable on identical candidate sets.
type CandidateSet struct {
	Kind string   // "headline", "all", "common", "top", "list"
	N    int      // for "top"
	IDs  []string // for "list"
}

// ParseCandidateSet reads the --candidates flag: headline, all, common, topN
// (top4) or a comma-separated list of candidate ids.
func ParseCandidateSet(s string) (CandidateSet, error) {
	switch s {
	case "headline", "all", "common":
		return CandidateSet{Kind: s}, nil
	case "":
		return CandidateSet{Kind: "headline"}, nil
	}
	if rest, ok := strings.CutPrefix(s, "top"); ok {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 2 {
			return CandidateSet{}, fmt.Errorf("candidate set %q: topN needs N ≥ 2, as in top4", s)
		}
		return CandidateSet{Kind: "top", N: n}, nil
	}
	ids := strings.Split(s, ",")
	for i := range ids {
		ids[i] = strings.TrimSpace(ids[i])
	}
	if len(ids) < 2 || slices.Contains(ids, "") {
		return CandidateSet{}, fmt.Errorf("candidate set %q: want headline, all, common, topN or at least two candidate ids separated by commas", s)
	}
	return CandidateSet{Kind: "list", IDs: ids}, nil
}

// String gives the flag's spelling back.
func (cs CandidateSet) String() string {
	switch cs.Kind {
	case "top":
		return fmt.Sprintf("top%d", cs.N)
	case "list":
		return strings.Join(cs.IDs, ",")
	}
	return cs.Kind
}

// resolve returns the ids of a fixed set for a round, or nil for "all"
// (which is each snapshot's own set). "common" is the candidates reported by
// every share-type snapshot in snaps.
func (cs CandidateSet) resolve(e *sources.Election, round sources.Round, out Outcome, snaps []Snapshot) ([]string, error) {
	switch cs.Kind {
	case "headline":
		if len(round.Headline) == 0 {
			return nil, fmt.Errorf("election %s declares no headline candidates for round %d: choose --candidates", e.ID, round.Number)
		}
		return slices.Clone(round.Headline), nil
	case "all":
		return nil, nil
	case "top":
		if cs.N > len(out.Order) {
			return nil, fmt.Errorf("top%d: round %d had %d candidates", cs.N, round.Number, len(out.Order))
		}
		return slices.Clone(out.Order[:cs.N]), nil
	case "list":
		for _, id := range cs.IDs {
			if _, ok := out.Shares[id]; !ok {
				return nil, fmt.Errorf("candidate %s is not in the round %d result (candidates: %s)", id, round.Number, strings.Join(out.Order, ", "))
			}
		}
		return slices.Clone(cs.IDs), nil
	case "common":
		var common []string
		first := true
		for _, s := range snaps {
			if !sources.IsShare(s.Measure) && s.Measure != sources.Volume {
				continue
			}
			if first {
				common = slices.Clone(s.Candidates)
				first = false
				continue
			}
			common = slices.DeleteFunc(common, func(c string) bool { _, ok := s.Values[c]; return !ok })
		}
		// keep the official order, and only candidates who ran
		var ids []string
		for _, c := range out.Order {
			if slices.Contains(common, c) {
				ids = append(ids, c)
			}
		}
		if len(ids) < 2 {
			return nil, fmt.Errorf("the snapshots compared have fewer than two candidates in common: choose --candidates")
		}
		return ids, nil
	}
	return nil, fmt.Errorf("unknown candidate set %q", cs.Kind)
}

// Package tse measures the total survey error of election polls as
// Shirani-Mehr, Rothschild, Goel & Gelman (2018, "Disentangling bias and
// variance in election polls", Journal of the American Statistical
// Association 113(522), 607–614) do: for a group of races, the polls'
// root mean square error against the result beside the RMSE simple random
// samples of their sizes would make, the coverage of their nominal 95 %
// intervals, and, from their hierarchical model, the split of the error
// into an election-level bias and an election-level standard deviation
// (docs/METHODS.md §13).
//
// Shares are two-party shares (one party's share of the two leading
// parties' votes) as proportions; the tables give points.
package tse

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"forecast/scoring/quota"
)

// Poll is one poll of one race.
type Poll struct {
	// Group is what the rows are summed up by (the election type, or an
	// election and round); Race the race the poll is about.
	Group, Race string
	// Share is the poll's two-party share, Result the race's, as
	// proportions; N the poll's two-party respondents; Days the days from
	// the end of fieldwork to the election.
	Share, Result, N, Days float64
}

// Row is the total survey error of one group of polls, in points.
type Row struct {
	Group        string
	Polls, Races int
	// RMSE is √(mean (share − result)²); SRSRMSE what simple random
	// samples of the polls' sizes would give, √(mean v(1−v)/n) with v the
	// result (the expectation the paper estimates by simulation); Coverage
	// the share of polls whose interval share ± 2·√(share(1−share)/n)
	// contains the result (the paper's "95 %" interval).
	RMSE, SRSRMSE, Coverage float64
	// MeanAbsBias and MeanSD are the model's average absolute
	// election-level bias and average election-level standard deviation
	// (Model), in points; NaN when the model was not fitted.
	MeanAbsBias, MeanSD float64
	Model               *Model
}

// Summarise returns one row per group, in the order the groups first
// appear, with the error, SRS error and coverage of its polls
// (quota.ErrorRatio with margins 2·√(y(1−y)/n) at the poll's share and
// variances v(1−v)/n at the result), and, when fit is not nil, the
// election-level bias and SD of the model fit returns for its polls (the
// groups' fits run concurrently; each must be deterministic on its own).
func Summarise(polls []Poll, fit func(group []Poll) *Model) []Row {
	var order []string
	by := map[string][]Poll{}
	for _, p := range polls {
		if _, ok := by[p.Group]; !ok {
			order = append(order, p.Group)
		}
		by[p.Group] = append(by[p.Group], p)
	}
	rows := make([]Row, 0, len(order))
	models := make([]*Model, len(order))
	if fit != nil {
		// The groups' fits are independent chains: run them side by side.
		var wg sync.WaitGroup
		for i, g := range order {
			wg.Go(func() { models[i] = fit(by[g]) })
		}
		wg.Wait()
	}
	for gi, g := range order {
		ps := by[g]
		e, m, v := make([]float64, len(ps)), make([]float64, len(ps)), make([]float64, len(ps))
		races := map[string]bool{}
		for i, p := range ps {
			e[i] = p.Share - p.Result
			m[i] = 2 * math.Sqrt(p.Share*(1-p.Share)/p.N)
			v[i] = p.Result * (1 - p.Result) / p.N
			races[p.Race] = true
		}
		a := quota.ErrorRatio(e, m, v)
		r := Row{Group: g, Polls: len(ps), Races: len(races), RMSE: 100 * a.Observed, SRSRMSE: 100 * a.Expected,
			Coverage: a.Coverage, MeanAbsBias: math.NaN(), MeanSD: math.NaN()}
		if r.Model = models[gi]; r.Model != nil {
			r.MeanAbsBias, r.MeanSD = 100*r.Model.MeanAbsBias, 100*r.Model.MeanSD
		}
		rows = append(rows, r)
	}
	return rows
}

// races groups polls by race, races sorted by id, polls in their order.
func races(polls []Poll) (ids []string, idx [][]int) {
	pos := map[string]int{}
	for i, p := range polls {
		if _, ok := pos[p.Race]; !ok {
			pos[p.Race] = len(ids)
			ids = append(ids, p.Race)
			idx = append(idx, nil)
		}
		idx[pos[p.Race]] = append(idx[pos[p.Race]], i)
	}
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	sortedIDs, sortedIdx := make([]string, len(ids)), make([][]int, len(ids))
	for k, o := range order {
		sortedIDs[k], sortedIdx[k] = ids[o], idx[o]
	}
	return sortedIDs, sortedIdx
}

// The paper's window: polls whose fieldwork ended 1 to 21 days before the
// election ("the final three weeks"; a poll ending on election day is
// left out, as in their preprocessing).
const MinDays, MaxDays = 1, 21

// InWindow says whether a poll that ended days before the election is in
// the paper's window.
func InWindow(days float64) bool { return days >= MinDays && days <= MaxDays }

// FromCampaign turns the polls of a round of a French election into
// two-party polls of one race, the paper's unit: the share of the round's
// winner among the two leading candidates of the result (the run-off's two
// candidates; in a first round, the two who went through), with
// n = round(N × (y₁ + y₂)/100), the respondents who chose one of the two
// (half to even, as R's round), as the paper does with the two parties.
// Polls in the window that report both candidates are kept; race and
// group are the name given.
func FromCampaign(c *quota.Campaign, name string) []Poll {
	if len(c.Outcome.Order) < 2 {
		return nil
	}
	a, b := c.Outcome.Order[0], c.Outcome.Order[1]
	va, vb := c.Outcome.Shares[a], c.Outcome.Shares[b]
	var out []Poll
	for _, p := range c.Polls {
		ya, okA := p.Values[a]
		yb, okB := p.Values[b]
		if !okA || !okB || !(ya+yb > 0) || !InWindow(p.Lead) {
			continue
		}
		n := math.RoundToEven(p.N * (ya + yb) / 100)
		if !(n > 0) {
			continue
		}
		out = append(out, Poll{Group: name, Race: name, Share: ya / (ya + yb), Result: va / (va + vb), N: n, Days: p.Lead})
	}
	return out
}

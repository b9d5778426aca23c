package scoring

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// bootstrap fills the rows' sampling intervals (docs/METHODS.md §10.1) and, unless
// every snapshot is scored (--at all, where one series has many rows) or
// each row is scored on its own candidates (--candidates all), the rank
// bootstrap (§10.2). Only rows with a whole sample size and an
// expected MAE take part: buzz and other figures without n get neither
// (never an invented n). progress, if not nil, is called after each row.
func bootstrap(lb *Leaderboard, snaps map[string]*Snapshot, last bool, progress func(done, total int)) {
	opt := lb.Options
	var ranked []int
	for i := range lb.Rows {
		if !math.IsNaN(lb.Rows[i].ExpectedMAE) {
			ranked = append(ranked, i)
		}
	}
	total := len(ranked)
	if opt.At != "all" && lb.Set != nil && len(ranked) > 1 {
		total *= 2
	}
	var mu sync.Mutex
	done := 0
	step := func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	eachRow(len(ranked), func(k int) {
		r := &lb.Rows[ranked[k]]
		n, _ := r.sampleSize()
		res := make([]float64, len(r.Candidates))
		for j, c := range r.Candidates {
			res[j] = lb.Outcome.Shares[c]
		}
		r.MAELo, r.MAEHi, r.PSRS = SRSInterval(source(opt.Seed, "srs "+r.Snapshot), res, n, r.MAE, opt.Draws)
		step()
	})
	if opt.At == "all" || lb.Set == nil || len(ranked) < 2 {
		return // one series, several rows; or each row on its own candidates: no common ranking
	}
	lb.Ranked = len(ranked)
	// values[d][j]: the sort measure of ranked row j in draw d.
	values := make([][]float64, opt.Draws)
	for d := range values {
		values[d] = make([]float64, len(ranked))
	}
	eachRow(len(ranked), func(j int) {
		r := &lb.Rows[ranked[j]]
		s := snaps[r.Snapshot]
		n, _ := r.sampleSize()
		f := make([]float64, len(r.Candidates))
		for k, c := range r.Candidates {
			f[k] = s.Values[c]
		}
		prob := withRest(f)
		counts := make([]float64, len(prob))
		src := source(opt.Seed, "rank "+r.Snapshot)
		redrawn := *s
		redrawn.Values = make(map[string]float64, len(r.Candidates))
		for d := range values {
			multinomial(src, n, prob, counts)
			for k, c := range r.Candidates {
				redrawn.Values[c] = 100 * counts[k] / float64(n)
			}
			row := ScoreSnapshot(lb.Election, &redrawn, r.Candidates, lb.Outcome, last)
			values[d][j] = row.Value(opt.Sort)
		}
		step()
	})
	desc := descending(opt.Sort)
	ranks := make([][]float64, len(ranked))
	for d := range values {
		for j, v := range values[d] {
			rank := 1
			for _, w := range values[d] {
				if better(w, v, desc) {
					rank++
				}
			}
			ranks[j] = append(ranks[j], float64(rank))
		}
	}
	for j, i := range ranked {
		r := &lb.Rows[i]
		best := 0
		for _, k := range ranks[j] {
			if k == 1 {
				best++
			}
		}
		r.PBest = float64(best) / float64(opt.Draws)
		slices.Sort(ranks[j])
		r.RankLo, r.RankHi = orderQuantile(ranks[j], 0.025), orderQuantile(ranks[j], 0.975)
	}
}

// eachRow calls f(0) … f(n−1), as many at once as there are processors.
// Each row's draws come from its own source (keyed by the seed and its
// snapshot) and f writes only that row's results, so the output does not
// depend on the order in which the rows run.
func eachRow(n int, f func(int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

// better reports whether measure a ranks strictly before b; an undefined
// (NaN) value ranks after every defined one.
func better(a, b float64, desc bool) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	case desc:
		return a > b
	}
	return a < b
}

// orderQuantile returns the q quantile of sorted x as one of its values
// (R's type 1, the inverse of the empirical distribution function): the
// smallest x[i] with (i+1)/len ≥ q. Ranks stay whole numbers.
func orderQuantile(x []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(x)))) - 1
	return x[max(0, min(i, len(x)-1))]
}

// snapshotIndex maps the chosen snapshots' ids to them.
func snapshotIndex(chosen []Snapshot) map[string]*Snapshot {
	m := make(map[string]*Snapshot, len(chosen))
	for i := range chosen {
		m[chosen[i].Snapshot] = &chosen[i]
	}
	return m
}

// Verdict says what the intervals let a reader conclude from a
// leaderboard (docs/METHODS.md §10.3): whether its first row is distinguishably
// the best, and how many rows erred no more than a simple random sample.
type Verdict struct {
	Ranked       int     // rows in the rank bootstrap (0: none, no verdict on the order)
	Leader       string  // the series with the highest P(best)
	LeaderRow    int     // its index in Rows (−1: no rank bootstrap)
	LeaderPBest  float64 // its P(best)
	Distinct     bool    // P(best) ≥ 0.95: one series is best beyond sampling error
	WithN        int     // rows with an SRS interval
	WithinSRS    int     // of them, rows whose p_srs ≥ 0.05
	WithoutN     int     // scored rows with an MAE but no sample size (no interval, never an invented n)
	Sort         string  // the measure ranked
	Draws        int
	Seed         uint64
	DistinctRows []string // series whose 95 % rank interval is a single rank
}

// Verdict summarises the leaderboard's intervals.
func (lb *Leaderboard) Verdict() Verdict {
	v := Verdict{Ranked: lb.Ranked, Sort: lb.Options.Sort, Draws: lb.Options.Draws, Seed: lb.Options.Seed, LeaderPBest: math.NaN(), LeaderRow: -1}
	for i := range lb.Rows {
		r := &lb.Rows[i]
		switch {
		case !math.IsNaN(r.PSRS):
			v.WithN++
			if r.PSRS >= 0.05 {
				v.WithinSRS++
			}
		case !math.IsNaN(r.MAE) && math.IsNaN(r.N):
			v.WithoutN++
		}
		if !math.IsNaN(r.PBest) {
			if math.IsNaN(v.LeaderPBest) || r.PBest > v.LeaderPBest {
				v.Leader, v.LeaderPBest, v.LeaderRow = r.Series, r.PBest, i
			}
			if r.RankLo == r.RankHi {
				v.DistinctRows = append(v.DistinctRows, r.Series)
			}
		}
	}
	v.Distinct = v.LeaderPBest >= 0.95
	return v
}

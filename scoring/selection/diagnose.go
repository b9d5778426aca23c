package selection

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"forecast/scoring"
	"forecast/sources"
)

// Options choose what Diagnose diagnoses; Round, At, Candidates and Family
// are those of scoring.Options.
type Options struct {
	Round      int
	At         string
	Candidates scoring.CandidateSet
	Family     string
	// Sizes gives, by series slug, the number of people (or posts, app
	// users) a series' figures rest on: the --n flag. It overrides a size
	// recorded with the data. Without one, ρ is undefined; n_eff is not.
	Sizes map[string]float64
	// Reference is the candidate over-representation is measured against;
	// "" is the official winner.
	Reference string
	// Support returns the poll consensus of a candidate on a day, in points,
	// for the correlation of attention with support over time; nil leaves
	// that table empty.
	Support func(candidate string, day time.Time) (float64, bool)
}

// Diagnosis is every self-selection diagnostic of one round (docs/METHODS.md §8).
type Diagnosis struct {
	Election   *sources.Election
	Options    Options
	Outcome    scoring.Outcome
	Set        []string // the candidate set (nil for "all": each snapshot's own)
	Rows       []Row    // ρ and n_eff per snapshot and candidate, with a pooled row
	Over       []Over
	Loudest    []Over // per snapshot, the candidate with the largest r
	Attention  []Attention
	OverTime   []AttentionOverTime
	LeftOut    []scoring.LeftOut     // snapshots with no row, and why
	Population float64               // N: the expressed votes of the round; NaN when the result gives shares only
	ratios     map[string][2]float64 // RandomRatioRange by shares compared
}

// Row is one snapshot's data defect correlation and effective sample size
// for one candidate, or pooled over the candidates (Candidate "ALL").
type Row struct {
	Snapshot, Source, Series string
	Family                   sources.Family
	Measure                  sources.Measure
	Published                string
	Candidate                string
	// Forecast and Result as compared by scoring (volumes as shares of the
	// set, against the result renormalised over it), Error their difference;
	// points. NaN on the pooled row.
	Forecast, Result, Error float64
	// N is the size the figures rest on (NaN: unknown), NBasis where it
	// comes from ("expressed", "interviewed" or "given", with --n: no value
	// starts with "-", which a spreadsheet reads as a formula), Population
	// the N of the sampling fraction f = N/Population.
	N          float64
	NBasis     string
	Population float64
	// Rho is Meng's ρ (DDC; the pooled row has PooledEffectiveN's
	// unsigned ρ), NEff the effective sample size.
	Rho, NEff float64
	// NEffLo and NEffHi are the 95 % range of NEff for a simple random
	// sample of size N (N × RandomRatioRange; NaN when N is unknown): an
	// NEff outside it is not what a random sample of that size would give.
	// SizeLo and SizeHi are the 95 % confidence interval of the size of a
	// random sample that would give this NEff (NEff divided by the upper and
	// the lower end of the ratio's range), defined with or without N: what
	// "as accurate as a random sample of NEff people" can claim.
	NEffLo, NEffHi, SizeLo, SizeHi float64
	Reason                         string // why Rho is undefined
}

// Over is how many times more likely a candidate's supporters had to be
// counted than the reference candidate's (OverRepresentation).
type Over struct {
	Snapshot, Source, Series string
	Family                   sources.Family
	Measure                  sources.Measure
	Published                string
	Candidate, Reference     string
	Value                    float64 // as published
	Result                   float64 // official share, points
	R                        float64
}

// Attention is the correlation, across the candidates of one snapshot, of an
// attention measure with the official shares.
type Attention struct {
	Snapshot, Source, Series string
	Measure                  sources.Measure
	Published                string
	K                        int     // candidates
	Pearson                  float64 // of the shares compared with the result's
	KendallTau               float64 // τ-b of the same (scoring.KendallTauB)
}

// AttentionOverTime is the correlation, across a series' dated snapshots, of
// its figure for one candidate with the poll consensus on those days.
type AttentionOverTime struct {
	Source, Series string
	Measure        sources.Measure
	Candidate      string
	Snapshots      int
	First, Last    string
	Pearson        float64
}

// AttentionMeasures are the measures of attention rather than support whose
// link with votes Diagnose measures: volumes, shares of voice and of
// mentions, and "digital weight" (a share of online attention, whatever it
// was promoted as).
var AttentionMeasures = []sources.Measure{sources.Volume, sources.VoiceShare, sources.MentionShare, sources.WeightShare}

// Diagnose computes, for the snapshots scoring.Score chooses with the same
// options, Meng's ρ and n_eff per candidate and pooled (DDC, EffectiveN,
// PooledEffectiveN), the implied over-representation of each candidate's
// supporters (OverRepresentation), and for attention measures their
// correlation with votes across candidates and, with opt.Support, over
// time. The population N of ρ is the round's expressed votes (for volumes,
// the votes of the candidates compared, whose shares the volumes are
// compared with). ρ needs a size n: a poll's recorded base or opt.Sizes;
// no size is ever invented.
//
// Errors: Score's; a size in opt.Sizes that is not a positive number or
// names no series with share or volume figures in the round; and, as a
// *sources.DataError naming the snapshot, a recorded size that is not
// positive.
func Diagnose(d *sources.Dataset, opt Options) (*Diagnosis, error) {
	lb, err := scoring.Score(d, scoring.Options{Round: opt.Round, At: opt.At, Candidates: opt.Candidates, Family: opt.Family})
	if err != nil {
		return nil, err
	}
	if err := checkSizes(d, opt); err != nil {
		return nil, err
	}
	dg := &Diagnosis{Election: d.Election, Options: opt, Outcome: lb.Outcome, Set: lb.Set, LeftOut: lb.LeftOut,
		Population: float64(lb.Outcome.Expressed), ratios: map[string][2]float64{}}
	if !lb.Outcome.Counted {
		dg.Population = math.NaN() // shares only: N is not published
	}
	snaps := map[string]*scoring.Snapshot{}
	all := scoring.Snapshots(d.Figures)
	for i := range all {
		snaps[all[i].Snapshot] = &all[i]
	}
	ref := cmp.Or(opt.Reference, lb.Outcome.Order[0])
	if _, ok := lb.Outcome.Shares[ref]; !ok {
		return nil, fmt.Errorf("reference candidate %s is not in the round %d result", ref, opt.Round)
	}
	var bad sources.Problems
	for i := range lb.Rows {
		r := &lb.Rows[i]
		if err := dg.defect(r); err != nil {
			bad.Add(sources.Errorf(sources.ForecastsFile, snaps[r.Snapshot].Line, "%v", err))
		}
		dg.over(r, snaps[r.Snapshot], ref)
		dg.attention(r)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	sortRows(dg.Rows)
	if opt.Support != nil {
		if err := dg.overTime(d); err != nil {
			return nil, err
		}
	}
	return dg, nil
}

// checkSizes refuses sizes that are not positive, and sizes for a series
// that has no figure ρ could be computed on.
func checkSizes(d *sources.Dataset, opt Options) error {
	var names []string
	for s := range opt.Sizes {
		names = append(names, s)
	}
	slices.Sort(names)
	for _, series := range names {
		n := opt.Sizes[series]
		if !(n > 0) || math.IsInf(n, 0) {
			return fmt.Errorf("size %v for series %s is not a positive number", n, series)
		}
		if !slices.ContainsFunc(d.Figures, func(f sources.Figure) bool {
			return f.Series == series && f.Round == opt.Round && (sources.IsShare(f.Measure) || f.Measure == sources.Volume)
		}) {
			return fmt.Errorf("series %s has no share or volume figures in round %d: no ρ to compute with its size", series, opt.Round)
		}
	}
	return nil
}

// defect adds the ρ and n_eff rows of one scored snapshot.
func (dg *Diagnosis) defect(r *scoring.Row) error {
	var muHat, mu []float64
	var cands []string
	for _, x := range r.Detail {
		if x.Candidate != scoring.OthersID {
			muHat, mu, cands = append(muHat, x.Forecast/100), append(mu, x.Result/100), append(cands, x.Candidate)
		}
	}
	if len(cands) == 0 {
		dg.LeftOut = append(dg.LeftOut, scoring.LeftOut{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series,
			Reason: "no shares to compare with the result: " + strings.Join(r.Reasons, "; ")})
		return nil
	}
	n, basis := r.N, r.NBasis
	if s, ok := dg.Options.Sizes[r.Series]; ok {
		n, basis = s, "given"
	}
	if n <= 0 || math.IsInf(n, 0) {
		return fmt.Errorf("snapshot %s: sample size %v is not a positive number", r.Snapshot, n)
	}
	pop := dg.Population
	if r.Measure == sources.Volume {
		var votes int64
		for _, c := range cands {
			votes += dg.Outcome.Votes[c]
		}
		pop = float64(votes)
	}
	base := Row{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series, Family: r.Family, Measure: r.Measure,
		Published: r.Published, N: n, NBasis: basis, Population: pop}
	reason := ""
	switch {
	case math.IsNaN(n) && r.Family == sources.Buzz:
		reason = "no size known (give one with --n " + r.Series + "=SIZE): ρ is undefined, n_eff needs none"
	case math.IsNaN(n):
		reason = "no size: ρ is undefined, n_eff needs none"
	case math.IsNaN(pop):
		reason = "the result gives shares, not votes: N is unknown, so ρ is undefined; n_eff needs none"
		n = math.NaN()
	}
	for i, c := range cands {
		row := base
		row.Candidate, row.Forecast, row.Result, row.Error = c, 100*muHat[i], 100*mu[i], 100*(muHat[i]-mu[i])
		row.NEff, row.Rho, row.Reason = EffectiveN(muHat[i], mu[i]), math.NaN(), reason
		dg.ranges(&row, mu[i:i+1])
		if !math.IsNaN(n) {
			var err error
			if row.Rho, err = DDC(muHat[i], mu[i], n, pop, 0); err != nil {
				row.Reason = "ρ: " + err.Error()
			}
		}
		dg.Rows = append(dg.Rows, row)
	}
	pooled := base
	pooled.Candidate, pooled.Forecast, pooled.Result, pooled.Error, pooled.Reason = All, math.NaN(), math.NaN(), math.NaN(), reason
	var err error
	if pooled.NEff, pooled.Rho, err = PooledEffectiveN(muHat, mu, n, pop); err != nil {
		pooled.Reason = "ρ: " + err.Error()
	}
	dg.ranges(&pooled, mu)
	dg.Rows = append(dg.Rows, pooled)
	return nil
}

// ranges sets the n_eff ranges of a row whose n_eff compares the shares mu
// (RandomRatioRange, simulated once per set of shares).
func (dg *Diagnosis) ranges(r *Row, mu []float64) {
	key := fmt.Sprint(mu)
	lh, ok := dg.ratios[key]
	if !ok {
		lh[0], lh[1] = RandomRatioRange(mu, RangeLevel, RangeDraws, RangeSeed)
		dg.ratios[key] = lh
	}
	r.NEffLo, r.NEffHi = r.N*lh[0], r.N*lh[1]
	r.SizeLo, r.SizeHi = r.NEff/lh[1], r.NEff/lh[0]
}

// All is the candidate id of pooled rows.
const All = "ALL"

// sortRows orders the snapshots by pooled n_eff, largest (most informative)
// first, undefined last, then by source and id; a snapshot's candidates stay
// in the order of the set, followed by its pooled row.
func sortRows(rows []Row) {
	pooled := map[string]float64{}
	for _, r := range rows {
		if r.Candidate == All {
			pooled[r.Snapshot] = r.NEff
		}
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		x, y := pooled[a.Snapshot], pooled[b.Snapshot]
		switch {
		case math.IsNaN(x) && !math.IsNaN(y):
			return 1
		case math.IsNaN(y) && !math.IsNaN(x):
			return -1
		}
		return cmp.Or(cmp.Compare(y, x), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Snapshot, b.Snapshot))
	})
}

// over adds the over-representation rows of a snapshot whose values grow
// with support (shares, volumes, approval).
func (dg *Diagnosis) over(r *scoring.Row, s *scoring.Snapshot, ref string) {
	if !sources.IsShare(r.Measure) && r.Measure != sources.Volume && r.Measure != sources.Approval {
		return
	}
	refValue, ok := s.Values[ref]
	if !ok {
		dg.LeftOut = append(dg.LeftOut, scoring.LeftOut{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series,
			Reason: "does not report the reference candidate " + ref + ": no over-representation"})
		return
	}
	var x, q []float64
	var cands []string
	for _, c := range r.Candidates {
		if v, ok := s.Values[c]; ok {
			x, q, cands = append(x, v), append(q, dg.Outcome.Shares[c]), append(cands, c)
		}
	}
	if !slices.Contains(cands, ref) {
		x, q, cands = append(x, refValue), append(q, dg.Outcome.Shares[ref]), append(cands, ref)
	}
	rs, err := OverRepresentation(x, q, slices.Index(cands, ref))
	if err != nil {
		dg.LeftOut = append(dg.LeftOut, scoring.LeftOut{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series,
			Reason: "over-representation: " + err.Error()})
		return
	}
	loudest := 0
	for i, c := range cands {
		dg.Over = append(dg.Over, Over{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series, Family: r.Family,
			Measure: r.Measure, Published: r.Published, Candidate: c, Reference: ref, Value: x[i], Result: q[i], R: rs[i]})
		if rs[i] > rs[loudest] {
			loudest = i
		}
	}
	dg.Loudest = append(dg.Loudest, dg.Over[len(dg.Over)-len(cands)+loudest])
}

// attention adds the correlation across candidates of an attention measure.
func (dg *Diagnosis) attention(r *scoring.Row) {
	if !slices.Contains(AttentionMeasures, r.Measure) {
		return
	}
	var f, v []float64
	for _, x := range r.Detail {
		if x.Candidate != scoring.OthersID {
			f, v = append(f, x.Forecast), append(v, x.Result)
		}
	}
	if len(f) == 0 {
		return
	}
	a := Attention{Snapshot: r.Snapshot, Source: r.Source, Series: r.Series, Measure: r.Measure, Published: r.Published,
		K: len(f), Pearson: math.NaN(), KendallTau: r.KendallTau}
	if len(f) >= 3 {
		a.Pearson = stat.Correlation(f, v, nil)
	}
	dg.Attention = append(dg.Attention, a)
}

// overTime correlates each attention series' figures with the poll
// consensus across its dated snapshots (every forecast snapshot of the
// round, or those published by opt.At when it is a day), per candidate,
// when at least three snapshots fall within the consensus.
func (dg *Diagnosis) overTime(d *sources.Dataset) error {
	lb, err := scoring.Score(d, scoring.Options{Round: dg.Options.Round, At: "all", Candidates: dg.Options.Candidates, Family: dg.Options.Family})
	if err != nil {
		return err
	}
	type key struct{ source, series, candidate string }
	var order []key
	pairs := map[key][][2]float64{}
	days := map[key][]string{}
	measure := map[key]sources.Measure{}
	for _, r := range lb.Rows {
		at := dg.Options.At
		if !slices.Contains(AttentionMeasures, r.Measure) || r.Published == "" || (at != "final" && at != "all" && r.Published > at) {
			continue
		}
		day, _ := time.Parse(time.DateOnly, r.Published)
		for _, x := range r.Detail {
			support, ok := dg.Options.Support(x.Candidate, day)
			if x.Candidate == scoring.OthersID || !ok {
				continue
			}
			k := key{r.Source, r.Series, x.Candidate}
			if _, seen := pairs[k]; !seen {
				order = append(order, k)
			}
			pairs[k] = append(pairs[k], [2]float64{x.Forecast, support})
			days[k] = append(days[k], r.Published)
			measure[k] = r.Measure
		}
	}
	for _, k := range order {
		p := pairs[k]
		if len(p) < 3 {
			continue
		}
		x, y := make([]float64, len(p)), make([]float64, len(p))
		for i := range p {
			x[i], y[i] = p[i][0], p[i][1]
		}
		ds := slices.Sorted(slices.Values(days[k]))
		dg.OverTime = append(dg.OverTime, AttentionOverTime{Source: k.source, Series: k.series, Measure: measure[k],
			Candidate: k.candidate, Snapshots: len(p), First: ds[0], Last: ds[len(ds)-1], Pearson: stat.Correlation(x, y, nil)})
	}
	return nil
}

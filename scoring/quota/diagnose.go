package quota

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forecast/scoring"
	"forecast/sources"
)

// Diagnosis is every quota-poll diagnostic of one round (docs/METHODS.md §7).
// Shares, errors, margins and standard deviations are in percentage points;
// undefined values are NaN.
type Diagnosis struct {
	*Campaign
	Fits       []*Fit            // the poll average of each candidate
	FitRows    []FitRow          // their estimates, in readable units
	Average    []AveragePoint    // the consensus, day by day
	House      []HouseEffect     // relative to the consensus, summing to zero over pollsters
	HouseFinal []HouseEffect     // final polls against the result
	Intervals  []Interval        // margin of error of every poll, candidate and lead
	Accuracy   []AccuracyRow     // coverage and error ratio, final polls and by lead time
	Herding    []HerdingRow      // dispersion of the final polls, per candidate
	Joint      HerdingJoint      // dispersion of the final polls over every candidate and Others
	Deviations []Deviation       // each poll against the average before it
	Profile    []ProfileRow      // deviations by lead time
	Groups     []GroupRow        // errors by population base, rolling, sample size
	Unfitted   []scoring.LeftOut // candidates without a poll average, and why
	// jointOnce guards joint, the house effects inside the average,
	// computed when first asked for (see JointHouse).
	jointOnce sync.Once
	joint     *JointHouse
}

// JointHouse is the house effects estimated inside the poll average
// (JointModel) for every candidate of a diagnosis.
type JointHouse struct {
	Effects  []HouseJointRow   // under both identifications, by candidate
	Fits     []JointFitRow     // the candidates' models
	Unfitted []scoring.LeftOut // the candidates without one, and why
}

// HouseJointRow is one pollster's house effect on one candidate estimated
// jointly with the poll average (JointModel), in points.
type HouseJointRow struct {
	Source, Candidate string
	Identification    Identification
	Polls             int // the pollster's polls in the model (waves with no new day left out)
	Effect, SE        float64
}

// JointFitRow is a candidate's JointModel in readable units (see FitRow).
type JointFitRow struct {
	Candidate string
	// Polls and Pollsters in the model; Deflated the waves counted with
	// their new days' respondents only, Dropped those left out (see Overlap).
	Polls, Pollsters, Deflated, Dropped      int
	DriftSD, ExtraSD, Sampling, ScatterRatio float64
	DriftAtZero, ExtraAtZero, SamplingAtZero bool
	LogLik                                   float64
}

// FitRow is a candidate's poll-average model in readable units.
type FitRow struct {
	Candidate string
	Polls     int
	Base      float64 // p̄, points
	// DriftSD is τ in points per √day; ExtraSD is η in points.
	DriftSD, ExtraSD float64
	// Sampling is κ; ScatterRatio = √κ, how many times the standard
	// deviation of simple random samples of their sizes the polls
	// scattered around their consensus (ignoring η).
	Sampling, ScatterRatio float64
	LogLik                 float64
}

// AveragePoint is the poll average of one candidate on one day.
type AveragePoint struct {
	Candidate, Day string
	// Level, SE, Low and High are the smoothed consensus from every poll of
	// the campaign, its standard error and 95 % band (Level ± 1.96·SE).
	Level, SE, Low, High float64
	// Realtime and RealtimeSE are the average from the polls ended by that
	// day alone, with variances estimated from polls ended by then (what
	// could have been published that day; NaN before MinObs polls; see
	// Model.Realtime).
	Realtime, RealtimeSE float64
	Polls                int // polls of the candidate ended by that day
}

// HouseEffect is one pollster's lean on one candidate, in points.
type HouseEffect struct {
	Source, Candidate string
	Polls             int
	Effect, SE        float64
	Snapshot          string // the final poll, for effects anchored on the result
}

// Interval is one poll's margin of error on one candidate's share or on
// the lead of the official winner over the runner-up.
type Interval struct {
	Quantity  string // "share" or "lead"
	Snapshot  string
	Source    string
	Candidate string // the candidate, or "WINNER-RUNNER_UP" ids for the lead
	FieldEnd  string
	Lead      float64 // days
	N         float64
	Final     bool
	// Poll, Result and Error (poll − result) in points; MOE the 95 %
	// margin on the poll's figure; Expected the standard deviation sampling
	// alone gives the error, at the result's shares.
	Poll, Result, Error, MOE, Expected float64
	Covered                            bool
}

// AccuracyRow is the coverage and error ratio of a set of polls.
type AccuracyRow struct {
	Window   string // "final" or a lead-time band
	Quantity string // "share" or "lead"
	Polls    int
	Accuracy // Observed and Expected in points
}

// HerdingRow is the dispersion test of the final polls for one candidate,
// in points (see DispersionTest).
type HerdingRow struct {
	Candidate string
	Dispersion
	// PLowerHolm and PUpperHolm are PLower and PUpper adjusted (Holm) for
	// the tests of every candidate of the set, tail by tail.
	PLowerHolm, PUpperHolm float64
}

// HerdingJoint is the homogeneity test of the final polls over the
// candidates of the set and Others (see HomogeneityTest): the counts are
// n × share / 100 with the n of the dispersion tests.
type HerdingJoint struct {
	// IDs are the categories: the candidate ids and scoring.OthersID (when
	// the candidates leave a share to others); Snapshots the final polls
	// that report every candidate of the set.
	IDs, Snapshots []string
	Homogeneity
}

// Deviation is a poll's distance from the average of the polls published
// before it, against what sampling allows.
type Deviation struct {
	Snapshot, Source, Candidate, FieldEnd string
	Lead                                  float64
	// Poll, Prior and Deviation = Poll − Prior in points; Allowed the
	// standard deviation sampling and the prior's uncertainty allow,
	// √(SE_prior² + prior(1−prior)/n); Z = Deviation/Allowed.
	Poll, Prior, Deviation, Allowed, Z float64
}

// ProfileRow sums up the deviations of one candidate's polls in one
// lead-time band: root mean squares of the deviations and of what sampling
// allows, and their ratio (about 1 under pure sampling error, below 1 when
// polls stay closer to the prior average than sampling allows).
type ProfileRow struct {
	Candidate, Band                 string
	Polls                           int
	RMSDeviation, RMSAllowed, Ratio float64
}

// GroupRow is the error of the polls of one group (a population base, a
// rolling or one-off design, a sample-size band) on one candidate, or on
// every candidate of the set pooled (Candidate "ALL").
type GroupRow struct {
	Factor, Level, Candidate string
	Polls                    int
	// MeanDeviation is the mean of poll − consensus at the poll's date, SE
	// its standard error (s/√m): the group's lean, with the timing of its
	// polls taken out. NaN for ALL.
	MeanDeviation, SE float64
	// RMSEError is the RMSE against the result, RMSEExpected what sampling
	// alone gives (√(mean v(1−v)/n)), ErrorRatio their ratio.
	RMSEError, RMSEExpected, ErrorRatio float64
}

// All is the candidate id of pooled rows.
const All = "ALL"

// Band is a range of lead times, in days (inclusive).
type Band struct {
	Name   string
	Lo, Hi float64
}

// LeadBands are the weeks before the vote that accuracy and deviations are
// broken down by.
var LeadBands = []Band{{"0-7 days", 0, 7}, {"8-14 days", 8, 14}, {"15-21 days", 15, 21}, {"22-28 days", 22, 28}, {"29+ days", 29, math.Inf(1)}}

func bandOf(lead float64) string {
	for _, b := range LeadBands {
		if lead >= b.Lo && lead <= b.Hi {
			return b.Name
		}
	}
	return ""
}

// SizeBands are the sample-size groups of GroupRow.
var SizeBands = []Band{{"under 1,000", 0, 999.999}, {"1,000 to 1,999", 1000, 1999.999}, {"2,000 or more", 2000, math.Inf(1)}}

// Diagnose computes every quota-poll diagnostic of a round (docs/METHODS.md §7)
// for the candidates of opt.Candidates: the poll average (Model), house
// effects (HouseEffects), margins of error, coverage and error ratios
// (MOE95, LeadSE, ErrorRatio), the herding tests of the final polls
// (DispersionTest per candidate with Holm's adjustment, HomogeneityTest
// jointly) and the deviations of each poll from the average before
// it, and errors by population base, design and sample size. Errors are
// NewCampaign's; a candidate with fewer than MinObs polls gets no average
// (Unfitted says so) and so no house effect or deviation.
func Diagnose(d *sources.Dataset, opt Options) (*Diagnosis, error) {
	c, err := NewCampaign(d, opt)
	if err != nil {
		return nil, err
	}
	dg := &Diagnosis{Campaign: c}
	// The fits and their series are most of the work and independent of
	// each other: they are computed for every candidate at once, then laid
	// out in the candidates' order.
	fits := make([]fitting, len(c.Candidates))
	inParallel(len(fits), func(i int) { fits[i] = c.fitting(c.Candidates[i]) })
	resid := map[string]map[string]float64{} // candidate → snapshot → poll − consensus (points)
	for i, cand := range c.Candidates {
		ft := &fits[i]
		if ft.err != nil {
			dg.Unfitted = append(dg.Unfitted, scoring.LeftOut{Snapshot: cand, Reason: strings.TrimPrefix(ft.err.Error(), cand+": ")})
			continue
		}
		f := ft.f
		dg.Fits = append(dg.Fits, f)
		dg.FitRows = append(dg.FitRows, FitRow{Candidate: cand, Polls: len(f.Obs), Base: 100 * f.Base,
			DriftSD: 100 * math.Sqrt(f.Params.Drift), ExtraSD: 100 * math.Sqrt(f.Params.Extra),
			Sampling: f.Params.Sampling, ScatterRatio: math.Sqrt(f.Params.Sampling), LogLik: f.LogLik})
		resid[cand] = dg.fitted(ft)
	}
	dg.intervals()
	dg.accuracy()
	dg.herding()
	dg.jointHerding()
	dg.groups(resid)
	return dg, nil
}

// fitting is the poll average of one candidate and its series over the
// days of its polls: the consensus (Smooth), the real-time average
// (Realtime) and each poll's prior (Priors).
type fitting struct {
	f             *Fit
	err           error
	days          []float64
	atObs, atDays []Point
	realtime      []RealtimePoint
	priors        []Point
	priorsKnown   []bool
}

// fitting fits the poll average of a candidate and computes its series.
func (c *Campaign) fitting(cand string) fitting {
	f, err := c.Fit(cand)
	if err != nil {
		return fitting{err: err}
	}
	ft := fitting{f: f}
	first, last := math.Ceil(f.Obs[0].Time), f.Obs[0].End
	for _, o := range f.Obs {
		last = max(last, o.End)
	}
	for t := first; t <= last; t++ {
		ft.days = append(ft.days, t)
	}
	ft.atObs, ft.atDays = f.Smooth(ft.days)
	ft.realtime = f.Realtime(ft.days)
	ft.priors, ft.priorsKnown = f.Priors()
	return ft
}

// jointFitting is the JointModel of one candidate, its house effects under
// both identifications and its overlapping waves, or why there is none.
type jointFitting struct {
	jm                *JointModel
	effects           map[Identification][]JointEffect
	deflated, dropped int
	err               error
}

// jointFitting fits the JointModel of a candidate, on its polls with
// overlapping waves deflated (Overlap, see waveSeries).
func (c *Campaign) jointFitting(cand string) jointFitting {
	obs, deflated, dropped := Overlap(c.Obs(cand), c.waveSeries())
	ft := jointFitting{deflated: deflated, dropped: len(dropped), effects: map[Identification][]JointEffect{}}
	jm, err := NewJointModel(obs)
	if err == nil {
		_, err = jm.EstimateJoint()
	}
	for _, id := range []Identification{SumToZero, Anchored} {
		if err != nil {
			break
		}
		ft.effects[id], err = jm.Effects(id, Day(c.Outcome.Date), c.Outcome.Shares[cand]/100, ResultVariance(c.Outcome.Shares[cand]/100, c.Outcome.Expressed))
	}
	if err != nil {
		ft.err = fmt.Errorf("%s: house effects inside the average: %w", cand, err)
		return ft
	}
	ft.jm = jm
	return ft
}

// waveSeries returns the series of waves of each poll for Overlap: its
// pollster and sponsors, or "" when its rolling field says "no" (an
// independent sample).
func (c *Campaign) waveSeries() map[string]string {
	series := map[string]string{}
	for _, p := range c.Polls {
		if p.Rolling != "no" {
			series[p.Snapshot.Snapshot] = p.Source + "\x00" + p.Sponsors
		}
	}
	return series
}

// JointHouse returns the house effects inside the poll average of every
// candidate (docs/METHODS.md §16), computed on first call: most users of a
// diagnosis never ask, and the searches cost several times the rest of
// Diagnose. It is safe for concurrent use.
func (dg *Diagnosis) JointHouse() *JointHouse {
	dg.jointOnce.Do(func() {
		fits := make([]jointFitting, len(dg.Candidates))
		inParallel(len(fits), func(i int) { fits[i] = dg.jointFitting(dg.Candidates[i]) })
		dg.joint = &JointHouse{}
		for i, cand := range dg.Candidates {
			dg.joint.add(cand, fits[i])
		}
	})
	return dg.joint
}

// add adds a candidate's JointModel and house effects.
func (jh *JointHouse) add(cand string, ft jointFitting) {
	if ft.err != nil {
		jh.Unfitted = append(jh.Unfitted, scoring.LeftOut{Snapshot: cand, Reason: ft.err.Error()})
		return
	}
	jm := ft.jm
	jh.Fits = append(jh.Fits, JointFitRow{Candidate: cand, Polls: len(jm.Obs), Pollsters: len(jm.Sources),
		Deflated: ft.deflated, Dropped: ft.dropped, DriftSD: 100 * math.Sqrt(jm.Params.Drift), ExtraSD: 100 * math.Sqrt(jm.Params.Extra),
		Sampling: jm.Params.Sampling, ScatterRatio: scatterRatio(jm), DriftAtZero: jm.DriftAtZero, ExtraAtZero: jm.ExtraAtZero, SamplingAtZero: jm.SamplingAtZero,
		LogLik: jm.LogLik})
	for _, id := range []Identification{SumToZero, Anchored} {
		for _, e := range ft.effects[id] {
			jh.Effects = append(jh.Effects, HouseJointRow{Source: e.Source, Candidate: cand, Identification: id,
				Polls: e.Polls, Effect: 100 * e.Effect, SE: 100 * e.SE})
		}
	}
}

// scatterRatio is √κ, or NaN when the sampling variance is negligible (κ
// then means nothing: see JointModel.SamplingAtZero).
func scatterRatio(jm *JointModel) float64 {
	if jm.SamplingAtZero {
		return math.NaN()
	}
	return math.Sqrt(jm.Params.Sampling)
}

// inParallel runs do(0), …, do(n−1) on up to GOMAXPROCS goroutines and
// returns when all have returned.
func inParallel(n int, do func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
}

// fitted adds the average, house effects and deviations of one fitted
// candidate, and returns each poll's deviation from the consensus.
func (dg *Diagnosis) fitted(ft *fitting) map[string]float64 {
	f, atObs, atDays, realtime := ft.f, ft.atObs, ft.atDays, ft.realtime
	for i, e := range atDays {
		p := AveragePoint{Candidate: f.Candidate, Day: DayString(e.Time), Level: 100 * e.Level, SE: 100 * e.SE,
			Low: 100 * (e.Level - z95*e.SE), High: 100 * (e.Level + z95*e.SE), Realtime: math.NaN(), RealtimeSE: math.NaN()}
		rt := realtime[i]
		p.Polls = rt.Polls
		if rt.OK {
			p.Realtime, p.RealtimeSE = 100*rt.Level, 100*rt.SE
		}
		dg.Average = append(dg.Average, p)
	}
	r := map[string]float64{}
	var src []string
	var dev []float64
	priors, known := ft.priors, ft.priorsKnown
	for i, o := range f.Obs {
		x := 100 * (o.Share - atObs[i].Level)
		r[o.Snapshot] = x
		src = append(src, o.Source)
		dev = append(dev, x)
		prior := priors[i]
		if !known[i] {
			continue
		}
		allowed := math.Sqrt(prior.SE*prior.SE + prior.Level*(1-prior.Level)/o.N)
		dg.Deviations = append(dg.Deviations, Deviation{Snapshot: o.Snapshot, Source: o.Source, Candidate: f.Candidate,
			FieldEnd: DayString(o.End), Lead: Day(dg.Outcome.Date) - o.End, Poll: 100 * o.Share, Prior: 100 * prior.Level,
			Deviation: 100 * (o.Share - prior.Level), Allowed: 100 * allowed, Z: (o.Share - prior.Level) / allowed})
	}
	for _, e := range HouseEffects(src, dev) {
		dg.House = append(dg.House, HouseEffect{Source: e.Source, Candidate: f.Candidate, Polls: e.Polls, Effect: e.Effect, SE: e.SE})
	}
	for _, b := range LeadBands {
		row := ProfileRow{Candidate: f.Candidate, Band: b.Name}
		var sd, sa float64
		for _, x := range dg.Deviations {
			if x.Candidate == f.Candidate && bandOf(x.Lead) == b.Name {
				row.Polls++
				sd += x.Deviation * x.Deviation
				sa += x.Allowed * x.Allowed
			}
		}
		if row.Polls == 0 {
			continue
		}
		row.RMSDeviation, row.RMSAllowed = math.Sqrt(sd/float64(row.Polls)), math.Sqrt(sa/float64(row.Polls))
		row.Ratio = row.RMSDeviation / row.RMSAllowed
		dg.Profile = append(dg.Profile, row)
	}
	return r
}

// intervals lists the margin of error of every poll on every candidate of
// the set it reports, and on the lead of the official winner over the
// runner-up, and the final polls' effects anchored on the result.
func (dg *Diagnosis) intervals() {
	out := dg.Outcome
	a, b := out.Order[0], out.Order[1]
	for _, p := range dg.Polls {
		base := Interval{Snapshot: p.Snapshot.Snapshot, Source: p.Source, FieldEnd: DayString(p.End), Lead: p.Lead, N: p.N, Final: p.Final}
		for _, cand := range dg.Candidates {
			y, ok := p.Values[cand]
			if !ok {
				continue
			}
			v := out.Shares[cand] / 100
			iv := base
			iv.Quantity, iv.Candidate = "share", cand
			iv.Poll, iv.Result, iv.Error = y, 100*v, y-100*v
			iv.MOE, iv.Expected = 100*MOE95(y/100, p.N), 100*math.Sqrt(v*(1-v)/p.N)
			iv.Covered = math.Abs(iv.Error) <= iv.MOE
			dg.Intervals = append(dg.Intervals, iv)
			if p.Final {
				dg.HouseFinal = append(dg.HouseFinal, HouseEffect{Source: p.Source, Candidate: cand, Polls: 1,
					Effect: iv.Error, SE: iv.MOE / z95, Snapshot: p.Snapshot.Snapshot})
			}
		}
		ya, okA := p.Values[a]
		yb, okB := p.Values[b]
		if !okA || !okB {
			continue
		}
		va, vb := out.Shares[a]/100, out.Shares[b]/100
		iv := base
		iv.Quantity, iv.Candidate = "lead", a+"-"+b
		iv.Poll, iv.Result = ya-yb, 100*(va-vb)
		iv.Error = iv.Poll - iv.Result
		iv.MOE, iv.Expected = 100*z95*LeadSE(ya/100, yb/100, p.N), 100*LeadSE(va, vb, p.N)
		iv.Covered = math.Abs(iv.Error) <= iv.MOE
		dg.Intervals = append(dg.Intervals, iv)
	}
}

// accuracy sums the intervals up: the final polls, then each lead-time band.
func (dg *Diagnosis) accuracy() {
	windows := []string{"final"}
	for _, b := range LeadBands {
		windows = append(windows, b.Name)
	}
	for _, w := range windows {
		for _, q := range []string{"share", "lead"} {
			var e, m, v []float64
			polls := map[string]bool{}
			for _, iv := range dg.Intervals {
				if iv.Quantity != q || (w == "final" && !iv.Final) || (w != "final" && bandOf(iv.Lead) != w) {
					continue
				}
				e, m, v = append(e, iv.Error), append(m, iv.MOE), append(v, iv.Expected*iv.Expected)
				polls[iv.Snapshot] = true
			}
			if len(e) == 0 {
				continue
			}
			dg.Accuracy = append(dg.Accuracy, AccuracyRow{Window: w, Quantity: q, Polls: len(polls), Accuracy: ErrorRatio(e, m, v)})
		}
	}
}

// herding runs the dispersion test across the final polls, per candidate,
// with Holm-adjusted p-values.
func (dg *Diagnosis) herding() {
	for _, cand := range dg.Candidates {
		var y, n, pts []float64
		for _, p := range dg.Polls {
			if v, ok := p.Values[cand]; ok && p.Final {
				y, n, pts = append(y, v/100), append(n, p.N), append(pts, v)
			}
		}
		if len(y) == 0 {
			continue
		}
		x := DispersionTest(y, n, RoundingGrid(pts)/100)
		x.Mean, x.SDObserved, x.SDExpected = 100*x.Mean, 100*x.SDObserved, 100*x.SDExpected
		x.Grid, x.SDRounding = 100*x.Grid, 100*x.SDRounding
		dg.Herding = append(dg.Herding, HerdingRow{Candidate: cand, Dispersion: x})
	}
	var lower, upper []float64
	for _, h := range dg.Herding {
		lower, upper = append(lower, h.PLower), append(upper, h.PUpper)
	}
	lower, upper = Holm(lower), Holm(upper)
	for i := range dg.Herding {
		dg.Herding[i].PLowerHolm, dg.Herding[i].PUpperHolm = lower[i], upper[i]
	}
}

// jointHerding runs the homogeneity test over the final polls that report
// every candidate of the set, with Others = 100 − their sum (left out when
// it is 0 in every poll, as when the set is the whole ballot; a sum within
// 1e-9 of 100 counts as 100).
func (dg *Diagnosis) jointHerding() {
	j := HerdingJoint{IDs: slices.Clone(dg.Candidates)}
	var counts [][]float64
	others := false
	for _, p := range dg.Polls {
		if !p.Final {
			continue
		}
		row := make([]float64, 0, len(dg.Candidates)+1)
		rest := 100.0
		for _, cand := range dg.Candidates {
			if v, ok := p.Values[cand]; ok {
				row = append(row, p.N*v/100)
				rest -= v
			}
		}
		if len(row) < len(dg.Candidates) {
			continue
		}
		if math.Abs(rest) < 1e-9 {
			rest = 0
		}
		others = others || rest != 0
		j.Snapshots = append(j.Snapshots, p.Snapshot.Snapshot)
		counts = append(counts, append(row, p.N*rest/100))
	}
	if others {
		j.IDs = append(j.IDs, scoring.OthersID)
	} else {
		for i := range counts {
			counts[i] = counts[i][:len(dg.Candidates)]
		}
	}
	j.Homogeneity = HomogeneityTest(counts)
	dg.Joint = j
}

// groups breaks the polls' errors down by population base, rolling design
// and sample size.
func (dg *Diagnosis) groups(resid map[string]map[string]float64) {
	factors := []struct {
		name  string
		level func(p Poll) string
	}{
		{"population_base", func(p Poll) string { return cmp.Or(p.Population, "unknown") }},
		{"rolling", func(p Poll) string { return cmp.Or(p.Rolling, "unknown") }},
		{"sample_size", func(p Poll) string {
			for _, b := range SizeBands {
				if p.N >= b.Lo && p.N <= b.Hi {
					return b.Name
				}
			}
			return ""
		}},
	}
	for _, f := range factors {
		var levels []string
		for _, p := range dg.Polls {
			if l := f.level(p); !slices.Contains(levels, l) {
				levels = append(levels, l)
			}
		}
		for _, l := range levels {
			var all struct {
				e2, v float64
				pairs int
			}
			allPolls := map[string]bool{}
			for _, cand := range append(append([]string{}, dg.Candidates...), All) {
				row := GroupRow{Factor: f.name, Level: l, Candidate: cand, MeanDeviation: math.NaN(), SE: math.NaN()}
				if cand == All {
					if len(allPolls) == 0 {
						continue
					}
					row.Polls = len(allPolls)
					row.RMSEError, row.RMSEExpected = math.Sqrt(all.e2/float64(all.pairs)), math.Sqrt(all.v/float64(all.pairs))
					row.ErrorRatio = row.RMSEError / row.RMSEExpected
					dg.Groups = append(dg.Groups, row)
					continue
				}
				var devs []float64
				var e2, vs float64
				for _, p := range dg.Polls {
					y, ok := p.Values[cand]
					if !ok || f.level(p) != l {
						continue
					}
					v := dg.Outcome.Shares[cand] / 100
					row.Polls++
					e2 += (y - 100*v) * (y - 100*v)
					vs += 1e4 * v * (1 - v) / p.N
					if x, ok := resid[cand][p.Snapshot.Snapshot]; ok {
						devs = append(devs, x)
					}
					allPolls[p.Snapshot.Snapshot] = true
				}
				if row.Polls == 0 {
					continue
				}
				all.e2 += e2
				all.v += vs
				all.pairs += row.Polls
				row.RMSEError, row.RMSEExpected = math.Sqrt(e2/float64(row.Polls)), math.Sqrt(vs/float64(row.Polls))
				row.ErrorRatio = row.RMSEError / row.RMSEExpected
				row.MeanDeviation, row.SE = meanSE(devs)
				dg.Groups = append(dg.Groups, row)
			}
		}
	}
}

// meanSE returns the mean of x and its standard error s/√m (NaN for m < 2).
func meanSE(x []float64) (mean, se float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1) / float64(len(x)))
}

// Consensus returns the smoothed poll average of a candidate on a day, in
// points, when the day is within the campaign's polls.
func (dg *Diagnosis) Consensus(candidate string, day time.Time) (float64, bool) {
	d := day.Format(time.DateOnly)
	for _, p := range dg.Average {
		if p.Candidate == candidate && p.Day == d {
			return p.Level, true
		}
	}
	return math.NaN(), false
}

// Lazy is a Diagnose computed on first use, for callers that may not need
// it: the self-selection diagnostics ask for the poll consensus only when
// they have attention figures to set against it, and most charts draw no
// poll average. It is safe for concurrent use.
type Lazy struct {
	once sync.Once
	d    *sources.Dataset
	opt  Options
	dg   *Diagnosis
	err  error
}

// NewLazy returns the diagnosis of d under opt, computed on first use.
func NewLazy(d *sources.Dataset, opt Options) *Lazy { return &Lazy{d: d, opt: opt} }

// Get computes the diagnosis the first time and returns it, or Diagnose's
// error.
func (l *Lazy) Get() (*Diagnosis, error) {
	l.once.Do(func() { l.dg, l.err = Diagnose(l.d, l.opt) })
	return l.dg, l.err
}

// Err returns Diagnose's error if the diagnosis was asked for and could not
// be computed, else nil. Call it once the users of l have returned.
func (l *Lazy) Err() error { return l.err }

// Consensus is Diagnosis.Consensus on the diagnosis, computed when first
// asked; when it cannot be computed there is no consensus (ok false) and Get
// and Done return the error.
func (l *Lazy) Consensus(candidate string, day time.Time) (float64, bool) {
	dg, err := l.Get()
	if err != nil {
		return math.NaN(), false
	}
	return dg.Consensus(candidate, day)
}

// NoHouse says why no house effect of a candidate was measured: they are
// measured from the poll average, which could not be estimated.
func (dg *Diagnosis) NoHouse(candidate string) string {
	for _, u := range dg.Unfitted {
		if u.Snapshot == candidate {
			return "they are measured from the poll average, and it could not be estimated (" + u.Reason + ")"
		}
	}
	return "no poll of this candidate could be set against the poll average"
}

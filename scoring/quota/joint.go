package quota

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Identification is how the house effects of a JointModel are pinned down:
// the polls alone measure α(t) + δ_j, so a constant can move from the
// level to every house effect.
type Identification string

const (
	// SumToZero makes the house effects sum to zero over pollsters (each
	// pollster counts once, whatever its number of polls): δ_J = −Σ_{j<J} δ_j.
	SumToZero Identification = "sum-to-zero"
	// Anchored makes the latent support on election day equal the result:
	// each house effect is then the pollster's lean against the vote.
	Anchored Identification = "result"
)

// The box in which EstimateJoint searches the drift and the extra variance
// relative to κ, in log10: down to 10⁻¹⁴ (τ of 10⁻⁵ point per √day at κ = 1,
// η of 10⁻⁵ point: nothing any poll can tell from 0) and up to 10⁸ (where
// the sampling variance κ·p̄(1−p̄)/n is a hundred-millionth of η² or less:
// κ = 0 for any practical purpose, the model of polls whose scatter owes
// nothing to their size). An estimate at an end is reported as such
// (DriftAtZero, ExtraAtZero, SamplingAtZero) instead of as a number: a
// variance is at zero when the likelihood there is within atZeroLogLik of
// the maximum.
const (
	logJointMin, logJointMax = -14.0, 8.0
	jointGridStep            = 2.0
	// jointStarts is how many of the grid's local maxima, the highest, the
	// simplex starts from.
	jointStarts = 3
	atBound     = 1e-3 // decades from a bound that count as on it
	// atZeroLogLik is how close to the maximum the log-likelihood at the
	// bottom of a variance's range must be for the variance to be reported
	// at zero: where the likelihood is flat towards 0, the simplex may stop
	// anywhere on the plateau.
	atZeroLogLik = 1e-6
	// samplingNegligible is the share of η² under which the sampling
	// variance counts as none (SamplingAtZero).
	samplingNegligible = 0.01
	// minScale keeps κ̂ positive when every poll fits exactly (Q = 0): the
	// likelihood is then unbounded, and κ̂ as small as a float allows.
	// Unlike Model's minSampling it must not bind when κ → 0 with η²/κ at
	// the top of its range.
	minScale = 1e-200
)

// JointModel is the poll average of one candidate with the pollsters' house
// effects inside it (Jackman 2005, "Pooling the polls over an election
// campaign", Australian Journal of Political Science 40(4), 499–517):
//
//	y_i = α(t_i) + δ_{j(i)} + ε_i,   ε_i ~ N(0, κ·p̄(1−p̄)/n_i + η²)
//	α(t + Δ) = α(t) + ω,             ω ~ N(0, τ²·Δ)
//
// with the notation of Model, j(i) the pollster of poll i and n_i its
// effective sample (see Overlap). The level at the first poll and the house
// effects are fixed unknowns with a diffuse prior — static states of the
// Kalman filter, estimated jointly with the random walk — handled by the
// augmented (diffuse) Kalman filter of de Jong (1991, "The diffuse Kalman
// filter", Annals of Statistics 19(2)): y and every column of the design
// X of those unknowns go through the filter of the random walk started at 0
// on the first poll's day, giving innovations e_i, E_i and variances f_i;
// then, with S = Σ E_i E_iᵀ/f_i and s = Σ E_i e_i/f_i,
//
//	β̂ = S⁻¹ s,   Cov(β̂) = κ S⁻¹ (the random walk's uncertainty included)
//	ℓ = −½ [(n−k) log 2π + (n−k) log κ + Σ log f_i + log|S| + (Σ e_i²/f_i − sᵀS⁻¹s)/κ]
//
// for n polls and k unknowns: the exact diffuse likelihood, equal to Model's
// when there is one pollster. κ is concentrated out as in Model
// (κ̂ = (Σ e²/f − sᵀS⁻¹s)/(n−k)); τ²/κ and η²/κ are estimated by EstimateJoint.
type JointModel struct {
	Obs     []Obs    // sorted as Model.Obs, N the effective sample
	Sources []string // the pollsters, sorted
	Base    float64  // p̄
	Params  Params
	LogLik  float64
	// DriftAtZero and ExtraAtZero say that the estimate of τ² or η² is at
	// the bottom of the search range (zero for any practical purpose):
	// κ then absorbs what they would have explained. SamplingAtZero says
	// that η²/κ is at the top of its range (η² ≥ κ) or that the sampling
	// variance κ·p̄(1−p̄)/n at the median n is under samplingNegligible of
	// η²: the polls' scatter is all extra variance, and κ (and the scatter
	// ratio √κ) means nothing.
	DriftAtZero, ExtraAtZero, SamplingAtZero bool
	src                                      []int // the pollster of each poll, an index into Sources
	// designs are the rows of X of the polls under each identification
	// (see design), one after the other.
	designs map[Identification][]float64
}

// JointEffect is one pollster's house effect in a JointModel, as a
// proportion, with its standard error.
type JointEffect struct {
	Source     string
	Polls      int
	Effect, SE float64
}

// NewJointModel checks the polls of one candidate as NewModel does. It
// returns an error when fewer than two pollsters poll the candidate (no
// house effect to separate from the level).
func NewJointModel(obs []Obs) (*JointModel, error) {
	m, err := NewModel(obs)
	if err != nil {
		return nil, err
	}
	jm := &JointModel{Obs: m.Obs, Base: m.Base}
	for _, o := range jm.Obs {
		if !slices.Contains(jm.Sources, o.Source) {
			jm.Sources = append(jm.Sources, o.Source)
		}
	}
	slices.Sort(jm.Sources)
	if len(jm.Sources) < 2 {
		return nil, errors.New("fewer than two pollsters: no house effect to estimate")
	}
	for _, o := range jm.Obs {
		j, _ := slices.BinarySearch(jm.Sources, o.Source)
		jm.src = append(jm.src, j)
	}
	jm.setDesigns()
	return jm, nil
}

// augmented is what the augmented filter accumulates (see JointModel).
type augmented struct {
	n, k            int
	sumLogF, sumE2F float64
	S               []float64 // k×k, row-major, upper triangle filled
	s               []float64
}

// design returns the row of X of poll i: the level at the first poll, then
// the free house effects — J−1 under SumToZero (the last pollster's is minus
// their sum), J when Anchored.
func (jm *JointModel) design(i int, id Identification) []float64 {
	J := len(jm.Sources)
	x := make([]float64, jm.unknowns(id))
	x[0] = 1
	switch j := jm.src[i]; {
	case id == Anchored:
		x[1+j] = 1
	case j < J-1:
		x[1+j] = 1
	default:
		for l := 1; l < J; l++ {
			x[l] = -1
		}
	}
	return x
}

// setDesigns fills jm.designs.
func (jm *JointModel) setDesigns() {
	jm.designs = map[Identification][]float64{}
	for _, id := range []Identification{SumToZero, Anchored} {
		for i := range jm.Obs {
			jm.designs[id] = append(jm.designs[id], jm.design(i, id)...)
		}
	}
}

// unknowns is k, the number of fixed unknowns under id.
func (jm *JointModel) unknowns(id Identification) int {
	if id == Anchored {
		return 1 + len(jm.Sources)
	}
	return len(jm.Sources)
}

// filter runs the augmented filter with the variances p. When anchor is
// not nil, {day, share, variance} is one more observation, of the level
// alone: the result (see Effects).
func (jm *JointModel) filter(p Params, id Identification, anchor *[3]float64) augmented {
	k := jm.unknowns(id)
	ag := augmented{k: k, S: make([]float64, k*k), s: make([]float64, k)}
	m := &Model{Base: jm.Base}
	var ay, v, t float64 // the random walk's filtered state (y) and variance
	aX := make([]float64, k)
	E := make([]float64, k)
	obs := func(time, y, r float64, x []float64) {
		if ag.n > 0 {
			v += p.Drift * max(time-t, 0)
		}
		t = max(time, t)
		f := v + r
		e := y - ay
		for c := range E {
			E[c] = x[c] - aX[c]
		}
		g := v / f
		ay += g * e
		for c := range aX {
			aX[c] += g * E[c]
		}
		v *= r / f
		ag.n++
		ag.sumLogF += math.Log(f)
		ag.sumE2F += e * e / f
		for a := range k {
			w := E[a] / f
			ag.s[a] += w * e
			row := ag.S[a*k : (a+1)*k]
			for b := a; b < k; b++ {
				row[b] += w * E[b]
			}
		}
	}
	x := jm.designs[id]
	for i, o := range jm.Obs {
		obs(o.Time, o.Share, m.variance(o, p), x[i*k:(i+1)*k])
	}
	if anchor != nil {
		x := make([]float64, k)
		x[0] = 1
		obs(anchor[0], anchor[1], anchor[2], x)
	}
	return ag
}

// solve returns β̂ = S⁻¹s, Q = Σe²/f − sᵀS⁻¹s and log|S|, and S⁻¹ when
// inverse is true, or an error when S is singular (a pollster's effect
// cannot be told from the level).
func (ag augmented) solve(inverse bool) (beta *mat.VecDense, inv *mat.SymDense, q, logDet float64, err error) {
	for a := range ag.k {
		for b := range a {
			ag.S[a*ag.k+b] = ag.S[b*ag.k+a]
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(ag.k, ag.S)) {
		return nil, nil, 0, 0, errors.New("the house effects cannot be told from the level (singular design)")
	}
	s := mat.NewVecDense(ag.k, ag.s)
	beta = mat.NewVecDense(ag.k, nil)
	if err := ch.SolveVecTo(beta, s); err != nil {
		return nil, nil, 0, 0, err
	}
	if inverse {
		inv = mat.NewSymDense(ag.k, nil)
		if err := ch.InverseTo(inv); err != nil {
			return nil, nil, 0, 0, err
		}
	}
	return beta, inv, ag.sumE2F - mat.Dot(s, beta), ch.LogDet(), nil
}

// concentrated is the diffuse log-likelihood maximised over a scale c of
// the variances p (τ² = c·p.Drift, κ = c·p.Sampling, η² = c·p.Extra), and
// that c (see JointModel); −Inf when S is singular.
func (jm *JointModel) concentrated(p Params) (ll, scale float64) {
	ag := jm.filter(p, SumToZero, nil)
	_, _, Q, logDet, err := ag.solve(false)
	if err != nil {
		return math.Inf(-1), math.NaN()
	}
	df := float64(ag.n - ag.k)
	scale = max(Q/df, minScale)
	return -0.5 * (df*(math.Log(2*math.Pi)+math.Log(scale)+1) + ag.sumLogF + logDet), scale
}

// EstimateJoint sets jm.Params to the maximum-likelihood estimates of τ²,
// κ and η² (the house effects are states, not parameters: they are
// integrated out with a diffuse prior) and returns the maximised
// log-likelihood. The scale of the variances is concentrated out, and the
// search (a grid in steps of two decades, then the simplex of maximise2 from
// each of the grid's three highest local maxima, the best kept) runs twice, on ranges wide enough never to bind in practice: relative to κ
// (log10 τ²/κ and log10 η²/κ in [−14, 8]), and relative to η² (log10 τ²/η²
// and log10 κ/η² in [−14, 8]), which reaches κ = 0 — the polls' scatter
// owing nothing to their size — where the first parametrisation would need
// η²/κ = ∞. The better of the two is kept: the likelihood can have two
// modes, one with κ near 0, and each search tends to the mode nearest its
// own corner. DriftAtZero, ExtraAtZero and
// SamplingAtZero report a variance at zero: at the bottom of its range, or
// with the likelihood there within atZeroLogLik of the maximum (a plateau
// on which the simplex may stop anywhere), or, for κ, a sampling variance
// at the median n under samplingNegligible of η². It returns an error with
// fewer than MinObs polls or no more polls than pollsters.
func (jm *JointModel) EstimateJoint() (float64, error) {
	if len(jm.Obs) < MinObs || len(jm.Obs) <= len(jm.Sources) {
		return math.NaN(), fmt.Errorf("%d polls by %d pollsters: at least %d, and more than the pollsters, are needed to estimate the average's variances",
			len(jm.Obs), len(jm.Sources), MinObs)
	}
	type search struct {
		rel          func(x, y float64) Params // the relative variances at a point
		bx, by, best float64
	}
	searches := []*search{
		{rel: func(x, y float64) Params { return Params{Drift: math.Pow(10, x), Sampling: 1, Extra: math.Pow(10, y)} }},
		{rel: func(x, y float64) Params { return Params{Drift: math.Pow(10, x), Sampling: math.Pow(10, y), Extra: 1} }},
	}
	ns := make([]float64, len(jm.Obs))
	for i, o := range jm.Obs {
		ns[i] = o.N
	}
	slices.Sort(ns)
	// negligible says whether the sampling variance at the median n is
	// under samplingNegligible of η² at relative variances p.
	negligible := func(p Params) bool {
		return p.Sampling*jm.Base*(1-jm.Base)/ns[len(ns)/2] < samplingNegligible*p.Extra
	}
	win := searches[0]
	for _, s := range searches {
		ll := func(x, y float64) float64 {
			l, _ := jm.concentrated(s.rel(clamp(x, logJointMin, logJointMax), clamp(y, logJointMin, logJointMax)))
			return l
		}
		s.best = math.Inf(-1)
		g := newGrid(ll, [2]float64{logJointMin, logJointMin}, [2]float64{logJointMax, logJointMax}, jointGridStep)
		tops := g.localMaxima()
		slices.SortStableFunc(tops, func(a, b int) int { return cmp.Compare(g.v[b], g.v[a]) })
		for _, i := range tops[:min(len(tops), jointStarts)] {
			if x, y, l := g.refine(ll, g.x[i%len(g.x)], g.y[i/len(g.x)], g.v[i]); l > s.best {
				s.bx, s.by, s.best = x, y, l
			}
		}
		if s.best > win.best {
			win = s
		}
	}
	if math.IsInf(win.best, -1) {
		return math.NaN(), errors.New("the house effects cannot be told from the level (singular design)")
	}
	ll := func(x, y float64) float64 {
		l, _ := jm.concentrated(win.rel(x, y))
		return l
	}
	rel := win.rel(win.bx, win.by)
	_, scale := jm.concentrated(rel)
	jm.Params = Params{Drift: scale * rel.Drift, Sampling: scale * rel.Sampling, Extra: scale * rel.Extra}
	bottom := func(y bool) bool {
		if y {
			return win.by < logJointMin+atBound || ll(win.bx, logJointMin) >= win.best-atZeroLogLik
		}
		return win.bx < logJointMin+atBound || ll(logJointMin, win.by) >= win.best-atZeroLogLik
	}
	jm.DriftAtZero = bottom(false)
	jm.ExtraAtZero = win == searches[0] && bottom(true)
	jm.SamplingAtZero = win == searches[1] && bottom(true) || negligible(jm.Params)
	jm.LogLik = win.best
	return win.best, nil
}

// Effects returns each pollster's house effect with its standard error,
// under jm.Params, in the order of jm.Sources. Under SumToZero they sum to
// zero; under Anchored, result is the candidate's share of the votes (a
// proportion) on day election, taken as a measure of the latent support
// that day with variance variance (ResultVariance: a few parts per billion,
// the result is all but exact, and S stays invertible when the drift is at
// zero), and each effect
// is the pollster's lean against it
// (its SE includes the uncertainty of the drift from the last polls to
// election day). The SEs are √(cᵀS⁻¹c) for the combination c of β that
// is the effect, S computed with the variances jm.Params.
func (jm *JointModel) Effects(id Identification, election, result, variance float64) ([]JointEffect, error) {
	p := jm.Params
	var anchor *[3]float64
	if id == Anchored {
		anchor = &[3]float64{election, result, variance}
	}
	ag := jm.filter(p, id, anchor)
	beta, inv, _, _, err := ag.solve(true)
	if err != nil {
		return nil, err
	}
	J := len(jm.Sources)
	out := make([]JointEffect, J)
	for j := range J {
		c := mat.NewVecDense(ag.k, nil)
		switch {
		case id == Anchored || j < J-1:
			c.SetVec(1+j, 1)
		default:
			for l := 1; l < J; l++ {
				c.SetVec(l, -1)
			}
		}
		out[j] = JointEffect{Source: jm.Sources[j], Effect: mat.Dot(c, beta), SE: math.Sqrt(mat.Inner(c, inv, c))}
		for _, s := range jm.src {
			if s == j {
				out[j].Polls++
			}
		}
	}
	return out, nil
}

// ResultVariance is the variance of a result share (a proportion) as a
// measure of the latent support on election day: the binomial variance of
// its votes valid votes, share(1 − share)/votes, when the counts are known
// (votes > 0); when only shares rounded to the hundredth of a point are
// published (votes = 0), the variance of that rounding, a uniform error of
// ±0.00005: 0.0001²/12.
func ResultVariance(share float64, votes int64) float64 {
	if votes > 0 {
		return share * (1 - share) / float64(votes)
	}
	return 1e-8 / 12
}

// Overlap returns the polls with the sample of waves that share respondents
// deflated, and how many were deflated. series names each poll's series of
// waves (a pollster's polls for one sponsor: a rolling poll is published
// every day for the same sponsors); "" marks a poll declared an independent
// sample, kept whole. A wave whose fieldwork [start, end] (start =
// 2·Time − End, whole days, both ends included) overlaps the days of the
// earlier waves of its series — a rolling poll over the last three days of
// interviews — is counted with the respondents of its new days only:
// n × new days / days. A wave with no new day (its days all covered by
// earlier waves) adds no respondent: it is left out, and returned in
// dropped. Waves are ordered by start, then end, then snapshot. Polls of one
// pollster for different sponsors are separate samples even when their
// fieldwork overlaps.
func Overlap(obs []Obs, series map[string]string) (out []Obs, deflated int, dropped []Obs) {
	order := slices.Clone(obs)
	slices.SortStableFunc(order, func(a, b Obs) int {
		return cmp.Or(cmp.Compare(2*a.Time-a.End, 2*b.Time-b.End), cmp.Compare(a.End, b.End), cmp.Compare(a.Snapshot, b.Snapshot))
	})
	covered := map[string]float64{} // series → last day of its waves so far
	for _, o := range order {
		start := math.Round(2*o.Time - o.End)
		end := math.Round(o.End)
		key := series[o.Snapshot]
		if key == "" {
			out = append(out, o)
			continue
		}
		last, seen := covered[key]
		covered[key] = max(last, end)
		if !seen || start > last {
			out = append(out, o)
			continue
		}
		fresh := end - max(start, last+1) + 1
		if fresh <= 0 {
			dropped = append(dropped, o)
			continue
		}
		o.N *= fresh / (end - start + 1)
		deflated++
		out = append(out, o)
	}
	return out, deflated, dropped
}

package quota

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Obs is one poll's figure for one candidate: what the poll average and the
// house effects work on. Times are in days since the Unix epoch (see Day).
type Obs struct {
	Snapshot string  // the poll's snapshot id
	Source   string  // the pollster's slug
	Time     float64 // middle of the fieldwork: when opinion was measured
	End      float64 // end of the fieldwork: from when the poll could be known
	N        float64 // respondents behind the share (the expressed base when known)
	Share    float64 // the candidate's share, a proportion (0–1)
}

// Params are the variances of the random-walk model of Model.
type Params struct {
	// Drift is τ², the variance of the consensus's change over one day, in
	// squared proportions.
	Drift float64
	// Sampling is κ, the factor by which the polls' sampling variances
	// p̄(1−p̄)/n must be multiplied to match their scatter: 1 for simple
	// random samples, above 1 when design effects add noise, below 1 when
	// polls agree more than their sample sizes allow (weighting on past
	// vote, or herding).
	Sampling float64
	// Extra is η², the variance of a poll's error that a larger sample does
	// not shrink (house effects, timing), in squared proportions.
	Extra float64
}

// MinObs is the number of polls below which the model's variances are not
// estimated: the poll average starts with the fifth poll.
const MinObs = 5

// minSampling is the smallest κ Estimate returns (see concentrated).
const minSampling = 1e-6

// The box in which Estimate searches the drift and the extra variance
// relative to κ, in log10 of squared proportions: from 0.003 to 3 points
// per √day, and from 0.01 to 3 points. The lower ends stand for "none".
const (
	logDriftMin, logDriftMax = -9.0, -3.0
	logExtraMin, logExtraMax = -8.0, -3.0
	gridStep                 = 0.5
)

// Model is the poll average of one candidate through a campaign: a local
// level (random-walk) state-space model in the spirit of Jackman (2005,
// "Pooling the polls over an election campaign", Australian Journal of
// Political Science 40(4)), without his house-effect terms (house effects
// are measured afterwards against its consensus, see HouseEffects):
//
//	y_i = α(t_i) + ε_i,          ε_i ~ N(0, κ·p̄(1−p̄)/n_i + η²)
//	α(t + Δ) = α(t) + ω,         ω ~ N(0, τ²·Δ)
//
// y_i is poll i's share, t_i the middle of its fieldwork, n_i its sample.
// The sampling variance is computed at the candidate's campaign mean
// p̄ = Σ n_i y_i / Σ n_i, not at each poll's own share: weights in 1/y(1−y)
// would favour the polls that happen to be low and bias the average down.
// κ scales the sampling variance: quota polls weighted on past vote can
// scatter less than simple random samples of their size, and herding makes
// them agree more still (κ < 1); design effects make them scatter more. The
// extra variance η² (Shirani-Mehr, Rothschild, Goel & Gelman 2018, JASA,
// model polls' total error in the same way) keeps a 10,000-person poll from
// outweighing ten 1,000-person polls when its non-sampling error is as
// large as theirs.
//
// The Kalman filter gives, at each day, the average of the polls known by
// then (Realtime: what could have been published that day; Prior: what a
// pollster could see before publishing); the Rauch–Tung–Striebel smoother
// gives the consensus at each day from every poll of the campaign (Smooth).
// The first poll initialises the level exactly (a diffuse prior), and τ², κ
// and η² are estimated by maximum likelihood (Estimate). Everything is
// deterministic.
type Model struct {
	Obs    []Obs   // sorted by Time, then End, then Snapshot
	Base   float64 // p̄, the share the sampling variances are computed at
	Params Params
}

// NewModel checks the observations of one candidate and sorts them. It
// returns an error naming the poll if a sample size is not a positive
// finite number, a share is outside [0, 1] or a time is not finite, and an
// error if there is no observation or every share is 0 (p̄ = 0: no
// sampling variance to weigh polls by).
func NewModel(obs []Obs) (*Model, error) {
	if len(obs) == 0 {
		return nil, errors.New("no poll to average")
	}
	var sumN, sumNY float64
	for _, o := range obs {
		switch {
		case !(o.N > 0) || math.IsInf(o.N, 0):
			return nil, fmt.Errorf("poll %s: sample size %v is not a positive number", o.Snapshot, o.N)
		case !(o.Share >= 0 && o.Share <= 1):
			return nil, fmt.Errorf("poll %s: share %v is not a proportion between 0 and 1", o.Snapshot, o.Share)
		case math.IsNaN(o.Time) || math.IsInf(o.Time, 0) || math.IsNaN(o.End) || math.IsInf(o.End, 0):
			return nil, fmt.Errorf("poll %s: fieldwork dates are missing", o.Snapshot)
		}
		sumN += o.N
		sumNY += o.N * o.Share
	}
	m := &Model{Obs: slices.Clone(obs), Base: sumNY / sumN}
	if !(m.Base > 0 && m.Base < 1) {
		return nil, fmt.Errorf("the polls' mean share is %v: the sampling variance p̄(1−p̄)/n is zero", m.Base)
	}
	slices.SortStableFunc(m.Obs, func(a, b Obs) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(a.End, b.End), cmp.Compare(a.Snapshot, b.Snapshot))
	})
	return m, nil
}

// variance is the observation variance of o under p.
func (m *Model) variance(o Obs, p Params) float64 {
	return p.Sampling*m.Base*(1-m.Base)/o.N + p.Extra
}

// update is the Kalman filter's update at poll o of a level predicted at a
// with variance v: it returns the filtered level and variance, the
// innovation e = y − a and its variance f = v + r (Durbin & Koopman 2012,
// §2.2). Every filter of the package goes through it.
func (m *Model) update(a, v float64, o Obs, p Params) (na, nv, e, f float64) {
	r := m.variance(o, p)
	e = o.Share - a
	f = v + r
	return a + v/f*e, v * r / f, e, f
}

// step is one time point of the filter: a poll, or a day at which the level
// is wanted (obs < 0).
type step struct {
	t        float64
	obs      int     // index in the observations, or −1
	aPred    float64 // level predicted from the steps before
	pPred    float64 // its variance (+Inf before the first poll)
	a, p     float64 // level and variance after this step
	smoothed float64 // smoothed level and variance (Smooth only)
	pSmooth  float64
}

// filter runs the Kalman filter over obs (sorted by Time) and the extra time
// points at (sorted), and returns every step with the log-likelihood of the
// polls after the first (the exact diffuse likelihood of the local level
// model: Durbin & Koopman 2012, "Time Series Analysis by State Space
// Methods", ch. 2). Time points before the first poll get no level (NaN).
func (m *Model) filter(obs []Obs, at []float64, p Params) (steps []step, loglik float64) {
	steps = make([]step, 0, len(obs)+len(at))
	i, j := 0, 0
	for i < len(obs) || j < len(at) {
		if j >= len(at) || (i < len(obs) && obs[i].Time <= at[j]) {
			steps = append(steps, step{t: obs[i].Time, obs: i})
			i++
		} else {
			steps = append(steps, step{t: at[j], obs: -1})
			j++
		}
	}
	started := false
	var a, v, t float64
	for k := range steps {
		s := &steps[k]
		if !started {
			s.aPred, s.pPred, s.a, s.p = math.NaN(), math.Inf(1), math.NaN(), math.Inf(1)
			if s.obs >= 0 {
				o := obs[s.obs]
				a, v, t, started = o.Share, m.variance(o, p), s.t, true
				s.a, s.p = a, v
			}
			continue
		}
		v += p.Drift * max(s.t-t, 0)
		t = max(s.t, t)
		s.aPred, s.pPred = a, v
		if s.obs >= 0 {
			var e, f float64
			a, v, e, f = m.update(a, v, obs[s.obs], p)
			loglik -= 0.5 * (math.Log(2*math.Pi) + math.Log(f) + e*e/f)
		}
		s.a, s.p = a, v
	}
	return steps, loglik
}

// LogLikelihood returns the exact diffuse log-likelihood of the model's polls
// under p (see filter).
func (m *Model) LogLikelihood(p Params) float64 {
	_, ll := m.filter(m.Obs, nil, p)
	return ll
}

// concentrated returns the log-likelihood maximised over κ for a drift q
// and an extra variance h relative to κ (τ² = κq, η² = κh), and that κ.
// With every variance proportional to κ, the filter run with κ = 1 gives
// innovations v_i with variances F_i, and (Harvey 1989, "Forecasting,
// structural time series models and the Kalman filter", ch. 3)
//
//	κ̂ = (1/M) Σ v_i²/F_i
//	ℓ_c = −(M/2)(log 2π + log κ̂ + 1) − (1/2) Σ log F_i
//
// over the M = n − 1 polls after the first. Polls that all agree exactly
// with the running level (v_i = 0) make the likelihood unbounded: κ̂ is kept
// at or above minSampling.
func (m *Model) concentrated(q, h float64) (ll, kappa float64) {
	p := Params{Drift: q, Sampling: 1, Extra: h}
	first := m.Obs[0]
	a, v, t := first.Share, m.variance(first, p), first.Time
	var sumV, sumLogF float64
	for _, o := range m.Obs[1:] {
		v += q * (o.Time - t)
		t = o.Time
		var e, f float64
		a, v, e, f = m.update(a, v, o, p)
		sumV += e * e / f
		sumLogF += math.Log(f)
	}
	k := float64(len(m.Obs) - 1)
	kappa = max(sumV/k, minSampling)
	return -0.5*(k*(math.Log(2*math.Pi)+math.Log(kappa)+1)) - 0.5*sumLogF, kappa
}

// Estimate sets m.Params to the maximum-likelihood estimates of τ², κ and
// η² and returns the maximised log-likelihood. κ is concentrated out
// (see concentrated); the drift and the extra variance relative to κ are
// searched deterministically: a grid over log10 τ²/κ ∈ [−9, −3] and
// log10 η²/κ ∈ [−8, −3] in steps of half a decade, then the Nelder–Mead
// simplex from the best grid point (points outside the box count as the
// nearest point inside it), restarted from its own best point until the
// likelihood stops increasing. Estimates at the lower end of a range
// mean "no drift" or "no error beyond sampling". It returns an error with
// fewer than MinObs polls.
func (m *Model) Estimate() (float64, error) {
	if len(m.Obs) < MinObs {
		return math.NaN(), fmt.Errorf("%d polls: at least %d are needed to estimate the average's variances", len(m.Obs), MinObs)
	}
	ll := func(x, y float64) float64 {
		l, _ := m.concentrated(math.Pow(10, clamp(x, logDriftMin, logDriftMax)), math.Pow(10, clamp(y, logExtraMin, logExtraMax)))
		return l
	}
	bx, by, best := maximise2(ll, [2]float64{logDriftMin, logExtraMin}, [2]float64{logDriftMax, logExtraMax}, gridStep)
	q, h := math.Pow(10, clamp(bx, logDriftMin, logDriftMax)), math.Pow(10, clamp(by, logExtraMin, logExtraMax))
	_, kappa := m.concentrated(q, h)
	m.Params = Params{Drift: kappa * q, Sampling: kappa, Extra: kappa * h}
	return best, nil
}

// maximise2 maximises f over the box [lo, hi] deterministically: a grid in
// steps of step from lo (the first best point kept on ties), then refine
// from the best grid point. f must treat points outside the box itself
// (clamp them, or extend the likelihood): the simplex may step out of it,
// and its result is clamped into the box.
func maximise2(f func(x, y float64) float64, lo, hi [2]float64, step float64) (bx, by, best float64) {
	g := newGrid(f, lo, hi, step)
	i := g.best()
	return g.refine(f, g.x[i%len(g.x)], g.y[i/len(g.x)], g.v[i])
}

// grid is the values of a function on a regular grid of the box [lo, hi].
type grid struct {
	lo, hi [2]float64
	step   float64
	x, y   []float64
	v      []float64 // v[j·len(x) + i] = f(x[i], y[j])
}

func newGrid(f func(x, y float64) float64, lo, hi [2]float64, step float64) *grid {
	g := &grid{lo: lo, hi: hi, step: step}
	for x := lo[0]; x <= hi[0]+1e-9; x += step {
		g.x = append(g.x, x)
	}
	for y := lo[1]; y <= hi[1]+1e-9; y += step {
		g.y = append(g.y, y)
	}
	g.v = make([]float64, len(g.x)*len(g.y))
	// x outer, y inner: the order maximise2 has always evaluated (ties go
	// to the first best point).
	for i, x := range g.x {
		for j, y := range g.y {
			g.v[j*len(g.x)+i] = f(x, y)
		}
	}
	return g
}

// best is the index of the largest value, the first in the x-outer order
// on ties.
func (g *grid) best() int {
	b, bv := 0, math.Inf(-1)
	for i := range g.x {
		for j := range g.y {
			if v := g.v[j*len(g.x)+i]; v > bv {
				b, bv = j*len(g.x)+i, v
			}
		}
	}
	return b
}

// localMaxima are the indexes of the points above their (up to eight)
// neighbours, or equal to none of them greater, in the x-outer order.
func (g *grid) localMaxima() []int {
	var out []int
	nx, ny := len(g.x), len(g.y)
	for i := range nx {
		for j := range ny {
			v, top := g.v[j*nx+i], true
			for di := -1; di <= 1 && top; di++ {
				for dj := -1; dj <= 1; dj++ {
					a, b := i+di, j+dj
					if (di != 0 || dj != 0) && a >= 0 && a < nx && b >= 0 && b < ny && g.v[b*nx+a] > v {
						top = false
						break
					}
				}
			}
			if top && !math.IsInf(v, -1) {
				out = append(out, j*nx+i)
			}
		}
	}
	return out
}

// refine runs the Nelder–Mead simplex from (x, y), whose value is v,
// restarted from its own best point (with a quarter of the grid's step)
// until the value stops increasing, at most ten times, and returns the
// best point clamped into the box and its value. The likelihood can have a
// long diagonal ridge, where drift and extra variance trade off: a simplex
// follows it where searches along the axes crawl.
func (g *grid) refine(f func(x, y float64) float64, x, y, v float64) (bx, by, best float64) {
	bx, by, best = x, y, v
	s := g.step
	for range 10 {
		p, l := nelderMead(func(p [2]float64) float64 { return f(p[0], p[1]) }, [2]float64{bx, by}, s)
		if l <= best {
			break
		}
		bx, by, best = p[0], p[1], l
		s = g.step / 4
	}
	return clamp(bx, g.lo[0], g.hi[0]), clamp(by, g.lo[1], g.hi[1]), best
}

// nelderMead maximises f from x0 with the simplex method of Nelder & Mead
// (1965, "A simplex method for function minimization", The Computer Journal
// 7(4)) — reflection 1, expansion 2, contraction and shrinkage ½ — starting
// from the triangle x0, x0 + step·e1, x0 + step·e2, until the values at the
// vertices differ by less than 1e-11 and the vertices by less than 1e-8, or
// after 1,000 steps. It returns the best vertex and its value.
func nelderMead(f func([2]float64) float64, x0 [2]float64, step float64) ([2]float64, float64) {
	v := [3][2]float64{x0, {x0[0] + step, x0[1]}, {x0[0], x0[1] + step}}
	fv := [3]float64{f(v[0]), f(v[1]), f(v[2])}
	along := func(c, p [2]float64, t float64) [2]float64 {
		return [2]float64{c[0] + t*(p[0]-c[0]), c[1] + t*(p[1]-c[1])}
	}
	for range 1000 {
		// order: v[0] best, v[2] worst (largest f is best)
		for i := 1; i < 3; i++ {
			for j := i; j > 0 && fv[j] > fv[j-1]; j-- {
				v[j], v[j-1], fv[j], fv[j-1] = v[j-1], v[j], fv[j-1], fv[j]
			}
		}
		size := max(math.Abs(v[1][0]-v[0][0]), math.Abs(v[1][1]-v[0][1]), math.Abs(v[2][0]-v[0][0]), math.Abs(v[2][1]-v[0][1]))
		if fv[0]-fv[2] < 1e-11 && size < 1e-8 {
			break
		}
		c := [2]float64{(v[0][0] + v[1][0]) / 2, (v[0][1] + v[1][1]) / 2}
		r := along(c, v[2], -1)
		fr := f(r)
		switch {
		case fr > fv[0]:
			v[2], fv[2] = r, fr
			e := along(c, r, 2)
			if fe := f(e); fe > fr {
				v[2], fv[2] = e, fe
			}
		case fr > fv[1]:
			v[2], fv[2] = r, fr
		default:
			k := along(c, v[2], 0.5)
			if fk := f(k); fk > fv[2] {
				v[2], fv[2] = k, fk
			} else {
				for i := 1; i < 3; i++ {
					v[i] = along(v[0], v[i], 0.5)
					fv[i] = f(v[i])
				}
			}
		}
	}
	best := 0
	for i := range fv {
		if fv[i] > fv[best] {
			best = i
		}
	}
	return v[best], fv[best]
}

// Point is a level of the poll average and its standard error, both as
// proportions.
type Point struct {
	Time, Level, SE float64
}

// Smooth returns the consensus at each poll (in the order of m.Obs) and at
// each time of at (sorted, in days), from every poll of the campaign, by the
// Rauch–Tung–Striebel smoother:
//
//	C_k = P_k / P_{k+1|k}
//	a_k|T = a_k + C_k (a_{k+1}|T − a_{k+1|k})
//	P_k|T = P_k + C_k² (P_{k+1}|T − P_{k+1|k})
//
// SE = √P_k|T is the uncertainty of the polls' consensus, not of the result:
// an error shared by every pollster is not in it. Times before the first
// poll get NaN; times after the last poll get the last level with a growing
// variance.
func (m *Model) Smooth(at []float64) (atObs, atTimes []Point) {
	steps, _ := m.filter(m.Obs, at, m.Params)
	for k := len(steps) - 1; k >= 0; k-- {
		s := &steps[k]
		if k == len(steps)-1 || math.IsInf(s.p, 1) {
			s.smoothed, s.pSmooth = s.a, s.p
			continue
		}
		next := &steps[k+1]
		c := s.p / next.pPred
		s.smoothed = s.a + c*(next.smoothed-next.aPred)
		s.pSmooth = s.p + c*c*(next.pSmooth-next.pPred)
	}
	atObs = make([]Point, len(m.Obs))
	for _, s := range steps {
		e := Point{Time: s.t, Level: s.smoothed, SE: math.Sqrt(s.pSmooth)}
		if math.IsInf(s.pSmooth, 1) {
			e.SE = math.NaN()
		}
		if s.obs >= 0 {
			atObs[s.obs] = e
		} else {
			atTimes = append(atTimes, e)
		}
	}
	return atObs, atTimes
}

// running is the Kalman filter over a growing set of polls, kept sorted as
// Model.Obs is (by the polls' index in it): adding a poll refilters only the
// polls after it in time. Polls are added in the order of their fieldwork
// ends and filtered in the order of their fieldwork middles, so a new poll
// usually lands among the last few and the whole campaign costs about one
// pass. The states are those filter computes on the same polls, to the bit.
type running struct {
	m     *Model
	base  float64 // p̄ of the variances
	p     Params
	idx   []int     // indexes into m.Obs, increasing
	a, v  []float64 // level and variance after each poll
	tLast []float64 // the time each state is at
}

// add inserts poll m.Obs[i] and refilters from it.
func (r *running) add(i int) {
	j, _ := slices.BinarySearch(r.idx, i)
	r.idx = slices.Insert(r.idx, j, i)
	r.a, r.v, r.tLast = slices.Insert(r.a, j, 0), slices.Insert(r.v, j, 0), slices.Insert(r.tLast, j, 0)
	r.refilter(j)
}

// refilter recomputes the states from the j-th poll on.
func (r *running) refilter(j int) {
	m := &Model{Base: r.base}
	for k := j; k < len(r.idx); k++ {
		o := r.m.Obs[r.idx[k]]
		if k == 0 {
			r.a[0], r.v[0], r.tLast[0] = o.Share, m.variance(o, r.p), o.Time
			continue
		}
		v := r.v[k-1] + r.p.Drift*max(o.Time-r.tLast[k-1], 0)
		r.a[k], r.v[k], _, _ = m.update(r.a[k-1], v, o, r.p)
		r.tLast[k] = max(o.Time, r.tLast[k-1])
	}
}

// at returns the level after the last poll, predicted to t: the filtered
// level with its variance grown by the drift from the last poll to t (not
// shrunk when t is earlier).
func (r *running) at(t float64) Point {
	k := len(r.idx) - 1
	return Point{Time: t, Level: r.a[k], SE: math.Sqrt(r.v[k] + r.p.Drift*max(t-r.tLast[k], 0))}
}

// byEnd returns the indexes of m.Obs in the order of their fieldwork ends
// (ties in the order of m.Obs).
func (m *Model) byEnd() []int {
	order := make([]int, len(m.Obs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(m.Obs[a].End, m.Obs[b].End) })
	return order
}

// Priors returns, for each poll of m.Obs, the average of the polls that had
// ended before it ended — what its pollster could see when publishing — at
// the middle of its fieldwork, with the model's variances: the filtered
// level after those polls, its variance grown by the drift to that day. ok
// is false for the polls that no poll ended before. One running filter
// serves every poll, so the cost is about one pass over the campaign.
func (m *Model) Priors() (priors []Point, ok []bool) {
	priors, ok = make([]Point, len(m.Obs)), make([]bool, len(m.Obs))
	r := &running{m: m, base: m.Base, p: m.Params}
	order := m.byEnd()
	for g := 0; g < len(order); {
		h := g
		for h < len(order) && m.Obs[order[h]].End == m.Obs[order[g]].End {
			h++
		}
		for _, i := range order[g:h] {
			priors[i] = Point{Time: m.Obs[i].Time, Level: math.NaN(), SE: math.NaN()}
			if len(r.idx) > 0 {
				priors[i], ok[i] = r.at(m.Obs[i].Time), true
			}
		}
		for _, i := range order[g:h] {
			r.add(i)
		}
		g = h
	}
	return priors, ok
}

// RefitGrowth is how much the number of polls must grow before the
// real-time average re-estimates its variances (see Realtime).
const RefitGrowth = 1.25

// RealtimePoint is the real-time poll average on one day.
type RealtimePoint struct {
	Point
	Polls int  // polls ended by the day
	OK    bool // false before MinObs polls (or while the variances cannot be estimated)
}

// Realtime returns the poll average as it could have been computed on each
// day of days (sorted): the polls ended by that day alone, filtered with
// variances (τ², κ, η² and p̄) estimated from polls ended by then, and
// predicted to the day. No later poll informs it.
//
// Estimating the variances afresh every day costs a maximum-likelihood
// search over every poll each day: quadratic in the campaign. They are
// re-estimated instead when the polls ended have grown by RefitGrowth (a
// quarter) since the last estimate, starting at MinObs polls, and on the day
// every poll of the campaign has ended (so the last day's average is the
// model of every poll, Estimate's); in between, the newly ended polls are
// filtered with the last estimates. The estimates a day uses are thus from
// at least 80 % of the polls known that day, never from a later poll; the
// searches cost about five passes over the campaign in all (1 + 1/1.25 +
// 1/1.25² + …), and the filtering one pass (see running).
func (m *Model) Realtime(days []float64) []RealtimePoint {
	out := make([]RealtimePoint, len(days))
	order := m.byEnd()
	var r *running
	next, fitted := 0, 0
	for d, day := range days {
		for next < len(order) && m.Obs[order[next]].End <= day {
			if r != nil {
				r.add(order[next])
			}
			next++
		}
		out[d] = RealtimePoint{Point: Point{Time: day, Level: math.NaN(), SE: math.NaN()}, Polls: next}
		if next < MinObs {
			continue
		}
		if r == nil || float64(next) >= RefitGrowth*float64(fitted) || next == len(order) && fitted < next {
			if sub := m.refit(order[:next]); sub != nil {
				r = &running{m: m, base: sub.Base, p: sub.Params, idx: slices.Sorted(slices.Values(order[:next]))}
				r.a, r.v, r.tLast = make([]float64, next), make([]float64, next), make([]float64, next)
				r.refilter(0)
				fitted = next
			}
		}
		if r != nil {
			out[d].Point, out[d].OK = r.at(day), true
		}
	}
	return out
}

// refit estimates the variances of the model of the polls m.Obs[i] for i in
// idx, or returns nil when they cannot be estimated.
func (m *Model) refit(idx []int) *Model {
	obs := make([]Obs, len(idx))
	for k, i := range slices.Sorted(slices.Values(idx)) {
		obs[k] = m.Obs[i]
	}
	sub, err := NewModel(obs)
	if err != nil {
		return nil
	}
	if _, err := sub.Estimate(); err != nil {
		return nil
	}
	return sub
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

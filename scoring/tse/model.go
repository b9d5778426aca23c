package tse

import (
	"math"
	"math/rand/v2"
)

// MCMC sets the sampler of Fit.
type MCMC struct {
	Warmup, Draws int    // iterations discarded while the steps adapt, then kept
	Seed          uint64 // the PCG seed: same polls and seed, same numbers
}

// DefaultMCMC is the sampler `forecast diagnose tse` runs.
var DefaultMCMC = MCMC{Warmup: 2000, Draws: 2000, Seed: 2018}

// Model is the fit of the hierarchical model of one group of races.
type Model struct {
	// MeanAbsBias is the posterior mean of (1/R) Σ_r |b_r| and MeanSD of
	// (1/R) Σ_r σ_r, proportions, with their posterior standard deviations.
	MeanAbsBias, MeanAbsBiasSD, MeanSD, MeanSDSD float64
	// Races are the races, sorted by id, with the posterior means of
	// their bias b_r and standard deviation σ_r.
	Races []Race
	// Acceptance is the share of accepted Metropolis proposals after
	// warm-up, over every race parameter.
	Acceptance float64
}

// Race is one race's election-level bias and standard deviation
// (posterior means, proportions).
type Race struct {
	Race       string
	Polls      int
	Bias, SD   float64
	Alpha, Tau float64 // posterior means of α_r and √τ²_r
}

// The priors of the paper's Stan model (final_model.stan), on the
// proportion scale: μ_α, μ_β ~ N(0, 0.2²); σ_α, σ_β ~ N⁺(0, 0.2²);
// σ_τ ~ N⁺(0, 0.05²).
const priorMu, priorSigma, priorSigmaTau = 0.2, 0.2, 0.05

// Fit fits by Markov chain Monte Carlo the hierarchical model of
// Shirani-Mehr et al. (2018, §3; their Stan program final_model.stan) to
// the polls of one group:
//
//	y_i ~ N(p_i, p_i(1−p_i)/n_i + τ²_r[i])
//	logit p_i = logit v_r[i] + α_r[i] + β_r[i] t_i,   t_i = days_i/30
//	α_r ~ N(μ_α, σ_α²),  β_r ~ N(μ_β, σ_β²),  τ²_r ~ N⁺(0, σ_τ²)
//
// with the priors above, v_r the race's result and y_i the poll's share.
// The election-level bias and standard deviation of race r in one draw are
//
//	b_r = mean_i (p_i − v_r),   σ_r = mean_i √(p_i(1−p_i)/n_i + τ²_r)
//
// over its polls, and the group's figures are the posterior means of
// mean_r |b_r| and mean_r σ_r (their model_analyze_results.R).
//
// The sampler is Metropolis within Gibbs: each race's α_r, β_r and τ²_r in
// turn by a random walk (τ²_r reflected at 0), μ_α and μ_β from their
// normal full conditionals, σ_α, σ_β and σ_τ by a random walk on their
// logarithm. Step sizes adapt during warm-up towards an acceptance of
// 0.44 (Roberts & Rosenthal 2009, "Examples of adaptive MCMC") and are then
// fixed. One chain, seeded: deterministic for given polls and settings.
// Fit returns nil for no polls.
func Fit(polls []Poll, m MCMC) *Model {
	if len(polls) == 0 {
		return nil
	}
	ids, idx := races(polls)
	s := newSampler(polls, idx, m.Seed)
	for it := range m.Warmup {
		s.sweep()
		if (it+1)%50 == 0 {
			s.adapt((it + 1) / 50)
		}
	}
	s.accepted, s.proposed = 0, 0
	R := float64(len(ids))
	bias, sd := make([]float64, len(ids)), make([]float64, len(ids))
	alpha, tau := make([]float64, len(ids)), make([]float64, len(ids))
	var sb, sb2, ss, ss2 float64
	for range m.Draws {
		s.sweep()
		var mb, ms float64
		for r := range ids {
			b, sg := s.raceSummary(r)
			bias[r] += b
			sd[r] += sg
			alpha[r] += s.alpha[r]
			tau[r] += math.Sqrt(s.tau2[r])
			mb += math.Abs(b)
			ms += sg
		}
		mb, ms = mb/R, ms/R
		sb, sb2, ss, ss2 = sb+mb, sb2+mb*mb, ss+ms, ss2+ms*ms
	}
	k := float64(m.Draws)
	out := &Model{MeanAbsBias: sb / k, MeanSD: ss / k,
		MeanAbsBiasSD: math.Sqrt(max(0, sb2/k-(sb/k)*(sb/k))), MeanSDSD: math.Sqrt(max(0, ss2/k-(ss/k)*(ss/k))),
		Acceptance: float64(s.accepted) / float64(max(1, s.proposed))}
	for r, id := range ids {
		out.Races = append(out.Races, Race{Race: id, Polls: len(idx[r]), Bias: bias[r] / k, SD: sd[r] / k, Alpha: alpha[r] / k, Tau: tau[r] / k})
	}
	return out
}

// sampler is the state of the chain.
type sampler struct {
	rng                *rand.Rand
	y, n, t            []float64 // per poll
	v, logitV          []float64 // per race
	idx                [][]int
	alpha, beta, tau2  []float64
	ll                 []float64    // log-likelihood of each race at the current state
	step               [][3]float64 // random-walk steps of α_r, β_r, τ²_r
	acc                [][3]int     // accepted in the current adaptation batch
	muA, muB           float64
	sA, sB, sT         float64
	hyperStep          [3]float64
	hyperAcc           [3]int
	accepted, proposed int
}

func newSampler(polls []Poll, idx [][]int, seed uint64) *sampler {
	R := len(idx)
	s := &sampler{rng: rand.New(rand.NewPCG(seed, 0x7e5e)), idx: idx,
		y: make([]float64, len(polls)), n: make([]float64, len(polls)), t: make([]float64, len(polls)),
		v: make([]float64, R), logitV: make([]float64, R), alpha: make([]float64, R), beta: make([]float64, R),
		tau2: make([]float64, R), ll: make([]float64, R), step: make([][3]float64, R), acc: make([][3]int, R),
		sA: 0.02, sB: 0.02, sT: 0.001, hyperStep: [3]float64{0.2, 0.2, 0.2}}
	for i, p := range polls {
		s.y[i], s.n[i], s.t[i] = p.Share, p.N, p.Days/30
	}
	for r, is := range idx {
		s.v[r] = polls[is[0]].Result
		s.logitV[r] = math.Log(s.v[r] / (1 - s.v[r]))
		s.tau2[r] = 1e-4
		s.step[r] = [3]float64{0.02, 0.02, 1e-4}
		s.ll[r] = s.raceLogLik(r, s.alpha[r], s.beta[r], s.tau2[r])
	}
	return s
}

func invLogit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// raceLogLik is the log-likelihood of race r's polls (constants dropped).
func (s *sampler) raceLogLik(r int, a, b, tau2 float64) float64 {
	var ll float64
	for _, i := range s.idx[r] {
		p := invLogit(s.logitV[r] + a + b*s.t[i])
		v := p*(1-p)/s.n[i] + tau2
		d := s.y[i] - p
		ll -= 0.5*math.Log(v) + d*d/(2*v)
	}
	return ll
}

// raceSummary returns b_r and σ_r at the current state.
func (s *sampler) raceSummary(r int) (bias, sd float64) {
	for _, i := range s.idx[r] {
		p := invLogit(s.logitV[r] + s.alpha[r] + s.beta[r]*s.t[i])
		bias += p - s.v[r]
		sd += math.Sqrt(p*(1-p)/s.n[i] + s.tau2[r])
	}
	k := float64(len(s.idx[r]))
	return bias / k, sd / k
}

func logNormal(x, mu, sigma float64) float64 {
	d := (x - mu) / sigma
	return -0.5*d*d - math.Log(sigma)
}

// sweep updates every parameter once.
func (s *sampler) sweep() {
	for r := range s.idx {
		// α_r
		a := s.alpha[r] + s.step[r][0]*s.rng.NormFloat64()
		s.metropolis(r, 0, a, s.beta[r], s.tau2[r], logNormal(a, s.muA, s.sA)-logNormal(s.alpha[r], s.muA, s.sA))
		// β_r
		b := s.beta[r] + s.step[r][1]*s.rng.NormFloat64()
		s.metropolis(r, 1, s.alpha[r], b, s.tau2[r], logNormal(b, s.muB, s.sB)-logNormal(s.beta[r], s.muB, s.sB))
		// τ²_r, reflected at 0 (a symmetric proposal on [0, ∞))
		t := math.Abs(s.tau2[r] + s.step[r][2]*s.rng.NormFloat64())
		s.metropolis(r, 2, s.alpha[r], s.beta[r], t, logNormal(t, 0, s.sT)-logNormal(s.tau2[r], 0, s.sT))
	}
	s.muA = s.normalMean(s.alpha, s.sA)
	s.muB = s.normalMean(s.beta, s.sB)
	s.sA = s.scale(0, s.sA, priorSigma, func(sig float64) float64 { return sumLogNormal(s.alpha, s.muA, sig) })
	s.sB = s.scale(1, s.sB, priorSigma, func(sig float64) float64 { return sumLogNormal(s.beta, s.muB, sig) })
	s.sT = s.scale(2, s.sT, priorSigmaTau, func(sig float64) float64 { return sumLogNormal(s.tau2, 0, sig) })
}

// metropolis accepts or rejects a proposal for race r's parameter k, with
// the log ratio of its prior densities.
func (s *sampler) metropolis(r, k int, a, b, tau2, logPrior float64) {
	ll := s.raceLogLik(r, a, b, tau2)
	s.proposed++
	if math.Log(s.rng.Float64()) < ll-s.ll[r]+logPrior {
		s.alpha[r], s.beta[r], s.tau2[r], s.ll[r] = a, b, tau2, ll
		s.acc[r][k]++
		s.accepted++
	}
}

// normalMean draws μ from its full conditional: prior N(0, priorMu²), x_r ~ N(μ, σ²).
func (s *sampler) normalMean(x []float64, sigma float64) float64 {
	var sum float64
	for _, v := range x {
		sum += v
	}
	prec := 1/(priorMu*priorMu) + float64(len(x))/(sigma*sigma)
	return sum/(sigma*sigma)/prec + s.rng.NormFloat64()/math.Sqrt(prec)
}

func sumLogNormal(x []float64, mu, sigma float64) float64 {
	var ll float64
	for _, v := range x {
		ll += logNormal(v, mu, sigma)
	}
	return ll
}

// scale updates a standard deviation with prior N⁺(0, prior²) by a random
// walk on its logarithm (the Jacobian is the last term).
func (s *sampler) scale(k int, cur, prior float64, ll func(float64) float64) float64 {
	prop := cur * math.Exp(s.hyperStep[k]*s.rng.NormFloat64())
	logr := ll(prop) - ll(cur) - (prop*prop-cur*cur)/(2*prior*prior) + math.Log(prop/cur)
	if math.Log(s.rng.Float64()) < logr {
		s.hyperAcc[k]++
		return prop
	}
	return cur
}

// adapt scales every step by exp(±min(0.5, 1/√batch)) towards an
// acceptance rate of 0.44 over the last 50 iterations, and starts a new
// batch.
func (s *sampler) adapt(batch int) {
	d := min(0.5, 1/math.Sqrt(float64(batch)))
	tune := func(step *float64, acc *int) {
		if float64(*acc)/50 > 0.44 {
			*step *= math.Exp(d)
		} else {
			*step *= math.Exp(-d)
		}
		*acc = 0
	}
	for r := range s.step {
		for k := range 3 {
			tune(&s.step[r][k], &s.acc[r][k])
		}
	}
	for k := range 3 {
		tune(&s.hyperStep[k], &s.hyperAcc[k])
	}
}

package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/sources"
)

// Row is one snapshot's scores: a line of the leaderboard. Measures that are
// undefined for the snapshot are NaN, and Reasons says why.
type Row struct {
	Election   string
	Round      int
	Snapshot   string
	Source     string
	SourceName string
	Series     string
	Family     sources.Family
	Measure    sources.Measure
	Forecast   bool
	Final      bool   // the series' final snapshot (docs/METHODS.md §6)
	Published  string // publication day, or fieldwork end for polls; "" if unknown
	LeadDays   float64
	N          float64 // respondents behind the shares (NaN: unknown, no test)
	NBasis     string  // "expressed" or "interviewed"
	K          int     // number of candidates scored
	Others     bool    // an Others category was added for the log-odds measures (docs/METHODS.md §1)

	MAE, RMSE, MaxAbsError, MarginError float64 // points
	WinnerOK, Top2OK, KendallTau        float64
	B, Bw                               float64 // Arzheimer & Evans (2014)
	Chi2, PValue                        float64 // Pearson χ², k−1 df (with Others: k df)
	ChiLR, PLR                          float64 // likelihood-ratio G²
	DF                                  int

	// Against a simple random sample of n respondents (docs/METHODS.md §10); NaN
	// without a sample size, for figures that are not vote shares, and
	// (the interval, p and ranks) when Options.Draws is 0.
	ExpectedMAE, SRSRMSE, PlusMinus float64 // E[MAE], √E[MSE], MAE − E[MAE] (points)
	LeadTerm, PlusMinusLead         float64 // lead-time model: slope × lead_days; PlusMinus − LeadTerm (LeadFit)
	MAELo, MAEHi, PSRS              float64 // 95 % interval of an SRS's MAE; P(SRS MAE ≥ MAE)
	PBest, RankLo, RankHi           float64 // rank bootstrap: P(ranked first), 95 % rank interval

	Candidates []string // the candidates scored, in the order of the set
	Reasons    []string // why measures are empty
	SourceURL  string
	Detail     []Detail
}

// Detail is one candidate (or Others) of a scored snapshot.
type Detail struct {
	Candidate      string  // candidate id, or "OTHERS"
	Forecast       float64 // as compared: points (volumes converted to shares of the set)
	Result         float64 // official share, points (renormalised over the set for volumes)
	Error          float64 // Forecast − Result, points
	APrime         float64 // Arzheimer & Evans A'_i
	SE, Z, P       float64
	CILow, CIHigh  float64
	Flag           string
	Line           int // line of the figure in forecasts.csv (0 for Others)
	PublishedValue float64
}

// OthersID names the Others category in detail rows.
const OthersID = "OTHERS"

func nan() float64 { return math.NaN() }

func newRow(e *sources.Election, s *Snapshot, out Outcome) Row {
	r := Row{Election: e.ID, Round: s.Round, Snapshot: s.Snapshot, Source: s.Source, SourceName: s.SourceName,
		Series: s.Series, Family: s.Family, Measure: s.Measure, Forecast: s.Forecast, SourceURL: s.SourceURL,
		LeadDays: nan(), MAE: nan(), RMSE: nan(), MaxAbsError: nan(), MarginError: nan(),
		WinnerOK: nan(), Top2OK: nan(), KendallTau: nan(), B: nan(), Bw: nan(),
		Chi2: nan(), PValue: nan(), ChiLR: nan(), PLR: nan(),
		ExpectedMAE: nan(), SRSRMSE: nan(), PlusMinus: nan(), LeadTerm: nan(), PlusMinusLead: nan(), MAELo: nan(), MAEHi: nan(), PSRS: nan(),
		PBest: nan(), RankLo: nan(), RankHi: nan()}
	r.N, r.NBasis = s.N()
	if d, ok := s.Date(); ok {
		r.Published = d.Format("2006-01-02")
		r.LeadDays = out.Date.Sub(d).Hours() / 24
	}
	return r
}

// sampleSize returns the row's n rounded to whole respondents (an
// expressed base computed from the number interviewed and the share who
// gave a choice is fractional: 7548.64 → 7549), and false when there is
// none.
func (r *Row) sampleSize() (int, bool) {
	if math.IsNaN(r.N) || math.Round(r.N) < 1 {
		return 0, false
	}
	return int(math.Round(r.N)), true
}

func (r *Row) because(format string, args ...any) {
	r.Reasons = append(r.Reasons, fmt.Sprintf(format, args...))
}

// ScoreSnapshot scores one snapshot on the candidate set ids (nil: the
// candidates the snapshot reports) against the official outcome, following
// docs/METHODS.md §§1–5:
//   - shares (vote, weight, voice, mention) are compared as published, in
//     points; when the set does not cover every candidate of the result, an
//     Others category (100 − Σ) is added on both sides for the log-odds
//     measures (A', B, B_w, χ²);
//   - volumes are converted to shares of the set and compared with the
//     results renormalised over the set, with no Others (Tumasjan et al. 2010);
//   - approval and rank figures get the order measures only;
//   - a snapshot that does not report every candidate of the set is not
//     scored on it (nothing is imputed);
//   - no sample size, no significance test.
//
// lastRound says whether the round has no later round, in which case top2_ok
// (qualification for the run-off) is undefined.
func ScoreSnapshot(e *sources.Election, s *Snapshot, ids []string, out Outcome, lastRound bool) Row {
	r := newRow(e, s, out)
	if ids == nil {
		for _, c := range s.Candidates {
			if _, ok := out.Shares[c]; ok {
				ids = append(ids, c)
			} else {
				r.because("%s did not stand in round %d: not scored", c, out.Round)
			}
		}
	}
	r.Candidates, r.K = ids, len(ids)
	var missing []string
	for _, c := range ids {
		if _, ok := s.Values[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		r.because("does not report %s: not scored on this candidate set (nothing is imputed)", strings.Join(missing, ", "))
		return r
	}
	if len(ids) < 2 {
		r.because("fewer than two candidates to compare")
		return r
	}
	f := make([]float64, len(ids))
	v := make([]float64, len(ids))
	for i, c := range ids {
		f[i], v[i] = s.Values[c], out.Shares[c]
	}
	switch {
	case sources.IsShare(s.Measure):
		scoreShares(&r, s, ids, f, v, out, false)
	case s.Measure == sources.Volume:
		scoreShares(&r, s, ids, toShares(f), toShares(v), out, true)
	case s.Measure == sources.Agreement:
		r.because("agreement with a statement is not a candidate measure: not scored")
		return r
	default:
		r.because("%s figures are not vote shares: order measures only (docs/METHODS.md §2)", s.Measure)
	}
	scoreOrder(&r, s, ids, f, v, out, lastRound)
	return r
}

// toShares converts values to percentages of their sum.
func toShares(x []float64) []float64 {
	var sum float64
	for _, xi := range x {
		sum += xi
	}
	out := make([]float64, len(x))
	for i, xi := range x {
		out[i] = 100 * xi / sum
	}
	return out
}

func scoreShares(r *Row, s *Snapshot, ids []string, f, v []float64, out Outcome, volume bool) {
	r.MAE, r.RMSE, r.MaxAbsError = MAE(f, v), RMSE(f, v), MaxAbsError(f, v)
	if n, ok := r.sampleSize(); ok && !volume {
		r.ExpectedMAE, r.SRSRMSE = ExpectedSRS(v, n)
		r.PlusMinus = r.MAE - r.ExpectedMAE
	}
	r.Detail = make([]Detail, len(ids), len(ids)+1) // room for Others
	for i, c := range ids {
		d := Detail{Candidate: c, Forecast: f[i], Result: v[i], Error: f[i] - v[i], PublishedValue: s.Values[c],
			Flag: s.Flags[c], APrime: nan(), SE: nan(), Z: nan(), P: nan(), CILow: nan(), CIHigh: nan()}
		for _, fig := range s.Figures {
			if fig.Candidate == c {
				d.Line = fig.Line
			}
		}
		r.Detail[i] = d
	}
	a, b := out.Order[0], out.Order[1]
	ia, ib := slices.Index(ids, a), slices.Index(ids, b)
	if ia >= 0 && ib >= 0 {
		r.MarginError = MarginError(f[ia], f[ib], v[ia], v[ib])
	} else {
		r.because("margin_error needs both official leaders (%s, %s) in the set", a, b)
	}
	// Log-odds measures, over the set plus Others when the set is not the whole result.
	lf, lv := slices.Clone(f), slices.Clone(v)
	if !volume && len(ids) < len(out.Shares) {
		var sf, sv float64
		for i := range f {
			sf += f[i]
			sv += v[i]
		}
		r.Others = true
		lf, lv = append(lf, 100-sf), append(lv, 100-sv)
		r.Detail = append(r.Detail, Detail{Candidate: OthersID, Forecast: 100 - sf, Result: 100 - sv, Error: sv - sf,
			PublishedValue: nan(), APrime: nan(), SE: nan(), Z: nan(), P: nan(), CILow: nan(), CIHigh: nan()})
		if 100-sf <= 0 {
			r.because("the figures for the set add up to %s ≥ 100: no share left for Others, so A', B, B_w and χ² are undefined", sources.FormatNumber(sf))
			return
		}
	}
	for i, c := range ids {
		if s.Flags[c] == sources.FlagBelowHalf {
			r.because("%s's 0 stands for \"below 0.5 %%\": A', B, B_w and χ² are undefined; score on a set without %s", c, c)
			return
		}
		if f[i] == 0 {
			r.because("%s has a share of 0: A' would be infinite, so A', B, B_w and χ² are undefined", c)
			return
		}
	}
	bias, err := Bias(lf, lv, r.N)
	if err != nil {
		r.because("A', B, B_w: %v", err)
		return
	}
	r.B, r.Bw, r.DF = bias.B, bias.Bw, bias.DF
	for i := range r.Detail {
		d := &r.Detail[i]
		d.APrime, d.SE, d.Z, d.P, d.CILow, d.CIHigh = bias.APrime[i], bias.SE[i], bias.Z[i], bias.P[i], bias.Lo[i], bias.Hi[i]
	}
	if bias.HasN {
		r.Chi2, r.PValue, r.ChiLR, r.PLR = bias.ChiPearson, bias.PPearson, bias.ChiLR, bias.PLR
	} else {
		r.because("no sample size: no standard errors and no χ² test (no n is ever invented)")
	}
}

func scoreOrder(r *Row, s *Snapshot, ids []string, f, v []float64, out Outcome, lastRound bool) {
	dir := HigherIsBetter
	oriented := f
	if s.Measure == sources.Rank {
		dir = LowerIsBetter
		oriented = make([]float64, len(f))
		for i := range f {
			oriented[i] = -f[i]
		}
	}
	if w := slices.Index(ids, out.Order[0]); w >= 0 {
		r.WinnerOK = WinnerOK(f, w, dir)
	} else {
		r.because("winner_ok needs the winner (%s) in the set", out.Order[0])
	}
	switch a, b := slices.Index(ids, out.Order[0]), slices.Index(ids, out.Order[1]); {
	case lastRound: // nobody qualifies from the last round: top2_ok is undefined (see Conventions)
	case a < 0 || b < 0:
		r.because("top2_ok needs both qualifiers (%s, %s) in the set", out.Order[0], out.Order[1])
	default:
		r.Top2OK = Top2OK(f, a, b, dir)
	}
	r.KendallTau = KendallTauB(oriented, v)
}

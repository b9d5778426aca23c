package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring"
)

// scoreOptions are the flags of 'forecast score'.
type scoreOptions struct {
	selectFlags
	bootstrapFlags
	sort    string
	detail  bool
	average bool
}

func newScoreCmd(stdout io.Writer) *cobra.Command {
	o := &scoreOptions{}
	c := &cobra.Command{
		Use:   "score",
		Short: "Score every pollster and buzz predictor against the official result, with intervals",
		Long: `Score every forecast snapshot (one poll, one buzz release) of a round against the
official result, in order of a measure, with what sampling error allows a reader to
conclude from that order.

Columns (CSV and JSON carry full precision; the table rounds for reading):
  lead_days      days between publication (fieldwork end for polls) and the vote
  n              respondents behind the shares: expressed base, else interviewed
  k              number of candidates scored
  mae, rmse, max_abs_error   errors in percentage points (Mosteller 1949)
  margin_error   (f_a − f_b) − (v_a − v_b) for the two official leaders, signed
  winner_ok, top2_ok, kendall_tau   right winner, right qualifiers, rank agreement
  b, b_w         Arzheimer & Evans (2014) bias, unweighted and weighted by true shares
  chi2, p_value  Pearson χ² test of no bias (only with a sample size)
  n_basis        expressed (those stating a choice) or interviewed: what n counts
  expected_mae   mean MAE of a simple random sample of n against the result (exact)
  srs_rmse       √(expected mean squared error) of such a sample, points
  plus_minus     mae − expected_mae: negative is better than random sampling
  mae_lo, mae_hi 95 % interval of a simple random sample's MAE (--draws, --seed)
  p_srs          share of those samples that erred at least as much as the forecast
  p_best         rank bootstrap: share of redraws (each forecast with n redrawn around
                 its own shares) in which the row comes first on the sort measure
  rank_lo, rank_hi   95 % interval of its rank among the forecasts with n
  lead_term      lead-time model (OLS of plus_minus on lead_days over the round's polls
                 1–21 days out): slope × lead_days; plus_minus_lead = plus_minus − lead_term
Undefined measures are empty; the reasons are in the table's footnotes and in JSON.
Rows without a sample size get no expected error, interval or rank (never an invented
n). The line under the title says whether the order is a ranking beyond sampling
error. Formulas, conventions and sources: docs/METHODS.md §§1–6 and §10.`,
		Example: `  forecast score
  forecast score --round 1 --candidates top4 --format csv
  forecast score --round 2 --candidates top2 --detail
  forecast score --at all --family buzz --format json`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runScore(o, stdout, c.ErrOrStderr()) },
	}
	o.selectFlags.register(c, "score", "final (each series' last forecast before the blackout), all (every snapshot), or YYYY-MM-DD (each series' last snapshot on or before that day)", "poll, buzz, model or all")
	o.bootstrapFlags.register(c)
	f := c.Flags()
	f.StringVar(&o.sort, "sort", "b_w", "measure to rank by: "+strings.Join(scoring.SortKeys, ", "))
	f.BoolVar(&o.detail, "detail", false, "one row per (snapshot, candidate): forecast, result, error, A', SE, z, p, 95 % CI")
	f.BoolVar(&o.average, "with-average", false, "also score the poll average (source poll-average, family model: each day's average of the polls ended by then; see 'forecast diagnose polls')")
	complete(c, map[string]cobra.CompletionFunc{"sort": words(scoring.SortKeys...)})
	return c
}

func runScore(o *scoreOptions, stdout, stderr io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	set, err := scoring.ParseCandidateSet(o.candidates)
	if err != nil {
		return usageError{err}
	}
	d, err := o.data.load()
	if err != nil {
		return err
	}
	if o.average {
		if err := addPollAverage(d, o.round, o.at); err != nil {
			return err
		}
	}
	lb, err := scoring.Score(d, scoring.Options{Round: o.round, At: o.at, Candidates: set, Family: o.family, Sort: o.sort,
		Draws: o.draws, Seed: o.seed, Progress: progress(stderr)})
	if err != nil {
		return usageError{err}
	}
	return reports.Write(stdout, lb, o.format, o.detail)
}

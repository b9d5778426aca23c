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
	sort    string
	detail  bool
	average bool
}

func newScoreCmd(stdout io.Writer) *cobra.Command {
	o := &scoreOptions{}
	c := &cobra.Command{
		Use:   "score",
		Short: "Rank every pollster and buzz predictor against the official result",
		Long: `Score every forecast snapshot (one poll, one buzz release) of a round against the
official result, and rank them best first.

Columns (CSV and JSON carry full precision; the table rounds for reading):
  lead_days      days between publication (fieldwork end for polls) and the vote
  n              respondents behind the shares: expressed base, else interviewed
  k              number of candidates scored
  mae, rmse, max_abs_error   errors in percentage points (Mosteller 1949)
  margin_error   (f_a − f_b) − (v_a − v_b) for the two official leaders, signed
  winner_ok, top2_ok, kendall_tau   right winner, right qualifiers, rank agreement
  b, b_w         Arzheimer & Evans (2014) bias, unweighted and weighted by true shares
  chi2, p_value  Pearson χ² test of no bias (only with a sample size)
Undefined measures are empty; the reasons are in the table's footnotes and in JSON.`,
		Example: `  forecast score
  forecast score --round 1 --candidates top4 --format csv
  forecast score --round 2 --candidates top2 --detail
  forecast score --at all --family buzz --format json`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runScore(o, stdout) },
	}
	o.register(c, "score", "final (each series' last forecast before the blackout), all (every snapshot), or YYYY-MM-DD (each series' last snapshot on or before that day)", "poll, buzz, model or all")
	f := c.Flags()
	f.StringVar(&o.sort, "sort", "b_w", "measure to rank by: "+strings.Join(scoring.SortKeys, ", "))
	f.BoolVar(&o.detail, "detail", false, "one row per (snapshot, candidate): forecast, result, error, A', SE, z, p, 95 % CI")
	f.BoolVar(&o.average, "with-average", false, "also score the poll average (source poll-average, family model: each day's average of the polls ended by then; see 'forecast diagnose polls')")
	return c
}

func runScore(o *scoreOptions, stdout io.Writer) error {
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
	lb, err := scoring.Score(d, scoring.Options{Round: o.round, At: o.at, Candidates: set, Family: o.family, Sort: o.sort})
	if err != nil {
		return usageError{err}
	}
	return reports.Write(stdout, lb, o.format, o.detail)
}

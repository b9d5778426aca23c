package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring"
)

// compareOptions are the flags of 'forecast compare'.
type compareOptions struct {
	data       dataFlags
	round      int
	candidates string
	against    string
	power      float64
	h          int
	format     string
}

func newCompareCmd(stdout io.Writer) *cobra.Command {
	o := &compareOptions{}
	c := &cobra.Command{
		Use:   "compare SERIES_A SERIES_B",
		Short: "Test whether two forecasters were equally accurate (Diebold-Mariano)",
		Long: `Pair the releases of two series (the series column of 'forecast score --at all') by
day and test whether they were equally accurate: the Diebold-Mariano (1995) test with
the Harvey-Leybourne-Newbold (1997) small-sample correction, as R's forecast::dm.test.

Pairing: a release is a forecast of the round dated before election day (polls: their
fieldwork end) with vote shares on the candidate set; on a day where a series
published several, its latest counts (as for final snapshots). Days where only one
series published are listed as not paired. Each release's error is
(mean over the candidates of |forecast − target|^power)^(1/power), so that the test's
loss is the mean absolute (--power 1) or squared (--power 2) error; the target is the
official result, or with --against average the poll average's latest day on or before
the release (it includes the polls of a poll series itself). At least 3 pairs.

Columns (csv: one row per pair, the test repeated): election, round, series_a,
series_b, against, power, h (the horizon used), pairs, dm (negative: A erred less),
p_value (two-sided, t with pairs − 1 df), mean_loss_a, mean_loss_b, day, snapshot_a,
snapshot_b, target, error_a, error_b.`,
		Example: `  forecast compare filteris ifop-fiducial
  forecast compare opinionway ifop-fiducial --power 1 --h 2 --format csv
  forecast compare filteris opinionway --against average`,
		Args: exactArgs(2),
		RunE: func(c *cobra.Command, args []string) error { return runCompare(o, args[0], args[1], stdout) },
	}
	o.data.register(c)
	f := c.Flags()
	f.IntVar(&o.round, "round", 1, "round to compare (1 or 2)")
	f.StringVar(&o.candidates, "candidates", "headline", "candidate set: headline, common, topN (e.g. top4), or ids separated by commas (not all: errors must be over the same candidates)")
	f.StringVar(&o.against, "against", "result", "target of the errors: result (the official result) or average (the poll average on the same day)")
	f.Float64Var(&o.power, "power", 2, "loss |error|^power: 1 absolute, 2 squared (dm.test's default)")
	f.IntVar(&o.h, "h", 1, "forecast horizon: autocovariances of the loss differences up to lag h − 1 enter the variance")
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	return c
}

func runCompare(o *compareOptions, a, b string, stdout io.Writer) error {
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
	if o.against == "average" {
		// Every day's average: each release is paired with its day's.
		if err := addPollAverage(d, o.round, "all"); err != nil {
			return err
		}
	}
	c, err := scoring.Compare(d, scoring.CompareOptions{Round: o.round, Candidates: set, A: a, B: b, Against: o.against, Power: o.power, H: o.h})
	if err != nil {
		return usageError{err}
	}
	return reports.WriteComparison(stdout, c, o.format)
}

package main

import (
	"fmt"
	"forecast/sources"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"forecast/reports"
	"forecast/scoring/rating"
	"forecast/sources/fivethirtyeight"
)

// rateOptions are the flags of 'forecast rate'.
type rateOptions struct {
	vintage      string
	types        []string
	locations    []string
	since, until string
	finalDays    int
	format       string
	sort         string
}

func newRateCmd(stdout io.Writer) *cobra.Command {
	o := &rateOptions{}
	c := &cobra.Command{
		Use:   "rate FILE",
		Short: "Rate pollsters across many races from FiveThirtyEight's raw-polls.csv",
		Long: `Rate every pollster over the races of FiveThirtyEight's pollster-ratings poll file
(raw-polls.csv, any vintage; CC BY 4.0), as FiveThirtyEight does: one election cannot
tell a pollster's skill from its luck, hundreds of races can.

Columns (CSV and JSON carry full precision; the table rounds for reading):
  polls, races            poll questions rated, distinct races among them
  simple_average_error    mean |poll margin − actual margin| between the two finishers, points
  races_called_correctly  mean of the polls' calls (1 right, 0.5 tied lead, 0 wrong)
  misses_outside_moe      share of polls whose error exceeds the 95 % MOE of the margin
  bias, bias_polls        mean error on the Democrat's margin (positive: pro-Democrat),
                          over the polls of Democrat-vs-Republican races
  simple_expected_error   mean error expected from race type, days out and sample size
  simple_plus_minus       simple_average_error − simple_expected_error (negative: better)
  *_se, simple_plus_minus_low/high   standard errors clustered by race, 95 % interval
Polls left out by the selection are counted by reason. Formulas, sources and how
close this comes to FiveThirtyEight's published table: docs/METHODS.md §14.`,
		Example: `  forecast rate raw-polls.csv
  forecast rate raw-polls.csv --type Pres-G,Sen-G,Gov-G --since 2008-01-01 --format csv
  forecast rate raw-polls.csv --location US --sort simple_average_error --format markdown`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runRate(o, args[0], stdout) },
	}
	f := c.Flags()
	f.StringVar(&o.vintage, "vintage", "auto", "layout of the file: "+strings.Join(fivethirtyeight.Vintages, ", ")+" (auto: any layout of known columns, found by name)")
	f.StringSliceVar(&o.types, "type", nil, "race types to rate, separated by commas (Pres-G, Sen-G, Gov-G, House-G, Pres-P); default all")
	f.StringSliceVar(&o.locations, "location", nil, "locations to rate, separated by commas (US, PA, ID-1); default all")
	f.StringVar(&o.since, "since", "", "rate races whose election is on or after this day (YYYY-MM-DD)")
	f.StringVar(&o.until, "until", "", "rate races whose election is on or before this day (YYYY-MM-DD)")
	f.IntVar(&o.finalDays, "final-days", rating.DefaultFinalDays, "rate polls whose median field date is at most this many days before the election (0: any)")
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	f.StringVar(&o.sort, "sort", "simple_plus_minus", "column to rank by: "+strings.Join(rating.SortKeys, ", "))
	return c
}

func runRate(o *rateOptions, file string, stdout io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	if !slices.Contains(fivethirtyeight.Vintages, o.vintage) {
		return usagef("--vintage %q: choose one of %s", o.vintage, strings.Join(fivethirtyeight.Vintages, ", "))
	}
	if !slices.Contains(rating.SortKeys, o.sort) {
		return usagef("--sort %q: choose one of %s", o.sort, strings.Join(rating.SortKeys, ", "))
	}
	if o.finalDays < 0 {
		return usagef("--final-days %d: give a number of days, or 0 for any", o.finalDays)
	}
	opts := rating.Options{Types: o.types, Locations: o.locations, FinalDays: o.finalDays, Sort: o.sort}
	for _, d := range []struct {
		flag, value string
		to          *time.Time
	}{{"since", o.since, &opts.Since}, {"until", o.until, &opts.Until}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			return usagef("--%s %q: want a date as YYYY-MM-DD", d.flag, d.value)
		}
		*d.to = t
	}
	b, err := sources.ReadFile(file)
	if err != nil {
		return err
	}
	ps, err := fivethirtyeight.Read(file, b, o.vintage)
	if err != nil {
		return err
	}
	r, err := rating.Rate(ps, opts)
	if err != nil {
		return usageError{fmt.Errorf("%w (check --type, --location, --since, --until and --final-days)", err)}
	}
	return reports.WriteRating(stdout, r, o.format)
}

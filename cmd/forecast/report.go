package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"forecast/reports/report"
)

// reportOptions are the flags of 'forecast report'.
type reportOptions struct {
	chartFlags
	out   string
	force bool
}

func newReportCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &reportOptions{}
	c := &cobra.Command{
		Use:   "report --out DIR",
		Short: "Write every chart and a self-contained HTML report into a directory",
		Long: `Write the report of a round into DIR:

  index.html        one self-contained page: the result, a summary in plain words,
                    the leaderboard, every chart (SVG, inline, with a variant laid
                    out for phones), the methodology and conventions, and the
                    provenance of every figure with its link; inline CSS and fonts
                    (cut down to the glyphs of the page), no request to any network
  report.md         the same, in Markdown, with the PNG charts
  charts/KIND.png, charts/KIND.svg, charts/KIND.pdf
  tables/KIND.csv   the numbers behind each chart, in full precision
  tables/scores.csv, tables/scores-detail.csv
                    the leaderboard as 'forecast score --format csv' writes it
  tables/snapshots.csv
                    every forecast the charts draw on, with its source page

When the election declares several races (us-2016-presidential), the report is
of one race (--race, the national one by default) and gains a section "Races"
("Courses") on all of them side by side: the races chart (charts/races.*,
tables/races.csv), its findings in a sentence per group of races, and a table.

The report is written into a new directory beside DIR, then renamed: an
interrupted run leaves no half-written report. DIR/.forecast-report marks a
directory written by 'forecast report': --force replaces an existing DIR only
when it has that file (never a file, another directory, the --data directory
or one that holds it, or the current directory), swapping the new report for
the old in one step, so that DIR holds a whole report, old or new, even if the
run is killed. The same data and flags give byte-identical files.

--from sets the first day of the campaign and lead-time charts, as for
'forecast chart' (see its help for the default).`,
		Example: `  forecast report --out report
  forecast report --out rapport --lang fr --force
  forecast report --out report-r2 --round 2 --candidates top2
  forecast report --out report-2022 --election fr-2022-presidential --from 2021-12-01`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runReport(o, stderr) },
	}
	o.register(c)
	o.boot.register(c)
	c.Flags().StringVar(&o.out, "out", "", "directory to write the report into (required)")
	c.Flags().BoolVar(&o.force, "force", false, "replace DIR if it is a report written before (it has a .forecast-report file)")
	if err := c.MarkFlagDirname("out"); err != nil {
		panic(err)
	}
	return c
}

func runReport(o *reportOptions, stderr io.Writer) error {
	if o.out == "" {
		return usagef("--out DIR is required")
	}
	l, img, err := o.parse()
	if err != nil {
		return err
	}
	wo := report.WriteOptions{Force: o.force, Keep: []string{o.data.dir}}
	if err := report.CheckDir(o.out, wo); err != nil {
		return reportDirError(err)
	}
	d, err := o.prepare()
	if err != nil {
		return err
	}
	ro := report.Options{Lang: l, Image: img}
	if ro.Races, err = o.data.racesIfMany(); err != nil {
		return err
	}
	files, err := report.Build(d, ro)
	if err != nil {
		return err
	}
	if err := report.WriteDir(o.out, files, wo); err != nil {
		return reportDirError(err)
	}
	fmt.Fprintf(stderr, "wrote %d files into %s (open %s/index.html)\n", len(files), o.out, o.out)
	return nil
}

// reportDirError marks a --out that may not be written as bad usage.
func reportDirError(err error) error {
	if errors.Is(err, report.ErrExists) || errors.Is(err, report.ErrRefused) {
		return usageError{err}
	}
	return err
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"forecast/data"
	"forecast/data/frhistory"
	"forecast/reports"
	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring/history"
	"forecast/sources"
	"forecast/sources/blochistory"
)

// historyOptions are the flags of 'forecast history'.
type historyOptions struct {
	typ, format, table, file string
	finalDays                int
	chart, lang              string
	embedded                 bool
}

func newHistoryCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &historyOptions{}
	c := &cobra.Command{
		Use:   "history",
		Short: "Polling error across 60 years of French elections, by political bloc (Jennings & Wlezien 2018)",
		Long: `Measure the polling error of every election in pollsposition's history of French
first-round polls by political bloc (tour1_complet_unitedfl.csv: presidential
elections 1965–2017, législatives 1993–2017, européennes 1999–2019, régionales
2004–2015; embedded, or --file), as Jennings & Wlezien (2018, Nature Human
Behaviour 2: 276–283) do: the average of the polls of the final week against the
vote, bloc by bloc (docs/METHODS.md §15).

Tables (--table NAME; CSV and JSON carry full precision):
  elections  type,election,year,polls,all_polls,last_poll_days,pollsters,blocs,mae,
             mae_large,rank,ranked,largest_bloc,largest_error,top_two_missed,pollster_mae_min,
             pollster_mae_max,pollster_mae_sd,unscored:
             polls the final polls (0 to --final-days days before the vote);
             mae the mean over the blocs of |poll average − result|, points;
             mae_large the same over the blocs with 20 % of the vote or more
             (Jennings's "large parties": 2.3 on average over 139 elections); rank 1
             the largest mae of the type; largest_error the worst bloc, signed
             (positive: overstated); top_two_missed: the poll average's two leading
             blocs were not the result's; pollster_mae_* the spread of the pollsters'
             own errors (sample SD); unscored the blocs in only one of the polls and
             the result
  blocs      type,election,bloc,polls,poll_average,result,error (long)
  pollsters  type,election,pollster,polls,mae (long)

What is not scored is counted under the table: polls outside the window, seats
rows (seats, not votes), elections with no final poll. --chart FILE draws the
error by year (png, svg or pdf from the extension; csv for its numbers).`,
		Example: `  forecast history
  forecast history --type president --format csv
  forecast history --table blocs --type president
  forecast history --final-days 14 --chart history.svg --lang fr`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runHistory(o, stdout, stderr) },
	}
	f := c.Flags()
	f.StringVar(&o.typ, "type", "all", "election type: "+strings.Join(blochistory.Types, ", ")+" (or presidential), or all")
	f.IntVar(&o.finalDays, "final-days", history.DefaultFinalDays, "final window: polls taken at most this many days before the vote")
	f.StringVar(&o.format, "format", "table", "table, csv, json or markdown")
	f.StringVar(&o.table, "table", "", "the table to print: elections, blocs or pollsters, or all (CSV: default elections)")
	f.StringVar(&o.file, "file", "", "pollsposition's tour1_complet_unitedfl.csv to read instead of the embedded copy")
	f.StringVar(&o.chart, "chart", "", "also draw the error by year into this file (.png, .svg, .pdf or .csv)")
	f.StringVar(&o.lang, "lang", "en", "language of the chart: en or fr")
	f.BoolVar(&o.embedded, "embedded", true, "add the embedded elections that have a bloc table (data/blocs: "+strings.Join(data.BlocElections(), ", ")+"), round 1, as presidential elections")
	complete(c, map[string]cobra.CompletionFunc{"format": words(reports.Formats...), "type": words(append(slices.Clone(blochistory.Types), "all")...),
		"table": words("elections", "blocs", "pollsters", "all"), "lang": words("en", "fr")})
	return c
}

func runHistory(o *historyOptions, stdout, stderr io.Writer) error {
	if !slices.Contains(reports.Formats, o.format) {
		return usagef("--format %q: choose one of %s", o.format, strings.Join(reports.Formats, ", "))
	}
	if o.finalDays < 0 || o.finalDays > 366 {
		return usagef("--final-days %d: want 0 to 366", o.finalDays)
	}
	opt := history.Options{FinalDays: o.finalDays}
	switch o.typ {
	case "all":
	case "presidential":
		opt.Types = []string{"president"}
	default:
		if !slices.Contains(blochistory.Types, o.typ) {
			return usagef("--type %q: choose %s, or all", o.typ, strings.Join(blochistory.Types, ", "))
		}
		opt.Types = []string{o.typ}
	}
	table := o.table
	switch {
	case table != "" && table != "all" && table != "elections" && table != "blocs" && table != "pollsters":
		return usagef("--table %q: choose elections, blocs or pollsters, or all", table)
	case o.format == "csv" && table == "":
		table = "elections"
	case o.format == "csv" && table == "all":
		return usagef("CSV holds one table: --table all needs --format json, table or markdown")
	}
	lang, err := locale.Parse(o.lang)
	if err != nil {
		return usageError{err}
	}
	chartFormat := strings.TrimPrefix(filepath.Ext(o.chart), ".")
	if o.chart != "" && !slices.Contains(chartFormats, chartFormat) {
		return usagef("--chart %q: the file must end in .%s", o.chart, strings.Join(chartFormats, ", ."))
	}
	name, b := data.BlocHistoryFile, data.BlocHistory
	if o.file != "" {
		if b, err = sources.ReadFile(o.file); err != nil {
			return err
		}
		name = o.file
	}
	f, name, err := frhistory.Read(name, b, o.embedded)
	if err != nil {
		return err
	}
	// The flags are checked above: what Analyse refuses now is in the data.
	a, err := history.Analyse(f, opt)
	if err != nil {
		return sources.DataErrorf(name, 0, "%v", err)
	}
	if o.chart != "" {
		if err := writeHistoryChart(o.chart, chartFormat, a, filepath.Base(name), lang, o.file); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", o.chart)
	}
	return reports.WriteDiagnostics(stdout, reports.HistoryDiagnostics(a, name), o.format, table)
}

// writeHistoryChart draws the chart into path, whole or not at all, never
// over the file read.
func writeHistoryChart(path, format string, a *history.Analysis, source string, l locale.Lang, input string) error {
	ch, err := charts.HistoryChart(a, source, l)
	if err != nil { // no election in the window: widen --final-days, or choose another --type
		return usagef("--chart: %v", err)
	}
	var buf bytes.Buffer
	if format == "csv" {
		err = ch.WriteCSV(&buf)
	} else {
		err = ch.Write(&buf, charts.Options{Format: format})
	}
	if err != nil {
		return err
	}
	if err := refuseInput("--chart", path, input); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

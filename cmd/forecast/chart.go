package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/scoring/races"
	"forecast/sources"
)

// chartFlags are the flags that 'forecast chart' and 'forecast report'
// share: what the charts show, in which language, at which size.
type chartFlags struct {
	data          dataFlags
	lang          string
	round         int
	candidates    string
	measure       string
	from          string
	width, height string
	dpi           int
	boot          bootstrapFlags // registered by 'forecast report' only: the charts draw no interval
}

func (f *chartFlags) register(c *cobra.Command) {
	f.data.register(c)
	fl := c.Flags()
	fl.StringVar(&f.lang, "lang", "en", "language of labels, month names and numbers: en or fr")
	fl.IntVar(&f.round, "round", 1, "round to chart (the run-off chart shows the last round)")
	fl.StringVar(&f.candidates, "candidates", "headline", "candidate set: headline, common, topN or ids separated by commas")
	fl.StringVar(&f.measure, "measure", "mae", "measure of the leaderboard chart: "+strings.Join(scoring.SortKeys, ", "))
	fl.StringVar(&f.from, "from", "", "first day of the campaign and lead-time charts, YYYY-MM-DD (default: see 'forecast chart --help')")
	fl.StringVar(&f.width, "width", "16cm", "width, with a unit: mm, cm, in, pt or px (px at --dpi)")
	fl.StringVar(&f.height, "height", "auto", "height, with a unit, or auto: as tall as the chart's rows need")
	fl.IntVar(&f.dpi, "dpi", charts.DefaultDPI, "resolution of PNG files, in dots per inch")
	f.completeChartFlags(c)
}

// parse checks the flags and returns the language and the image options
// (without a format).
func (f *chartFlags) parse() (locale.Lang, charts.Options, error) {
	l, err := locale.Parse(f.lang)
	if err != nil {
		return "", charts.Options{}, usageError{err}
	}
	if f.dpi < 10 || f.dpi > 2400 {
		return "", charts.Options{}, usagef("--dpi %d: want 10 to 2400", f.dpi)
	}
	o := charts.Options{DPI: f.dpi}
	if o.Width, err = parseLength("--width", f.width, f.dpi); err != nil {
		return "", o, err
	}
	if f.height != "auto" {
		if o.Height, err = parseLength("--height", f.height, f.dpi); err != nil {
			return "", o, err
		}
	}
	return l, o, nil
}

// parseLength reads a length with its unit; pixels are converted at dpi.
func parseLength(flag, s string, dpi int) (vg.Length, error) {
	var l vg.Length
	var err error
	if px, ok := strings.CutSuffix(s, "px"); ok {
		var v float64
		v, err = strconv.ParseFloat(px, 64)
		l = vg.Length(v / float64(dpi) * vg.Inch.Points())
	} else if strings.TrimLeft(s, "0123456789.") == "" {
		err = fmt.Errorf("no unit")
	} else {
		l, err = vg.ParseLength(s)
	}
	if err != nil || l < 2*vg.Centimeter || l > 80*vg.Inch {
		return 0, usagef("%s %q: want a length from 2cm to 80in with a unit (16cm, 6in, 450pt, 1200px)", flag, s)
	}
	return l, nil
}

// parseDay reads a day YYYY-MM-DD; "" is the zero time (the default).
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("%s %q: want a day YYYY-MM-DD", flag, s)
	}
	return t, nil
}

// prepare loads the data and scores it for the charts.
func (f *chartFlags) prepare() (*charts.Data, error) {
	if !slices.Contains(scoring.SortKeys, f.measure) {
		return nil, usagef("--measure %q: choose one of %s", f.measure, strings.Join(scoring.SortKeys, ", "))
	}
	set, err := scoring.ParseCandidateSet(f.candidates)
	if err != nil {
		return nil, usageError{err}
	}
	from, err := parseDay("--from", f.from)
	if err != nil {
		return nil, err
	}
	d, err := f.data.load()
	if err != nil {
		return nil, err
	}
	cd, err := charts.Prepare(d, charts.Config{Round: f.round, Candidates: set, Measure: f.measure, From: from,
		Draws: f.boot.draws, Seed: f.boot.seed})
	if err != nil {
		return nil, usageError{err}
	}
	return cd, nil
}

// build prepares the data of the chosen race and draws one of charts.Kinds.
func (f *chartFlags) build(kind charts.Kind, l locale.Lang) (*charts.Chart, error) {
	d, err := f.prepare()
	if err != nil {
		return nil, err
	}
	ch, err := charts.Build(kind, d, l)
	if err != nil {
		return nil, usageError{err}
	}
	return ch, nil
}

// racesChart draws the races chart from the whole dataset, every race.
func (f *chartFlags) racesChart(l locale.Lang) (*charts.Chart, error) {
	if f.data.race != "" {
		return nil, usagef("--race %s: the races chart draws every race of the election; leave --race out", f.data.race)
	}
	a, err := f.data.races()
	if err != nil {
		return nil, err
	}
	ch, err := charts.RacesChart(a, l)
	if err != nil {
		return nil, usageError{err}
	}
	return ch, nil
}

// races analyses every race of the dataset side by side (scoring/races).
func (f *dataFlags) races() (*races.Analysis, error) {
	d, err := f.loadAll()
	if err != nil {
		return nil, err
	}
	return analyseRaces(d)
}

// racesIfMany is races for an election that declares several races, and
// nil for another: the report's section on races.
func (f *dataFlags) racesIfMany() (*races.Analysis, error) {
	d, err := f.loadAll()
	if err != nil || len(d.Election.Races) < 2 {
		return nil, err
	}
	return analyseRaces(d)
}

// analyseRaces is races.Analyse, its refusals marked as usage or data errors.
func analyseRaces(d *sources.Dataset) (*races.Analysis, error) {
	a, err := races.Analyse(d)
	if err != nil {
		return nil, classify(err)
	}
	return a, nil
}

// chartFormats are the values of 'chart --format': the image formats, and
// csv for the numbers behind the chart.
var chartFormats = append(slices.Clone(charts.Formats), "csv")

// chartOptions are the flags of 'forecast chart'.
type chartOptions struct {
	chartFlags
	kind   string
	format string
	out    string
}

func newChartCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &chartOptions{}
	kinds := make([]string, len(charts.Kinds), len(charts.Kinds)+1)
	for i, k := range charts.Kinds {
		kinds[i] = string(k)
	}
	kinds = append(kinds, string(charts.Races))
	c := &cobra.Command{
		Use:   "chart KIND",
		Short: "Draw one chart as PNG, SVG or PDF, or write the table behind it as CSV",
		Long: `Draw one chart of the forecasts against the official result.

Charts (KIND):
  final          each source's final figure for every candidate, and the result
  errors         forecast − result per candidate and source, with 95 % intervals for polls
  campaign       every poll over time, the poll average and its band, buzz, the result
  leaderboard    the --measure (default mae) of every source's final forecast, best first
  lead-time      each forecast's error against the days before the vote
  house-effects  each pollster's lean per candidate
  n-eff          nominal sample size against effective sample size (log scale)
  runoff         the winner's share in the polls between the rounds, and the result
  races          every race of an election that declares several (us-2016-presidential):
                 the poll average's bias toward the first headline candidate, race by
                 race, with its 95 % interval; wrong winners ringed (--race, --round,
                 --candidates, --measure and --from do not apply)

The campaign chart starts on --from. By default it starts a week before the
earliest poll it draws (the middle of its fieldwork: a poll of the average, or a hypothesis
that did not happen with a figure for every candidate shown), but no earlier
than the 1st of the third month before the month of the first round (1 January
for a first round in April), as polls of hypotheses can go back years, nor,
for a later round, than the previous round's day. Polls of
hypotheses that did not happen (forecast=no) are drawn as rings: they show
where the candidates stood before the ballot was known, and are neither scored
nor part of the poll average. The lead-time chart shows every dated forecast,
or with --from those published from that day on.

Every chart has a source line; names, colours and dates come from the data.
--format csv writes the numbers the chart shows, in full precision.
The file is written whole or not at all (to a temporary file, then renamed).`,
		Example: `  forecast chart final
  forecast chart errors --lang fr --format pdf --out erreurs.pdf
  forecast chart runoff --format svg --width 12cm
  forecast chart leaderboard --measure mae --format png --width 1200px --dpi 200
  forecast chart campaign --format csv --out -
  forecast chart campaign --election fr-2022-presidential --from 2022-02-01
  forecast chart races --election us-2016-presidential --width 9cm`,
		Args:      exactArgs(1),
		ValidArgs: kinds,
		RunE: func(c *cobra.Command, args []string) error {
			o.kind = args[0]
			return runChart(o, stdout, stderr)
		},
	}
	o.register(c)
	c.Flags().StringVar(&o.format, "format", "", "png, svg, pdf or csv (default: from the --out file's extension, else png)")
	c.Flags().StringVarP(&o.out, "out", "o", "", "file to write; - for standard output (default KIND.FORMAT)")
	complete(c, map[string]cobra.CompletionFunc{"format": words(chartFormats...)})
	completeFiles(c, "out", chartFormats...)
	return c
}

func runChart(o *chartOptions, stdout, stderr io.Writer) error {
	kind, err := charts.ParseKind(o.kind)
	if err != nil {
		return usageError{err}
	}
	format := o.format
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(o.out), ".")
		if !slices.Contains(chartFormats, format) {
			format = "png"
		}
	}
	if !slices.Contains(chartFormats, format) {
		return usagef("--format %q: choose %s", format, strings.Join(chartFormats, ", "))
	}
	l, opt, err := o.parse()
	if err != nil {
		return err
	}
	opt.Format = format
	var ch *charts.Chart
	if kind == charts.Races {
		ch, err = o.racesChart(l)
	} else {
		ch, err = o.build(kind, l)
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "csv" {
		err = ch.WriteCSV(&buf)
	} else {
		err = ch.Write(&buf, opt)
	}
	if err != nil {
		return err
	}
	if o.out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	out := o.out
	if out == "" {
		out = string(kind) + "." + format
	}
	if err := refuseInput("--out", out, dataFiles(o.data.dir)...); err != nil {
		return err
	}
	if err := writeAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", out)
	return nil
}

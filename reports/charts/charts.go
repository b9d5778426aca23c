// Package charts draws the charts of forecast with gonum/plot: the final
// forecasts against the result, the errors with their intervals, the
// campaign, the leaderboard, the error against lead time, the house
// effects, the effective sample sizes and the run-off; and, from analyses of
// their own, polling error across elections (HistoryChart) and the races of
// an election side by side (RacesChart).
//
// Each chart is built from scored data (Prepare) in one language, and can be
// written as PNG, SVG or PDF and as the CSV table of the numbers it shows.
// Everything a chart names — candidates, colours, pollsters, dates — comes
// from the data; the package knows no election.
//
// What gonum/plot v0.17 does not do, the package does around it: the legend
// is drawn below the panels, never over the data; axes are labelled with
// numbers and dates in the chart's language; the PDF backend's text is
// re-encoded so that accented names come out right (see pdfText); and PDF
// output is made byte-identical from run to run.
package charts

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"forecast/reports/locale"
	"forecast/reports/safe"
)

// Kind names a chart.
type Kind string

// The charts.
const (
	Final        Kind = "final"         // final forecasts against the result
	Errors       Kind = "errors"        // signed errors with 95 % intervals
	Campaign     Kind = "campaign"      // every poll over time, the average, buzz, the result
	Leaderboard  Kind = "leaderboard"   // the chosen measure per series
	LeadTime     Kind = "lead-time"     // error against days before the vote
	HouseEffects Kind = "house-effects" // per pollster and candidate
	NEff         Kind = "n-eff"         // nominal against effective sample size
	Runoff       Kind = "runoff"        // the run-off polls and the result
)

// Kinds lists the charts in the order of the report.
var Kinds = []Kind{Final, Errors, Campaign, Leaderboard, LeadTime, HouseEffects, NEff, Runoff}

// ParseKind reads a chart name: one of Kinds, or Races (drawn by
// RacesChart from the whole dataset).
func ParseKind(s string) (Kind, error) {
	all := append(slices.Clone(Kinds), Races)
	if k := Kind(s); slices.Contains(all, k) {
		return k, nil
	}
	names := make([]string, len(all))
	for i, k := range all {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown chart %q (choose one of %s)", s, strings.Join(names, ", "))
}

// Chart is one chart built from the data: its figure, ready to be written
// in any format, and the table of the numbers it shows.
type Chart struct {
	Kind    Kind
	Title   string // the figure's title
	Caption string // how to read it, in a sentence or two, for the report and alt texts
	Table   Table
	fig     *figure
}

// Table is the data behind a chart: CSV records with a header, numbers in
// full precision.
type Table struct {
	Header []string
	Rows   [][]string
}

// builders build each kind of chart.
var builders = map[Kind]func(*Data, locale.Lang) (*Chart, error){
	Final:        finalChart,
	Errors:       errorsChart,
	Campaign:     campaignChart,
	HouseEffects: houseEffectsChart,
	NEff:         nEffChart,
	Leaderboard:  leaderboardChart,
	LeadTime:     leadTimeChart,
	Runoff:       runoffChart,
}

// Build builds a chart of d in language l. It returns an error when the
// data have nothing to draw for that chart (no run-off in a one-round
// election, no poll to average).
func Build(kind Kind, d *Data, l locale.Lang) (*Chart, error) {
	b, ok := builders[kind]
	if !ok {
		return nil, fmt.Errorf("chart %s is not available yet", kind)
	}
	return b(d, l)
}

// Write writes the chart as an image in the format of o.
func (c *Chart) Write(w io.Writer, o Options) error { return c.fig.write(w, o) }

// WriteCSV writes the table behind the chart, every cell made safe for a
// spreadsheet (safe.Cell: a pollster named =HYPERLINK(…) is text).
func (c *Chart) WriteCSV(w io.Writer) error { return safe.WriteCSV(w, c.Table.Header, c.Table.Rows) }

package charts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// leadTimeChart is chart 5: the mean absolute error of every scored
// snapshot of the round against the days between its publication (the end
// of fieldwork for polls) and the vote, polls and buzz distinct. The snapshots
// of one buzz series are joined by a line and its last one is named, so that
// a series can be followed as the vote came closer. With Config.From, the
// chart starts on that day and leaves out what was published before it;
// without it, it shows every dated snapshot.
func leadTimeChart(d *Data, l locale.Lang) (*Chart, error) {
	lb := d.All
	out := lb.Outcome
	round, _ := d.Dataset.Election.Round(out.Round)
	from := d.Config.From
	maxLead := math.Inf(1)
	if !from.IsZero() {
		maxLead = out.Date.Sub(from).Hours() / 24
	}
	var rows []*scoring.Row
	for i := range lb.Rows {
		if r := &lb.Rows[i]; !math.IsNaN(r.MAE) && !math.IsNaN(r.LeadDays) && r.LeadDays <= maxLead {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no dated snapshot of round %d could be scored on %v", out.Round, lb.Set)
	}
	slices.SortStableFunc(rows, func(a, b *scoring.Row) int {
		return cmp.Or(cmp.Compare(familyOrder(a.Family), familyOrder(b.Family)), cmp.Compare(a.Series, b.Series), cmp.Compare(b.LeadDays, a.LeadDays))
	})
	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"series", "source_name", "family", "measure", "snapshot", "published", "lead_days", "mae", "final", "source_url"}}
	p := newPlot()
	p.Add(plotter.NewGrid())
	p.X.Scale = leadScale{}
	p.X.Tick.Marker = leadTicks{lang: l}
	p.X.Label.Text = l.T("leadtime.x")
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Label.Text = l.T("leadtime.y")
	if !round.NoBlackout() {
		blackout, _ := dateOf(round.BlackoutFrom)
		p.Add(banBand(-out.Date.Sub(blackout).Hours()/24, 0, l.T("legend.ban")))
	}
	p.Add(vrule{0, draw.LineStyle{Color: ink, Width: 1}})

	bySeries := map[string]plotter.XYs{}
	seriesName := map[string]string{}
	var series []string
	families := map[sources.Family]plotter.XYs{}
	for _, r := range rows {
		xy := plotter.XY{X: -r.LeadDays, Y: r.MAE}
		families[r.Family] = append(families[r.Family], xy)
		if r.Family != sources.Poll {
			if bySeries[r.Series] == nil {
				series = append(series, r.Series)
				seriesName[r.Series] = d.rowLabel(r, l)
			}
			bySeries[r.Series] = append(bySeries[r.Series], xy)
		}
		cr.add(r.Family, r.Series, r.SourceURL)
		tab.Rows = append(tab.Rows, []string{r.Series, r.SourceName, string(r.Family), string(r.Measure), r.Snapshot, r.Published,
			num(r.LeadDays), num(r.MAE), strconv.FormatBool(r.Final), r.SourceURL})
	}
	// Each buzz series has its own marker, named in the legend and at its
	// last release.
	var names []label
	var seriesLegend []legendEntry
	for k, s := range series {
		xys := bySeries[s]
		m := markers[k%len(markers)]
		if len(xys) > 1 {
			line, _ := plotter.NewLine(xys)
			line.LineStyle = draw.LineStyle{Color: fade(buzzCol, 0.6), Width: 0.8}
			p.Add(line)
		}
		sc, _ := plotter.NewScatter(xys)
		sc.GlyphStyle = glyph(m, buzzCol, 3)
		p.Add(sc)
		last := xys[len(xys)-1]
		names = append(names, label{last.X, last.Y, seriesName[s], 5, 0})
		seriesLegend = append(seriesLegend, legendEntry{seriesName[s], []plot.Thumbnailer{glyphThumb{sc.GlyphStyle}}})
	}
	if xys := families[sources.Poll]; len(xys) > 0 {
		sc, _ := plotter.NewScatter(xys)
		sc.GlyphStyle = glyph(familyMarker(sources.Poll), familyColour(sources.Poll), 3)
		p.Add(sc)
	}
	// The names go right of the vote, at the height of each series' last
	// snapshot, in the room kept by padRight.
	nsty := style(sansFont, noteSize, buzzCol)
	nsty.YAlign = draw.YCenter
	var pad vg.Length
	for i := range names {
		names[i].x = 0
		pad = max(pad, nsty.Width(names[i].text)+8)
	}
	p.Add(labels{items: names, sty: nsty, repel: true})
	// Room around the marks: below an error of 0, right of the vote.
	p.Y.Min = -p.Y.Max / 40
	p.X.Max = 0.5
	when := upperFirst(d.RoundTitle(l, out))
	dated := l.T("leadtime.when.end")
	if midDated(d.Dataset.Figures, rows) {
		dated = l.T("leadtime.when.mid")
	}
	subtitle := l.T("leadtime.subtitle", when, setNames(d, l, lb.Set), dated)
	if !from.IsZero() {
		p.X.Min = -maxLead
		subtitle = l.T("leadtime.subtitle.from", when, setNames(d, l, lb.Set), l.Date(from), dated)
	}
	var notes []string
	if len(series) > 0 {
		notes = append(notes, l.T("leadtime.note"))
	}
	var legend []legendEntry
	if len(families[sources.Poll]) > 0 {
		legend = append(legend, legendEntry{l.T("family.poll"), []plot.Thumbnailer{glyphThumb{glyph(familyMarker(sources.Poll), familyColour(sources.Poll), 3)}}})
	}
	legend = append(legend, seriesLegend...)
	fig := &figure{
		title:    leadTimeFinding(l, rows),
		subtitle: subtitle,
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		notes:    notes,
		source:   cr.line(l),
		height:   6 * vg.Centimeter,
		padRight: pad,
	}
	return &Chart{Kind: LeadTime, Title: fig.title, Caption: l.T("leadtime.caption"), Table: tab, fig: fig}, nil
}

// leadScale spaces days before the vote as log(1 + days/7): the last weeks,
// where most forecasts were published, get most of the axis, and one
// release months ahead does not squeeze them into a corner, while the last
// days, of the publication ban, stay about as wide as on a linear axis. x is minus the
// days (time flows left to right); the few hours past the vote kept as
// padding are spaced the same way.
type leadScale struct{}

func leadLog(x float64) float64 { return math.Copysign(math.Log1p(math.Abs(x)/7), x) }

// Normalize implements plot.Normalizer.
func (leadScale) Normalize(min, max, x float64) float64 {
	return (leadLog(x) - leadLog(min)) / (leadLog(max) - leadLog(min))
}

// leadDays are the days before the vote that a lead-time axis labels: about
// evenly spaced on leadScale.
var leadDays = []float64{0, 3, 7, 14, 30, 60, 120, 240, 480}

// leadTicks labels a leadScale axis at leadDays, as days before the vote.
type leadTicks struct{ lang locale.Lang }

// Ticks implements plot.Ticker.
func (t leadTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for _, days := range leadDays {
		if x := -days; x >= min && x <= max {
			ticks = append(ticks, plot.Tick{Value: x, Label: t.lang.Number(days, 0)})
		}
	}
	slices.SortFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(a.Value, b.Value) })
	return ticks
}

// midDated reports whether any poll of rows is dated by the middle of its
// fieldwork, its source giving only that (sources.Figure.FieldMid).
func midDated(figs []sources.Figure, rows []*scoring.Row) bool {
	mid := map[string]bool{}
	for _, f := range figs {
		if f.Family == sources.Poll && f.FieldEnd == "" && f.FieldMid != "" {
			mid[f.Snapshot] = true
		}
	}
	return slices.ContainsFunc(rows, func(r *scoring.Row) bool { return mid[r.Snapshot] })
}

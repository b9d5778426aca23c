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
	p.X.Tick.Marker = numberTicks{lang: l, negate: true}
	p.X.Label.Text = l.T("leadtime.x")
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Label.Text = l.T("leadtime.y")
	blackout, _ := dateOf(round.BlackoutFrom)
	ban := -out.Date.Sub(blackout).Hours() / 24
	p.Add(vband{ban, 0, fade(grey, 0.15)})
	p.Add(vrule{0, draw.LineStyle{Color: ink, Width: 1}})

	bySeries := map[string]plotter.XYs{}
	var series []string
	families := map[sources.Family]plotter.XYs{}
	for _, r := range rows {
		xy := plotter.XY{X: -r.LeadDays, Y: r.MAE}
		families[r.Family] = append(families[r.Family], xy)
		if r.Family != sources.Poll {
			if bySeries[r.Series] == nil {
				series = append(series, r.Series)
			}
			bySeries[r.Series] = append(bySeries[r.Series], xy)
		}
		cr.add(r.Family, r.Series, r.SourceURL)
		tab.Rows = append(tab.Rows, []string{r.Series, r.SourceName, string(r.Family), string(r.Measure), r.Snapshot, r.Published,
			num(r.LeadDays), num(r.MAE), strconv.FormatBool(r.Final), r.SourceURL})
	}
	var names []label
	for _, s := range series {
		xys := bySeries[s]
		if len(xys) > 1 {
			line, _ := plotter.NewLine(xys)
			line.LineStyle = draw.LineStyle{Color: fade(buzzCol, 0.6), Width: 0.8}
			p.Add(line)
		}
		last := xys[len(xys)-1]
		names = append(names, label{last.X, last.Y, s, 5, 0})
	}
	for _, f := range sources.Families {
		if xys := families[f]; len(xys) > 0 {
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = glyph(familyMarker(f), familyColour(f), 3)
			p.Add(sc)
		}
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
	p.Y.Min = 0
	p.X.Max = 0
	subtitle := l.T("leadtime.subtitle", setNames(d, l, lb.Set))
	if !from.IsZero() {
		p.X.Min = -maxLead
		subtitle = l.T("leadtime.subtitle.from", setNames(d, l, lb.Set), l.Date(from))
	}
	var legend []legendEntry
	for _, f := range sources.Families {
		if len(families[f]) > 0 {
			legend = append(legend, legendEntry{l.T("family." + string(f)), []plot.Thumbnailer{glyphThumb{glyph(familyMarker(f), familyColour(f), 3)}}})
		}
	}
	legend = append(legend, legendEntry{l.T("legend.ban"), []plot.Thumbnailer{boxThumb{fade(grey, 0.15)}}})
	fig := &figure{
		title:    l.T("leadtime.title", roundTitle(l, out)),
		subtitle: subtitle,
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		notes:    []string{l.T("leadtime.note")},
		source:   cr.line(l),
		height:   10 * vg.Centimeter,
		padRight: pad,
	}
	return &Chart{Kind: LeadTime, Title: fig.title, Caption: l.T("leadtime.caption"), Table: tab, fig: fig}, nil
}

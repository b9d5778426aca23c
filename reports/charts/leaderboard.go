package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// measureDecimals is how many decimals a chart writes a measure with.
func measureDecimals(measure string) int {
	switch measure {
	case "b", "b_w":
		return 3
	case "lead_days":
		return 0
	}
	return 2
}

// leaderboardChart is chart 4: the chosen measure of every series' final
// forecast, best at the top, polls and buzz in their family colours. Series
// for which the measure is undefined are named in one note, not drawn (the
// table keeps them). No interval is drawn: scoring defines none for these
// measures (the reference software of B and B_w gives no standard error).
func leaderboardChart(d *Data, l locale.Lang) (*Chart, error) {
	lb := d.Final
	out := lb.Outcome
	measure := lb.Options.Sort
	var kept []*scoring.Row
	var undefined []string
	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"rank", "series", "source_name", "family", "measure", "snapshot", "published", measure, "n", "source_url"}}
	for i := range lb.Rows {
		r := &lb.Rows[i]
		v := r.Value(measure)
		if math.IsNaN(v) {
			undefined = append(undefined, d.rowLabel(r, l))
		} else {
			kept = append(kept, r)
			cr.add(r.Family, r.Series, r.SourceURL)
		}
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(i + 1), r.Series, r.SourceName, string(r.Family), string(r.Measure),
			r.Snapshot, r.Published, num(v), num(r.N), r.SourceURL})
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("no series has a %s in round %d", measure, out.Round)
	}
	n := len(kept)
	values := make([]float64, n)
	barColours := make([]color.Color, n)
	names := make([]string, n)
	var text []label
	for i, r := range kept {
		v := r.Value(measure)
		values[n-1-i] = v
		barColours[n-1-i] = familyColour(r.Family)
		names[i] = d.rowLabel(r, l)
		text = append(text, label{v, float64(n - 1 - i), l.Number(v, measureDecimals(measure)), 3, digitLift})
	}
	p := newPlot()
	p.Add(rowLines{n: n})
	grid := plotter.NewGrid() // behind the bars: drawn first
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: lightGr, Width: 0.5}
	p.Add(grid)
	p.Add(hbars{values: values, colours: barColours, width: rowHeight * 0.6})
	lsty := style(sansFont, tickSize, ink)
	lsty.YAlign = draw.YCenter
	p.Add(labels{items: text, sty: lsty, fit: true})
	p.X.Tick.Marker = numberTicks{lang: l}
	p.X.Label.Text = l.T("measure.name." + measure)
	rowsAxis(p, names)
	var legend []legendEntry
	for _, f := range familiesIn(lb.Rows, rowFamily) {
		legend = append(legend, legendEntry{l.T("family." + string(f)), []plot.Thumbnailer{boxThumb{familyColour(f)}}})
	}
	fig := &figure{
		title:    leaderboardFinding(d, l, measure, kept),
		subtitle: upperFirst(d.RoundTitle(l, out)) + ". " + l.T("leaderboard.subtitle."+direction(measure), setNames(d, l, lb.Set)),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		source:   cr.line(l),
		rows:     n,
	}
	fig.notes = append(fig.notes, l.T("leaderboard.noci."+ciReason(measure), l.T("measure.name."+measure)))
	if len(undefined) > 0 {
		fig.notes = append(fig.notes, l.T("leaderboard.undefined.note", l.T("measure.name."+measure), strings.Join(undefined, ", ")))
	}
	return &Chart{Kind: Leaderboard, Title: fig.title, Caption: l.T("leaderboard.caption"), Table: tab, fig: fig}, nil
}

// digitLift raises a value label so that its digits, not its box (which
// has room for descenders that digits lack), are centred on the bar.
const digitLift = tickSize * 0.15

// leaderboardFinding is the leaderboard chart's title. Ranked by mean
// absolute error, it says who came closest and by how much, and the best of
// each other family ("Elabe came closest, 0.07 points off on average; the
// best buzz series, Filteris, 2.18 points"); by another measure, which
// measure ranks the chart.
func leaderboardFinding(d *Data, l locale.Lang, measure string, kept []*scoring.Row) string {
	if measure != "mae" {
		return l.T("leaderboard.title", l.T("measure.name."+measure))
	}
	best := kept[0]
	clauses := []string{l.T("finding.leaderboard", d.rowLabel(best, l), l.Points(best.MAE, 2))}
	for _, f := range sources.Families {
		if f == best.Family {
			continue
		}
		if i := slices.IndexFunc(kept, func(r *scoring.Row) bool { return r.Family == f }); i >= 0 {
			clauses = append(clauses, l.T("finding.leaderboard.best."+string(f), d.rowLabel(kept[i], l), l.Points(kept[i].MAE, 2)))
		}
	}
	return strings.Join(clauses, l.T("source.sep"))
}

// direction says whether a smaller or a larger value of a measure is better.
func direction(measure string) string {
	switch measure {
	case "kendall_tau", "winner_ok", "top2_ok":
		return "higher"
	}
	return "lower"
}

// ciReason says why no interval is drawn for a measure: the bias measures
// have no standard error in their reference software; the others have none
// in scoring.
func ciReason(measure string) string {
	if measure == "b" || measure == "b_w" {
		return "bias"
	}
	return "other"
}

// familiesIn lists the families of items, in the canonical order.
func familiesIn[T any](items []T, family func(T) sources.Family) []sources.Family {
	var fs []sources.Family
	for _, f := range sources.Families {
		if slices.ContainsFunc(items, func(x T) bool { return family(x) == f }) {
			fs = append(fs, f)
		}
	}
	return fs
}

func rowFamily(r scoring.Row) sources.Family { return r.Family }

// setNames lists the candidates of a set by name: "A, B and C".
func setNames(d *Data, l locale.Lang, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = d.candidate(id, l).name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + l.T("and") + names[len(names)-1]
}

// boxThumb is a legend thumbnail showing a filled box.
type boxThumb struct{ colour color.Color }

// Thumbnail implements plot.Thumbnailer.
func (b boxThumb) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) * 0.7
	y := c.Center().Y
	c.FillPolygon(b.colour, []vg.Point{{X: c.Min.X, Y: y - h/2}, {X: c.Max.X, Y: y - h/2}, {X: c.Max.X, Y: y + h/2}, {X: c.Min.X, Y: y + h/2}})
}

package charts

import (
	"cmp"
	"fmt"
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

// rowHeight is the height given to one series in the charts that have a row
// per series.
const rowHeight = vg.Length(13)

// byFamily returns the rows that keep, polls first, then buzz, then models,
// each in leaderboard order; and the rows left out.
func byFamily(lb *scoring.Leaderboard, keep func(*scoring.Row) bool) (kept, left []*scoring.Row) {
	for i := range lb.Rows {
		if r := &lb.Rows[i]; keep(r) {
			kept = append(kept, r)
		} else {
			left = append(left, r)
		}
	}
	slices.SortStableFunc(kept, func(a, b *scoring.Row) int { return cmp.Compare(familyOrder(a.Family), familyOrder(b.Family)) })
	return kept, left
}

// drawnFinal says whether the final and errors charts draw a row: a share
// of the vote scored on the candidate set. Both charts show the same rows.
func drawnFinal(r *scoring.Row) bool { return sources.IsShare(r.Measure) && len(r.Detail) > 0 }

// leftOutNotes say which series a chart does not show and why: those whose
// measure it cannot draw (drawable false), grouped by measure — "Not shown,
// as they are not shares of the vote: ranks (bevort-social, dataswarm); …"
// — and those of a drawable measure that scoring could not score on the
// candidate set.
func leftOutNotes(d *Data, l locale.Lang, rows []*scoring.Row, drawable func(*scoring.Row) bool) []string {
	by := map[sources.Measure][]string{}
	var measures []sources.Measure
	var unscored []string
	for _, r := range rows {
		if drawable(r) {
			unscored = append(unscored, d.rowLabel(r, l))
			continue
		}
		if by[r.Measure] == nil {
			measures = append(measures, r.Measure)
		}
		by[r.Measure] = append(by[r.Measure], d.rowLabel(r, l))
	}
	slices.Sort(measures)
	var parts []string
	for _, m := range measures {
		parts = append(parts, l.T("measure."+string(m))+" ("+strings.Join(by[m], ", ")+")")
	}
	var notes []string
	if len(parts) > 0 {
		notes = append(notes, l.T("note.notshares", strings.Join(parts, l.T("source.sep"))))
	}
	if len(unscored) > 0 {
		notes = append(notes, l.T("note.unscored", strings.Join(unscored, ", ")))
	}
	return notes
}

// commonX gives panels one x range, the union of theirs widened by pad, so
// that a distance means the same in every panel.
func commonX(panels []*plot.Plot, pad float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		lo, hi = math.Min(lo, p.X.Min), math.Max(hi, p.X.Max)
	}
	for _, p := range panels {
		p.X.Min, p.X.Max = lo-pad, hi+pad
	}
}

// finalBefore says what a poll's fieldwork must end before to be a final
// forecast: the publication ban, or election day where there was none.
func finalBefore(l locale.Lang, e *sources.Election, round int) string {
	if r, err := e.Round(round); err == nil && r.NoBlackout() {
		return l.T("before.electionday")
	}
	return l.T("before.ban")
}

// banLegend names the shaded days before the vote: the publication ban, or
// election day alone where there was none.
func banLegend(l locale.Lang, r sources.Round) string {
	if r.NoBlackout() {
		return l.T("legend.electionday")
	}
	return l.T("legend.ban")
}

// RoundTitle names what is scored, with its day in full: "round 1,
// 23 April 2017"; a race of an election is named by its place
// ("Wisconsin, 8 November 2016"), and an election of one round has no
// "round 1".
func (d *Data) RoundTitle(l locale.Lang, out scoring.Outcome) string {
	e := d.Dataset.Election
	var parts []string
	if name := e.RaceName(l == locale.FR); name != "" {
		parts = append(parts, name)
	}
	if !e.OneRound() {
		parts = append(parts, l.Round(out.Round))
	}
	return strings.Join(append(parts, l.Date(out.Date)), ", ")
}

// rowsAxis gives a panel a nominal y axis, labelled with the rows from the
// top. Panels side by side share it (figure.sharedY).
func rowsAxis(p *plot.Plot, labels []string) {
	n := len(labels)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	names := make([]string, n)
	for i, s := range labels {
		names[n-1-i] = s
	}
	p.NominalY(names...)
	p.Y.Tick.Label.Color = ink
}

// finalChart is chart 1: for each candidate of the set, every series' final
// figure and the official result, polls and buzz with distinct markers.
func finalChart(d *Data, l locale.Lang) (*Chart, error) {
	lb := d.Final
	out := lb.Outcome
	rows, left := byFamily(lb, drawnFinal)
	if len(rows) == 0 {
		return nil, fmt.Errorf("no series gives shares of the vote for %s in round %d", strings.Join(lb.Set, ", "), out.Round)
	}
	labels := make([]string, len(rows))
	for i, r := range rows {
		labels[i] = d.rowLabel(r, l)
	}
	n := len(rows)
	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "series", "source_name", "family", "measure", "snapshot", "published", "value", "result", "source_url"}}
	var panels []*plot.Plot
	for _, id := range lb.Set {
		cand := d.candidate(id, l)
		p := newPlot()
		p.Title.Text = cand.name + "\n" + l.T("final.result", l.Percent(out.Shares[id], 2))
		p.Add(rowLines{n, familyBreaks(rows)})
		families := map[sources.Family]plotter.XYs{}
		for i, r := range rows {
			for _, det := range r.Detail {
				if det.Candidate != id {
					continue
				}
				families[r.Family] = append(families[r.Family], plotter.XY{X: det.Forecast, Y: float64(n - 1 - i)})
				cr.add(r.Family, r.Series, r.SourceURL)
				tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, r.Series, r.SourceName, string(r.Family),
					string(r.Measure), r.Snapshot, r.Published, num(det.Forecast), num(out.Shares[id]), r.SourceURL})
			}
		}
		p.Add(vrule{out.Shares[id], draw.LineStyle{Color: ink, Width: 1.3}})
		addByFamily(p, families, cand.colour)
		p.X.Tick.Marker = numberTicks{lang: l}
		p.X.Label.Text = l.T("axis.share")
		rowsAxis(p, labels)
		panels = append(panels, p)
	}
	commonX(panels, 1)
	legend := []legendEntry{{l.T("legend.result"), []plot.Thumbnailer{vruleThumb{draw.LineStyle{Color: ink, Width: 1.3}}}}}
	for _, f := range sources.Families {
		if slices.ContainsFunc(rows, func(r *scoring.Row) bool { return r.Family == f }) {
			legend = append(legend, legendEntry{l.T("legend.final." + string(f)), []plot.Thumbnailer{glyphThumb{glyph(familyMarker(f), grey, 3)}}})
		}
	}
	fig := &figure{
		title:    finalFinding(l, rows),
		subtitle: l.T("final.subtitle", upperFirst(d.RoundTitle(l, out)), finalBefore(l, d.Dataset.Election, out.Round)),
		panels:   [][]*plot.Plot{panels},
		sharedY:  true,
		legend:   legend,
		source:   cr.line(l),
		rows:     n,
	}
	fig.notes = leftOutNotes(d, l, left, func(r *scoring.Row) bool { return sources.IsShare(r.Measure) })
	if !slices.ContainsFunc(d.All.Rows, func(r scoring.Row) bool { return r.Family == sources.Buzz }) {
		fig.notes = append(fig.notes, l.T("final.nobuzz"))
	}
	return &Chart{Kind: Final, Title: fig.title, Caption: l.T("final.caption"), Table: tab, fig: fig}, nil
}

// vruleThumb is a legend thumbnail showing a vertical rule.
type vruleThumb struct{ draw.LineStyle }

// Thumbnail implements plot.Thumbnailer.
func (v vruleThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(v.LineStyle, x, c.Min.Y, x, c.Max.Y)
}

// num writes a number in full precision for CSV; NaN is empty.
func num(v float64) string {
	if v != v {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

package charts

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// errorInterval is the 95 % interval of a forecast's error in points: the
// interval scoring computes for A'_i (Arzheimer & Evans 2014; SE from the
// expressed base, else the number interviewed), drawn on the scale of
// shares. With q the official proportion and p̂ the forecast's,
//
//	p̂ = expit(logit q + A'),  p_lo,hi = expit(logit q + A'_lo,hi)
//	error_lo,hi = error + 100·(p_lo,hi − p̂)
//
// which is the interval of the share around the published figure, made
// asymmetric near 0 and 100 by the log-odds scale. ok is false where scoring
// defines no interval (no sample size).
func errorInterval(d scoring.Detail) (lo, hi float64, ok bool) {
	if math.IsNaN(d.CILow) || math.IsNaN(d.CIHigh) {
		return 0, 0, false
	}
	q := d.Result / 100
	logit := math.Log(q / (1 - q))
	expit := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	p := expit(logit + d.APrime)
	return d.Error + 100*(expit(logit+d.CILow)-p), d.Error + 100*(expit(logit+d.CIHigh)-p), true
}

// errorsChart is chart 2: the signed error of every series' final forecast
// on each candidate of the set (forecast − result, points), with the 95 %
// interval of each poll, the series ordered by accuracy as in the
// leaderboard.
func errorsChart(d *Data, l locale.Lang) (*Chart, error) {
	lb := d.Final
	out := lb.Outcome
	rows, left := byFamily(lb, drawnFinal)
	if len(rows) == 0 {
		return nil, fmt.Errorf("no series could be scored on %s in round %d", strings.Join(lb.Set, ", "), out.Round)
	}
	n := len(rows)
	names := make([]string, n)
	for i, r := range rows {
		names[i] = d.rowLabel(r, l)
	}
	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "rank", "series", "source_name", "family", "measure", "snapshot", "n", "forecast", "result", "error", "ci95_low", "ci95_high", "source_url"}}
	var panels []*plot.Plot
	for _, id := range lb.Set {
		cand := d.candidate(id, l)
		p := newPlot()
		p.Title.Text = cand.name
		p.Add(rowLines{n, familyBreaks(rows)})
		p.Add(vrule{0, draw.LineStyle{Color: ink, Width: 1}})
		families := map[sources.Family]plotter.XYs{}
		var ivs []interval
		for i, r := range rows {
			for _, det := range r.Detail {
				if det.Candidate != id {
					continue
				}
				y := float64(n - 1 - i)
				families[r.Family] = append(families[r.Family], plotter.XY{X: det.Error, Y: y})
				lo, hi, ok := errorInterval(det)
				if ok {
					ivs = append(ivs, interval{lo, hi, y})
				} else {
					lo, hi = math.NaN(), math.NaN()
				}
				cr.add(r.Family, r.Series, r.SourceURL)
				tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, strconv.Itoa(i + 1), r.Series, r.SourceName, string(r.Family),
					string(r.Measure), r.Snapshot, num(r.N), num(det.Forecast), num(det.Result), num(det.Error), num(lo), num(hi), r.SourceURL})
			}
		}
		p.Add(intervals{items: ivs, sty: draw.LineStyle{Color: fade(cand.colour, 0.8), Width: 1}})
		addByFamily(p, families, cand.colour)
		p.X.Tick.Marker = numberTicks{lang: l}
		p.X.Label.Text = l.T("errors.x")
		rowsAxis(p, names)
		panels = append(panels, p)
	}
	commonX(panels, 0.5)
	var legend []legendEntry
	for _, f := range familiesIn(lb.Rows, rowFamily) {
		thumbs := []plot.Thumbnailer{glyphThumb{glyph(familyMarker(f), grey, 3)}}
		key := "legend.errors." + string(f)
		if f == sources.Poll {
			thumbs = append([]plot.Thumbnailer{lineThumb{draw.LineStyle{Color: grey, Width: 1}}}, thumbs...)
		}
		legend = append(legend, legendEntry{l.T(key), thumbs})
	}
	fig := &figure{
		title:    errorsFinding(d, l, rows),
		subtitle: l.T("errors.subtitle", upperFirst(d.RoundTitle(l, out))),
		panels:   [][]*plot.Plot{panels},
		sharedY:  true,
		legend:   legend,
		source:   cr.line(l),
		rows:     n,
	}
	fig.notes = append(fig.notes, leftOutNotes(d, l, left, func(r *scoring.Row) bool { return sources.IsShare(r.Measure) })...)
	return &Chart{Kind: Errors, Title: fig.title, Caption: l.T("errors.caption"), Table: tab, fig: fig}, nil
}

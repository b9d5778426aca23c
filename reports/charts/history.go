package charts

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring/history"
)

// History is the chart of polling error across elections (`forecast
// history --chart`). It is drawn from a history.Analysis, not from one
// election's Data, so it is not among Kinds, which `forecast chart` and the
// report draw for an election.
const History Kind = "history"

// historyColours colour the election types in turn.
var historyColours = []color.Color{pollCol, buzzCol, modelCol, color.RGBA{0x8e, 0x44, 0xad, 0xff}}

// HistoryChart draws the polling error of every election of a with a
// final poll: the mean absolute error of the final poll average (the
// measure of Jennings & Wlezien 2018; docs/METHODS.md §15) against the year,
// one line per election type. The elections whose final polls did not
// have the result's two leading blocs are ringed and labelled, above the
// mark, with their largest miss: a small average error can hide a wrong run-off. source
// names the file read, for the source line.
func HistoryChart(a *history.Analysis, source string, l locale.Lang) (*Chart, error) {
	byType := map[string]plotter.XYs{}
	var types []string
	var missed plotter.XYs
	var names []label
	tab := Table{Header: []string{"type", "election", "year", "polls", "mae", "largest_bloc", "largest_error", "top_two_missed"}}
	first, last := math.MaxInt, math.MinInt
	for _, e := range a.Elections {
		if math.IsNaN(e.MAE) {
			continue
		}
		if byType[e.Type] == nil {
			types = append(types, e.Type)
		}
		xy := plotter.XY{X: float64(e.Year), Y: e.MAE}
		byType[e.Type] = append(byType[e.Type], xy)
		first, last = min(first, e.Year), max(last, e.Year)
		b := e.Blocs[e.Largest]
		if e.TopTwoMissed {
			missed = append(missed, xy)
			names = append(names, label{xy.X, xy.Y, l.T("history.label", e.Year, b.Bloc, l.Number(b.Error, 1)), 0, 14})
		}
		tab.Rows = append(tab.Rows, []string{e.Type, e.Date, strconv.Itoa(e.Year), strconv.Itoa(e.Polls), num(e.MAE), b.Bloc, num(b.Error), strconv.FormatBool(e.TopTwoMissed)})
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("no election has a poll in the final %d days: nothing to draw", a.Options.FinalDays)
	}
	p := newPlot()
	p.Add(plotter.NewGrid())
	var legend []legendEntry
	for i, t := range types {
		c := historyColours[i%len(historyColours)]
		line, sc, _ := plotter.NewLinePoints(byType[t])
		line.LineStyle = draw.LineStyle{Color: fade(c, 0.7), Width: 1}
		sc.GlyphStyle = glyph(marker{circle, false}, c, 3)
		p.Add(line, sc)
		legend = append(legend, legendEntry{l.T("history.type." + t), []plot.Thumbnailer{lineThumb{line.LineStyle}, glyphThumb{sc.GlyphStyle}}})
	}
	if len(missed) > 0 {
		ring, _ := plotter.NewScatter(missed)
		ring.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: 6, Shape: draw.RingGlyph{}}
		p.Add(ring)
		sty := style(boldFont, noteSize, ink)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		p.Add(labels{items: names, sty: sty})
		legend = append(legend, legendEntry{l.T("history.missed"), []plot.Thumbnailer{glyphThumb{ring.GlyphStyle}}})
	}
	p.X.Label.Text = l.T("history.x")
	p.X.Tick.Marker = yearTicks{}
	p.X.Min, p.X.Max = float64(first)-2, float64(last)+6
	p.Y.Label.Text = l.T("history.y")
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Min = 0
	fig := &figure{
		title:    l.T("history.title", first, last),
		subtitle: l.T("history.subtitle", a.Options.FinalDays),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		notes:    []string{l.T("history.note")},
		source:   l.T("history.source", source),
		height:   10 * vg.Centimeter,
	}
	return &Chart{Kind: History, Title: fig.title, Caption: l.T("history.caption"), Table: tab, fig: fig}, nil
}

// yearTicks labels every tenth year and marks every fifth.
type yearTicks struct{}

// Ticks implements plot.Ticker.
func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for y := math.Ceil(min/5) * 5; y <= max; y += 5 {
		t := plot.Tick{Value: y}
		if math.Mod(y, 10) == 0 {
			t.Label = strconv.Itoa(int(y))
		}
		ticks = append(ticks, t)
	}
	return ticks
}

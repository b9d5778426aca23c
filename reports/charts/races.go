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
	"forecast/scoring/races"
	"forecast/sources"
)

// Races is the chart of the races of an election side by side (`forecast
// chart races`, the report's section on races). It is drawn from a
// races.Analysis of the whole dataset, not from one race's Data, so it is
// not among Kinds, which the report draws for the race it scores.
const Races Kind = "races"

// RacesHeader is the header of the races chart's table: one row per race
// drawn, ids not names, numbers in full.
var RacesHeader = []string{"race", "name", "scope", "a", "b", "polls", "pollsters", "result_margin", "average_margin", "bias", "bias_lo", "bias_hi", "favoured", "average_wrong_winner"}

// racesFrame is how far beyond the poll averages' biases (and 0) the
// frame reaches, in points: intervals beyond it are cut, so that a race
// polled by two pollsters (t on 1 df) does not squeeze every other row.
const racesFrame = 5

// RacesChart draws a dot plot of the races of a: one row per race with a
// poll, the national race first and set apart by a rule, then the others
// from the largest bias toward A to the largest toward B; each row the poll
// average's bias toward A on the margin over B, in the colour of the
// candidate it favoured, with its 95 % interval (clustered by pollster),
// ringed where the average named the wrong winner. Every row is labelled
// with the race's name, at every width: 13 points a row keeps 55 races
// legible on a phone, the chart growing taller, not smaller.
func RacesChart(a *races.Analysis, l locale.Lang) (*Chart, error) {
	e := a.Election
	var rows []*races.Race
	var noPoll []string
	for i := range a.Races {
		if r := &a.Races[i]; r.Polls > 0 {
			rows = append(rows, r)
		} else {
			noPoll = append(noPoll, r.NameIn(l == locale.FR))
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no race of %s has a poll: nothing to draw", e.ID)
	}
	slices.SortStableFunc(rows, func(x, y *races.Race) int {
		return cmp.Or(cmp.Compare(nationalFirst(x), nationalFirst(y)), cmp.Compare(y.Bias, x.Bias), cmp.Compare(x.Name, y.Name))
	})
	nameOf := func(id, generic string) string {
		if c, ok := e.Candidate(id); ok {
			return c.Name
		}
		return l.T(generic)
	}
	aName, bName := nameOf(a.A, "races.a"), nameOf(a.B, "races.b")
	colourOf := func(id string) (c candidate) {
		if x, ok := e.Candidate(id); ok {
			return candidate{id, x.Name, hexColour(x.Colour)}
		}
		return candidate{id, id, grey}
	}
	n := len(rows)
	names := make([]string, n)
	tab := Table{Header: RacesHeader}
	cr := newCredits(rows[0].ResultURL)
	for _, p := range a.Polls {
		cr.add(sources.Poll, p.Source, p.SourceURL)
	}
	var ivs []interval
	var wrong plotter.XYs
	dots := map[string]plotter.XYs{} // favoured candidate → dots
	var favoured []string
	lo, hi := 0.0, 0.0
	breaks := []int(nil)
	for i, r := range rows {
		y := float64(n - 1 - i)
		names[i] = r.NameIn(l == locale.FR)
		if i > 0 && nationalFirst(r) != nationalFirst(rows[i-1]) {
			breaks = append(breaks, i)
		}
		fav := ""
		switch {
		case r.Bias > 0:
			fav = r.A
		case r.Bias < 0:
			fav = r.B
		}
		if _, ok := dots[fav]; !ok {
			favoured = append(favoured, fav)
		}
		dots[fav] = append(dots[fav], plotter.XY{X: r.Bias, Y: y})
		if r.AverageWrong {
			wrong = append(wrong, plotter.XY{X: r.Bias, Y: y})
		}
		if !math.IsNaN(r.BiasSE) {
			ivs = append(ivs, interval{r.BiasLo, r.BiasHi, y})
		}
		lo, hi = math.Min(lo, r.Bias), math.Max(hi, r.Bias)
		tab.Rows = append(tab.Rows, []string{r.ID, r.Name, r.Scope, r.A, r.B, strconv.Itoa(r.Polls), strconv.Itoa(r.Pollsters),
			num(r.ResultMargin), num(r.AverageMargin), num(r.Bias), num(r.BiasLo), num(r.BiasHi), fav, strconv.FormatBool(r.AverageWrong)})
	}
	p := newPlot()
	p.Add(rowLines{n, breaks})
	p.Add(vrule{0, draw.LineStyle{Color: ink, Width: 1}})
	frameLo, frameHi := lo-racesFrame, hi+racesFrame
	p.Add(cutIntervals{items: ivs, sty: racesInterval, lo: frameLo, hi: frameHi})
	var legend []legendEntry
	slices.SortStableFunc(favoured, func(x, y string) int { return cmp.Compare(favourOrder(a, x), favourOrder(a, y)) })
	for _, fav := range favoured {
		c := colourOf(fav)
		sc, _ := plotter.NewScatter(dots[fav])
		sc.GlyphStyle = glyph(marker{circle, false}, c.colour, 3)
		p.Add(sc)
		if fav != "" {
			legend = append(legend, legendEntry{l.T("races.favoured", c.name), []plot.Thumbnailer{glyphThumb{sc.GlyphStyle}}})
		}
	}
	legend = append(legend, legendEntry{l.T("races.interval"), []plot.Thumbnailer{lineThumb{racesInterval}}})
	if len(wrong) > 0 {
		ring, _ := plotter.NewScatter(wrong)
		ring.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: 5.5, Shape: draw.RingGlyph{}}
		p.Add(ring)
		legend = append(legend, legendEntry{l.T("races.wrong"), []plot.Thumbnailer{glyphThumb{ring.GlyphStyle}}})
	}
	p.X.Tick.Marker = numberTicks{lang: l}
	p.X.Label.Text = l.T("races.x", aName)
	rowsAxis(p, names)
	p.X.Min, p.X.Max = math.Max(p.X.Min, frameLo), math.Min(p.X.Max, frameHi)
	notes := []string{l.T("races.note")}
	if len(noPoll) > 0 {
		notes = append(notes, l.T("races.nopoll", strings.Join(noPoll, ", ")))
	}
	fig := &figure{
		title:    racesFinding(l, rows, aName, bName),
		subtitle: l.T("races.subtitle", e.NameIn(l == locale.FR), aName, bName),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		notes:    notes,
		source:   cr.line(l),
		rows:     n,
	}
	return &Chart{Kind: Races, Title: fig.title, Caption: l.T("races.caption", aName, bName, aName), Table: tab, fig: fig}, nil
}

// nationalFirst orders the national race before the others.
func nationalFirst(r *races.Race) int {
	if r.Scope == sources.National {
		return 0
	}
	return 1
}

// favourOrder puts A's dots, then B's, then those of no bias.
func favourOrder(a *races.Analysis, id string) int {
	switch id {
	case "":
		return 2
	case a.B:
		return 1
	}
	return 0
}

// racesFinding is the races chart's title, from the rows it draws: whom
// the poll averages favoured on average, in how many races and by how much
// (the mean over races of their bias), and in how many races the average
// named the wrong winner ("Polls favoured Hillary Rodham Clinton in 42 of
// 55 races, by 4.1 points on average; their average named the wrong
// winner in 6").
func racesFinding(l locale.Lang, rows []*races.Race, aName, bName string) string {
	var sum float64
	toward, away, wrong := 0, 0, 0
	for _, r := range rows {
		sum += r.Bias
		switch {
		case r.Bias > 0:
			toward++
		case r.Bias < 0:
			away++
		}
		if r.AverageWrong {
			wrong++
		}
	}
	mean := sum / float64(len(rows))
	who, count := aName, toward
	if mean < 0 {
		who, count = bName, away
	}
	if wrong == 0 {
		return l.T("races.finding.right", who, count, len(rows), l.Points(math.Abs(mean), 1))
	}
	return l.T("races.finding", who, count, len(rows), l.Points(math.Abs(mean), 1), wrong)
}

// cutIntervals are intervals cut at the frame lo–hi: an end beyond it is
// drawn to the frame and ends in an arrowhead instead of its cap, so that
// it does not read as a rule across the panel.
type cutIntervals struct {
	items  []interval
	sty    draw.LineStyle
	lo, hi float64
}

// Plot implements plot.Plotter.
func (iv cutIntervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const capLen = 2.5
	for _, it := range iv.items {
		y := trY(it.at)
		lo, hi := trX(math.Max(it.lo, iv.lo)), trX(math.Min(it.hi, iv.hi))
		c.StrokeLine2(iv.sty, lo, y, hi, y)
		for _, end := range []struct {
			x   vg.Length
			cut bool
			dir vg.Length // outward
		}{{lo, it.lo < iv.lo, -1}, {hi, it.hi > iv.hi, 1}} {
			if !end.cut {
				c.StrokeLine2(iv.sty, end.x, y-capLen, end.x, y+capLen)
				continue
			}
			const head = 4
			c.FillPolygon(iv.sty.Color, []vg.Point{{X: end.x, Y: y}, {X: end.x - end.dir*head, Y: y - head/2}, {X: end.x - end.dir*head, Y: y + head/2}})
		}
	}
}

// DataRange implements plot.DataRanger: the intervals as cut.
func (iv cutIntervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = intervals{items: iv.items}.DataRange()
	return math.Max(xmin, iv.lo), math.Min(xmax, iv.hi), ymin, ymax
}

// racesInterval draws the intervals lighter than the dots: those of races
// polled by two or three pollsters are wide, and must not outweigh the
// estimates.
var racesInterval = draw.LineStyle{Color: fade(grey, 0.6), Width: 1}

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
	"forecast/scoring/selection"
	"forecast/sources"
)

// nEffChart is chart 7: for every final forecast of the round (quota polls,
// the poll average, buzz), its nominal sample size and its effective sample
// size n_eff — the size of a simple random sample whose error would have
// been as small as the forecast's, pooled over the candidates (Meng 2018;
// selection.Diagnose) — on a log scale, the largest n_eff at the top. A
// forecast with no known size has its n_eff alone. Behind each n_eff, a
// light band is the 95 % range a simple random sample of the nominal size
// would give (selection.Row.NEffLo–NEffHi), or, with no size known, a thin
// line the 95 % interval of the random-sample sizes consistent with the
// n_eff (SizeLo–SizeHi; docs/METHODS.md §12).
func nEffChart(d *Data, l locale.Lang) (*Chart, error) {
	dg, err := d.Selection()
	if err != nil {
		return nil, fmt.Errorf("no effective sample size: %v", err)
	}
	var rows []selection.Row
	for _, r := range dg.Rows {
		if r.Candidate == selection.All && r.NEff > 0 && !math.IsInf(r.NEff, 0) {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no forecast of round %d has an effective sample size", dg.Outcome.Round)
	}
	out := dg.Outcome
	n := len(rows)
	rowNames := make([]string, n)
	cr := newCredits(out.SourceURL)
	snaps := map[string]string{} // snapshot → source URL
	for _, f := range d.Dataset.Figures {
		snaps[f.Snapshot] = f.SourceURL
	}
	names := map[string]string{}
	for _, f := range d.Dataset.Figures {
		names[f.Series] = Label(d.Dataset.Election, l, f.Source, f.SourceName, f.Series)
	}
	tab := Table{Header: []string{"round", "rank", "series", "family", "measure", "snapshot", "n", "n_basis", "n_eff", "n_eff_lo", "n_eff_hi", "n_eff_ci_lo", "n_eff_ci_hi", "source_url"}}
	p := newPlot()
	p.Add(rowLines{n: n})
	families := map[sources.Family]plotter.XYs{}
	var nominal plotter.XYs
	var ranges, cis []interval
	for i, r := range rows {
		y := float64(n - 1 - i)
		rowNames[i] = names[r.Series]
		if rowNames[i] == "" {
			rowNames[i] = l.T("neff.average")
		}
		families[r.Family] = append(families[r.Family], plotter.XY{X: r.NEff, Y: y})
		switch {
		case r.N > 0:
			nominal = append(nominal, plotter.XY{X: r.N, Y: y})
			ranges = append(ranges, interval{r.NEffLo, r.NEffHi, y})
		case r.SizeLo > 0 && !math.IsInf(r.SizeHi, 0):
			cis = append(cis, interval{r.SizeLo, r.SizeHi, y})
		}
		if u := snaps[r.Snapshot]; u != "" {
			cr.add(r.Family, r.Series, u)
		}
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), strconv.Itoa(i + 1), r.Series, string(r.Family), string(r.Measure),
			r.Snapshot, num(r.N), r.NBasis, num(r.NEff), num(r.NEffLo), num(r.NEffHi), num(r.SizeLo), num(r.SizeHi), snaps[r.Snapshot]})
	}
	rangeStyle, intervalStyle := draw.LineStyle{Color: lightGr, Width: 5}, draw.LineStyle{Color: grey, Width: 0.8}
	p.Add(linksPlotter{ranges, rangeStyle}, intervals{cis, intervalStyle})
	if len(nominal) > 0 {
		sc, _ := plotter.NewScatter(nominal)
		sc.GlyphStyle = glyph(marker{circle, true}, ink, 3)
		p.Add(sc)
	}
	var legend []legendEntry
	for _, f := range familiesIn(rows, func(r selection.Row) sources.Family { return r.Family }) {
		sc, _ := plotter.NewScatter(families[f])
		sc.GlyphStyle = glyph(marker{familyMarker(f).shape, false}, familyColour(f), 3.2)
		p.Add(sc)
		legend = append(legend, legendEntry{l.T("legend.neff." + string(f)), []plot.Thumbnailer{glyphThumb{sc.GlyphStyle}}})
	}
	legend = append(legend, legendEntry{nominalLegend(l, rows), []plot.Thumbnailer{glyphThumb{glyph(marker{circle, true}, ink, 3)}}})
	if len(ranges) > 0 {
		legend = append(legend, legendEntry{l.T("legend.neff.range"), []plot.Thumbnailer{lineThumb{rangeStyle}}})
	}
	if len(cis) > 0 {
		legend = append(legend, legendEntry{l.T("legend.neff.interval"), []plot.Thumbnailer{lineThumb{intervalStyle}}})
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{lang: l}
	p.X.Min, p.X.Max = math.Pow(10, math.Floor(math.Log10(p.X.Min))), math.Pow(10, math.Ceil(math.Log10(p.X.Max)))
	p.X.Label.Text = l.T("neff.x")
	rowsAxis(p, rowNames)
	fig := &figure{
		title:    nEffFinding(l, rows, rowNames),
		subtitle: l.T("neff.subtitle", upperFirst(d.RoundTitle(l, out)), setNames(d, l, d.Final.Set)),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		source:   cr.line(l),
		rows:     n,
	}
	return &Chart{Kind: NEff, Title: fig.title, Caption: l.T("neff.caption"), Table: tab, fig: fig}, nil
}

// linksPlotter draws a horizontal line on each row, from lo to hi: a range
// under the row's marks.
type linksPlotter struct {
	items []interval
	sty   draw.LineStyle
}

// Plot implements plot.Plotter.
func (k linksPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, it := range k.items {
		c.StrokeLine2(k.sty, trX(it.lo), trY(it.at), trX(it.hi), trY(it.at))
	}
}

// DataRange implements plot.DataRanger: the axes take in every line.
func (k linksPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return intervals{items: k.items}.DataRange()
}

// nEffFinding is the n-eff chart's title: what each family's forecasts were
// worth, the range of their n_eff in people ("Buzz predictors were worth 15
// to 285 people"), polls first; the poll average (no name) is left out.
func nEffFinding(l locale.Lang, rows []selection.Row, names []string) string {
	var clauses []string
	for _, f := range sources.Families {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, r := range rows {
			if r.Family == f && names[i] != l.T("neff.average") {
				lo, hi = math.Min(lo, r.NEff), math.Max(hi, r.NEff)
			}
		}
		switch {
		case math.IsInf(lo, 1):
			continue
		case l.Number(lo, 0) == l.Number(hi, 0):
			clauses = append(clauses, l.T("finding.neff.one."+string(f), l.Number(hi, 0)))
		default:
			clauses = append(clauses, l.T("finding.neff."+string(f), l.Number(lo, 0), l.Number(hi, 0)))
		}
	}
	for i := 1; i < len(clauses); i++ {
		clauses[i] = lowerFirst(clauses[i])
	}
	return strings.Join(clauses, l.T("source.sep"))
}

// nominalLegend says what the people polled of the rows count: the
// expressed base, the number interviewed, or either.
func nominalLegend(l locale.Lang, rows []selection.Row) string {
	bases := map[string]bool{}
	for _, r := range rows {
		if r.N > 0 {
			bases[r.NBasis] = true
		}
	}
	switch {
	case bases["interviewed"] && bases["expressed"]:
		return l.T("legend.nominal.mixed")
	case bases["interviewed"]:
		return l.T("legend.nominal.interviewed")
	}
	return l.T("legend.nominal")
}

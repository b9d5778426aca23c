package charts

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring/quota"
	"forecast/sources"
)

// z95 turns a standard error into the half-width of a 95 % interval, as
// quota does for the poll average's band.
const z95 = 1.96

// houseEffectsChart is chart 6: each pollster's house effect on each
// candidate of the set — the mean of its polls' distances from the poll
// average on their days, relative to the other pollsters (the effects sum
// to zero), from quota.Diagnose — with its 95 % interval.
func houseEffectsChart(d *Data, l locale.Lang) (*Chart, error) {
	dg, err := d.Polls()
	if err != nil {
		return nil, fmt.Errorf("no poll average: %v", err)
	}
	if len(dg.House) == 0 {
		if len(dg.Polls) < quota.MinObs {
			return nil, errors.New(l.T("house.fewpolls", len(dg.Polls), quota.MinObs))
		}
		var why []string
		for _, c := range dg.Candidates {
			why = append(why, c+": "+dg.NoHouse(c))
		}
		return nil, fmt.Errorf("no house effect could be measured: %s", strings.Join(why, "; "))
	}
	out := dg.Outcome
	names := map[string]string{}
	cr := newCredits(out.SourceURL)
	for _, p := range dg.Polls {
		names[p.Source] = Label(d.Dataset.Election, l, p.Source, p.SourceName, p.Source)
		cr.add(sources.Poll, p.Series, p.SourceURL)
	}
	var pollsters []string
	for _, h := range dg.House {
		if !slices.Contains(pollsters, h.Source) {
			pollsters = append(pollsters, h.Source)
		}
	}
	// The rows in the order of the effects on the candidate the pollsters
	// disagreed on most (the widest range of effects), the most favourable
	// at the top; ties by name.
	effect := map[string]map[string]float64{} // candidate → pollster → effect
	key, widest := "", -1.0
	for _, id := range d.Final.Set {
		effect[id] = map[string]float64{}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, h := range dg.House {
			if h.Candidate == id {
				effect[id][h.Source] = h.Effect
				lo, hi = math.Min(lo, h.Effect), math.Max(hi, h.Effect)
			}
		}
		if hi-lo > widest {
			key, widest = id, hi-lo
		}
	}
	slices.SortFunc(pollsters, func(a, b string) int {
		return cmp.Or(cmp.Compare(effect[key][b], effect[key][a]), cmp.Compare(names[a], names[b]))
	})
	n := len(pollsters)
	rowNames := make([]string, n)
	for i, s := range pollsters {
		rowNames[i] = names[s]
	}
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "source", "source_name", "polls", "effect", "se", "ci95_low", "ci95_high"}}
	var panels []*plot.Plot
	for _, id := range d.Final.Set {
		cand := d.candidate(id, l)
		p := newPlot()
		p.Title.Text = cand.name
		p.Add(rowLines{n: n})
		p.Add(vrule{0, draw.LineStyle{Color: ink, Width: 1}})
		var xys plotter.XYs
		var ivs []interval
		for _, h := range dg.House {
			if h.Candidate != id {
				continue
			}
			y := float64(n - 1 - slices.Index(pollsters, h.Source))
			xys = append(xys, plotter.XY{X: h.Effect, Y: y})
			lo, hi := h.Effect-z95*h.SE, h.Effect+z95*h.SE
			if !math.IsNaN(h.SE) {
				ivs = append(ivs, interval{lo, hi, y})
			}
			tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, h.Source, names[h.Source], strconv.Itoa(h.Polls),
				num(h.Effect), num(h.SE), num(lo), num(hi)})
		}
		p.Add(intervals{items: ivs, sty: draw.LineStyle{Color: fade(cand.colour, 0.8), Width: 1}})
		if len(xys) > 0 {
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = glyph(marker{circle, false}, cand.colour, 3)
			p.Add(sc)
		}
		p.X.Tick.Marker = numberTicks{lang: l}
		p.X.Label.Text = l.T("house.x", cand.name)
		rowsAxis(p, rowNames)
		panels = append(panels, p)
	}
	commonX(panels, 0.3)
	fig := &figure{
		title:    houseFinding(dg, d, l, names),
		subtitle: upperFirst(d.RoundTitle(l, out)) + ". " + l.T("house.subtitle", d.candidate(key, l).name),
		panels:   [][]*plot.Plot{panels},
		sharedY:  true,
		legend: []legendEntry{{l.T("legend.house"), []plot.Thumbnailer{
			lineThumb{draw.LineStyle{Color: grey, Width: 1}}, glyphThumb{glyph(marker{circle, false}, grey, 3)}}}},
		source: cr.line(l),
		rows:   n,
	}
	return &Chart{Kind: HouseEffects, Title: fig.title, Caption: l.T("house.caption"), Table: tab, fig: fig}, nil
}

// houseFinding is the house-effects chart's title: the pollster that stood
// furthest from the others on a candidate, and by how much ("OpinionWay
// leaned furthest: 1.0 point less for Emmanuel Macron").
func houseFinding(dg *quota.Diagnosis, d *Data, l locale.Lang, names map[string]string) string {
	far := dg.House[0]
	for _, h := range dg.House {
		if math.Abs(h.Effect) > math.Abs(far.Effect) {
			far = h
		}
	}
	key := "finding.house.more"
	if far.Effect < 0 {
		key = "finding.house.less"
	}
	return l.T(key, names[far.Source], l.Points(math.Abs(far.Effect), 1), d.candidate(far.Candidate, l).name)
}

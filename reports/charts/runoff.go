package charts

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// runoffChart is chart 8: the winner's share in every poll of the last
// round whose fieldwork began after the previous round, dated by the middle
// of fieldwork as in the campaign chart, against the official result marked
// on election day. One panel: in a two-candidate run-off the loser's share
// is 100 minus the winner's, and a second panel would mirror the first.
// Dated share figures of other families are overlaid with their markers.
// The days of the publication ban are shaded.
func runoffChart(d *Data, l locale.Lang) (*Chart, error) {
	e := d.Dataset.Election
	if len(e.Rounds) < 2 {
		return nil, errors.New(l.T("runoff.none"))
	}
	last, prev := e.Rounds[len(e.Rounds)-1], e.Rounds[len(e.Rounds)-2]
	out, err := scoring.NationalOutcome(d.Dataset.Results, e, last.Number)
	if err != nil {
		return nil, err
	}
	id := out.Order[0] // the winner
	from, _ := dateOf(prev.Date)
	blackout, _ := dateOf(last.BlackoutFrom)

	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "series", "source_name", "family", "snapshot", "field_start", "field_end", "published", "mid_field", "n", "value", "result", "source_url"}}
	families := map[sources.Family]bool{}
	snaps := scoring.Snapshots(d.Dataset.Figures)
	cand := d.candidate(id, l)
	result := out.Shares[id]
	p := newPlot()
	p.Add(plotter.NewGrid())
	p.Add(banBand(dayNumber(blackout)-0.5, dayNumber(out.Date)+0.5, banLegend(l, last)))
	p.Add(hrule{result, draw.LineStyle{Color: cand.colour, Width: 1, Dashes: []vg.Length{4, 2}}})
	p.Add(hrule{50, draw.LineStyle{Color: grey, Width: 0.8}})
	xys := map[sources.Family]plotter.XYs{}
	polls := []float64{}
	for i := range snaps {
		s := &snaps[i]
		day, dated := s.Date()
		v, ok := s.Values[id]
		if s.Round != last.Number || !s.Forecast || !dated || !ok || day.Before(from) || !day.Before(out.Date) ||
			(s.Family == sources.Poll && s.FieldStart < prev.Date) || !sources.IsShare(s.Measure) {
			continue
		}
		mid := midField(s, day)
		xys[s.Family] = append(xys[s.Family], plotter.XY{X: mid, Y: v})
		families[s.Family] = true
		if s.Family == sources.Poll {
			polls = append(polls, v)
		}
		cr.add(s.Family, s.Series, s.SourceURL)
		n, _ := s.N()
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(last.Number), id, cand.name, s.Series, s.SourceName, string(s.Family), s.Snapshot,
			s.FieldStart, s.FieldEnd, s.Published, dayTime(mid).Format(time.DateOnly), num(n), num(v), num(result), s.SourceURL})
	}
	if len(polls) == 0 {
		return nil, fmt.Errorf("no poll of round %d began after round %d", last.Number, prev.Number)
	}
	addByFamily(p, xys, cand.colour)
	res, _ := plotter.NewScatter(plotter.XYs{{X: dayNumber(out.Date), Y: result}})
	res.GlyphStyle = glyph(marker{square, false}, cand.colour, 4.5)
	p.Add(res)
	p.X.Min, p.X.Max = dayNumber(from)-0.5, dayNumber(out.Date)+0.7
	p.X.Tick.Marker = dateTicks{lang: l}
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Label.Text = l.T("runoff.y", cand.name)
	p.Y.Min, p.Y.Max = math.Min(p.Y.Min, 50)-1, p.Y.Max+1
	legend := []legendEntry{{l.T("family.poll"), []plot.Thumbnailer{glyphThumb{glyph(familyMarker(sources.Poll), grey, 3)}}}}
	for _, f := range sources.Families {
		if families[f] && f != sources.Poll {
			legend = append(legend, legendEntry{l.T("family." + string(f)), []plot.Thumbnailer{glyphThumb{glyph(familyMarker(f), grey, 3)}}})
		}
	}
	legend = append(legend,
		legendEntry{l.T("legend.result"), []plot.Thumbnailer{glyphThumb{glyph(marker{square, false}, grey, 4)}, lineThumb{draw.LineStyle{Color: grey, Width: 1, Dashes: []vg.Length{4, 2}}}}})
	lo, hi := slices.Min(polls), slices.Max(polls)
	fig := &figure{
		title:    l.T("finding.runoff", cand.name, l.Percent(lo, 0), l.Percent(hi, 0), l.Percent(result, 2)),
		subtitle: l.T("runoff.subtitle", upperFirst(l.Round(last.Number)), l.Date(out.Date), l.Round(prev.Number), l.Date(from), cand.name),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		source:   cr.line(l),
		height:   6 * vg.Centimeter,
	}
	return &Chart{Kind: Runoff, Title: fig.title, Caption: l.T("runoff.caption"), Table: tab, fig: fig}, nil
}

package charts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/sources"
)

// campaignChart is chart 3: every poll of the round as a point per
// candidate (at the middle of its fieldwork, when opinion was measured),
// the poll average with its 95 % band (quota.Diagnose's smoothed
// consensus), every dated share figure of the other families with one
// marker per series, and the official result on election day. It starts on
// the first day of the month of the first poll.
func campaignChart(d *Data, l locale.Lang) (*Chart, error) {
	dg := d.Polls
	if dg == nil {
		return nil, fmt.Errorf("no poll average: %v", d.PollsErr)
	}
	out := dg.Outcome
	if len(dg.Polls) == 0 {
		return nil, fmt.Errorf("no poll of round %d", out.Round)
	}
	firstDay := dg.Polls[0].Mid
	for _, p := range dg.Polls {
		firstDay = min(firstDay, p.Mid)
	}
	first := dayTime(firstDay)
	from := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	round, _ := d.Dataset.Election.Round(out.Round)
	blackout, _ := dateOf(round.BlackoutFrom)
	ids := d.Final.Set

	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "kind", "series", "snapshot", "day", "value", "low", "high", "n", "source_url"}}
	p := newPlot()
	p.Add(plotter.NewGrid())
	p.Add(vband{dayNumber(blackout) - 0.5, dayNumber(out.Date) + 0.5, fade(grey, 0.15)})

	// Bands first, so that no band hides another candidate's line or polls.
	for _, id := range ids {
		cand := d.candidate(id, l)
		var upper, lower plotter.XYs
		for _, a := range dg.Average {
			if a.Candidate != id {
				continue
			}
			day, _ := dateOf(a.Day)
			upper = append(upper, plotter.XY{X: dayNumber(day), Y: a.High})
			lower = append(lower, plotter.XY{X: dayNumber(day), Y: a.Low})
		}
		if len(upper) < 2 {
			continue
		}
		slices.Reverse(lower)
		band, _ := plotter.NewPolygon(append(upper, lower...))
		band.Color = fade(cand.colour, 0.25)
		band.LineStyle.Width = 0
		p.Add(band)
	}
	// Polls, faded, under the averages.
	for _, id := range ids {
		cand := d.candidate(id, l)
		var xys plotter.XYs
		for _, poll := range dg.Polls {
			v, ok := poll.Values[id]
			if !ok {
				continue
			}
			xys = append(xys, plotter.XY{X: poll.Mid, Y: v})
			cr.add(sources.Poll, poll.Series, poll.SourceURL)
			tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, "poll", poll.Series, poll.Snapshot.Snapshot,
				quota.DayString(poll.Mid), num(v), "", "", num(poll.N), poll.SourceURL})
		}
		if len(xys) > 0 {
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = glyph(marker{circle, false}, fade(cand.colour, 0.55), 2.2)
			p.Add(sc)
		}
	}
	var legend []legendEntry
	for _, id := range ids {
		cand := d.candidate(id, l)
		var line plotter.XYs
		for _, a := range dg.Average {
			if a.Candidate == id {
				day, _ := dateOf(a.Day)
				line = append(line, plotter.XY{X: dayNumber(day), Y: a.Level})
				tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, "average", quota.AverageSource, "", a.Day,
					num(a.Level), num(a.Low), num(a.High), "", ""})
			}
		}
		if len(line) > 1 {
			ln, _ := plotter.NewLine(line)
			ln.LineStyle = draw.LineStyle{Color: cand.colour, Width: 2}
			p.Add(ln)
		}
		legend = append(legend, legendEntry{cand.name, []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: cand.colour, Width: 2}}}})
	}
	// Dated share figures of the other families: one marker per series.
	bySeries := map[string][]*scoring.Snapshot{}
	var series []string
	snaps := scoring.Snapshots(d.Dataset.Figures)
	for i := range snaps {
		s := &snaps[i]
		day, dated := s.Date()
		if s.Round != out.Round || s.Family == sources.Poll || !s.Forecast || !dated || !sources.IsShare(s.Measure) ||
			day.Before(from) || day.After(out.Date) {
			continue
		}
		if bySeries[s.Series] == nil {
			series = append(series, s.Series)
		}
		bySeries[s.Series] = append(bySeries[s.Series], s)
	}
	slices.SortFunc(series, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(bySeries[b]), len(bySeries[a])), cmp.Compare(a, b))
	})
	for k, name := range series {
		m := markers[k%len(markers)]
		for _, id := range ids {
			cand := d.candidate(id, l)
			var xys plotter.XYs
			for _, s := range bySeries[name] {
				v, ok := s.Values[id]
				if !ok {
					continue
				}
				day, _ := s.Date()
				xys = append(xys, plotter.XY{X: dayNumber(day), Y: v})
				cr.add(s.Family, s.Series, s.SourceURL)
				tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, string(s.Family), s.Series, s.Snapshot,
					day.Format(time.DateOnly), num(v), "", "", "", s.SourceURL})
			}
			if len(xys) > 1 {
				ln, _ := plotter.NewLine(xys)
				ln.LineStyle = draw.LineStyle{Color: fade(cand.colour, 0.7), Width: 0.7, Dashes: []vg.Length{2, 2}}
				p.Add(ln)
			}
			if len(xys) > 0 {
				sc, _ := plotter.NewScatter(xys)
				sc.GlyphStyle = glyph(m, cand.colour, 3)
				p.Add(sc)
			}
		}
		s0 := bySeries[name][0]
		legend = append(legend, legendEntry{SeriesLabel(s0.Source, s0.SourceName, name), []plot.Thumbnailer{glyphThumb{glyph(m, grey, 3)}}})
	}
	// The result, named at the right of election day.
	var names []label
	for _, id := range ids {
		cand := d.candidate(id, l)
		v := out.Shares[id]
		res, _ := plotter.NewScatter(plotter.XYs{{X: dayNumber(out.Date), Y: v}})
		res.GlyphStyle = glyph(marker{square, false}, cand.colour, 4)
		p.Add(res)
		names = append(names, label{dayNumber(out.Date), v, cand.name + " " + l.Percent(v, 2), 8, 0})
	}
	nsty := style(boldFont, noteSize, ink)
	nsty.YAlign = draw.YCenter
	var pad vg.Length
	for _, n := range names {
		pad = max(pad, nsty.Width(n.text)+12)
	}
	p.Add(labels{items: names, sty: nsty, repel: true})
	legend = append(legend,
		legendEntry{l.T("legend.polls"), []plot.Thumbnailer{glyphThumb{glyph(marker{circle, false}, grey, 2.2)}}},
		legendEntry{l.T("legend.band"), []plot.Thumbnailer{boxThumb{fade(grey, 0.25)}}},
		legendEntry{l.T("legend.result"), []plot.Thumbnailer{glyphThumb{glyph(marker{square, false}, grey, 4)}}},
		legendEntry{l.T("legend.ban"), []plot.Thumbnailer{boxThumb{fade(grey, 0.15)}}})
	p.X.Min, p.X.Max = dayNumber(from), dayNumber(out.Date)+1
	p.X.Tick.Marker = dateTicks{l}
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Label.Text = l.T("axis.share")
	fig := &figure{
		title:    l.T("campaign.title", roundTitle(l, out)),
		subtitle: l.T("campaign.subtitle", l.Date(from)),
		panels:   [][]*plot.Plot{{p}},
		legend:   legend,
		source:   cr.line(l),
		height:   12 * vg.Centimeter,
		padRight: pad,
	}
	return &Chart{Kind: Campaign, Title: fig.title, Caption: l.T("campaign.caption"), Table: tab, fig: fig}, nil
}

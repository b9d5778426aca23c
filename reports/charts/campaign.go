package charts

import (
	"cmp"
	"fmt"
	"image/color"
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
	"forecast/scoring/quota"
	"forecast/sources"
)

// campaignChart is chart 3: every poll of the round as a point per
// candidate (at the middle of its fieldwork, when opinion was measured),
// the poll average with its 95 % band (quota.Diagnose's smoothed
// consensus), every dated share figure of the other families with one
// marker per series, and the official result on election day. Polls of
// hypotheses that did not happen (see hypotheses) are drawn as light rings
// under the rest: they show where the candidates stood before the ballot
// was known, and neither the average nor the scores use them. The chart
// starts on Data.CampaignStart; the y axis is padded so that no result
// square or label touches its ends.
func campaignChart(d *Data, l locale.Lang) (*Chart, error) {
	dg, err := d.Polls()
	if err != nil {
		return nil, fmt.Errorf("no poll average: %v", err)
	}
	out := dg.Outcome
	if len(dg.Polls) == 0 {
		return nil, fmt.Errorf("no poll of round %d", out.Round)
	}
	from := d.CampaignStart()
	start := dayNumber(from)
	round, _ := d.Dataset.Election.Round(out.Round)
	blackout, _ := dateOf(round.BlackoutFrom)
	ids := d.Final.Set
	snaps := scoring.Snapshots(d.Dataset.Figures)

	cr := newCredits(out.SourceURL)
	tab := Table{Header: []string{"round", "candidate", "candidate_name", "kind", "series", "snapshot", "day", "value", "low", "high", "n", "source_url"}}
	p := newPlot()
	p.Add(plotter.NewGrid())
	p.Add(banBand(dayNumber(blackout)-0.5, dayNumber(out.Date)+0.5, banLegend(l, round)))

	// Hypotheses first: they are the background of the campaign.
	var hyps []pollPoint
	for _, h := range d.hypotheses(snaps) {
		if h.mid >= start {
			hyps = append(hyps, h)
		}
	}
	for _, id := range ids {
		cand := d.candidate(id, l)
		var xys plotter.XYs
		for _, h := range hyps {
			v := h.Values[id]
			xys = append(xys, plotter.XY{X: h.mid, Y: v})
			cr.add(sources.Poll, h.Series, h.SourceURL)
			n, _ := h.N()
			tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, "hypothesis", h.Series, h.Snapshot.Snapshot,
				quota.DayString(h.mid), num(v), "", "", num(n), h.SourceURL})
		}
		if len(xys) > 0 {
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = hypothesisGlyph(cand.colour)
			p.Add(sc)
		}
	}
	// Then the bands, so that no band hides another candidate's line or polls.
	for _, id := range ids {
		cand := d.candidate(id, l)
		var upper, lower plotter.XYs
		for _, a := range dg.Average {
			day, _ := dateOf(a.Day)
			if a.Candidate != id || day.Before(from) {
				continue
			}
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
			if !ok || poll.Mid < start {
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
	var legend, named []legendEntry
	averaged := false // whether any candidate has a poll average to draw
	for _, id := range ids {
		cand := d.candidate(id, l)
		var line plotter.XYs
		for _, a := range dg.Average {
			if day, _ := dateOf(a.Day); a.Candidate == id && !day.Before(from) {
				line = append(line, plotter.XY{X: dayNumber(day), Y: a.Level})
				tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, "average", quota.AverageSource, "", a.Day,
					num(a.Level), num(a.Low), num(a.High), "", ""})
			}
		}
		if len(line) < 2 { // no average: the candidate's colour is that of its polls
			named = append(named, legendEntry{label: cand.name, thumbs: []plot.Thumbnailer{glyphThumb{glyph(marker{circle, false}, cand.colour, 2.2)}}})
			continue
		}
		averaged = true
		ln, _ := plotter.NewLine(line)
		ln.LineStyle = draw.LineStyle{Color: cand.colour, Width: 2}
		p.Add(ln)
		named = append(named, legendEntry{label: cand.name, thumbs: []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: cand.colour, Width: 2}}}})
	}
	// Dated share figures of the other families: one marker per series.
	bySeries := map[string][]*scoring.Snapshot{}
	var series []string
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
				ln.LineStyle = draw.LineStyle{Color: fade(cand.colour, 0.45), Width: 0.7, Dashes: []vg.Length{2, 2}}
				p.Add(ln)
			}
			if len(xys) > 0 {
				sc, _ := plotter.NewScatter(xys)
				sc.GlyphStyle = glyph(m, fade(cand.colour, 0.7), 3) // lighter than the polls' average: buzz is the backdrop
				p.Add(sc)
			}
		}
		s0 := bySeries[name][0]
		legend = append(legend, legendEntry{label: Label(d.Dataset.Election, l, s0.Source, s0.SourceName, name), thumbs: []plot.Thumbnailer{glyphThumb{glyph(m, grey, 3)}}})
	}
	// The result, named at the right of election day; where the names do
	// not fit (endNames), the result alone, and the legend names the lines.
	var names []label
	var short []string
	for _, id := range ids {
		cand := d.candidate(id, l)
		v := out.Shares[id]
		res, _ := plotter.NewScatter(plotter.XYs{{X: dayNumber(out.Date), Y: v}})
		res.GlyphStyle = glyph(marker{square, false}, cand.colour, 4)
		p.Add(res)
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(out.Round), id, cand.name, "result", "", "", out.Date.Format(time.DateOnly),
			num(v), "", "", "", out.SourceURL})
		names = append(names, label{dayNumber(out.Date), v, cand.name + " " + l.Percent(v, 2), 8, 0})
		short = append(short, l.Percent(v, 2))
	}
	nsty := style(boldFont, noteSize, ink)
	nsty.YAlign = draw.YCenter
	var pad, padNarrow vg.Length
	for i, n := range names {
		pad = max(pad, nsty.Width(n.text)+12)
		padNarrow = max(padNarrow, nsty.Width(short[i])+12)
	}
	p.Add(labels{items: names, sty: nsty, repel: true, short: short})
	// The subtitle, not the legend, says what the dots, rings, band and
	// squares are: the legend keeps the buzz series, and the candidates
	// where the end labels do not name them, so that it fits one row at
	// article width.
	polls := l.T("campaign.subtitle.polls", l.Date(from))
	var notes []string
	if len(hyps) > 0 {
		polls = l.T("campaign.subtitle.hypotheses", l.Date(from))
		notes = append(notes, l.T("campaign.note.hypotheses"))
	}
	buzz, caption := "", l.T("campaign.caption.polls")
	if len(series) > 0 {
		buzz, caption = l.T("campaign.subtitle.buzz"), l.T("campaign.caption")
	}
	subtitle := "campaign.subtitle"
	if !averaged {
		subtitle, caption = "campaign.subtitle.noaverage", l.T("campaign.caption.noaverage")
	}
	p.X.Min, p.X.Max = start, dayNumber(out.Date)+1
	padShares(p)
	p.X.Tick.Marker = dateTicks{lang: l}
	p.Y.Tick.Marker = numberTicks{lang: l}
	p.Y.Label.Text = l.T("axis.share")
	fig := &figure{
		title:     campaignFinding(d, l, dg.Average, out),
		subtitle:  l.T(subtitle, upperFirst(d.RoundTitle(l, out)), polls, buzz),
		panels:    [][]*plot.Plot{{p}},
		legend:    legend,
		named:     named,
		notes:     notes,
		source:    cr.line(l),
		height:    7 * vg.Centimeter,
		padRight:  pad,
		padNarrow: padNarrow,
	}
	return &Chart{Kind: Campaign, Title: fig.title, Caption: caption, Table: tab, fig: fig}, nil
}

// CampaignStart is the first day of the campaign chart: Config.From when it
// is set. Otherwise it is a week before the earliest poll
// the chart draws — a poll of the average, or a hypothesis that did not
// happen that measured every candidate charted (see hypotheses) — but no
// earlier than the first day of the third month before the month of the
// election's first round (1 January for a first round in April), nor, for a
// later round, than the previous round's day. Hypotheses can go back years,
// to before anyone had declared: the campaign would be squeezed into the
// chart's last inches. The polls of a later round that the average uses
// began on or after the previous round's day (quota.NewCampaign), which the
// first of its month would precede by weeks of empty chart.
func (d *Data) CampaignStart() time.Time {
	const campaignLead = 7 // days of room before the first poll: its mark and band stand clear of the axis
	if !d.Config.From.IsZero() {
		return d.Config.From
	}
	first := math.Inf(1)
	if dg, err := d.Polls(); err == nil {
		for _, p := range dg.Polls {
			first = min(first, p.Mid)
		}
	}
	for _, h := range d.hypotheses(scoring.Snapshots(d.Dataset.Figures)) {
		first = min(first, h.mid)
	}
	if math.IsInf(first, 1) {
		first = dayNumber(d.Final.Outcome.Date)
	}
	start := dayTime(math.Floor(first)).AddDate(0, 0, -campaignLead)
	var vote, previous time.Time
	for _, r := range d.Dataset.Election.Rounds {
		t, err := dateOf(r.Date)
		if err != nil {
			continue
		}
		if vote.IsZero() || t.Before(vote) {
			vote = t
		}
		if r.Number < d.Final.Outcome.Round && t.After(previous) {
			previous = t
		}
	}
	earliest := time.Date(vote.Year(), vote.Month()-3, 1, 0, 0, 0, 0, time.UTC)
	if previous.After(earliest) {
		earliest = previous
	}
	if start.Before(earliest) {
		return earliest
	}
	return start
}

// pollPoint is a poll snapshot placed on a time axis.
type pollPoint struct {
	*scoring.Snapshot
	mid float64 // the middle of its fieldwork, in days (dayNumber)
}

// hypotheses returns the polls of the charted round that measured a
// hypothesis that did not happen — poll snapshots kept but not forecasts,
// as importers mark a hypothesis whose candidates were not the round's
// ballot — with a share for every candidate charted, dated by the middle of
// their fieldwork (or their date when the start is unknown), up to election
// day, in order of that day, then of snapshot id.
func (d *Data) hypotheses(snaps []scoring.Snapshot) []pollPoint {
	out := d.Final.Outcome
	var hyps []pollPoint
	for i := range snaps {
		s := &snaps[i]
		end, dated := s.Date()
		if s.Family != sources.Poll || s.Forecast || s.Round != out.Round || !dated || !end.Before(out.Date) || !sources.IsShare(s.Measure) ||
			slices.ContainsFunc(d.Final.Set, func(id string) bool { _, ok := s.Values[id]; return !ok }) {
			continue
		}
		hyps = append(hyps, pollPoint{s, midField(s, end)})
	}
	slices.SortStableFunc(hyps, func(a, b pollPoint) int {
		return cmp.Or(cmp.Compare(a.mid, b.mid), cmp.Compare(a.Snapshot.Snapshot, b.Snapshot.Snapshot))
	})
	return hyps
}

// midField is the middle of a snapshot's fieldwork, in days (dayNumber),
// when opinion was measured: from its start to end, its date (the end of
// fieldwork, or publication); end alone when the start is unknown.
func midField(s *scoring.Snapshot, end time.Time) float64 {
	start := end
	if t, err := dateOf(s.FieldStart); err == nil {
		start = t
	}
	return (dayNumber(start) + dayNumber(end)) / 2
}

// hypothesisGlyph is the mark of a poll of a hypothesis that did not
// happen: a thin ring, lighter than a poll's dot, that hides nothing under
// it.
func hypothesisGlyph(c color.Color) draw.GlyphStyle {
	return glyph(marker{ring, false}, fade(c, 0.5), 2.2)
}

// padShares widens the y range of a chart of shares by a twentieth of its
// span at each end (never below 0), so that the marks and labels at the
// extremes — a result below every poll — stand clear of the axes.
func padShares(p *plot.Plot) {
	pad := (p.Y.Max - p.Y.Min) / 20
	p.Y.Min, p.Y.Max = max(0, p.Y.Min-pad), p.Y.Max+pad
}

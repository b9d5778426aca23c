// Package report builds the report of 'forecast report': every chart in
// PNG, SVG and PDF, the CSV table behind each, a self-contained index.html
// (inline CSS, the SVG charts inline, the fonts embedded and cut down to
// the page's glyphs, no request to any network) and the same content in
// report.md.
//
// The page, and report.md, show a table of contents (report.md's links
// made with the anchors GitHub gives its headings: markdownContents), the
// leaderboard, the charts with how to read them, a summary in plain
// language, the methodology and conventions, and the provenance of every
// figure with a link to the page it was published on (collapsed, and in
// tables/snapshots.csv). It is laid
// out for phones as well as for screens: each chart inline twice, at the
// report's width and at NarrowWidth, CSS showing one; wide tables scroll in
// their box (TestBrowser checks it in Chromium at 320 to 1280 px).
// Every string that comes from the data is escaped (html/template for the
// page, markdownText for report.md): a pollster named "<script>" is shown
// as text.
//
// The same data and options give byte-identical files, and WriteDir writes
// a report whole or not at all.
package report

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot/vg"

	"forecast/reports"
	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/reports/safe"
	"forecast/scoring"
	"forecast/scoring/quota"
	"forecast/scoring/races"
	"forecast/scoring/selection"
	"forecast/sources"
)

// Options choose the language of a report and the size of its images.
type Options struct {
	Lang  locale.Lang
	Image charts.Options // width, height and dpi; every format is written
	// Races, when it sets several races side by side, adds the section
	// "Races": it is analysed on the whole dataset (scoring/races), while
	// the rest of the report is built on the race of the charts' Data.
	Races *races.Analysis
}

// File is one file of a report, its name relative to the report's directory.
type File struct {
	Name string
	Data []byte
}

// page is what index.html and report.md show, in the report's language.
type page struct {
	Lang           locale.Lang
	T              func(key string, args ...any) string
	Title          string
	Subtitle       string
	Result         []resultRow
	ResultBasis    string // what the shares are: computed from counts, or as published
	ResultSource   string
	Summary        []string
	SummaryNote    string   // the rows the summary could not rank, in one footnote
	Diagnostics    []string // the poll and buzz diagnostics, in plain words
	Board          board
	Charts         []chartSection
	Races          *racesSection // the section on races, when Options.Races sets several side by side
	Method         []string
	Provenance     []string // how the dataset was built, as its election.json says
	Snapshots      []snapshotRow
	SnapshotsCount string   // how many, in words of the language
	SnapshotsCSV   string   // the file of the snapshots, with the data's ids
	Tables         []string // CSV files of the report
}

type resultRow struct{ Name, Party, Share string }

// board is the leaderboard as text cells, with a link per row.
type board struct {
	Head  []string
	Left  []bool // the columns of text, aligned left
	Rows  [][]string
	Links []string // each row's source URL
	Notes []string
}

type chartSection struct {
	Kind, Title, Caption string
	SVG                  []byte // inline, from the chart's SVG file
	NarrowSVG            []byte // inline, the chart laid out at NarrowWidth, shown on phones
	Files                []string
	Unavailable          string // why the chart could not be drawn
}

type snapshotRow struct {
	Snapshot, Round, Family, Series, Date, N, URL string
	snap                                          *scoring.Snapshot
	day                                           string // the date as in the data, to sort on
}

// Build draws every chart of d and returns every file of the report, in
// the order they are written.
func Build(d *charts.Data, o Options) ([]File, error) {
	l := o.Lang
	lb := d.Final
	p := &page{Lang: l, T: l.T}
	title := []rune(d.RoundTitle(l, lb.Outcome))
	p.Title = l.T("report.title", strings.ToUpper(string(title[:1]))+string(title[1:]))
	p.Subtitle = l.T("report.subtitle", setNames(d, l))
	if !slices.ContainsFunc(lb.Rows, func(r scoring.Row) bool { return r.Family == sources.Buzz }) {
		p.Subtitle = l.T("report.subtitle.polls", setNames(d, l))
	}
	p.Result, p.ResultSource = result(d, l)
	p.ResultBasis = l.T("report.resultsource")
	if !lb.Outcome.Counted {
		p.ResultBasis = l.T("report.resultsource.shares")
	}
	p.Summary, p.SummaryNote = summary(d, l)
	p.Diagnostics = diagnostics(d, l)
	p.Board = leaderboard(d, l)
	p.Method = method(d, l)
	p.Provenance = d.Dataset.Election.Provenance
	var files []File
	for _, c := range drawAll(d, o) {
		if c.err != nil {
			return nil, c.err
		}
		files = append(files, c.files...)
		if c.table != "" {
			p.Tables = append(p.Tables, c.table)
		}
		p.Charts = append(p.Charts, c.sec)
	}
	rs, rc, err := racesPart(o.Races, o)
	if err != nil {
		return nil, err
	}
	if rs != nil {
		p.Races = rs
		files = append(files, rc.files...)
		p.Tables = append(p.Tables, rc.table)
	}
	for _, t := range []struct {
		name   string
		detail bool
	}{{"tables/scores.csv", false}, {"tables/scores-detail.csv", true}} {
		var buf bytes.Buffer
		if err := reports.WriteCSV(&buf, lb, t.detail); err != nil {
			return nil, err
		}
		files = append(files, File{t.name, buf.Bytes()})
		p.Tables = append(p.Tables, t.name)
	}
	p.Snapshots = snapshots(d, l)
	p.SnapshotsCount = l.Number(float64(len(p.Snapshots)), 0)
	p.SnapshotsCSV = "tables/snapshots.csv"
	var csv bytes.Buffer
	if err := writeSnapshots(&csv, p.Snapshots); err != nil {
		return nil, err
	}
	files = append(files, File{p.SnapshotsCSV, csv.Bytes()})
	p.Tables = append(p.Tables, p.SnapshotsCSV)
	html, err := renderHTML(p)
	if err != nil {
		return nil, err
	}
	md, err := renderMarkdown(p)
	if err != nil {
		return nil, err
	}
	return append(files, File{"index.html", html}, File{"report.md", md}), nil
}

// drawn is one chart of the report, drawn in every format.
type drawn struct {
	sec   chartSection
	files []File // its images and its table
	table string // the name of its table
	err   error
}

// drawAll draws every kind of chart the election can have (kinds), in the
// order of charts.Kinds, as many at a time as there are processors:
// drawing the charts is most of the time of a report, and each is drawn
// from d, which drawing does not change, into buffers of its own.
func drawAll(d *charts.Data, o Options) []drawn {
	ks := kinds(d.Dataset.Election)
	out := make([]drawn, len(ks))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, kind := range ks {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			out[i] = draw(kind, d, o)
		})
	}
	wg.Wait()
	return out
}

// kinds are the chart kinds of the report of e: every kind, but the run-off
// where the election is decided in a single round (the report has no
// section for a round that does not exist; 'forecast chart runoff' says why).
func kinds(e *sources.Election) []charts.Kind {
	if !e.OneRound() {
		return charts.Kinds
	}
	return slices.DeleteFunc(slices.Clone(charts.Kinds), func(k charts.Kind) bool { return k == charts.Runoff })
}

// draw draws one kind of chart in every format, at the report's width and
// at NarrowWidth for the page, with the table behind it; a chart the data
// do not allow is a section that says why.
func draw(kind charts.Kind, d *charts.Data, o Options) drawn {
	l := o.Lang
	ch, err := charts.Build(kind, d, l)
	if err != nil {
		return drawn{sec: chartSection{Kind: string(kind), Title: l.T("report.chart." + string(kind)), Unavailable: err.Error()}}
	}
	return drawChart(ch, o)
}

// drawChart draws a chart built in every format, at the report's width and
// at NarrowWidth for the page, with the table behind it.
func drawChart(ch *charts.Chart, o Options) drawn {
	kind := ch.Kind
	c := drawn{sec: chartSection{Kind: string(kind), Title: ch.Title, Caption: ch.Caption}}
	for _, format := range charts.Formats {
		var buf bytes.Buffer
		opt := o.Image
		opt.Format = format
		if err := ch.Write(&buf, opt); err != nil {
			c.err = fmt.Errorf("chart %s in %s: %w", kind, format, err)
			return c
		}
		name := "charts/" + string(kind) + "." + format
		c.files = append(c.files, File{name, buf.Bytes()})
		c.sec.Files = append(c.sec.Files, name)
		if format == "svg" {
			c.sec.SVG = inlineSVG(buf.Bytes(), ch.Title, wideZoom)
		}
	}
	var narrow bytes.Buffer
	if err := ch.Write(&narrow, charts.Options{Format: "svg", Width: NarrowWidth}); err != nil {
		c.err = fmt.Errorf("chart %s for phones: %w", kind, err)
		return c
	}
	c.sec.NarrowSVG = inlineSVG(narrow.Bytes(), ch.Title, 0)
	var csv bytes.Buffer
	if err := ch.WriteCSV(&csv); err != nil {
		c.err = err
		return c
	}
	c.table = "tables/" + string(kind) + ".csv"
	c.files = append(c.files, File{c.table, csv.Bytes()})
	c.sec.Files = append(c.sec.Files, c.table)
	return c
}

// NarrowWidth is the width of the charts the page shows on phones: 240 pt,
// 320 CSS px (8.5 cm), the narrowest phone, where they are shown at their
// natural size; wider phones enlarge them up to 430 px.
const NarrowWidth vg.Length = 240 // points

// wideZoom is how much larger than its natural size the page may show a
// wide chart, on a screen wider than the chart: its 12.5 pt title is then
// 21 px, below the 24 px of the section headings, and its 7 pt notes 11.7
// px.
const wideZoom = 1.25

// svgWidth reads the width of vgsvg's root element, in points.
var svgWidth = regexp.MustCompile(`^<svg width="([0-9.]+)pt"`)

// inlineSVG prepares a chart's SVG file to sit inside the page: without
// its XML prologue, labelled by the chart's title (escaped) for screen
// readers, as the caption below it does not repeat the title the chart
// draws. With zoom > 0, the chart is shown at most zoom times its natural
// size.
func inlineSVG(svg []byte, title string, zoom float64) []byte {
	i := bytes.Index(svg, []byte("<svg "))
	if i < 0 {
		return nil
	}
	svg = svg[i:]
	out := []byte(`<svg class="chart" role="img" aria-label="` + template.HTMLEscapeString(title) + `" `)
	if m := svgWidth.FindSubmatch(svg); m != nil && zoom > 0 {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		out = fmt.Appendf(out, `style="max-width:%spt" `, strconv.FormatFloat(w*zoom, 'f', 2, 64))
	}
	return append(out, svg[len("<svg "):]...)
}

// setNames lists the candidates scored, by name.
func setNames(d *charts.Data, l locale.Lang) string {
	var names []string
	for _, id := range d.Final.Set {
		names = append(names, candidateName(d, id))
	}
	return strings.Join(names, ", ")
}

func candidateName(d *charts.Data, id string) string {
	if c, ok := d.Dataset.Election.Candidate(id); ok {
		return c.Name
	}
	return id
}

// result lists the official result of the round, every candidate.
func result(d *charts.Data, l locale.Lang) ([]resultRow, string) {
	out := d.Final.Outcome
	var rows []resultRow
	for _, id := range out.Order {
		c, _ := d.Dataset.Election.Candidate(id)
		rows = append(rows, resultRow{cmp.Or(c.Name, id), c.Party, l.Percent(out.Shares[id], 2)})
	}
	return rows, out.SourceURL
}

// label names a row's series as the charts do (seriesName).
func label(d *charts.Data, l locale.Lang, r *scoring.Row) string {
	return seriesName(d, l, r.Source, r.SourceName, r.Series)
}

// seriesName names a series for readers as the charts do: every name of a
// series on the page and in report.md comes from here.
func seriesName(d *charts.Data, l locale.Lang, source, sourceName, series string) string {
	return charts.Label(d.Dataset.Election, l, source, sourceName, series)
}

// summary says in plain words what the leaderboard found, ranking by the
// mean absolute error in points whatever the table's order (B_w, unitless,
// belongs to the methods): the forecast closest to the result, the range of
// errors of each family, whether the intervals make the table's order a
// ranking (docs/METHODS.md §10.3), and how many polls and buzz series called
// the winner and, when a round follows, the qualifiers, with the MAE rank of
// each family's best. The rows with no MAE go to one footnote, returned
// apart. It counts; it computes no new measure.
func summary(d *charts.Data, l locale.Lang) (out []string, note string) {
	lb := d.Final
	byMAE := maeOrder(lb)
	if len(byMAE) > 0 {
		r := &lb.Rows[byMAE[0]]
		out = append(out, l.T("summary.best", l.Of(label(d, l, r)), l.T("family1."+string(r.Family)), l.Points(r.MAE, 2)))
	}
	for _, f := range sources.Families {
		lo, hi, n := math.Inf(1), math.Inf(-1), 0
		for _, i := range byMAE {
			if r := &lb.Rows[i]; r.Family == f {
				lo, hi, n = min(lo, r.MAE), max(hi, r.MAE), n+1
			}
		}
		switch {
		case n == 1:
			out = append(out, l.T("summary.range1."+string(f), l.Points(lo, 2)))
		case n > 1:
			out = append(out, l.T("summary.range."+string(f), l.Number(lo, 2), l.Points(hi, 2)))
		}
	}
	out = append(out, verdict(d, l)...)
	for _, f := range sources.Families {
		var n, winner, top2, top2n int
		best := 0
		for rank, i := range byMAE {
			if lb.Rows[i].Family == f {
				best = rank + 1
				break
			}
		}
		for i := range lb.Rows {
			r := &lb.Rows[i]
			if r.Family != f {
				continue
			}
			if !math.IsNaN(r.WinnerOK) {
				n++
				if r.WinnerOK == 1 {
					winner++
				}
			}
			if !math.IsNaN(r.Top2OK) {
				top2n++
				if r.Top2OK == 1 {
					top2++
				}
			}
		}
		if n == 0 {
			continue
		}
		s := l.Count(winner, "summary.winner."+string(f), winner, n)
		if top2n > 0 {
			s += " " + l.Count(top2, "summary.top2", top2, top2n)
		}
		if best > 0 {
			s += " " + l.T("summary.rank."+string(f), l.Ordinal(best, f == sources.Model))
		}
		out = append(out, s)
	}
	var unscored []string
	for i := range lb.Rows {
		if r := &lb.Rows[i]; math.IsNaN(r.MAE) {
			unscored = append(unscored, label(d, l, r))
		}
	}
	if len(unscored) > 0 {
		note = l.T("summary.unscored", strings.Join(unscored, ", "))
	}
	return out, note
}

// maeOrder returns the indices of the leaderboard's rows that have a mean
// absolute error, smallest first (ties in the table's order).
func maeOrder(lb *scoring.Leaderboard) []int {
	var idx []int
	for i := range lb.Rows {
		if !math.IsNaN(lb.Rows[i].MAE) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(lb.Rows[a].MAE, lb.Rows[b].MAE) })
	return idx
}

// verdict says whether the leaderboard's order is a ranking beyond
// sampling error, from the rank bootstrap and the SRS intervals; nothing
// when there was no bootstrap.
func verdict(d *charts.Data, l locale.Lang) []string {
	lb := d.Final
	v := lb.Verdict()
	if v.Ranked < 2 {
		return nil
	}
	leader := label(d, l, &lb.Rows[v.LeaderRow])
	var out []string
	if v.Distinct {
		out = append(out, l.T("summary.distinct", leader, l.Percent(100*v.LeaderPBest, 0), l.Number(float64(v.Draws), 0), v.Ranked, v.WithinSRS))
	} else {
		out = append(out, l.T("summary.indistinct", l.Number(float64(v.Draws), 0), v.Ranked, leader, l.Percent(100*v.LeaderPBest, 0), v.WithinSRS))
	}
	if v.WithoutN > 0 {
		out = append(out, l.T("summary.nointerval", v.WithoutN))
	}
	return out
}

// leaderboard is the table of the final forecasts, numbers rounded for
// reading in the report's language.
func leaderboard(d *charts.Data, l locale.Lang) board {
	lb := d.Final
	b := board{Head: []string{"#", l.T("col.series"), l.T("col.mae"), l.T("col.family"), l.T("col.measure"), l.T("col.published"),
		l.T("col.lead"), "n", l.T("col.basis"), l.T("col.max"), l.T("col.margin"), l.T("col.winner"), "τ-b", "B_w", "χ²", "p",
		l.T("col.expected"), l.T("col.plusminus"), "p_srs", l.T("col.pbest"), l.T("col.rankci")}}
	b.Left = make([]bool, len(b.Head))
	for _, j := range []int{1, 3, 4, 5} { // series, family, measure, published
		b.Left[j] = true
	}
	for i := range lb.Rows {
		r := &lb.Rows[i]
		basis, rank := "–", "–"
		if r.NBasis != "" {
			basis = l.T("basis." + r.NBasis)
		}
		if !math.IsNaN(r.RankLo) {
			rank = l.Number(r.RankLo, 0) + "–" + l.Number(r.RankHi, 0)
		}
		b.Rows = append(b.Rows, []string{fmt.Sprint(i + 1), label(d, l, r), l.Number(r.MAE, 2), l.T("family1." + string(r.Family)), l.T("measure1." + string(r.Measure)),
			tableDate(r.Published, l), l.Number(r.LeadDays, 0), l.Number(r.N, 0), basis, l.Number(r.MaxAbsError, 2),
			l.Signed(r.MarginError, 2), l.Number(r.WinnerOK, 2), l.Number(r.KendallTau, 2), l.Number(r.Bw, 3), l.Number(r.Chi2, 2), pval(r.PValue, l),
			l.Number(r.ExpectedMAE, 2), l.Signed(r.PlusMinus, 2), pval(r.PSRS, l), l.Number(r.PBest, 2), rank})
		b.Links = append(b.Links, r.SourceURL)
	}
	b.Notes = []string{l.T("board.note")}
	return b
}

// pval writes a p-value in a table cell: three decimals, or "<0.001".
func pval(p float64, l locale.Lang) string {
	if p < 0.001 {
		return "<" + l.Number(0.001, 3)
	}
	return l.Number(p, 3)
}

// tableDate writes a day of the data (YYYY-MM-DD) for a table, in the
// report's language ("21 avr. 2017"); "unknown" when there is none, the
// text as it is when it is not a day.
func tableDate(day string, l locale.Lang) string {
	if day == "" {
		return l.T("unknown")
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return l.ShortDate(t)
}

// method is the methodology and the conventions, for the data at hand.
func method(d *charts.Data, l locale.Lang) []string {
	lb := d.Final
	round, _ := d.Dataset.Election.Round(lb.Outcome.Round)
	blackout, _ := time.Parse(time.DateOnly, round.BlackoutFrom)
	final := "method.final"
	if round.NoBlackout() {
		final = "method.final.noban"
	}
	order := "method.order.winner" // no round follows: no qualifiers
	if slices.ContainsFunc(lb.Rows, func(r scoring.Row) bool { return !math.IsNaN(r.Top2OK) }) {
		order = "method.order"
	}
	return []string{
		l.T("method.set", setNames(d, l), lb.Options.Candidates.String(), round.HeadlineReason),
		l.T(final, l.Date(blackout)),
		l.T("method.errors"),
		l.T("method.bias"),
		l.T("method.n"),
		l.T("method.volumes"),
		l.T(order),
		l.T("method.numbers"),
	}
}

// snapshots lists every snapshot the charts draw from (the round charted
// and the last round), with its source page: the provenance of every figure.
func snapshots(d *charts.Data, l locale.Lang) []snapshotRow {
	rounds := []int{d.Config.Round}
	if e := d.Dataset.Election; len(e.Rounds) > 1 && e.Rounds[len(e.Rounds)-1].Number != d.Config.Round {
		rounds = append(rounds, e.Rounds[len(e.Rounds)-1].Number)
	}
	var rows []snapshotRow
	all := scoring.Snapshots(d.Dataset.Figures)
	for i := range all {
		s := &all[i]
		if !slices.Contains(rounds, s.Round) {
			continue
		}
		date := cmp.Or(s.Published, s.FieldEnd, s.FieldMid) // the middle of fieldwork where a source gives only that
		n, _ := s.N()
		rows = append(rows, snapshotRow{s.Snapshot, fmt.Sprint(s.Round), l.T("family1." + string(s.Family)),
			seriesName(d, l, s.Source, s.SourceName, s.Series), tableDate(date, l), l.Number(n, 0), s.SourceURL, s, date})
	}
	slices.SortStableFunc(rows, func(a, b snapshotRow) int {
		return cmp.Or(cmp.Compare(a.Round, b.Round), cmp.Compare(a.Family, b.Family), cmp.Compare(a.Series, b.Series), cmp.Compare(a.day, b.day), cmp.Compare(a.Snapshot, b.Snapshot))
	})
	return rows
}

// writeSnapshots writes the snapshots of the provenance table as CSV, with
// the data's ids and numbers in full, every cell safe for a spreadsheet.
func writeSnapshots(w io.Writer, rows []snapshotRow) error {
	header := []string{"snapshot", "round", "family", "source", "series", "date", "n", "n_basis", "source_url"}
	var cells [][]string
	for _, r := range rows {
		s := r.snap
		n, basis := s.N()
		num := ""
		if !math.IsNaN(n) {
			num = strconv.FormatFloat(n, 'f', -1, 64)
		}
		cells = append(cells, []string{s.Snapshot, strconv.Itoa(s.Round), string(s.Family), s.Source, s.Series, r.day, num, basis, s.SourceURL})
	}
	return safe.WriteCSV(w, header, cells)
}

// diagnostics says in plain words what the poll and buzz diagnostics found,
// where the data allowed them: how often the result fell within the final
// polls' margins and how their errors compare with sampling alone
// (quota.Diagnose), whether the final polls agreed more, or disagreed
// more, than independent samples would (its herding tests, per candidate and
// jointly, each tail read at the 5 % level), and what the
// poll average and the best buzz series were worth in random respondents
// (selection.Diagnose's pooled n_eff, with its 95 % interval).
func diagnostics(d *charts.Data, l locale.Lang) []string {
	var out []string
	if dg, err := d.Polls(); err == nil {
		for _, a := range dg.Accuracy {
			if a.Window != "final" || a.Pairs == 0 {
				continue
			}
			out = append(out, l.Count(a.Covered, "diag.accuracy."+a.Quantity, a.Covered, a.Pairs, l.Percent(100*a.Coverage, 0), l.Number(a.Ratio, 2)))
		}
		var herded, dispersed, random []string
		for _, h := range dg.Herding {
			name := candidateName(d, h.Candidate)
			switch {
			case math.IsNaN(h.PLower):
			case h.PLower < 0.05:
				herded = append(herded, name+" ("+l.Number(h.PLower, 3)+")")
			case h.PUpper < 0.05:
				dispersed = append(dispersed, name+" ("+pLevel(h.PUpper, l)+")")
			default:
				random = append(random, name)
			}
		}
		if len(herded) > 0 {
			out = append(out, l.T("diag.herding", strings.Join(herded, ", ")))
		}
		if len(dispersed) > 0 {
			out = append(out, l.T("diag.dispersed", strings.Join(dispersed, ", ")))
		}
		if len(herded) == 0 && len(random) > 0 {
			out = append(out, l.T("diag.noherding", strings.Join(random, ", ")))
		}
		if s := jointHerding(d, dg, l); s != "" {
			out = append(out, s)
		}
	}
	if dg, err := d.Selection(); err == nil {
		var average, buzz *selection.Row
		for i := range dg.Rows {
			r := &dg.Rows[i]
			if r.Candidate != selection.All || math.IsNaN(r.NEff) {
				continue
			}
			switch {
			case r.Series == quota.AverageSource:
				average = r
			case r.Family == sources.Buzz && (buzz == nil || r.NEff > buzz.NEff):
				buzz = r
			}
		}
		if average != nil {
			out = append(out, l.T("diag.neff.average", l.Number(average.NEff, 0), l.Number(average.SizeLo, 0), l.Number(average.SizeHi, 0)))
		}
		if buzz != nil {
			out = append(out, l.T("diag.neff.buzz", seriesName(d, l, buzz.Source, "", buzz.Series), l.Number(buzz.NEff, 0),
				l.Number(buzz.SizeLo, 0), l.Number(buzz.SizeHi, 0)))
		}
	}
	return out
}

// jointHerding says what the joint herding test of the final polls found
// beside the smallest Holm-adjusted per-candidate lower-tail probability;
// empty when the joint test is undefined or covers only candidates (no
// Others: then it is the per-candidate test of a two-candidate round).
func jointHerding(d *charts.Data, dg *quota.Diagnosis, l locale.Lang) string {
	j := dg.Joint
	if math.IsNaN(j.X2) || !slices.Contains(j.IDs, scoring.OthersID) {
		return ""
	}
	var names []string
	for _, id := range j.IDs {
		if id != scoring.OthersID {
			names = append(names, candidateName(d, id))
		}
	}
	holm, tests := math.Inf(1), 0
	for _, h := range dg.Herding {
		if !math.IsNaN(h.PLowerHolm) {
			holm, tests = min(holm, h.PLowerHolm), tests+1
		}
	}
	key, p := "diag.noherding.joint", j.PLower
	switch {
	case j.PLower < 0.05:
		key = "diag.herding.joint"
	case j.PUpper < 0.05:
		key, p = "diag.dispersed.joint", j.PUpper
	}
	return l.T(key, strings.Join(names, ", "), j.Polls, j.DF, l.Number(j.X2, 2), pLevel(p, l), tests, pLevel(holm, l))
}

// pLevel writes a probability to three decimals, or "< 0.001".
func pLevel(p float64, l locale.Lang) string {
	if p < 0.001 {
		return "< " + l.Number(0.001, 3)
	}
	return l.Number(p, 3)
}

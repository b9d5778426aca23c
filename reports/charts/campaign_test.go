package charts

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"forecast/data"
	"forecast/reports/locale"
	"forecast/scoring"
)

const election2022 = "fr-2022-presidential"

// The 2016 US election, as roundData names it: its national race, and
// the race of one state ("election/race").
const (
	electionUS      = "us-2016-presidential"
	electionUSState = "us-2016-presidential/WI"
)

// prepared caches the data of each (election, round) the tests chart.
var prepared sync.Map // "election/round" → func() (*Data, error)

// roundData returns the embedded election's data for a round, with the
// headline set, and From set to from (zero: the default). election may
// name a race, "election/race"; an election of several races is otherwise
// its national race, as the commands take it.
func roundData(tb testing.TB, election string, round int, from time.Time) *Data {
	tb.Helper()
	key := fmt.Sprint(election, "/", round)
	f, _ := prepared.LoadOrStore(key, sync.OnceValues(func() (*Data, error) {
		id, race, _ := strings.Cut(election, "/")
		d, err := data.LoadRace(id, race)
		if err != nil {
			return nil, err
		}
		return Prepare(d, Config{Round: round, Candidates: scoring.CandidateSet{Kind: "headline"}})
	}))
	d, err := f.(func() (*Data, error))()
	if err != nil {
		tb.Fatal(err)
	}
	withFrom := *d
	withFrom.Config.From = from
	return &withFrom
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestCampaignStart checks the default first day of the campaign chart: a
// week before the first poll drawn in 2017 (the middle of its fieldwork,
// 15 March), the
// 1st of the third month before the first round in 2022 (hypotheses since
// 2021), the previous round's day for a run-off, and --from when given.
func TestCampaignStart(t *testing.T) {
	for _, c := range []struct {
		election string
		round    int
		from     time.Time
		want     string
	}{
		{data.Default, 1, time.Time{}, "2017-03-08"},
		{data.Default, 2, time.Time{}, "2017-04-23"},
		{election2022, 1, time.Time{}, "2022-01-01"},
		{election2022, 2, time.Time{}, "2022-04-10"},
		{election2022, 1, day("2021-10-15"), "2021-10-15"},
		{data.Default, 1, day("2017-04-01"), "2017-04-01"},
	} {
		d := roundData(t, c.election, c.round, c.from)
		if got := d.CampaignStart().Format(time.DateOnly); got != c.want {
			t.Errorf("%s round %d, from %v: the campaign starts on %s, want %s", c.election, c.round, c.from, got, c.want)
		}
	}
}

// column returns the index of a column of a chart's table.
func column(tb testing.TB, c *Chart, name string) int {
	tb.Helper()
	i := slices.Index(c.Table.Header, name)
	if i < 0 {
		tb.Fatalf("%s: no column %s in %v", c.Kind, name, c.Table.Header)
	}
	return i
}

// TestCampaignHypotheses checks that the 2022 campaign chart draws the polls
// of hypotheses that did not happen before the first scored poll (24
// February), as their own kind in the table, named in the subtitle and a note,
// and that nothing it shows precedes its first day; that they never stand in
// for scored polls; that its caption speaks of no buzz figure, as there is
// none; and that 2017, which has no hypothesis, draws none.
func TestCampaignHypotheses(t *testing.T) {
	for _, from := range []time.Time{{}, day("2022-02-01"), day("2022-03-10")} {
		d := roundData(t, election2022, 1, from)
		start := d.CampaignStart().Format(time.DateOnly)
		c, err := Build(Campaign, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		kind, dayCol, snap := column(t, c, "kind"), column(t, c, "day"), column(t, c, "snapshot")
		hypotheses, early := map[string]bool{}, 0
		polls := map[string]bool{}
		for _, r := range c.Table.Rows {
			if r[dayCol] < start {
				t.Errorf("from %s: a %s row of %s precedes the chart's first day: %v", start, r[kind], r[dayCol], r)
			}
			switch r[kind] {
			case "hypothesis":
				hypotheses[r[snap]] = true
				if r[dayCol] < "2022-02-24" {
					early++
				}
			case "poll":
				polls[r[snap]] = true
			}
		}
		for s := range hypotheses {
			if polls[s] {
				t.Errorf("snapshot %s is drawn both as a hypothesis and as a scored poll", s)
			}
		}
		legend := strings.Contains(c.fig.subtitle, locale.EN.T("campaign.subtitle.hypotheses", locale.EN.Date(d.CampaignStart())))
		if start < "2022-02-24" {
			if early == 0 {
				t.Errorf("from %s: no hypothesis before 24 February", start)
			}
			if !legend || len(c.fig.notes) == 0 {
				t.Errorf("from %s: hypotheses drawn without the subtitle that names their rings, or without their note", start)
			}
		}
		if c.Caption != locale.EN.T("campaign.caption.polls") {
			t.Errorf("2022 has no buzz figure, but the caption speaks of them: %s", c.Caption)
		}
		if start >= "2022-03-10" && (len(hypotheses) > 0 || legend) {
			t.Errorf("from %s: %d hypotheses drawn after the last one ended", start, len(hypotheses))
		}
	}
	c, err := Build(Campaign, testData(t), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Table.Rows {
		if r[column(t, c, "kind")] == "hypothesis" {
			t.Fatalf("2017 has no hypothesis, but the chart draws %v", r)
		}
	}
}

// TestCampaignResultInside checks that every result, its square and its
// label, stands clear of the ends of the y axis, including a result below
// every poll (the fifth of 2022's first round) and both of a run-off.
func TestCampaignResultInside(t *testing.T) {
	for _, c := range []struct {
		election string
		round    int
	}{{data.Default, 1}, {election2022, 1}, {election2022, 2}} {
		d := roundData(t, c.election, c.round, time.Time{})
		ch, err := Build(Campaign, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		p := ch.fig.panels[0][0]
		margin := (p.Y.Max - p.Y.Min) / 25
		polls, err := d.Polls()
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range d.Final.Set {
			if v := polls.Outcome.Shares[id]; v-margin < p.Y.Min || v+margin > p.Y.Max {
				t.Errorf("%s round %d: %s's result %v is within %.2f of the axis' end [%v, %v]", c.election, c.round, id, v, margin, p.Y.Min, p.Y.Max)
			}
		}
	}
}

func TestSpread(t *testing.T) {
	for _, c := range []struct {
		ys, want []vg.Length
	}{
		{nil, nil},
		{[]vg.Length{50, 20}, []vg.Length{50, 20}},                 // apart: unmoved
		{[]vg.Length{20, 15}, []vg.Length{25, 15}},                 // the higher is pushed up
		{[]vg.Length{2}, []vg.Length{5}},                           // raised to the bottom
		{[]vg.Length{99, 97}, []vg.Length{95, 85}},                 // lowered to the top, the other below it
		{[]vg.Length{40, 41, 42}, []vg.Length{40, 50, 60}},         // a stack, in order
		{[]vg.Length{95, 94, 93, 92}, []vg.Length{95, 85, 75, 65}}, // a stack at the top
	} {
		got := spread(c.ys, 10, 5, 95)
		if !slices.Equal(got, c.want) {
			t.Errorf("spread(%v) = %v, want %v", c.ys, got, c.want)
		}
	}
}

// TestPrepareFrom: the charts cannot start on or after election day.
func TestPrepareFrom(t *testing.T) {
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	round, _ := d.Election.Round(1)
	for _, from := range []time.Time{day(round.Date), day(round.Date).AddDate(1, 0, 0)} {
		if _, err := Prepare(d, Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}, From: from}); err == nil {
			t.Errorf("From %s, on or after the vote (%s), was accepted", from.Format(time.DateOnly), round.Date)
		}
	}
}

// TestLeadTimeFrom: with From, the lead-time chart leaves out what was
// published earlier and its axis starts there; without it, it shows every
// dated forecast (2022's run-off polls go back to 2020).
func TestLeadTimeFrom(t *testing.T) {
	from := day("2022-01-01")
	d := roundData(t, election2022, 2, time.Time{})
	limit := d.All.Outcome.Date.Sub(from).Hours() / 24
	count := func(d *Data) (before, total int, c *Chart) {
		c, err := Build(LeadTime, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		lead := column(t, c, "lead_days")
		for _, r := range c.Table.Rows {
			var v float64
			fmt.Sscan(r[lead], &v)
			if v > limit {
				before++
			}
		}
		return before, len(c.Table.Rows), c
	}
	if before, _, _ := count(d); before == 0 {
		t.Errorf("without From, no forecast published before %s", from.Format(time.DateOnly))
	}
	before, total, c := count(roundData(t, election2022, 2, from))
	if before > 0 || total == 0 {
		t.Errorf("From %s: %d of %d forecasts published before it", from.Format(time.DateOnly), before, total)
	}
	if p := c.fig.panels[0][0]; math.Abs(p.X.Min+limit) > 1e-9 {
		t.Errorf("From %s: the axis starts %v days before the vote, want %v", from.Format(time.DateOnly), -p.X.Min, limit)
	}
}

// legendLines returns the baselines of the legend's text as drawn (the
// strings in the legend's size), from the top: one per line of the legend.
func legendLines(log *textLog) []vg.Length {
	var ys []vg.Length
	for _, tx := range log.texts {
		if tx.size == legendSize && !slices.Contains(ys, tx.box.Min.Y) {
			ys = append(ys, tx.box.Min.Y)
		}
	}
	return ys
}

// TestCampaignLegend checks that the 2017 first round's campaign chart, with
// its four buzz series, has a legend of one row at article width in both
// languages — the lines are named at their ends, the publication ban on
// its band, the other marks in the subtitle — and that nothing is left
// unexplained: every buzz series is in the legend at every width, every
// candidate is named (at the line's end, or in the legend on a phone,
// where the end labels give the result alone), and the ban is labelled.
func TestCampaignLegend(t *testing.T) {
	d := testData(t)
	for _, l := range locale.Langs {
		c, err := Build(Campaign, d, l)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []vg.Length{DefaultWidth, 9 * vg.Centimeter, NarrowWidth} {
			log, _ := layout(c, w)
			name := fmt.Sprintf("%s at %.1f cm", l, w/vg.Centimeter)
			if n := len(legendLines(log)); w == DefaultWidth && n != 1 {
				t.Errorf("%s: the legend has %d rows, want 1", name, n)
			}
			drawn := func(s string) bool {
				return slices.ContainsFunc(log.texts, func(tx drawnText) bool { return tx.s == s || strings.HasPrefix(tx.s, s+" ") })
			}
			for _, id := range d.Final.Set {
				if cand := d.candidate(id, l); !drawn(cand.name) {
					t.Errorf("%s: %s is not named", name, cand.name)
				}
			}
			if !drawn(l.T("legend.ban")) {
				t.Errorf("%s: the publication ban is not labelled", name)
			}
		}
	}
}

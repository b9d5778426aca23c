package charts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"forecast/reports/locale"
	"forecast/scoring/quota"
)

// TestSubtitleNamesRaceAndRound checks the line under every chart's title:
// a race of an election of one round is named by its place and day, with
// no "round 1" that has no round 2; a round of a French election keeps its
// number.
func TestSubtitleNamesRaceAndRound(t *testing.T) {
	cases := []struct {
		election string
		want     map[locale.Lang]string
	}{
		{electionUSState, map[locale.Lang]string{locale.EN: "Wisconsin, 8 November 2016. ", locale.FR: "Wisconsin, 8 novembre 2016. "}},
		{electionUS, map[locale.Lang]string{locale.EN: "United States, 8 November 2016. ", locale.FR: "États-Unis, 8 novembre 2016. "}},
		{"fr-2017-presidential", map[locale.Lang]string{locale.EN: "Round 1, 23 April 2017. ", locale.FR: "Premier tour, 23 avril 2017. "}},
	}
	for _, tc := range cases {
		d := roundData(t, tc.election, 1, time.Time{})
		for _, kind := range Kinds {
			if kind == Runoff {
				continue
			}
			for l, want := range tc.want {
				c, err := Build(kind, d, l)
				if err != nil {
					t.Fatal(err)
				}
				if sub := strings.ReplaceAll(c.fig.subtitle, "\u00a0", " "); !strings.HasPrefix(sub, want) {
					t.Errorf("%s %s (%s): subtitle %q, want it to begin %q", tc.election, kind, l, sub, want)
				}
			}
		}
	}
}

// TestNoBanNoBanLegend checks the charts of a round with no publication
// blackout (blackout_from is election day): the final chart says polls
// ended before election day, the campaign chart calls its shaded day
// election day, and no chart speaks of a ban; a French round keeps its ban.
func TestNoBanNoBanLegend(t *testing.T) {
	cases := []struct {
		election     string
		ban          bool
		final, shade map[locale.Lang]string
	}{
		{electionUS, false, map[locale.Lang]string{locale.EN: "fieldwork ended before election day)", locale.FR: "terrain achevé avant le jour du vote)"},
			map[locale.Lang]string{locale.EN: "election day", locale.FR: "jour du vote"}},
		{"fr-2017-presidential", true, map[locale.Lang]string{locale.EN: "fieldwork ended before the publication ban)", locale.FR: "terrain achevé avant l’interdiction de publication)"},
			map[locale.Lang]string{locale.EN: "publication ban", locale.FR: "interdiction de publication"}},
	}
	for _, tc := range cases {
		d := roundData(t, tc.election, 1, time.Time{})
		for _, l := range locale.Langs {
			ban := l.T("legend.ban")
			for _, kind := range []Kind{Final, Campaign, LeadTime} {
				c, err := Build(kind, d, l)
				if err != nil {
					t.Fatal(err)
				}
				// The shaded days are named above their band (banBand), not in the legend.
				var labels []string
				log, _ := layout(c, DefaultWidth)
				for _, tx := range log.texts {
					labels = append(labels, tx.s)
				}
				switch {
				case kind == Final && !strings.Contains(strings.ReplaceAll(c.fig.subtitle, "\u00a0", " "), tc.final[l]):
					t.Errorf("%s %s (%s): subtitle %q lacks %q", tc.election, kind, l, c.fig.subtitle, tc.final[l])
				case kind == Campaign && !slices.Contains(labels, tc.shade[l]):
					t.Errorf("%s %s (%s): the chart does not name %q", tc.election, kind, l, tc.shade[l])
				case kind == LeadTime && slices.Contains(labels, ban) != tc.ban:
					t.Errorf("%s %s (%s): ban named %v, want %v", tc.election, kind, l, !tc.ban, tc.ban)
				}
				if !tc.ban && slices.Contains(labels, ban) {
					t.Errorf("%s %s (%s): the chart names a ban", tc.election, kind, l)
				}
			}
		}
	}
}

// TestShortRows checks the names of rows cut to fit a chart's share of
// width: a long name ends in an ellipsis after a whole word and fits; two
// names that the cut would make alike keep their ends; short names and
// other axes are left as they are.
func TestShortRows(t *testing.T) {
	sty := style(sansFont, MinTextSize, ink)
	long := "University of Southern California Center for Economic and Social Research"
	ticks := plot.ConstantTicks{{Value: 0, Label: long}, {Value: 1, Label: "Dentsu Consulting (media)"},
		{Value: 2, Label: "Dentsu Consulting (social)"}, {Value: 3, Label: "Ipsos"}}
	width := sty.Width("Dentsu Consulting")
	got := shortRows(ticks, sty, width).(plot.ConstantTicks)
	want := [][2]string{{"University of…", ""}, {"Dentsu", "…(media)"}, {"Dentsu", "…(social)"}, {"Ipsos", ""}}
	for i, tk := range got {
		if !strings.HasPrefix(tk.Label, want[i][0]) || !strings.HasSuffix(tk.Label, want[i][1]) || sty.Width(tk.Label) > width {
			t.Errorf("row %d: %q (%.1f pt wide), want %q…%q within %.1f pt", i, tk.Label, sty.Width(tk.Label), want[i][0], want[i][1], width)
		}
	}
	if got[0].Label != "University of…" {
		t.Errorf("row 0: %q, want %q: cut after a whole word", got[0].Label, "University of…")
	}
	if ticks[0].Label != long {
		t.Errorf("the ticks given were changed: %q", ticks[0].Label)
	}
	if m := (plot.DefaultTicks{}); shortRows(m, sty, width) != m {
		t.Error("ticks that are not rows were changed")
	}
}

// TestFindingsWithoutBuzz checks the titles of the final, errors,
// leaderboard, house-effects and n-eff charts of an election with polls
// only (the 2016 US one, nationally and in Wisconsin), in both languages,
// against the numbers of their own tables: the largest miss of any poll;
// the candidate every poll erred on in one direction, or none; the poll of
// least mean absolute error; the largest house effect; the range of the
// polls' n_eff. No title speaks of buzz.
func TestFindingsWithoutBuzz(t *testing.T) {
	num := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	for _, election := range []string{electionUS, electionUSState} {
		d := roundData(t, election, 1, time.Time{})
		for _, l := range locale.Langs {
			build := func(k Kind) *Chart {
				c, err := Build(k, d, l)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(c.Title, "buzz") {
					t.Errorf("%s %s (%s): %q speaks of buzz", election, k, l, c.Title)
				}
				t.Logf("%s %s (%s): %s", election, k, l, c.Title)
				return c
			}
			check := func(k Kind, got, want string) {
				if got != want {
					t.Errorf("%s %s (%s): %q, want %q", election, k, l, got, want)
				}
			}

			final := build(Final)
			worst := 0.0
			for _, row := range final.Table.Rows {
				worst = math.Max(worst, math.Abs(num(row[9])-num(row[10])))
			}
			check(Final, final.Title, l.T("finding.final.poll", l.Points(worst, 1)))

			errs := build(Errors)
			sum, n, signs := map[string]float64{}, map[string]int{}, map[string]int{}
			for _, row := range errs.Table.Rows {
				e := num(row[12])
				sum[row[2]] += e
				n[row[2]]++
				signs[row[2]] += cmp.Compare(e, 0)
			}
			want, mean := l.T("finding.errors.none"), 0.0
			for name := range sum {
				if m := sum[name] / float64(n[name]); (signs[name] == n[name] || signs[name] == -n[name]) && math.Abs(m) > math.Abs(mean) {
					mean = m
					want = l.T(map[bool]string{true: "finding.errors.over", false: "finding.errors.under"}[m > 0], name, l.Points(math.Abs(m), 1))
				}
			}
			check(Errors, errs.Title, want)

			board := build(Leaderboard)
			best := board.Table.Rows[0] // in rank order
			check(Leaderboard, board.Title, l.T("finding.leaderboard", Label(d.Dataset.Election, l, best[1], best[2], best[1]), l.Points(num(best[7]), 2)))

			house := build(HouseEffects)
			var far []string
			for _, row := range house.Table.Rows {
				if far == nil || math.Abs(num(row[6])) > math.Abs(num(far[6])) {
					far = row
				}
			}
			dir := map[bool]string{true: "finding.house.more", false: "finding.house.less"}[num(far[6]) > 0]
			check(HouseEffects, house.Title, l.T(dir, far[4], l.Points(math.Abs(num(far[6])), 1), far[2]))

			neff := build(NEff)
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, row := range neff.Table.Rows {
				if row[2] != quota.AverageSource && row[3] == "poll" {
					lo, hi = math.Min(lo, num(row[8])), math.Max(hi, num(row[8]))
				}
			}
			check(NEff, neff.Title, l.T("finding.neff.poll", l.Number(lo, 0), l.Number(hi, 0)))
		}
	}
}

// TestCampaignAtFieldMid checks that a poll whose source gives only the
// middle day of its fieldwork (FiveThirtyEight's) is drawn at that day.
func TestCampaignAtFieldMid(t *testing.T) {
	d := roundData(t, electionUS, 1, time.Time{})
	mid := map[string]string{}
	for _, f := range d.Dataset.Figures {
		if f.FieldStart == "" && f.FieldEnd == "" && f.FieldMid != "" {
			mid[f.Snapshot] = f.FieldMid
		}
	}
	c, err := Build(Campaign, d, locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	kind, snap, day := column(t, c, "kind"), column(t, c, "snapshot"), column(t, c, "day")
	polls := 0
	for _, r := range c.Table.Rows {
		if r[kind] != "poll" {
			continue
		}
		polls++
		if want, ok := mid[r[snap]]; !ok || r[day] != want {
			t.Errorf("poll %s drawn on %s, its middle of fieldwork %q", r[snap], r[day], want)
		}
	}
	if polls < 100 {
		t.Errorf("%d polls drawn: the test expects the 2016 national polls", polls)
	}
}

// TestLeadTimeAndNEffSayWhatTheyCount checks the lead-time and n-eff charts
// of polls dated by the middle of fieldwork, with the number interviewed
// and no buzz (2016 US), against 2017's: the lead-time subtitle says how
// polls are dated and shows no note about buzz series when there are
// none; the n-eff legend says what the people polled count.
func TestLeadTimeAndNEffSayWhatTheyCount(t *testing.T) {
	cases := []struct {
		election, dated, nominal string
		notes                    int
	}{
		{electionUS, "by days between publication (for polls, the end of fieldwork, or its middle where the source gives only that) and the vote", "people polled (number interviewed)", 0},
		{"fr-2017-presidential", "by days between publication (end of fieldwork for polls) and the vote", "people polled (expressed base, else the number interviewed)", 1}, // Harris Interactive gave the number interviewed only
	}
	for _, tc := range cases {
		d := roundData(t, tc.election, 1, time.Time{})
		lt, err := Build(LeadTime, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(lt.fig.subtitle, tc.dated) || len(lt.fig.notes) != tc.notes {
			t.Errorf("%s lead-time: subtitle %q, want %q in it; notes %q, want %d", tc.election, lt.fig.subtitle, tc.dated, lt.fig.notes, tc.notes)
		}
		ne, err := Build(NEff, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ne.fig.legend, func(e legendEntry) bool { return e.label == tc.nominal }) {
			t.Errorf("%s n-eff: legend %v lacks %q", tc.election, ne.fig.legend, tc.nominal)
		}
	}
}

// TestCampaignWithoutAverage checks the campaign chart of a race with too
// few polls for a poll average (Alabama: two polls by one pollster), in
// both languages: it says so, and neither its subtitle, legend nor caption
// speaks of an average or a band; its source line counts one pollster in
// the singular.
func TestCampaignWithoutAverage(t *testing.T) {
	d := roundData(t, "us-2016-presidential/AL", 1, time.Time{})
	for l, words := range map[locale.Lang][3]string{locale.EN: {"average", "band", "(1 pollster)"}, locale.FR: {"moyenne", "bande", "(1 institut)"}} {
		c, err := Build(Campaign, d, l)
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != l.T("finding.campaign.none") {
			t.Errorf("%s: title %q", l, c.Title)
		}
		text := []string{c.fig.subtitle, c.Caption}
		for _, e := range c.fig.legend {
			text = append(text, e.label)
		}
		for _, s := range text {
			if strings.Contains(s, words[0]) || strings.Contains(s, words[1]) {
				t.Errorf("%s: %q speaks of an average", l, s)
			}
		}
		if !strings.Contains(c.fig.source, words[2]) {
			t.Errorf("%s: source line %q lacks %q", l, c.fig.source, words[2])
		}
		for _, w := range []vg.Length{DefaultWidth, 9 * vg.Centimeter, NarrowWidth} {
			log, page := layout(c, w)
			checkLegible(t, fmt.Sprintf("Alabama campaign (%s) at %.1f cm", l, w/vg.Centimeter), log, page)
		}
	}
}

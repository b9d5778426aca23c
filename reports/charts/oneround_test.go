package charts

import (
	"slices"
	"strings"
	"testing"
	"time"

	"forecast/reports/locale"
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
		{electionUS, map[locale.Lang]string{locale.EN: "United States, 8 November 2016. ", locale.FR: "United States, 8 novembre 2016. "}},
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
				var labels []string
				for _, e := range c.fig.legend {
					labels = append(labels, e.label)
				}
				switch {
				case kind == Final && !strings.Contains(strings.ReplaceAll(c.fig.subtitle, "\u00a0", " "), tc.final[l]):
					t.Errorf("%s %s (%s): subtitle %q lacks %q", tc.election, kind, l, c.fig.subtitle, tc.final[l])
				case kind == Campaign && !slices.Contains(labels, tc.shade[l]):
					t.Errorf("%s %s (%s): legend %q lacks %q", tc.election, kind, l, labels, tc.shade[l])
				case kind == LeadTime && slices.Contains(labels, ban) != tc.ban:
					t.Errorf("%s %s (%s): legend %q: ban shown %v, want %v", tc.election, kind, l, labels, !tc.ban, tc.ban)
				}
				if !tc.ban && slices.Contains(labels, ban) {
					t.Errorf("%s %s (%s): legend %q shows a ban", tc.election, kind, l, labels)
				}
			}
		}
	}
}

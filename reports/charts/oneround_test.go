package charts

import (
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

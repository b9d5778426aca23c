package charts

import (
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"forecast/reports/locale"
)

// findingCases are the rounds whose campaign and lead-time titles are
// checked: both rounds of 2017 and the first of 2022.
var findingCases = []struct {
	election string
	round    int
}{{"fr-2017-presidential", 1}, {"fr-2017-presidential", 2}, {election2022, 1}, {electionUS, 1}, {electionUSState, 1}}

// TestCampaignFinding checks the campaign chart's title against its table,
// in both languages: the candidate whose result stood furthest from the
// poll average's last day, the gap and its direction.
func TestCampaignFinding(t *testing.T) {
	for _, tc := range findingCases {
		d := roundData(t, tc.election, tc.round, time.Time{})
		for _, l := range []locale.Lang{locale.EN, locale.FR} {
			c, err := Build(Campaign, d, l)
			if err != nil {
				t.Fatal(err)
			}
			kind, name, dayCol, value := column(t, c, "kind"), column(t, c, "candidate_name"), column(t, c, "day"), column(t, c, "value")
			lastDay, last, result := map[string]string{}, map[string]float64{}, map[string]float64{}
			for _, r := range c.Table.Rows {
				v, err := strconv.ParseFloat(r[value], 64)
				if err != nil && (r[kind] == "average" || r[kind] == "result") {
					t.Fatalf("%s %v: value %q: %v", c.Kind, l, r[value], err)
				}
				switch {
				case r[kind] == "average" && r[dayCol] >= lastDay[r[name]]:
					lastDay[r[name]], last[r[name]] = r[dayCol], v
				case r[kind] == "result":
					result[r[name]] = v
				}
			}
			if len(result) < 2 || len(last) != len(result) {
				t.Fatalf("%s round %d: averages %v, results %v", tc.election, tc.round, last, result)
			}
			best, gap := "", 0.0
			for n, res := range result {
				if g := last[n] - res; math.Abs(g) > math.Abs(gap) {
					best, gap = n, g
				}
			}
			dir := map[locale.Lang][2]string{locale.EN: {"under-stated", "over-stated"}, locale.FR: {"sous-estimé", "surestimé"}}[l][btoi(gap > 0)]
			format := map[locale.Lang]string{
				locale.EN: "The final poll average %s %s by %s, its largest gap from the results",
				locale.FR: "La moyenne finale des sondages a %s %s de %s, son plus grand écart aux résultats",
			}[l]
			want := fmt.Sprintf(format, dir, best, l.Points(math.Abs(gap), 1))
			if c.Title != want {
				t.Errorf("%s round %d, %v: %q, want %q", tc.election, tc.round, l, c.Title, want)
			}
			t.Logf("%s round %d, %v: %s", tc.election, tc.round, l, c.Title)
		}
	}
}

// TestCampaignFindingNoAverage checks the campaign title when no candidate
// of the set has a poll average: it says so rather than name nobody.
func TestCampaignFindingNoAverage(t *testing.T) {
	d := roundData(t, "fr-2017-presidential", 1, time.Time{})
	for l, want := range map[locale.Lang]string{locale.EN: "Too few polls for a poll average", locale.FR: "Trop peu de sondages pour une moyenne"} {
		if got := campaignFinding(d, l, nil, d.Final.Outcome); got != want {
			t.Errorf("%v: %q, want %q", l, got, want)
		}
	}
}

// TestLeadTimeFinding checks the lead-time chart's title against its
// table, in both languages: the polls' mean absolute error in the last
// week and, when some were published then, more than three weeks before the
// vote; and the range of the buzz forecasts' errors, when there are some.
func TestLeadTimeFinding(t *testing.T) {
	for _, tc := range findingCases {
		d := roundData(t, tc.election, tc.round, time.Time{})
		for _, l := range []locale.Lang{locale.EN, locale.FR} {
			c, err := Build(LeadTime, d, l)
			if err != nil {
				t.Fatal(err)
			}
			family, lead, mae := column(t, c, "family"), column(t, c, "lead_days"), column(t, c, "mae")
			var nearSum, farSum float64
			var nearN, farN, buzzN int
			buzzLo, buzzHi := math.Inf(1), math.Inf(-1)
			for _, r := range c.Table.Rows {
				days, err1 := strconv.ParseFloat(r[lead], 64)
				e, err2 := strconv.ParseFloat(r[mae], 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("%v: %v %v", r, err1, err2)
				}
				switch r[family] {
				case "poll":
					if days <= 7 {
						nearSum, nearN = nearSum+e, nearN+1
					} else if days > 21 {
						farSum, farN = farSum+e, farN+1
					}
				case "buzz":
					buzzLo, buzzHi, buzzN = math.Min(buzzLo, e), math.Max(buzzHi, e), buzzN+1
				default:
					t.Fatalf("the test expects polls and buzz only, not %q", r[family])
				}
			}
			if nearN == 0 {
				t.Fatalf("%s round %d: no poll in the last week: the test expects some", tc.election, tc.round)
			}
			formats := map[locale.Lang][3]string{
				locale.EN: {"Polls erred %s on average in the last week", ", %s when more than three weeks out", "; buzz forecasts erred %s to %s"},
				locale.FR: {"Les sondages se sont trompés de %s en moyenne la dernière semaine", ", de %s à plus de trois semaines du vote", "\u00a0; les prévisions buzz se sont trompées de %s à %s"},
			}[l]
			want := fmt.Sprintf(formats[0], l.Points(nearSum/float64(nearN), 1))
			if farN > 0 {
				want += fmt.Sprintf(formats[1], l.Points(farSum/float64(farN), 1))
			}
			if buzzN > 0 {
				if l.Number(buzzLo, 1) == l.Number(buzzHi, 1) {
					t.Fatalf("%s round %d: the test expects buzz errors that differ", tc.election, tc.round)
				}
				want += fmt.Sprintf(formats[2], l.Number(buzzLo, 1), l.Points(buzzHi, 1))
			}
			if c.Title != want {
				t.Errorf("%s round %d, %v: %q, want %q", tc.election, tc.round, l, c.Title, want)
			}
			t.Logf("%s round %d, %v: %s", tc.election, tc.round, l, c.Title)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

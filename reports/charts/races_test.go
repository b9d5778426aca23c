package charts

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"forecast/data"
	"forecast/reports/locale"
	"forecast/scoring/races"
)

var us2016 = sync.OnceValues(func() (*races.Analysis, error) {
	d, err := data.Load("us-2016-presidential")
	if err != nil {
		return nil, err
	}
	return races.Analyse(d)
})

// racesAnalysis is the races of the embedded us-2016-presidential.
func racesAnalysis(tb testing.TB) *races.Analysis {
	tb.Helper()
	a, err := us2016()
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// TestRacesChart draws the races of 2016 in both languages against their
// golden images, and checks its title against its own CSV: the title's
// counts and mean are recomputed from the rows the chart writes out.
func TestRacesChart(t *testing.T) {
	a := racesAnalysis(t)
	for _, l := range locale.Langs {
		c, err := RacesChart(a, l)
		if err != nil {
			t.Fatal(err)
		}
		checkGoldens(t, c, "races_"+string(l))
		var buf bytes.Buffer
		if err := c.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != strings.Join(RacesHeader, ",") || len(recs) != 56 || recs[1][0] != "US" {
			t.Fatalf("table: header %v, %d records, first %v", recs[0], len(recs), recs[1])
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		var sum float64
		toward, wrong := 0, 0
		for _, r := range recs[1:] {
			b, err := strconv.ParseFloat(r[col["bias"]], 64)
			if err != nil {
				t.Fatal(err)
			}
			sum += b
			if b > 0 {
				toward++
			}
			if r[col["average_wrong_winner"]] == "true" {
				wrong++
			}
			if (b > 0) != (r[col["favoured"]] == r[col["a"]]) {
				t.Errorf("race %s: bias %v, favoured %s", r[0], b, r[col["favoured"]])
			}
		}
		mean := sum / float64(len(recs)-1)
		format := map[locale.Lang]string{
			locale.EN: "Polls favoured Hillary Rodham Clinton in %d of %d races, by %s on average; their average named the wrong winner in %d",
			locale.FR: "Les sondages ont favorisé Hillary Rodham Clinton dans %d courses sur %d, de %s en moyenne\u00a0; leur moyenne a désigné le mauvais vainqueur dans %d",
		}[l]
		if want := fmt.Sprintf(format, toward, len(recs)-1, l.Points(math.Abs(mean), 1), wrong); c.Title != want || mean <= 0 {
			t.Errorf("%v: %q, want %q", l, c.Title, want)
		}
		t.Logf("%v: %s", l, c.Title)
	}
}

// TestRacesFinding checks the title's other cases: the polls favouring B
// on average, and no wrong winner.
func TestRacesFinding(t *testing.T) {
	rows := []*races.Race{{Bias: -3}, {Bias: 1}, {Bias: -1}}
	if got, want := racesFinding(locale.EN, rows, "A", "B"), "Polls favoured B in 2 of 3 races, by 1.0\u00a0point on average; their average named every winner"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

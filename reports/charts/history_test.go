package charts

import (
	"bytes"
	"strings"
	"testing"

	"forecast/reports/locale"
	"forecast/scoring/history"
	"forecast/sources/blochistory"
	"forecast/sources/sourcestest"
)

// TestHistoryChart draws the polling error of the real file in both
// languages and every format: one table row per election with a final
// poll (19 of 24), 2002 ringed, and the title's years from the data.
func TestHistoryChart(t *testing.T) {
	f, err := blochistory.Read("tour1_complet_unitedfl.csv", sourcestest.Read(t, "pollsposition/tour1_complet_unitedfl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := history.Analyse(f, history.Options{FinalDays: history.DefaultFinalDays})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []locale.Lang{locale.EN, locale.FR} {
		ch, err := HistoryChart(a, "tour1_complet_unitedfl.csv", l)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Table.Rows) != 19 || ch.Kind != History || !strings.Contains(ch.Title, "1965–2019") {
			t.Errorf("%s: %d rows, title %q", l, len(ch.Table.Rows), ch.Title)
		}
		var ringed []string
		for _, r := range ch.Table.Rows {
			if r[7] == "true" {
				ringed = append(ringed, r[0]+" "+r[2])
			}
		}
		if strings.Join(ringed, ",") != "president 2002" {
			t.Errorf("ringed %v, want president 2002 alone", ringed)
		}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := ch.Write(&buf, Options{Format: format}); err != nil || buf.Len() < 1000 {
				t.Errorf("%s %s: %v, %d bytes", l, format, err, buf.Len())
			}
		}
	}
	// With no election in the window there is nothing to draw.
	a, _ = history.Analyse(f, history.Options{FinalDays: 0})
	if _, err := HistoryChart(a, "f.csv", locale.EN); err == nil {
		t.Error("a chart with no election drawn")
	}
}

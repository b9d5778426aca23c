package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"forecast/scoring/rating"
)

func TestWriteRating(t *testing.T) {
	nan := math.NaN()
	r := &rating.Rating{File: "raw-polls.csv", Vintage: "2016", Options: rating.Options{FinalDays: 21, Sort: "polls"},
		Rows: []rating.Row{{Pollster: "A", PollsterID: "A", Polls: 2, Races: 1, SimpleAverageError: 3.5, RacesCalledCorrectly: 0.75,
			MissesOutsideMOE: 0.5, Bias: nan, SimpleExpectedError: nan, SimplePlusMinus: nan, SimpleAverageErrorSE: nan,
			BiasSE: nan, SimplePlusMinusSE: nan, PlusMinusLow: nan, PlusMinusHigh: nan}},
		Excluded: []rating.Excluded{{Line: 4, PollsterID: "B", Reason: "race type Pres-P not selected"}},
		Model:    rating.Model{Polls: 2, Note: "the expected-error model cannot be fitted on these 2 polls"}}
	var b bytes.Buffer
	if err := WriteRating(&b, r, "csv"); err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(RatingColumns, ",") + "\nA,A,2,1,3.5,0.75,0.5,,0,,,,,,,\n"; b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	WriteRating(&b, r, "json")
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	row := doc["rows"].([]any)[0].(map[string]any)
	if row["bias"] != nil || row["polls"] != 2.0 || len(doc["excluded"].([]any)) != 1 {
		t.Errorf("JSON: %s", b.String())
	}
	for _, format := range []string{"table", "markdown"} {
		b.Reset()
		WriteRating(&b, r, format)
		out := b.String()
		for _, want := range []string{"1 pollsters, 2 polls", "- 1: race type Pres-P not selected", "cannot be fitted on these 2 polls"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", format, want, out)
			}
		}
		if strings.Contains(out, " id ") {
			t.Errorf("%s shows an id column though ids are the names:\n%s", format, out)
		}
	}
	if err := WriteRating(&b, r, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

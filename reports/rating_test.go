package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"forecast/scoring/rating"
	"forecast/sources/fivethirtyeight"
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

// TestRatingFrames checks the DataFrames of the ratings and of the poll
// questions: their columns, text kept as text, full precision, NaN where
// undefined, and the derived columns computed from the shares.
func TestRatingFrames(t *testing.T) {
	nan := math.NaN()
	r := &rating.Rating{Rows: []rating.Row{{Pollster: "A", PollsterID: "12", Polls: 2, Races: 1, SimpleAverageError: 3.123456789,
		Bias: nan, SimpleExpectedError: nan, SimplePlusMinus: nan, SimpleAverageErrorSE: nan, BiasSE: nan, SimplePlusMinusSE: nan,
		PlusMinusLow: nan, PlusMinusHigh: nan}}}
	df := RatingFrame(r)
	if df.Nrow() != 1 || df.Ncol() != len(RatingColumns) || df.Col("pollster_id").Records()[0] != "12" ||
		df.Col("simple_average_error").Float()[0] != 3.123456789 || !math.IsNaN(df.Col("bias").Float()[0]) || df.Col("polls").Float()[0] != 2 {
		t.Errorf("rating frame: %v", df)
	}
	election := time.Date(2016, 11, 8, 0, 0, 0, 0, time.UTC)
	ps := &fivethirtyeight.Polls{Polls: []fivethirtyeight.Poll{{Line: 7, PollID: "p1", Race: "2016_Pres-G_WI", Year: 2016, Location: "WI",
		Type: "Pres-G", Pollster: "Marquette", PollsterID: "195", PollDate: election.AddDate(0, 0, -9), Election: election, SampleSize: 1255,
		Cand1: fivethirtyeight.Candidate{Name: "Clinton", Party: "DEM", Poll: 46, Actual: 46.45},
		Cand2: fivethirtyeight.Candidate{Name: "Trump", Party: "REP", Poll: 40, Actual: 47.22}, Cand3Poll: nan, DemRep: true}}}
	pf := RawPollsFrame(ps)
	if pf.Nrow() != 1 || pf.Ncol() != len(RawPollsColumns) {
		t.Fatalf("polls frame %d×%d", pf.Nrow(), pf.Ncol())
	}
	// Poll margin +6, actual −0.77: error and bias toward Clinton 6.77.
	got := func(col string) float64 { return pf.Col(col).Float()[0] }
	if pf.Col("location").Records()[0] != "WI" || pf.Col("polldate").Records()[0] != "2016-10-30" || got("days_before") != 9 ||
		math.Abs(got("error")-6.77) > 1e-9 || math.Abs(got("dem_bias")-6.77) > 1e-9 || !math.IsNaN(got("cand3_pct")) || got("year") != 2016 {
		t.Errorf("polls frame: %v", pf)
	}
}

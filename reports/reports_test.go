package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"forecast/scoring"
	"forecast/sources"
)

// board is a two-row leaderboard with an undefined measure and awkward text.
func board() *scoring.Leaderboard {
	e := &sources.Election{ID: "toy", Name: "Toy election"}
	nanRow := func() scoring.Row {
		return scoring.Row{LeadDays: math.NaN(), N: math.NaN(), MAE: math.NaN(), RMSE: math.NaN(), MaxAbsError: math.NaN(),
			MarginError: math.NaN(), WinnerOK: math.NaN(), Top2OK: math.NaN(), KendallTau: math.NaN(), B: math.NaN(),
			Bw: math.NaN(), Chi2: math.NaN(), PValue: math.NaN(), ChiLR: math.NaN(), PLR: math.NaN(),
			ExpectedMAE: math.NaN(), SRSRMSE: math.NaN(), PlusMinus: math.NaN(), MAELo: math.NaN(), MAEHi: math.NaN(),
			PSRS: math.NaN(), PBest: math.NaN(), RankLo: math.NaN(), RankHi: math.NaN()}
	}
	a := nanRow()
	a.Election, a.Round, a.Source, a.Series, a.Snapshot, a.Family, a.Measure = "toy", 1, "pol", "pol", "p1", sources.Poll, sources.VoteShare
	a.MAE, a.Bw, a.N, a.Chi2, a.PValue, a.DF, a.LeadDays, a.Published = 1.25, 0.0123456789, 1000, 2.5, 0.0004, 2, 3, "2020-04-09"
	a.Detail = []scoring.Detail{{Candidate: "A", PublishedValue: 45, Forecast: 45, Result: 50, Error: -5, APrime: -0.2, SE: 0.1, Z: -2, P: 0.05, CILow: -0.4, CIHigh: 0, Line: 7}}
	b := nanRow()
	b.Election, b.Round, b.Source, b.Series, b.Snapshot, b.Family, b.Measure = "toy", 1, "<script>|x", "s", "b1", sources.Buzz, sources.Rank
	b.Reasons = []string{"rank figures are not vote shares", "does not report B"}
	return &scoring.Leaderboard{Election: e, Options: scoring.Options{Round: 1, At: "final", Family: "all", Sort: "b_w",
		Candidates: scoring.CandidateSet{Kind: "headline"}}, Set: []string{"A", "B"}, Rows: []scoring.Row{a, b}}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, board(), false); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "election,round,source,series,family,measure,published,lead_days,n,k,mae,rmse,max_abs_error,margin_error,winner_ok,top2_ok,kendall_tau,b,b_w,chi2,p_value"
	if got := strings.Join(recs[0][:21], ","); got != want {
		t.Errorf("header %s", got)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	if row["b_w"] != "0.0123456789" || row["mae"] != "1.25" || row["rmse"] != "" || row["df"] != "2" || row["p_value"] != "0.0004" {
		t.Errorf("full precision and empty cells: %v", row)
	}
	if recs[2][slices.Index(recs[0], "reasons")] != "rank figures are not vote shares; does not report B" {
		t.Errorf("reasons: %v", recs[2])
	}
	buf.Reset()
	WriteCSV(&buf, board(), true)
	if !strings.Contains(buf.String(), "toy,1,pol,pol,p1,2020-04-09,A,45,45,50,-5,-0.2,0.1,-2,0.05,-0.4,0,1000,,7") {
		t.Errorf("detail CSV:\n%s", buf.String())
	}
}

func TestJSONUsesNullForUndefined(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, board(), true); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	rows := doc["rows"].([]any)
	a, b := rows[0].(map[string]any), rows[1].(map[string]any)
	if a["mae"] != 1.25 || a["rmse"] != nil || a["round"] != float64(1) || a["final"] != false {
		t.Errorf("row a: %v", a)
	}
	if len(b["reasons"].([]any)) != 2 || b["source"] != "<script>|x" {
		t.Errorf("row b: %v", b)
	}
}

func TestTableAndMarkdown(t *testing.T) {
	var buf bytes.Buffer
	WriteTable(&buf, board())
	out := buf.String()
	lines := strings.Split(out, "\n")
	// Rule and rows are aligned: the rule is as wide as the widest row.
	if len([]rune(lines[3])) != len([]rune(lines[5])) || runeEnd(lines[2], "B_w") != runeEnd(lines[4], "0.012") {
		t.Errorf("misaligned table:\n%s", out)
	}
	for _, want := range []string{"1.25", "0.012", "<0.001", "–", "[1][2]", "[1] rank figures are not vote shares", "Conventions:"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	WriteMarkdown(&buf, board())
	if !strings.Contains(buf.String(), `<script>\|x`) && !strings.Contains(buf.String(), "| s |") {
		t.Errorf("markdown:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "| ---: | :--- |") {
		t.Errorf("markdown alignment row missing:\n%s", buf.String())
	}
}

func TestFrames(t *testing.T) {
	lb := board()
	df := LeaderboardFrame(lb)
	if df.Nrow() != 2 || df.Ncol() != len(LeaderboardColumns) {
		t.Fatalf("frame is %d×%d", df.Nrow(), df.Ncol())
	}
	if got := df.Col("b_w").Float()[0]; got != 0.0123456789 {
		t.Errorf("b_w = %v: the frame must keep full precision", got)
	}
	if !math.IsNaN(df.Col("mae").Float()[1]) || df.Col("source").Records()[1] != "<script>|x" {
		t.Errorf("frame values: %v", df)
	}
	if d := DetailFrame(lb); d.Nrow() != 1 || d.Col("a_prime").Float()[0] != -0.2 {
		t.Errorf("detail frame: %v", d)
	}
}

func TestWriteRefusesUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, board(), "xml", false); err == nil {
		t.Error("want an error")
	}
}

// runeEnd is the column, in runes, where the first sub in s ends.
func runeEnd(s, sub string) int {
	i := strings.Index(s, sub)
	return utf8.RuneCountInString(s[:i+len(sub)])
}

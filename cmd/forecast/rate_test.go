package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"forecast/reports"
	"forecast/sources/sourcestest"
)

const raw2023 = "fivethirtyeight/2023/raw-polls.csv"

// TestRateCSV checks the documented columns and one pollster's row against
// FiveThirtyEight's published table (2023/pollster-ratings.csv, The New York
// Times/Siena College, id 448: 95 polls, 0.747368421 called, 94 for bias,
// simple average error 4.043249833).
func TestRateCSV(t *testing.T) {
	file := sourcestest.Path(t, raw2023)
	code, out, errs := run(t, "rate", file, "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	header, _, _ := strings.Cut(out, "\n")
	if want := "pollster,pollster_id,polls,races,simple_average_error,races_called_correctly,misses_outside_moe,bias,bias_polls,simple_expected_error,simple_plus_minus"; !strings.HasPrefix(header, want+",") || header != strings.Join(reports.RatingColumns, ",") {
		t.Errorf("header %s, want it to start with %s", header, want)
	}
	if _, again, _ := run(t, "rate", file, "--format", "csv"); again != out {
		t.Error("two runs on the same file differ")
	}
	rows := readCSV(t, out)
	if len(rows) != 517 {
		t.Errorf("%d pollsters, want 517", len(rows))
	}
	for _, r := range rows {
		if r["pollster_id"] != "448" {
			continue
		}
		sae, _ := strconv.ParseFloat(r["simple_average_error"], 64)
		called, _ := strconv.ParseFloat(r["races_called_correctly"], 64)
		if r["polls"] != "95" || r["bias_polls"] != "94" || sae < 4.033 || sae > 4.053 || called < 0.7473684 || called > 0.7473685 {
			t.Errorf("NYT/Siena: %v", r)
		}
		return
	}
	t.Error("no row for pollster 448")
}

func TestRateJSONSelection(t *testing.T) {
	file := sourcestest.Path(t, raw2023)
	code, out, errs := run(t, "rate", file, "--format", "json", "--type", "Pres-G", "--location", "US", "--since", "2020-01-01", "--until", "2020-12-31")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Rows []struct {
			Polls int `json:"polls"`
			Races int `json:"races"`
		} `json:"rows"`
		Excluded []struct {
			Line   int    `json:"line"`
			Reason string `json:"reason"`
		} `json:"excluded"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	polls := 0
	for _, r := range doc.Rows {
		polls += r.Polls
		if r.Races != 1 {
			t.Errorf("one race selected, a row has %d", r.Races)
		}
	}
	if polls+len(doc.Excluded) != 11475 || polls == 0 {
		t.Errorf("%d polls rated and %d excluded, want 11475 in all", polls, len(doc.Excluded))
	}
}

func TestRateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "raw-polls.csv")
	os.WriteFile(bad, []byte("poll_id,race,year,location,type_simple,pollster,polldate,samplesize,cand1_name,cand1_pct,cand2_name,cand2_pct,electiondate,cand1_actual,cand2_actual\n"+
		"1,r,2020,US,Pres-G,P,11/1/2020,800,A,150,B,40,11/3/2020,51,48\n"), 0o644)
	odd := filepath.Join(dir, "odd.csv")
	os.WriteFile(odd, []byte("poll_id,grade\n1,A\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"rate", bad}, exitData, "raw-polls.csv:2: cand1_pct 150 is outside 0–100"},
		{[]string{"rate", odd}, exitData, "odd.csv:1: missing column(s) race"},
		{[]string{"rate", bad, "--vintage", "2023"}, exitData, "raw-polls.csv:1: not the 2023 layout"},
		{[]string{"rate", filepath.Join(dir, "absent.csv")}, exitFailure, "no such file"},
		{[]string{"rate", bad, "--format", "xml"}, exitUsage, "choose one of table, csv, json, markdown"},
		{[]string{"rate", bad, "--vintage", "1999"}, exitUsage, "--vintage \"1999\""},
		{[]string{"rate", bad, "--sort", "grade"}, exitUsage, "--sort \"grade\""},
		{[]string{"rate", bad, "--since", "2020"}, exitUsage, "want a date as YYYY-MM-DD"},
		{[]string{"rate", bad, "--final-days", "-1"}, exitUsage, "--final-days -1"},
		{[]string{"rate"}, exitUsage, "accepts 1 arg(s)"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte(strings.Replace(mustRead(t, bad), ",150,", ",50,", 1)), 0o644)
	if code, _, errs := run(t, "rate", good, "--type", "Sen-G"); code != exitUsage || !strings.Contains(errs, "keeps none of the 1 polls") {
		t.Errorf("empty selection: exit %d, %s", code, errs)
	}
	if code, out, errs := run(t, "rate", good); code != 0 || !strings.Contains(out, "the expected-error model cannot be fitted on these 1 polls") {
		t.Errorf("one poll: exit %d, %s%s", code, out, errs)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

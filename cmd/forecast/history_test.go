package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forecast/data"
	"forecast/sources/sourcestest"
)

// TestHistory runs 'forecast history' on the embedded file and the
// embedded 2022 first round: the CSV's columns and its 2002, 2017 and 2022
// presidential rows (checked against scoring/history/testdata/independent.py:
// MAE 1.4172…, 0.7620… and 1.6187…), and 1969 (4.605), as README.md
// quotes them.
func TestHistory(t *testing.T) {
	code, out, errs := run(t, "history", "--type", "presidential", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := readCSV(t, out)
	if len(rows) != 11 {
		t.Fatalf("%d rows, want the 10 presidential elections of the file and 2022", len(rows))
	}
	head := strings.SplitN(out, "\n", 2)[0]
	if head != "type,election,year,polls,all_polls,last_poll_days,pollsters,blocs,mae,mae_large,rank,ranked,largest_bloc,largest_error,top_two_missed,pollster_mae_min,pollster_mae_max,pollster_mae_sd,unscored" {
		t.Errorf("header %s", head)
	}
	for _, r := range rows {
		switch r["election"] {
		case "2002-04-21":
			if !strings.HasPrefix(r["mae"], "1.41722222") || r["mae_large"] != "" || r["largest_bloc"] != "farright" || r["top_two_missed"] != "yes" || r["polls"] != "6" {
				t.Errorf("2002: %v", r)
			}
		case "2017-04-23":
			if !strings.HasPrefix(r["mae"], "0.76208790") || !strings.HasPrefix(r["mae_large"], "0.65025641") || r["rank"] != "11" || r["top_two_missed"] != "no" {
				t.Errorf("2017: %v", r)
			}
		case "1969-06-01":
			if !strings.HasPrefix(r["mae"], "4.605") || !strings.HasPrefix(r["mae_large"], "5.47666666") || r["rank"] != "1" {
				t.Errorf("1969: %v", r)
			}
		case "2022-04-10":
			if !strings.HasPrefix(r["mae"], "1.61878249") || !strings.HasPrefix(r["mae_large"], "2.53995805") || r["rank"] != "5" || r["polls"] != "30" || r["largest_bloc"] != "farleft" {
				t.Errorf("2022: %v", r)
			}
		}
	}
	// The text names what is not scored, and the same file given with
	// --file gives the same output.
	code, text, _ := run(t, "history")
	if code != 0 || !strings.Contains(text, "Not scored: 904 polls taken more than 7 days before their election; 4 seats rows") {
		t.Errorf("exit %d:\n%s", code, text)
	}
	// Without the embedded elections, the file's 799 polls out of the window.
	if _, out, _ := run(t, "history", "--embedded=false"); !strings.Contains(out, "Not scored: 799 polls") || strings.Contains(out, "2022-04-10") {
		t.Errorf("--embedded=false:\n%s", out)
	}
	if _, again, _ := run(t, "history", "--file", sourcestest.Path(t, "pollsposition/tour1_complet_unitedfl.csv")); strings.Replace(again, sourcestest.Path(t, "pollsposition/tour1_complet_unitedfl.csv"), data.BlocHistoryFile, -1) != text {
		t.Errorf("--file gives another output")
	}
	for _, table := range []string{"blocs", "pollsters"} {
		if code, out, errs := run(t, "history", "--table", table, "--format", "csv"); code != 0 || len(readCSV(t, out)) < 50 {
			t.Errorf("--table %s: exit %d %s", table, code, errs)
		}
	}
}

func TestHistoryChart(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"h.svg", "h.png", "h.pdf", "h.csv"} {
		path := filepath.Join(dir, f)
		code, _, errs := run(t, "history", "--chart", path, "--lang", "fr")
		b, err := os.ReadFile(path)
		if code != 0 || err != nil || len(b) < 100 {
			t.Errorf("%s: exit %d, %v, %s", f, code, err, errs)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "h.csv"))
	if !bytes.Contains(b, []byte("\npresident,2002-04-21,2002,6,1.41722222")) || !bytes.Contains(b, []byte("farright,-3.44333333")) {
		t.Errorf("chart table:\n%s", b)
	}
}

func TestHistoryBadInput(t *testing.T) {
	dir := t.TempDir()
	good := string(sourcestest.Read(t, "pollsposition/tour1_complet_unitedfl.csv"))
	bad, copied := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "good.csv")
	if err := os.WriteFile(copied, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	// Line 3 is the 2019 européennes Elabe poll of 24 May: move it after the vote.
	if err := os.WriteFile(bad, []byte(strings.Replace(good, "2019-05-26,2019-05-24,Elabe", "2019-05-26,2019-05-27,Elabe", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--file", bad}, exitData, "bad.csv:3: the poll of \"Elabe\" is dated 2019-05-27, after its election (2019-05-26)"},
		{[]string{"--file", filepath.Join(dir, "none.csv")}, exitFailure, "none.csv"},
		{[]string{"--type", "municipales"}, exitUsage, `--type "municipales": choose president, legislatives, europeennes, regionales, or all`},
		{[]string{"--final-days", "-1"}, exitUsage, "--final-days -1: want 0 to 366"},
		{[]string{"--table", "nope"}, exitUsage, `--table "nope"`},
		{[]string{"--format", "csv", "--table", "all"}, exitUsage, "CSV holds one table"},
		{[]string{"--chart", filepath.Join(dir, "h.gif")}, exitUsage, "must end in .png, .svg, .pdf, .csv"},
		{[]string{"--file", copied, "--chart", copied}, exitUsage, "is the input"},
		{[]string{"--final-days", "0", "--chart", filepath.Join(dir, "h.svg")}, exitUsage, "--chart: no election has a poll in the final 0 days"},
	} {
		code, _, errs := run(t, append([]string{"history"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", c.args, code, errs, c.code, c.want)
		}
	}
}

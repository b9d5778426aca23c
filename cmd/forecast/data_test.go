package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"forecast/data"
)

func TestDataList(t *testing.T) {
	code, out, errs := run(t, "data", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"fr-2017-presidential  French presidential election, 2017  2017-04-23, 2017-05-07  44 / 26    44 / 26             137",
		"fr-2022-presidential  French presidential election, 2022  2022-04-10, 2022-04-24  558 / 767  135 / 355           0",
		"1404", "1512", "Default election: fr-2017-presidential",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("data list lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = run(t, "data", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var list []electionSummary
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	want := []electionSummary{
		{ID: "fr-2017-presidential", Name: "French presidential election, 2017", PollFigures: 526, BuzzFigures: 137, ResultRows: 1404,
			Rounds: []roundSummary{{1, "2017-04-23", 44, 44}, {2, "2017-05-07", 26, 26}}},
		{ID: "fr-2022-presidential", Name: "French presidential election, 2022", PollFigures: 8863, ResultRows: 1512,
			Rounds: []roundSummary{{1, "2022-04-10", 558, 135}, {2, "2022-04-24", 767, 355}}},
		{ID: "us-2016-presidential", Name: "US presidential election, 2016", PollFigures: 1022, ResultRows: 110,
			Rounds: []roundSummary{{1, "2016-11-08", 511, 511}}},
	}
	if len(list) != len(want) {
		t.Fatalf("%d elections listed, want %d", len(list), len(want))
	}
	for i := range want {
		if !slices.Equal(list[i].Rounds, want[i].Rounds) {
			t.Errorf("%s rounds %+v, want %+v", list[i].ID, list[i].Rounds, want[i].Rounds)
		}
		list[i].Rounds, want[i].Rounds = nil, nil
		if list[i].ID != want[i].ID || list[i].Name != want[i].Name || list[i].PollFigures != want[i].PollFigures ||
			list[i].BuzzFigures != want[i].BuzzFigures || list[i].ResultRows != want[i].ResultRows {
			t.Errorf("got %+v, want %+v", list[i], want[i])
		}
	}
}

func TestDataShow(t *testing.T) {
	code, out, errs := run(t, "data", "show", "fr-2022-presidential")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"fr-2022-presidential: French presidential election, 2022",
		"round 1: 2022-04-10 (polls could not be published from 2022-04-09)",
		"ballot: MACRON, LE_PEN, MELENCHON, ZEMMOUR, PECRESSE, JADOT, LASSALLE, ROUSSEL, DUPONT_AIGNAN, HIDALGO, POUTOU, ARTHAUD",
		"headline: MACRON, LE_PEN, MELENCHON, ZEMMOUR. The four candidates above 7 %",
		"Candidates (12 ran; 23 more were polled but did not run)",
		"TAUBIRA", "Opinion Way", "NSPPolls",
		"round 1: 558 poll snapshots, 135 of them forecasts",
		"8863  https://github.com/nsppolls/nsppolls/blob/ddcd5ceef9839c7d3f46948ff85f41fc93f215ce/presidentielle.csv",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("data show lacks %q", want)
		}
	}
	code, out, errs = run(t, "data", "show", "fr-2017-presidential", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Election struct {
			ID     string
			Rounds []struct{ Ballot []string }
		}
		Contents electionSummary
		Sources  []sourceCount
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, s := range doc.Sources {
		rows += s.Rows
	}
	if doc.Election.ID != "fr-2017-presidential" || len(doc.Election.Rounds[0].Ballot) != 11 || doc.Contents.BuzzFigures != 137 || rows != 1404+663 {
		t.Errorf("unexpected document: %+v", doc)
	}
}

func TestDataUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"data", "show", "fr-1995"}, "no embedded election"},
		{[]string{"data", "show"}, "accepts 1 arg(s)"},
		{[]string{"data", "list", "--format", "xml"}, "choose one of table, json"},
		{[]string{"data", "nonsense"}, `unknown data command "nonsense"`},
	} {
		code, _, errs := run(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, exitUsage, c.msg)
		}
	}
}

// TestEveryCommandTakesElection: every command that reads a dataset can be
// pointed at any embedded election with --election.
func TestEveryCommandTakesElection(t *testing.T) {
	// Commands that read no election: 'data' lists or names the elections
	// itself; 'diagnose weights' reads the user's respondent-level files;
	// 'rate' reads FiveThirtyEight's many-race poll file; 'history' reads the
	// bloc history of many elections, and adds every embedded election that
	// has a bloc table.
	readsNone := []string{"forecast data list", "forecast data show", "forecast diagnose weights", "forecast rate", "forecast history", "forecast help", "forecast completion"}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if !c.Runnable() || c.HasSubCommands() || slices.ContainsFunc(readsNone, func(p string) bool { return strings.HasPrefix(c.CommandPath(), p) }) {
			return
		}
		if f := c.Flags().Lookup("election"); f == nil || f.DefValue != data.Default {
			t.Errorf("%s has no --election flag defaulting to %s", c.CommandPath(), data.Default)
		}
	}
	walk(newRoot(os.Stdout, os.Stderr))
}

// TestScore2022 runs `forecast score` on 2022 in every format and round, and
// checks what the run-off keeps out (docs/METHODS.md §6): run-off polls fielded
// before the first round's day are hypothetical run-offs, not final
// forecasts, so a pollster whose last Macron–Le Pen poll predates it has no
// final run-off snapshot; and hypotheses that did not happen are never scored.
func TestScore2022(t *testing.T) {
	for _, round := range []string{"1", "2"} {
		for _, format := range []string{"table", "csv", "json", "markdown"} {
			code, out, errs := run(t, "score", "--election", "fr-2022-presidential", "--round", round, "--format", format)
			if code != 0 || !strings.Contains(out, "ifop-fiducial") {
				t.Errorf("round %s, %s: exit %d, %s", round, format, code, errs)
			}
		}
	}
	code, out, errs := run(t, "score", "--election", "fr-2022-presidential", "--round", "2", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Election string
		Rows     []map[string]any
		LeftOut  []map[string]string `json:"left_out"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	scored := map[string]string{}
	for _, r := range doc.Rows {
		scored[r["source"].(string)] = r["snapshot"].(string)
	}
	if doc.Election != "fr-2022-presidential" || scored["harris-interactive"] != "20220421_0422_hi" || scored["ifop-fiducial"] != "20220419_0422r_ifp" {
		t.Errorf("final run-off polls: %v", scored)
	}
	for _, p := range []string{"yougov", "redfield-wilton-strategies"} {
		if _, ok := scored[p]; ok {
			t.Errorf("%s has a final run-off poll, though its last one was fielded before round 1", p)
		}
	}
	reasons := map[string]string{}
	for _, l := range doc.LeftOut {
		reasons[l["snapshot"]] = l["reason"]
	}
	for id, want := range map[string]string{
		"20220407_0408_hi/t2/hypothese-macron-le-pen":  "fieldwork began before round 1: a hypothetical run-off",
		"20220328_0331_yg/t2/hypothese-macron-le-pen":  "fieldwork began before round 1: a hypothetical run-off",
		"20210414_0415_rws/t2":                         "fieldwork began before round 1: a hypothetical run-off",
		"20220407_0408_hi/t2/hypothese-macron-zemmour": "not a forecast: hypothesis that did not happen: not the round 2 ballot (with ZEMMOUR, not on it; without LE_PEN)",
		"20220410_0410_ifp":                            "superseded by 20220419_0422r_ifp",
	} {
		if !strings.HasPrefix(reasons[id], want) {
			t.Errorf("%s: left out because %q, want %q", id, reasons[id], want)
		}
	}
}

// TestIndependentScriptOutputIsCurrent reruns testdata/independent.py, when
// Python is at hand, and checks that the committed outputs are what it
// computes today.
func TestIndependentScriptOutputIsCurrent(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is absent, and CI (.ci/run installs it) must run every test")
		}
		t.Skip("python3 is absent")
	}
	for file, args := range map[string][]string{
		"independent_r1_top4.csv":      {"1", "top4"},
		"independent_r2_top2.csv":      {"2", "top2"},
		"independent_2022_r1_top4.csv": {"1", "top4", "fr-2022-presidential"},
		"independent_2022_r2_top2.csv": {"2", "top2", "fr-2022-presidential"},
	} {
		cmd := exec.Command(python, append([]string{"testdata/independent.py"}, args...)...)
		got, err := cmd.Output()
		if err != nil {
			t.Fatalf("independent.py %v: %v", args, err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil || string(got) != string(want) {
			t.Errorf("testdata/%s is not what independent.py %s computes today", file, strings.Join(args, " "))
		}
	}
}

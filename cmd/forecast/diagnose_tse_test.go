package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forecast/sources/sourcestest"
)

// twoRaces is a polls.csv of the polling-errors layout: two senate races,
// one poll outside the final three weeks.
const twoRaces = `race,type,year,state,pollster,end_date,election_date,days_before,respondents,n,poll_share,result_share
NV_1998_Sen,Sen,1998,NV,A,1998-10-13,1998-11-03,21,1418,1319,47.3,49.9
NV_1998_Sen,Sen,1998,NV,B,1998-10-20,1998-11-03,14,600,560,51,49.9
NY_1998_Sen,Sen,1998,NY,C,1998-10-13,1998-11-03,21,364,349,54.2,44.7
NY_1998_Sen,Sen,1998,NY,D,1998-09-01,1998-11-03,63,900,850,40,44.7
`

func TestDiagnoseTSE(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "polls.csv"), []byte(twoRaces), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "diagnose", "tse", "--data", dir, "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := strings.Join(recs[0], ","); got != "group,polls,races,rmse,srs_rmse,coverage,mean_abs_bias,mean_sd" {
		t.Errorf("header %s", got)
	}
	if recs[1][0] != "Sen" || recs[1][1] != "3" || recs[1][2] != "2" {
		t.Errorf("row %v: want Sen, 3 polls in the window, 2 races", recs[1])
	}
	// The embedded election: one group per round.
	code, out, errs = run(t, "diagnose", "tse", "--format", "csv")
	if code != 0 || !strings.Contains(out, "\nfr-2017-presidential round 1,") || !strings.Contains(out, "\nfr-2017-presidential round 2,") {
		t.Errorf("embedded: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--data", dir, "--table", "nope"}, exitUsage, `--table "nope": choose tse or races`},
		{[]string{"--data", dir, "--format", "csv", "--table", "all"}, exitUsage, "CSV holds one table"},
	} {
		code, _, errs := run(t, append([]string{"diagnose", "tse"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", c.args, code, errs, c.code, c.want)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "polls.csv"), []byte(strings.Replace(twoRaces, ",1319,", ",0,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "diagnose", "tse", "--data", dir); code != exitData || !strings.Contains(errs, "polls.csv:2: n must be positive") {
		t.Errorf("bad data: exit %d, %s", code, errs)
	}
}

// TestImportPollingErrors imports the published dataset into a directory
// that diagnose tse reads (../shared only: no licence to redistribute it).
func TestImportPollingErrors(t *testing.T) {
	path := sourcestest.SharedOnly(t, "raw/polling-errors/polls_main_dataset.tsv")
	dir := filepath.Join(t.TempDir(), "us")
	code, _, errs := run(t, "import", "polling-errors", path, "--out", dir)
	if code != 0 || !strings.Contains(errs, "imported 4221 polls of 608 races") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "polls.csv"))
	if err != nil || strings.Count(string(b), "\n") != 4222 {
		t.Errorf("polls.csv: %v, %d lines", err, strings.Count(string(b), "\n"))
	}
}

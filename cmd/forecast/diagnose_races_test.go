package main

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestDiagnoseRaces runs 'forecast diagnose races' on the embedded
// us-2016-presidential: tidy CSV with ids, every race a row, and the
// refusals with their exit codes.
func TestDiagnoseRaces(t *testing.T) {
	code, out, errs := run(t, "diagnose", "races", "--election", "us-2016-presidential", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 56 {
		t.Fatalf("%v: %d records", err, len(recs))
	}
	if got := strings.Join(recs[0][:8], ","); got != "race,scope,a,b,polls,pollsters,result_margin,winner" {
		t.Errorf("header %s", got)
	}
	if got := strings.Join(recs[1][:5], ","); got != "US,national,CLINTON,TRUMP,80" {
		t.Errorf("first row %s", got)
	}
	code, out, errs = run(t, "diagnose", "races", "--election", "us-2016-presidential", "--format", "csv", "--table", "summary")
	if code != 0 || !strings.Contains(out, "\nsubnational,state district,54,431,") || !strings.Contains(out, ",FL MI NC PA WI M2,") {
		t.Errorf("summary: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "fr-2017-presidential declares no races: it is one race per round"},
		{[]string{"--election", "us-2016-presidential", "--race", "WI"}, exitUsage, "--race WI: diagnose races sets every race"},
		{[]string{"--election", "us-2016-presidential", "--table", "nope"}, exitUsage, `--table "nope": choose races, summary or polls`},
		{[]string{"--election", "us-2016-presidential", "--format", "csv", "--table", "all"}, exitUsage, "CSV holds one table"},
	} {
		code, _, errs := run(t, append([]string{"diagnose", "races"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestChartRaces draws the races chart's table from the whole dataset,
// whatever race the other charts would score, and refuses what does not
// apply.
func TestChartRaces(t *testing.T) {
	code, out, errs := run(t, "chart", "races", "--election", "us-2016-presidential", "--format", "csv", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "race,name,scope,a,b,polls,") || strings.Count(out, "\n") != 56 {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "csv", "--out", "-"}, "fr-2017-presidential declares no races"},
		{[]string{"--election", "us-2016-presidential", "--race", "WI", "--out", "-"}, "--race WI: the races chart draws every race"},
	} {
		code, _, errs := run(t, append([]string{"chart", "races"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", c.args, code, errs, exitUsage, c.want)
		}
	}
}

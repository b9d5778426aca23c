package main

import (
	"strings"
	"testing"
)

// TestCompare runs 'forecast compare' in every format and checks its exit
// codes: 0 with the test and its pairs, 2 with fewer than 3 pairs or a bad
// flag, naming what to change.
func TestCompare(t *testing.T) {
	code, out, errs := run(t, "compare", "filteris", "ifop-fiducial")
	if code != 0 || !strings.Contains(out, "Diebold–Mariano test") || !strings.Contains(out, "2017-04-21") || !strings.Contains(out, "Not paired") {
		t.Errorf("compare: exit %d, %s%s", code, out, errs)
	}
	code, out, _ = run(t, "compare", "filteris", "ifop-fiducial", "--format", "csv", "--power", "1")
	rows := readCSV(t, out)
	if code != 0 || len(rows) != 3 || rows[0]["series_a"] != "filteris" || rows[0]["power"] != "1" || rows[0]["dm"] == "" {
		t.Errorf("compare --format csv: exit %d, %v", code, rows)
	}
	for _, f := range []string{"json", "markdown"} {
		if code, out, errs := run(t, "compare", "filteris", "ifop-fiducial", "--against", "average", "--format", f); code != 0 || !strings.Contains(out, "poll-average:2017-04-21:r1") {
			t.Errorf("compare --against average --format %s: exit %d, %s%s", f, code, out, errs)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "opinionway", "ifop-fiducial"}, "at least 3 pairs"},
		{[]string{"compare", "filteris"}, "accepts 2 arg"},
		{[]string{"compare", "filteris", "ifop-fiducial", "--against", "consensus"}, "want result or average"},
		{[]string{"compare", "filteris", "ifop-fiducial", "--candidates", "all"}, "choose headline"},
		{[]string{"compare", "filteris", "ifop-fiducial", "--h", "0"}, "at least 1"},
		{[]string{"compare", "filteris", "ifop-fiducial", "--power", "0"}, "positive power"},
		{[]string{"compare", "filteris", "filteris"}, "itself"},
	} {
		if code, _, errs := run(t, c.args...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and a message with %q", c.args, code, errs, c.want)
		}
	}
}

package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"forecast/data"
	"forecast/sources"
)

func TestDiagnoseExitCodes(t *testing.T) {
	// A dataset with a run-off poll that names only a candidate who was
	// not in the run-off: no usable figure.
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(d.Figures, func(f sources.Figure) bool { return f.Family == sources.Poll && f.Round == 2 })
	bad := d.Figures[i]
	bad.Snapshot, bad.Candidate = "bad_poll", d.Election.Rounds[0].Headline[2]
	d.Figures = append(d.Figures, bad)
	files, err := d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range files {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"diagnose", "polls", "--round", "2", "--data", dir}, exitData, "poll bad_poll reports no candidate of the round 2 result"},
		{[]string{"diagnose", "polls", "--family", "buzz"}, exitUsage, "diagnose polls works on polls"},
		{[]string{"diagnose", "polls", "--round", "3"}, exitUsage, "has no round 3"},
		{[]string{"diagnose", "polls", "--candidates", "top1"}, exitUsage, "topN needs N ≥ 2"},
		{[]string{"diagnose", "polls", "--at", "yesterday"}, exitUsage, "want final, all or a day"},
		{[]string{"diagnose", "polls", "--table", "nope"}, exitUsage, `--table "nope": choose one of herding`},
		{[]string{"diagnose", "polls", "--format", "xml"}, exitUsage, "choose one of table, csv, json, markdown"},
		{[]string{"diagnose", "polls", "--n", "x=1"}, exitUsage, "unknown flag: --n"},
		{[]string{"diagnose", "polls", "extra"}, exitUsage, "accepts 0 arg(s)"},
		{[]string{"diagnose", "buzz", "--n", "vigiglobe"}, exitUsage, "want SERIES=SIZE"},
		{[]string{"diagnose", "buzz", "--n", "vigiglobe=-3"}, exitUsage, `size "-3" is not a positive number`},
		{[]string{"diagnose", "buzz", "--n", "vigiglobe=0"}, exitUsage, `size "0" is not a positive number`},
		{[]string{"diagnose", "buzz", "--n", "nowhere=5"}, exitUsage, "series nowhere has no share or volume figures in round 1"},
		{[]string{"diagnose", "buzz", "--n", "gov=5000"}, exitUsage, "series gov has no share or volume figures"},
		{[]string{"diagnose", "buzz", "--ref", "NOBODY"}, exitUsage, "reference candidate NOBODY"},
		{[]string{"diagnose", "all", "--format", "csv"}, exitUsage, "CSV holds one table"},
		{[]string{"diagnose", "all", "--format", "csv", "--table", "all"}, exitUsage, "CSV holds one table"},
		{[]string{"diagnose", "nonsense"}, exitUsage, "unknown diagnostic"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

// header runs a diagnosis with CSV output and returns its header line.
func header(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := run(t, append(args, "--format", "csv")...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return strings.Join(recs[0], ",")
}

func TestDiagnoseColumns(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"diagnose", "polls"}, "candidate,polls,mean,sd_observed,sd_expected,x2,df,p_lower,p_lower_holm,p_upper,p_upper_holm,"},
		{[]string{"diagnose", "polls", "--table", "herding_joint"}, "categories,polls,k,x2,df,p_lower,p_upper,snapshots"},
		{[]string{"diagnose", "polls", "--table", "house_effects"}, "source,candidate,polls,house_effect,se"},
		{[]string{"diagnose", "polls", "--table", "house_effects_result"}, "source,candidate,polls,house_effect,se,"},
		{[]string{"diagnose", "buzz"}, "source,series,family,published,candidate,forecast,result,error,n,rho,n_eff,"},
		{[]string{"diagnose", "all", "--table", "selection"}, "source,series,family,published,candidate,forecast,result,error,n,rho,n_eff,"},
	} {
		if got := header(t, c.args...); got != c.want && !(strings.HasSuffix(c.want, ",") && strings.HasPrefix(got, c.want)) {
			t.Errorf("%v: header %s, want %s", c.args, got, c.want)
		}
	}
}

func TestDiagnoseBuzzSelectionRows(t *testing.T) {
	code, out, errs := run(t, "diagnose", "buzz", "--format", "csv", "--n", "vigiglobe=1e6", "--n", "filteris=2000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := readCSV(t, out)
	pooled := map[string]map[string]string{}
	for _, r := range rows {
		if r["candidate"] == "ALL" {
			pooled[r["series"]] = r
			if r["forecast"] != "" || r["n_eff"] == "" {
				t.Errorf("pooled row %v: no forecast, an n_eff", r)
			}
		}
		// ρ only where a size is known: the polls' bases and --n.
		if (r["n"] == "") != (r["rho"] == "") {
			t.Errorf("%s %s: n %q, rho %q", r["snapshot"], r["candidate"], r["n"], r["rho"])
		}
	}
	for _, series := range []string{"poll-average", "vigiglobe", "filteris", "elabe"} {
		if pooled[series] == nil {
			t.Errorf("no pooled row for %s", series)
		}
	}
	if pooled["vigiglobe"]["n"] != "1e+06" || pooled["vigiglobe"]["n_basis"] != "given" || pooled["filteris"]["n"] != "2000" || pooled["brand-analytics"]["rho"] != "" {
		t.Errorf("sizes: vigiglobe %v, filteris %v, brand-analytics %v", pooled["vigiglobe"], pooled["filteris"], pooled["brand-analytics"])
	}
	// More posts than voters: ρ is undefined, and the row says why.
	_, out, _ = run(t, "diagnose", "buzz", "--format", "csv", "--n", "vigiglobe=35e6")
	for _, r := range readCSV(t, out) {
		if r["series"] == "vigiglobe" && (r["rho"] != "" || !strings.Contains(r["reason"], "not smaller than the population")) {
			t.Errorf("n > N: %v", r)
		}
	}
	code, out, _ = run(t, "diagnose", "buzz", "--format", "csv", "--with-average=false")
	if code != 0 || strings.Contains(out, "poll-average") {
		t.Errorf("--with-average=false still lists the poll average")
	}
}

func TestDiagnoseAllJSONIsDeterministic(t *testing.T) {
	code, first, errs := run(t, "diagnose", "all", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	_, second, _ := run(t, "diagnose", "all", "--format", "json")
	if first != second {
		t.Error("two runs differ")
	}
	var doc struct {
		Tables []struct {
			Name    string
			Rows    []map[string]any
			Summary []string
		}
	}
	if err := json.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range doc.Tables {
		names = append(names, tb.Name)
		if len(tb.Rows) == 0 || (len(tb.Summary) == 0 && tb.Name != "margins" && tb.Name != "deviations") {
			t.Errorf("table %s: %d rows, summary %v", tb.Name, len(tb.Rows), tb.Summary)
		}
	}
	want := "herding herding_joint house_effects house_effects_result house_effects_joint average_fit_joint coverage deviation_profile groups average_fit margins deviations average selection overrepresentation attention attention_over_time"
	if strings.Join(names, " ") != want {
		t.Errorf("tables %v, want %s", names, want)
	}
}

func TestDiagnoseTableSummaries(t *testing.T) {
	code, out, errs := run(t, "diagnose", "all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"the final polls' spread", "lower-tail p =", "differed from the consensus", "95 % intervals",
		"as accurate as a simple random sample of", "supporters had to be", "correlation with the poll average", "Conventions:"} {
		if !strings.Contains(out, want) {
			t.Errorf("diagnose all lacks %q", want)
		}
	}
	for _, args := range [][]string{{"diagnose", "polls", "--round", "2", "--candidates", "top2"}, {"diagnose", "buzz", "--at", "all"},
		{"diagnose", "polls", "--at", "2017-04-07", "--format", "markdown"}, {"diagnose", "buzz", "--family", "buzz", "--table", "all"}} {
		if code, _, errs := run(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
}

func TestScoreWithAverage(t *testing.T) {
	code, out, errs := run(t, "score", "--with-average", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	found := false
	for _, r := range readCSV(t, out) {
		if r["source"] == "poll-average" {
			found = true
			if r["family"] != "model" || r["final"] != "yes" || r["mae"] == "" || r["n"] != "" || r["published"] != "2017-04-21" {
				t.Errorf("poll-average row %v", r)
			}
		}
	}
	if !found {
		t.Error("score --with-average has no poll-average row")
	}
	if _, plain, _ := run(t, "score", "--format", "csv"); strings.Contains(plain, "poll-average") {
		t.Error("the poll average is scored only with --with-average")
	}
}

func TestDiagnoseHelp(t *testing.T) {
	var out bytes.Buffer
	if code := Main([]string{"diagnose", "--help"}, &out, &out); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"polls", "buzz", "all", "weights", "Exit status"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("diagnose --help lacks %q", want)
		}
	}
	out.Reset()
	Main([]string{"diagnose", "buzz", "--help"}, &out, &out)
	if !strings.Contains(out.String(), "--n stringArray") || !strings.Contains(out.String(), "Exit status") {
		t.Errorf("diagnose buzz --help:\n%s", out.String())
	}
}

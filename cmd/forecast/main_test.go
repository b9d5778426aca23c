package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// run calls the command line in-process.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func readCSV(t *testing.T, s string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// TestScoreMatchesIndependentComputation compares `forecast score` with the
// scores computed by testdata/independent.py (standard-library Python,
// written from docs/METHODS.md separately from the Go code) for the final poll of
// every pollster and the final snapshot of every buzz series with shares:
// 2017 from the canonical files, 2022 from the NSPPolls file and the
// proclaimed counts themselves, with the script's own choice of the
// hypothesis that matches the ballot.
func TestScoreMatchesIndependentComputation(t *testing.T) {
	required := []string{"ifop-fiducial", "ipsos-sopra-steria", "elabe", "opinionway", "harris-interactive", "bva", "odoxa"}
	for _, c := range []struct {
		election, round, set, want string
		pollsters                  int
		required                   []string // pollsters that must be among those compared
	}{
		{"fr-2017-presidential", "1", "top4", "testdata/independent_r1_top4.csv", 8, append(required, "kantar-sofres-onepoint")},
		{"fr-2017-presidential", "2", "top2", "testdata/independent_r2_top2.csv", 8, append(required, "kantar-sofres-onepoint")},
		{"fr-2022-presidential", "1", "top4", "testdata/independent_2022_r1_top4.csv", 11, append(required, "kantar-public")},
		{"fr-2022-presidential", "2", "top2", "testdata/independent_2022_r2_top2.csv", 10, append(required, "kantar-public")},
	} {
		code, out, errs := run(t, "score", "--election", c.election, "--round", c.round, "--candidates", c.set, "--format", "csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		got := map[string]map[string]string{}
		for _, r := range readCSV(t, out) {
			got[r["snapshot"]] = r
		}
		b, err := os.ReadFile(c.want)
		if err != nil {
			t.Fatal(err)
		}
		want := readCSV(t, string(b))
		var pollsters []string
		for _, w := range want {
			g, ok := got[w["snapshot"]]
			if !ok {
				t.Errorf("%s round %s: %s (%s) is not scored", c.election, c.round, w["snapshot"], w["source"])
				continue
			}
			if g["family"] == "poll" {
				pollsters = append(pollsters, g["source"])
			}
			for col, wv := range w {
				if col == "source" || col == "series" || col == "snapshot" {
					if g[col] != wv {
						t.Errorf("%s: %s = %q, want %q", w["snapshot"], col, g[col], wv)
					}
					continue
				}
				if (wv == "") != (g[col] == "") {
					t.Errorf("%s: %s = %q, want %q", w["snapshot"], col, g[col], wv)
					continue
				}
				if wv == "" {
					continue
				}
				x, _ := strconv.ParseFloat(g[col], 64)
				y, _ := strconv.ParseFloat(wv, 64)
				if math.Abs(x-y) > 1e-6 {
					t.Errorf("%s: %s = %v, independent computation %v", w["snapshot"], col, x, y)
				}
			}
			delete(got, w["snapshot"])
		}
		if len(pollsters) != c.pollsters {
			t.Errorf("%s round %s: %d pollsters compared (%v), want %d", c.election, c.round, len(pollsters), pollsters, c.pollsters)
		}
		for _, p := range c.required {
			if !slices.Contains(pollsters, p) {
				t.Errorf("%s round %s: %s is not among the pollsters compared", c.election, c.round, p)
			}
		}
		for id, g := range got {
			if g["mae"] != "" {
				t.Errorf("%s round %s: %s has a MAE but no independent value", c.election, c.round, id)
			}
		}
	}
}

func TestScoreDefaultIsDeterministic(t *testing.T) {
	code, first, errs := run(t, "score")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"elabe", "filteris", "Conventions:", "MAE (pt)", "B_w", "Not scored"} {
		if !strings.Contains(first, want) {
			t.Errorf("the default table lacks %q", want)
		}
	}
	for _, format := range []string{"table", "csv", "json", "markdown"} {
		_, a, _ := run(t, "score", "--at", "all", "--format", format, "--detail")
		_, b, _ := run(t, "score", "--at", "all", "--format", format, "--detail")
		if a != b || a == "" {
			t.Errorf("%s: two runs differ", format)
		}
	}
}

func TestScoreJSON(t *testing.T) {
	code, out, errs := run(t, "score", "--format", "json", "--detail")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Election string
		Set      []string
		Rows     []map[string]any
		LeftOut  []map[string]string `json:"left_out"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Election != "fr-2017-presidential" || len(doc.Set) != 4 || len(doc.LeftOut) == 0 {
		t.Errorf("unexpected document head: %+v", doc)
	}
	for _, r := range doc.Rows {
		if r["source"] == "filteris" {
			if r["chi2"] != nil || !strings.Contains(fmt.Sprint(r["reasons"]), "no sample size") {
				t.Errorf("filteris must have no test and say why: %v", r)
			}
			if len(r["detail"].([]any)) != 5 { // four candidates and Others
				t.Errorf("filteris detail: %v", r["detail"])
			}
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	// A dataset with a bad row: a negative share.
	for _, name := range []string{sources.ElectionFile, sources.ResultsFile, sources.ForecastsFile} {
		b, err := os.ReadFile(filepath.Join("../../data/fr2017", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == sources.ForecastsFile {
			b = bytes.Replace(b, []byte(",24.5,,"), []byte(",-24.5,,"), 1)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"score", "--round", "x"}, exitUsage, "invalid argument"},
		{[]string{"score", "--format", "xml"}, exitUsage, "choose one of table, csv, json, markdown"},
		{[]string{"score", "--candidates", "top1"}, exitUsage, "topN needs N ≥ 2"},
		{[]string{"score", "--candidates", "MACRON,NOBODY"}, exitUsage, "NOBODY is not in the round 1 result"},
		{[]string{"score", "--round", "3"}, exitUsage, "has no round 3"},
		{[]string{"score", "--at", "yesterday"}, exitUsage, "want final, all or a day"},
		{[]string{"score", "--election", "fr-1995"}, exitUsage, "no embedded election"},
		{[]string{"score", "--data", dir}, exitData, "forecasts.csv:"},
		{[]string{"score", "extra"}, exitUsage, "accepts 0 arg(s)"},
		{[]string{"import", "xml", "a"}, exitUsage, "unknown format"},
		{[]string{"import", "polls"}, exitUsage, "a format and at least one file"},
		{[]string{"nonsense"}, exitUsage, "unknown command"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

func TestImportMalformedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	for _, c := range []struct {
		format, file, content, msg string
	}{
		{"pollsposition", "trunc.json", `{"sondages": {"x": {"institut": "Ifop",`, "trunc.json"},
		{"buzz", "b.csv", "source,series,published_date,published_time,round,candidate,value,measure,forecast,what_it_measures,volume,source_url,note\nfilteris,filteris,2017-04-21,,1,Jena-Luc Melanchon,21,weight_share,yes,,,u,\n", "b.csv:2: unknown candidate \"Jena-Luc Melanchon\" (did you mean MELENCHON"},
		{"buzz", "c.csv", "source,series,published_date,published_time,round,candidate,value,measure,forecast,what_it_measures,volume,source_url,note\nfilteris,filteris,2017-04-21,,1,Emmanuel Macron,-2,weight_share,yes,,,u,\n", "c.csv:2: value: negative value -2"},
		{"ministere", "m.csv", "Code du département;Libellé du département\n", "m.csv"},
	} {
		code, out, errs := run(t, "import", c.format, "--round", "1", write(c.file, c.content))
		if code != exitData || !strings.Contains(errs, c.msg) || out != "" {
			t.Errorf("%s %s: exit %d, stdout %q, stderr %q; want exit 3 and %q", c.format, c.file, code, out, errs, c.msg)
		}
	}
}

func TestImportRealFiles(t *testing.T) {
	pp := sourcestest.Path(t, "pollsposition/presidentielles_2017.json")
	code, out, errs := run(t, "import", "pollsposition", pp)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	figs, err := sources.ReadFigures("out", strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	polls := map[string]bool{}
	for _, f := range figs {
		polls[f.Snapshot] = true
		if !strings.HasPrefix(f.FieldEnd, "2017-") {
			t.Errorf("%s: fieldwork end %s is not in 2017", f.Snapshot, f.FieldEnd)
		}
	}
	if len(polls) != 60 || len(figs) != 498 || !strings.Contains(errs, "appears again") {
		t.Errorf("%d polls, %d figures; stderr %s", len(polls), len(figs), errs)
	}

	t1 := sourcestest.Path(t, "ministere/Presidentielle_2017_Resultats_Tour_1_departements.csv")
	out2 := filepath.Join(t.TempDir(), "r.csv")
	code, _, errs = run(t, "import", "ministere", t1, "--out", out2)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, _ := os.Open(out2)
	defer f.Close()
	rs, err := sources.ReadResults("r.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	var macron, expressed int64
	units := map[string]bool{}
	for _, r := range rs {
		if r.Candidate == "MACRON" {
			macron += r.Votes
		}
		if !units[r.Code] {
			expressed += r.Expressed
		}
		units[r.Code] = true
	}
	if len(units) != 107 || macron != 8656346 || expressed != 36054394 {
		t.Errorf("%d units, Macron %d, expressed %d", len(units), macron, expressed)
	}
}

// TestEmbeddedDataRebuilds runs data/build.sh into a temporary directory and
// checks that it gives the embedded files of every election byte for byte:
// the embedded data are exactly what the importers make of the vendored
// upstream files.
func TestEmbeddedDataRebuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command: not in -short mode")
	}
	out := t.TempDir()
	if b, err := runScript(t, "../../data/build.sh", sourcestest.Dir(), out); err != nil {
		t.Fatalf("build.sh: %v\n%s", err, b)
	}
	// The French election.json are written by hand; us2016's is the importer's.
	for dir, names := range map[string][]string{
		"fr2017": {sources.ResultsFile, sources.ForecastsFile},
		"fr2022": {sources.ResultsFile, sources.ForecastsFile},
		"us2016": {sources.ElectionFile, sources.ResultsFile, sources.ForecastsFile},
	} {
		for _, name := range names {
			got, _ := os.ReadFile(filepath.Join(out, dir, name))
			want, err := os.ReadFile(filepath.Join("../../data", dir, name))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s/%s: rebuilding gives different bytes (run: bash data/build.sh)", dir, name)
			}
		}
	}
}

// TestImportDatasets: the importers that write a whole dataset of races
// (fivethirtyeight, pollsposition-history) write one that loads and scores
// race by race; a --year and --type that choose no poll, or no --out, are
// bad usage (exit 2) that says what to fix.
func TestImportDatasets(t *testing.T) {
	dir := t.TempDir()
	raw := sourcestest.Path(t, "fivethirtyeight/2023/raw-polls.csv")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "fivethirtyeight", raw, "--year", "1990", "--out", filepath.Join(dir, "x")}, 2, "no poll in 1990 (years there: 1998–2022)"},
		{[]string{"import", "fivethirtyeight", raw, "--year", "2016", "--type", "Gov-X", "--out", filepath.Join(dir, "x")}, 2, "no poll of type Gov-X in 2016 (types there: Gov-G, House-G, Pres-G, Pres-P, Sen-G)"},
		{[]string{"import", "fivethirtyeight", raw, "--year", "2016"}, 2, "give --out DIR"},
		{[]string{"import", "pollsposition-history", sourcestest.Path(t, "pollsposition/tour1_complet_unitedfl.csv")}, 2, "give --out DIR"},
		{[]string{"import", "fivethirtyeight", raw, "--year", "2018", "--type", "Sen-G", "--out", filepath.Join(dir, "sen")}, 0, "imported 188 poll questions of 30 races (Sen-G 2018)"},
		{[]string{"score", "--data", filepath.Join(dir, "sen"), "--race", "MS-Sen-GSR", "--format", "csv"}, 0, ""},
		{[]string{"import", "pollsposition-history", sourcestest.Path(t, "pollsposition/tour1_complet_unitedfl.csv"), "--out", filepath.Join(dir, "blocs")}, 0, "imported 902 polls of 24 races"},
		{[]string{"score", "--data", filepath.Join(dir, "blocs"), "--race", "president-2002-04-21", "--format", "csv"}, 0, ""},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("forecast %s: exit %d, want %d; stderr %s (want %q)", strings.Join(c.args, " "), code, c.code, errs, c.want)
		}
	}
}

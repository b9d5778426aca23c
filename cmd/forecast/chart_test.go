package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestChartCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "erreurs.pdf")
	if code, _, errs := run(t, "chart", "errors", "--lang", "fr", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("--out erreurs.pdf did not write a PDF")
	}
	code, stdout, errs := run(t, "chart", "runoff", "--format", "csv", "--out", "-")
	if code != 0 || !strings.HasPrefix(stdout, "round,candidate,") {
		t.Errorf("exit %d, CSV on standard output: %.80q %s", code, stdout, errs)
	}
	code, stdout, _ = run(t, "chart", "final", "--format", "svg", "--width", "12cm", "--out", "-")
	if code != 0 || !strings.Contains(stdout, `width="340.16pt"`) {
		t.Errorf("exit %d, --width 12cm: %.200q", code, stdout)
	}
	for _, args := range [][]string{
		{"chart", "pie"},
		{"chart", "final", "--lang", "de"},
		{"chart", "final", "--format", "gif"},
		{"chart", "final", "--width", "16"},
		{"chart", "final", "--dpi", "0"},
		{"chart", "final", "--candidates", "all"},
		{"chart", "leaderboard", "--measure", "luck"},
		{"chart"},
	} {
		if code, _, errs := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (bad usage): %s", args, code, exitUsage, errs)
		}
	}
}

func TestReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	if code, _, errs := run(t, "report", "--out", dir, "--dpi", "40"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"index.html", "report.md", "charts/final.png", "charts/final.svg", "charts/final.pdf", "tables/final.csv", "tables/scores.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := run(t, "report", "--out", dir); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("an existing report was not refused: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "report", "--out", dir, "--force", "--lang", "fr", "--dpi", "40"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); !strings.Contains(string(b), `lang="fr"`) {
		t.Error("--force did not replace the report")
	}
	if code, _, _ := run(t, "report"); code != exitUsage {
		t.Errorf("report without --out: exit %d", code)
	}
}

// TestChartFrom: 'forecast chart campaign --format csv' for 2022 starts on
// --from (by default on 1 January 2022, though scored polls start on 24
// February) and shows the polls of hypotheses that did not happen before
// the first scored poll; --from reaches the image's subtitle and the
// lead-time chart; a malformed day, or one on or after the vote, is bad usage.
func TestChartFrom(t *testing.T) {
	campaign := []string{"chart", "campaign", "--election", "fr-2022-presidential", "--format", "csv", "--out", "-"}
	for _, c := range []struct{ from, first string }{{"", "2022-01-01"}, {"2022-02-01", "2022-02-01"}, {"2021-11-15", "2021-11-15"}} {
		args := campaign
		if c.from != "" {
			args = append(slices.Clone(args), "--from", c.from)
		}
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		first, early := "9999", 0
		for _, r := range readCSV(t, out) {
			first = min(first, r["day"])
			if r["kind"] == "hypothesis" && r["day"] < "2022-02-24" {
				early++
			}
		}
		if first < c.first || first >= "2022-02-24" {
			t.Errorf("--from %q: the CSV starts on %s, want on or after %s and before the first scored poll", c.from, first, c.first)
		}
		if early == 0 {
			t.Errorf("--from %q: no hypothesis point before 24 February", c.from)
		}
	}
	code, out, errs := run(t, "chart", "campaign", "--election", "fr-2022-presidential", "--from", "2022-02-01", "--format", "svg", "--out", "-")
	if code != 0 || !strings.Contains(out, "Every poll from 1\u00a0February\u00a02022") { // a date never breaks (locale.Date)
		t.Errorf("--from 2022-02-01: exit %d, the subtitle does not say so: %s", code, errs)
	}
	code, out, errs = run(t, "chart", "lead-time", "--election", "fr-2022-presidential", "--round", "2", "--from", "2022-03-01", "--format", "csv", "--out", "-")
	if code != 0 {
		t.Fatalf("lead-time --from: exit %d: %s", code, errs)
	}
	for _, r := range readCSV(t, out) {
		if r["published"] < "2022-03-01" {
			t.Errorf("lead-time --from 2022-03-01 shows a forecast published on %s", r["published"])
		}
	}
	for _, from := range []string{"2022-02-30", "01/02/2022", "2022-2-1", "yesterday", "2022-04-10", "2027-01-01"} {
		for _, args := range [][]string{
			append(slices.Clone(campaign), "--from", from),
			{"report", "--out", filepath.Join(t.TempDir(), "r"), "--election", "fr-2022-presidential", "--from", from},
		} {
			if code, _, errs := run(t, args...); code != exitUsage || !strings.Contains(errs, from) {
				t.Errorf("%v: exit %d, want %d (bad usage) naming %q: %s", args, code, exitUsage, from, errs)
			}
		}
	}
}

// TestReportFrom: --from reaches the report's campaign chart and its table.
func TestReportFrom(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	if code, _, errs := run(t, "report", "--out", dir, "--election", "fr-2022-presidential", "--from", "2022-02-01", "--dpi", "40"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "tables", "campaign.csv"))
	if err != nil {
		t.Fatal(err)
	}
	hypotheses := 0
	for _, r := range readCSV(t, string(b)) {
		if r["day"] < "2022-02-01" {
			t.Fatalf("the report's campaign table starts before --from: %v", r)
		}
		if r["kind"] == "hypothesis" {
			hypotheses++
		}
	}
	if hypotheses == 0 {
		t.Error("the report's campaign table has no hypothesis")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); !strings.Contains(string(b), "1\u00a0February\u00a02022") {
		t.Error("index.html does not say where the campaign chart starts")
	}
}

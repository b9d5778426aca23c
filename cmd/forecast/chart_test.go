package main

import (
	"os"
	"path/filepath"
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

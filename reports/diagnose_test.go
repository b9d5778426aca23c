package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"forecast/scoring"
	"forecast/sources"
)

// diagnostics is a two-table document with undefined, infinite and awkward
// cells.
func diagnostics() *Diagnostics {
	e := &sources.Election{ID: "toy", Name: "Toy election", Candidates: []sources.Candidate{{ID: "A", Name: "Ann Á"}}}
	return &Diagnostics{Election: e, Title: "Toy election, round 1: diagnostics", Options: [][2]string{{"round", "1"}},
		Tables: []Table{
			{Name: "short", Title: "A short table", Columns: []Column{{"candidate", Text}, {"polls", Integer}, {"p_lower", PValue}, {"rho", Sig3}, {"n_eff", Fixed0}, {"covered", YesNo}},
				Rows: [][]any{
					{"A", 8, 0.0362460683345665, -0.00383716312345, math.Inf(1), true},
					{"B|x", 1, math.NaN(), math.NaN(), 285.312857, false},
				},
				Summary: []string{"Ann Á: a summary line."}},
			{Name: "long", Title: "A long table", Long: true, Columns: []Column{{"day", Text}, {"average", Fixed2}},
				Rows: [][]any{{"d1", 23.93516811}}},
		},
		LeftOut:     []scoring.LeftOut{{Snapshot: "s1", Reason: "no size"}, {Snapshot: "s2", Superseded: "s3"}},
		Conventions: []string{"A convention."}}
}

func TestDiagnosticsCSVKeepsFullPrecision(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, diagnostics(), "csv", "short"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"candidate", "polls", "p_lower", "rho", "n_eff", "covered"},
		{"A", "8", "0.0362460683345665", "-0.00383716312345", "Inf", "yes"}, {"B|x", "1", "", "", "285.312857", "no"}}
	if strings.Join(flat(recs), ",") != strings.Join(flat(want), ",") {
		t.Errorf("CSV %v, want %v", recs, want)
	}
	for _, only := range []string{"", "all"} {
		if err := WriteDiagnostics(&buf, diagnostics(), "csv", only); err == nil || !strings.Contains(err.Error(), "CSV holds one table") {
			t.Errorf("csv with --table %q: %v", only, err)
		}
	}
	if err := WriteDiagnostics(&buf, diagnostics(), "table", "nope"); err == nil || !strings.Contains(err.Error(), "short, long") {
		t.Errorf("unknown table: %v", err)
	}
}

func flat(recs [][]string) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r...)
	}
	return out
}

func TestDiagnosticsJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, diagnostics(), "json", ""); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Election string
		Round    string
		Tables   []struct {
			Name    string
			Columns []string
			Rows    []map[string]any
			Summary []string
		}
		LeftOut []map[string]string `json:"left_out"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, buf.String())
	}
	if doc.Election != "toy" || doc.Round != "1" || len(doc.Tables) != 2 || len(doc.LeftOut) != 2 {
		t.Fatalf("document: %+v", doc)
	}
	a, b := doc.Tables[0].Rows[0], doc.Tables[0].Rows[1]
	if a["p_lower"] != 0.0362460683345665 || a["polls"] != float64(8) || a["covered"] != true || a["n_eff"] != nil || b["rho"] != nil {
		t.Errorf("rows %v %v: numbers at full precision, null for NaN and infinities", a, b)
	}
	if doc.Tables[1].Rows[0]["average"] != 23.93516811 || doc.Tables[0].Summary[0] != "Ann Á: a summary line." {
		t.Errorf("long table and summary: %+v", doc.Tables)
	}
}

func TestDiagnosticsText(t *testing.T) {
	var buf bytes.Buffer
	WriteDiagnostics(&buf, diagnostics(), "table", "")
	out := buf.String()
	for _, want := range []string{"A short table (--table short)", "0.036", "-0.00384", "∞", "285", "– ", "- Ann Á: a summary line.",
		"More tables (--table NAME, or --format json for all): long.", "s1: no size", "1 earlier snapshots", "Conventions:\n- A convention."} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "23.94") {
		t.Errorf("long tables are printed only when asked:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	if runeEnd(lines[4], "p_lower") != runeEnd(lines[6], "0.036") {
		t.Errorf("misaligned:\n%s", out)
	}
	buf.Reset()
	WriteDiagnostics(&buf, diagnostics(), "markdown", "all")
	for _, want := range []string{"# Toy election", "## A long table", "| day | average |", "| :--- | ---: |", `B\|x`, "23.94"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, buf.String())
		}
	}
}

package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The synthetic sample and R survey's weights for it (see
// scoring/weighting/testdata/rake.R).
const weightingData = "../../scoring/weighting/testdata/"

// runWeights runs 'forecast diagnose weights' in-process.
func runWeights(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return run(t, append([]string{"diagnose", "weights"}, args...)...)
}

// readWeightsFile reads an id,weight file.
func readWeightsFile(t *testing.T, path string) map[string]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w := map[string]float64{}
	for _, r := range readCSV(t, string(b)) {
		x, err := strconv.ParseFloat(r["weight"], 64)
		if err != nil {
			t.Fatal(err)
		}
		w[r["id"]] = x
	}
	return w
}

// TestDiagnoseWeightsMatchesRSurvey runs the command on the synthetic sample
// and compares the weights it writes with R survey's, to 1e-6.
func TestDiagnoseWeightsMatchesRSurvey(t *testing.T) {
	for _, c := range []struct {
		name, reference string
		args            []string
	}{
		{"rake", "r_rake.csv", []string{"--margins", weightingData + "margins.csv"}},
		{"rake with design weights", "r_rake_design.csv", []string{"--margins", weightingData + "margins.csv", "--weight", "dw"}},
		{"poststratify", "r_poststratify.csv", []string{"--margins", weightingData + "joint.csv", "--weight", "dw", "--method", "poststratify"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "w.csv")
			args := append([]string{"--sample", weightingData + "sample.csv", "--out", out, "--tolerance", "1e-10", "--max-iter", "100"}, c.args...)
			code, _, stderr := runWeights(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got, want := readWeightsFile(t, out), readWeightsFile(t, weightingData+c.reference)
			if len(got) != len(want) {
				t.Fatalf("%d weights, R has %d", len(got), len(want))
			}
			for id, w := range want {
				if math.Abs(got[id]-w) > 1e-6 {
					t.Fatalf("%s: weight %.17g, R %.17g", id, got[id], w)
				}
			}
		})
	}
}

func TestDiagnoseWeightsOutput(t *testing.T) {
	base := []string{"--sample", weightingData + "sample.csv", "--margins", weightingData + "margins.csv", "--outcome", "vote,scale"}
	code, out, stderr := runWeights(t, base...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Raking (iterative proportional fitting) of ../../scoring/weighting/testdata/sample.csv (2,000 respondents)",
		"converged yes, after 46 passes", // R stops after 40 with margins met to 2.4e-6 > ε·n = 2e-7
		"margins met to 1.38e-07 (largest |weighted total − target|; tolerance 2e-07 = 1e-10 × total of the targets)",
		"design effect 1.895 (Kish); effective n 1,055 of 2,000",
		"occupation: worker 118 5.9 12.5 12.5 -6.60",
		"vote: weighting moved the estimate from 52.1 % to 50.8 % (-1.28 points",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the table lacks %q (spaces aside):\n%s", want, out)
		}
	}

	code, out, stderr = runWeights(t, append(base, "--format", "csv", "--table", "composition")...)
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	rows := readCSV(t, out)
	if !strings.HasPrefix(out, "variable,category,n,sample_share,design_share,weighted_share,target_share,target\n") || len(rows) != 29 {
		t.Errorf("composition CSV: %d rows:\n%s", len(rows), out)
	}
	if r := rows[0]; r["variable"] != "sex" || r["category"] != "F" || r["n"] != "1108" || r["sample_share"] != "0.554" || r["design_share"] != "" || r["target"] != "0.52" {
		t.Errorf("first composition row %v", r)
	}

	code, out, stderr = runWeights(t, append(base, "--format", "json")...)
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, stderr)
	}
	var doc struct {
		Method string
		Tables []struct {
			Name string
			Rows []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Method != "rake" || len(doc.Tables) != 3 || doc.Tables[0].Name != "summary" {
		t.Fatalf("json: %+v", doc)
	}
	s := doc.Tables[0].Rows[0]
	if s["converged"] != true || s["iterations"] != 46.0 || s["respondents"] != 2000.0 || s["targets"] != "shares" || s["trim_low"] != nil {
		t.Errorf("json summary %v", s)
	}
	if o := doc.Tables[2].Rows[1]; o["outcome"] != "scale" || o["n"] != 1902.0 {
		t.Errorf("json outcome %v", o)
	}
}

func TestDiagnoseWeightsTrimAndConvergence(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "w.csv")
	base := []string{"--sample", weightingData + "sample.csv", "--margins", weightingData + "margins.csv", "--out", out}
	code, _, stderr := runWeights(t, append(base, "--trim", "0.1,10", "--max-iter", "1000")...)
	if code != 0 || !strings.Contains(stderr, "wrote 2000 weights to "+out) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for id, w := range readWeightsFile(t, out) {
		if w < 0.1*(1-1e-12) || w > 10*(1+1e-12) {
			t.Errorf("%s: weight %g outside [0.1, 10]", id, w)
		}
	}
	code, stdout, stderr := runWeights(t, append(base, "--max-iter", "3", "--format", "csv", "--table", "summary")...)
	if code != 3 || !strings.Contains(stderr, "raking did not converge after 3 passes") || !strings.Contains(stderr, "margins missed by more than 2e-07") || stdout != "" {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runWeights(t, append(base, "--max-iter", "3", "--format", "csv", "--table", "summary", "--allow-unconverged")...)
	if code != 0 || !strings.Contains(stderr, "warning: raking did not converge after 3 passes") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if r := readCSV(t, stdout)[0]; r["converged"] != "no" || r["iterations"] != "3" || r["max_iter"] != "3" {
		t.Errorf("summary %v", r)
	}
}

func TestDiagnoseWeightsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	margins := write("margins.csv", "variable,category,target\nsex,F,0.5\nsex,M,0.5\nage,young,0.5\nage,old,0.5\n")
	sample := write("sample.csv", "id,sex,age,dw\n1,F,young,1\n2,M,old,2\n3,F,old,1\n4,M,young,1\n")
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no sample", []string{"--margins", margins}, exitUsage, "needs --sample FILE and --margins FILE"},
		{"unknown flag", []string{"--sample", sample, "--margins", margins, "--bogus"}, exitUsage, "unknown flag: --bogus"},
		{"argument", []string{"--sample", sample, "--margins", margins, "extra"}, exitUsage, "accepts 0 arg(s)"},
		{"method", []string{"--sample", sample, "--margins", margins, "--method", "calibrate"}, exitUsage, `--method "calibrate"`},
		{"trim", []string{"--sample", sample, "--margins", margins, "--trim", "2,5"}, exitUsage, `--trim "2,5"`},
		{"trim poststratify", []string{"--sample", sample, "--margins", margins, "--trim", "0.5,2", "--method", "poststratify"}, exitUsage, "--trim works with --method rake"},
		{"tolerance", []string{"--sample", sample, "--margins", margins, "--tolerance", "0"}, exitUsage, "--tolerance 0"},
		{"csv without table", []string{"--sample", sample, "--margins", margins, "--format", "csv"}, exitUsage, "CSV holds one table"},
		{"table", []string{"--sample", sample, "--margins", margins, "--table", "cells"}, exitUsage, `--table "cells"`},
		{"no file", []string{"--sample", filepath.Join(dir, "none.csv"), "--margins", margins}, exitFailure, "no such file"},
		{"unknown category", []string{"--sample", write("s1.csv", "sex,age\nF,young\nM,old\nF,middle\n"), "--margins", margins}, exitData,
			`s1.csv:4: age = "middle" is not a category of ` + margins},
		{"empty category", []string{"--sample", write("s2.csv", "sex,age\nF,young\nM,young\n"), "--margins", margins}, exitData,
			`margins.csv:5: age = "old": no respondent in`},
		{"margins do not add up", []string{"--sample", sample, "--margins", write("m1.csv", "variable,category,target\nsex,F,500\nsex,M,500\nage,young,500\nage,old,600\n")}, exitData,
			"m1.csv:4: age: targets sum to 1100 but sex sums to 1000"},
		{"weight", []string{"--sample", write("s3.csv", "sex,age,dw\nF,young,1\nM,old,x\n"), "--margins", margins, "--weight", "dw"}, exitData,
			`s3.csv:3: design weight dw = "x": not a positive number`},
		{"missing column", []string{"--sample", sample, "--margins", margins, "--outcome", "vote"}, exitData, "sample.csv:1: missing column(s) vote"},
		{"empty cell", []string{"--sample", sample, "--method", "poststratify", "--margins", write("j.csv", "sex,age,target\nF,young,0.2\nF,old,0.2\nM,young,0.2\nM,old,0.2\nM,middle,0.2\n")}, exitData,
			`j.csv:6: cell sex = "M", age = "middle": no respondent`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runWeights(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to contain %q", code, c.code, stderr, c.want)
			}
		})
	}
}

// The weights file names respondents by the id column, --id, or their row.
func TestDiagnoseWeightsIDs(t *testing.T) {
	dir := t.TempDir()
	margins := filepath.Join(dir, "m.csv")
	if err := os.WriteFile(margins, []byte("variable,category,target\ng,a,0.25\ng,b,0.75\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sample, id, want string }{
		{"g\na\nb\nb\n", "", "row,weight\n1,0.75\n2,1.125\n3,1.125\n"},
		{"id,g\nx,a\ny,b\nz,b\n", "", "id,weight\nx,0.75\ny,1.125\nz,1.125\n"},
		{"key,g\n\"p,q\",a\nr,b\ns,b\n", "key", "key,weight\n\"p,q\",0.75\nr,1.125\ns,1.125\n"},
	} {
		sample, out := filepath.Join(dir, "s.csv"), filepath.Join(dir, "w.csv")
		if err := os.WriteFile(sample, []byte(c.sample), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"--sample", sample, "--margins", margins, "--out", out, "--format", "markdown"}
		if c.id != "" {
			args = append(args, "--id", c.id)
		}
		code, stdout, stderr := runWeights(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if got, _ := os.ReadFile(out); string(got) != c.want {
			t.Errorf("weights file:\n%s\nwant:\n%s", got, c.want)
		}
		if !strings.HasPrefix(stdout, "# Raking") || !strings.Contains(stdout, "| g: a | 1 | 33.3 | 25.0 | 25.0 | +8.33 |") {
			t.Errorf("markdown:\n%s", stdout)
		}
	}
}

// Margins that no weights can meet together (every woman young, every man
// old, and more young than women) stop the weights moving: not converged,
// exit 3, with the margins missed and their lines in the targets file.
func TestDiagnoseWeightsContradictoryMargins(t *testing.T) {
	dir := t.TempDir()
	sample, margins := filepath.Join(dir, "s.csv"), filepath.Join(dir, "m.csv")
	if err := os.WriteFile(sample, []byte("sex,age\nF,young\nF,young\nM,old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(margins, []byte("variable,category,target\nsex,F,500\nsex,M,500\nage,young,900\nage,old,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runWeights(t, "--sample", sample, "--margins", margins)
	want := `sex = "F" (` + margins + `:2) weighs 900 for a target of 500 (+400)`
	if code != 3 || stdout != "" || !strings.Contains(stderr, want) {
		t.Errorf("exit %d: %s%s; want exit 3 and %q", code, stdout, stderr, want)
	}
}

package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"forecast/data"
	"forecast/reports"
	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring"
)

// completions runs the hidden __complete command the shell scripts call and
// returns the values offered (without their descriptions) and the directive
// line (":4" for no file completion).
func completions(t *testing.T, args ...string) (values []string, directive string) {
	t.Helper()
	code, out, errs := run(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, lines[len(lines)-1]
}

// strs converts a list of string-like values.
func strs[S ~string](list []S) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// TestCompleteFlagValues checks that the flags with a fixed set of values
// complete to exactly the table their command validates against, without
// offering file names.
func TestCompleteFlagValues(t *testing.T) {
	kinds := append(strs(charts.Kinds), string(charts.Races))
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"score", "--format", ""}, reports.Formats},
		{[]string{"score", "--election", ""}, data.Elections()},
		{[]string{"score", "--family", ""}, []string{"all", "poll", "buzz", "model"}},
		{[]string{"score", "--sort", ""}, scoring.SortKeys},
		{[]string{"score", "--at", ""}, []string{"final", "all"}},
		{[]string{"score", "--round", ""}, []string{"1", "2"}},
		{[]string{"diagnose", "polls", "--format", ""}, reports.Formats},
		{[]string{"diagnose", "weights", "--format", ""}, reports.Formats},
		{[]string{"diagnose", "weights", "--table", ""}, append(slices.Clone(reports.WeightTables), "all")},
		{[]string{"diagnose", "weights", "--method", ""}, weightMethods},
		{[]string{"diagnose", "races", "--table", ""}, []string{"races", "summary", "polls", "all"}},
		{[]string{"chart", ""}, kinds},
		{[]string{"chart", "final", "--format", ""}, []string{"png", "svg", "pdf", "csv"}},
		{[]string{"chart", "final", "--lang", ""}, strs(locale.Langs)},
		{[]string{"chart", "final", "--measure", ""}, scoring.SortKeys},
		{[]string{"report", "--lang", ""}, strs(locale.Langs)},
		{[]string{"report", "--election", ""}, data.Elections()},
		{[]string{"data", "list", "--format", ""}, dataFormats},
		{[]string{"data", "show", ""}, data.Elections()},
		{[]string{"import", ""}, []string{"pollsposition", "nsppolls", "ministere", "proclamation", "polls", "buzz", "filteris", "gov", "vigiglobe"}},
		{[]string{"import", "--election", ""}, append(data.Elections(), "none")},
		{[]string{"import", "--election", "fr-2022-presidential", "--round", ""}, []string{"1", "2"}},
	} {
		got, directive := completions(t, c.args...)
		if !slices.Equal(got, c.want) || directive != ":4" {
			t.Errorf("forecast %s<TAB>: %q, directive %s; want %q, :4 (no file names)", strings.Join(c.args, " "), got, directive, c.want)
		}
	}
}

// TestCompleteCandidates checks --candidates: the named sets, topN up to the
// round's ballot and the ids of the round's candidates, continued after a
// comma; every value offered is a candidate set the command accepts.
func TestCompleteCandidates(t *testing.T) {
	got, _ := completions(t, "score", "--candidates", "")
	want := []string{"headline", "all", "common", "top2", "top3", "top4", "top5", "top6", "top7", "top8", "top9", "top10", "top11",
		"MACRON,", "LE_PEN,", "FILLON,", "MELENCHON,", "HAMON,", "DUPONT_AIGNAN,", "LASSALLE,", "POUTOU,", "ASSELINEAU,", "ARTHAUD,", "CHEMINADE,"}
	if !slices.Equal(got, want) {
		t.Errorf("score --candidates: %q, want %q", got, want)
	}
	for _, v := range got {
		if _, err := scoring.ParseCandidateSet(v); !strings.HasSuffix(v, ",") && err != nil {
			t.Errorf("%s is offered but not accepted: %v", v, err)
		}
	}

	got, _ = completions(t, "score", "--round", "2", "--candidates", "")
	if want := []string{"headline", "all", "common", "top2", "MACRON,", "LE_PEN,"}; !slices.Equal(got, want) {
		t.Errorf("score --round 2 --candidates: %q, want %q", got, want)
	}

	// 2022: only the twelve on the ballot, not the people polled who did not run.
	got, _ = completions(t, "score", "--election", "fr-2022-presidential", "--candidates", "")
	if !slices.Contains(got, "top12") || slices.Contains(got, "top13") || !slices.Contains(got, "ZEMMOUR,") || slices.Contains(got, "TAUBIRA,") {
		t.Errorf("2022 --candidates: %q", got)
	}

	got, directive := completions(t, "score", "--candidates", "MACRON,LE_PEN,F")
	if len(got) != 9 || slices.Contains(got, "MACRON,LE_PEN,MACRON") || !slices.Contains(got, "MACRON,LE_PEN,FILLON") || directive != ":6" {
		t.Errorf("score --candidates MACRON,LE_PEN,F: %q, directive %s", got, directive)
	}
	if code, _, errs := run(t, "score", "--candidates", "MACRON,LE_PEN,FILLON"); code != 0 {
		t.Errorf("a completed list is refused: %s", errs)
	}

	// The charts compare sources on one candidate set: no "all".
	got, _ = completions(t, "chart", "final", "--candidates", "")
	if slices.Contains(got, "all") || !slices.Contains(got, "headline") {
		t.Errorf("chart --candidates: %q", got)
	}

	got, _ = completions(t, "diagnose", "buzz", "--round", "2", "--ref", "")
	if want := []string{"MACRON", "LE_PEN"}; !slices.Equal(got, want) {
		t.Errorf("diagnose buzz --round 2 --ref: %q, want %q", got, want)
	}
}

// TestCompleteDiagnoseTables checks that diagnose --table completes to the
// tables the diagnosis writes (the keys of its JSON document), and all.
func TestCompleteDiagnoseTables(t *testing.T) {
	for _, sub := range []string{"polls", "buzz", "all"} {
		got, directive := completions(t, "diagnose", sub, "--table", "")
		code, out, errs := run(t, "diagnose", sub, "--format", "json")
		if code != 0 {
			t.Fatalf("diagnose %s: %s", sub, errs)
		}
		var doc struct {
			Tables []struct{ Name string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, tb := range doc.Tables {
			want = append(want, tb.Name)
		}
		want = append(want, "all")
		if !slices.Equal(got, want) || directive != ":4" || len(want) < 4 {
			t.Errorf("diagnose %s --table: %q, directive %s; want %q", sub, got, directive, want)
		}
	}
}

// TestCompleteFiles checks that file flags complete file names (with the
// extension they expect) and that import completes files after its format.
func TestCompleteFiles(t *testing.T) {
	for _, c := range []struct {
		args      []string
		want      []string
		directive string
	}{
		{[]string{"diagnose", "weights", "--sample", ""}, []string{"csv"}, ":8"},
		{[]string{"import", "--election-file", ""}, []string{"json"}, ":8"},
		{[]string{"import", "ministere", ""}, nil, ":0"},
		{[]string{"score", "--data", ""}, nil, ":16"},
		{[]string{"report", "--out", ""}, nil, ":16"},
	} {
		got, directive := completions(t, c.args...)
		if !slices.Equal(got, c.want) || directive != c.directive {
			t.Errorf("forecast %s<TAB>: %q, directive %s; want %q, %s", strings.Join(c.args, " "), got, directive, c.want, c.directive)
		}
	}
}

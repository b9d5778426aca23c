package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"forecast/data"
	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/sources"
)

// load reads the embedded default election; rename, if not nil, changes
// figures first.
func load(tb testing.TB, change func(*sources.Dataset)) *charts.Data {
	tb.Helper()
	d, err := data.Load(data.Default)
	if err != nil {
		tb.Fatal(err)
	}
	if change != nil {
		change(d)
	}
	cd, err := charts.Prepare(d, charts.Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}})
	if err != nil {
		tb.Fatal(err)
	}
	return cd
}

func build(tb testing.TB, d *charts.Data, l locale.Lang) map[string][]byte {
	tb.Helper()
	files, err := Build(d, Options{Lang: l, Image: charts.Options{DPI: 50}})
	if err != nil {
		tb.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Data
	}
	return m
}

// TestEscaping gives the first pollster of the data the name of an HTML
// element: the page and report.md must show it as text.
func TestEscaping(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	d := load(t, func(d *sources.Dataset) {
		first := ""
		for i := range d.Figures {
			f := &d.Figures[i]
			if f.Family == sources.Poll && (first == "" || f.Source == first) {
				first = f.Source
				f.SourceName = evil
			}
		}
	})
	files := build(t, d, locale.EN)
	html, md := string(files["index.html"]), string(files["report.md"])
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Error("index.html contains a <script element")
	}
	if !strings.Contains(html, "&lt;script&gt;") {
		t.Error("index.html does not show the pollster's name as text")
	}
	if strings.Contains(md, "<script") || !strings.Contains(md, "&lt;script&gt;") {
		t.Error("report.md does not escape the pollster's name")
	}
}

// TestSelfContained checks that the page loads nothing: no script, no
// stylesheet or image from elsewhere, fonts embedded.
func TestSelfContained(t *testing.T) {
	html := string(build(t, load(t, nil), locale.FR)["index.html"])
	for _, re := range []string{`(?i)<script`, `(?i)<link[^>]+stylesheet`, `(?i)<img`, `(?i)src="http`, `(?i)url\(\s*['"]?http`, `@import`} {
		if regexp.MustCompile(re).MatchString(html) {
			t.Errorf("index.html matches %s: it must load nothing", re)
		}
	}
	if !strings.Contains(html, "@font-face") || strings.Count(html, `<svg class="chart"`) != 2*len(charts.Kinds) { // wide and narrow
		t.Errorf("index.html: fonts embedded %v, %d inline charts", strings.Contains(html, "@font-face"), strings.Count(html, `<svg class="chart"`))
	}
	if !strings.Contains(html, `<html lang="fr">`) || !strings.Contains(html, "Classement") {
		t.Error("the French report is not in French")
	}
}

// TestDeterministic builds the report twice: every file must be the same.
func TestDeterministic(t *testing.T) {
	d := load(t, nil)
	a, b := build(t, d, locale.EN), build(t, d, locale.EN)
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestMarkdown checks that report.md links each chart's PNG and holds the
// leaderboard.
func TestMarkdown(t *testing.T) {
	md := string(build(t, load(t, nil), locale.EN)["report.md"])
	for _, want := range []string{"](charts/final.png)", "| # | series |", "[CSV](tables/final.csv)"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

func BenchmarkReport(b *testing.B) {
	d := load(b, nil)
	for b.Loop() {
		if _, err := Build(d, Options{Lang: locale.FR}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestVerdictInSummary: with the bootstrap, the summary says in both
// languages that the 2017 first-round order is not a ranking of skill
// (issue 10), naming the series that most often comes first.
func TestVerdictInSummary(t *testing.T) {
	d, err := data.Load(data.Default)
	if err != nil {
		t.Fatal(err)
	}
	cd, err := charts.Prepare(d, charts.Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}, Draws: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for l, want := range map[locale.Lang]string{locale.EN: "That order is not a ranking of skill", locale.FR: "Cet ordre n’est pas un classement des compétences"} {
		lines, _ := summary(cd, l)
		s := strings.Join(lines, "\n")
		if !strings.Contains(s, want) || strings.Contains(s, "most accurate") {
			t.Errorf("%v summary:\n%s", l, s)
		}
	}
}

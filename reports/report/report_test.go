package report

import (
	"bytes"
	"html/template"
	"math"
	"regexp"
	"slices"
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

// TestSummaryFindings checks that "In short" states what the data say,
// computed, in both languages: the forecast of smallest mean absolute error
// (whatever the table's measure) with its error in points, the range of
// the polls' errors, no B_w, and every series with no MAE in one footnote.
// With the best pollster's figures taken out, it names the next one.
func TestSummaryFindings(t *testing.T) {
	for _, drop := range []bool{false, true} {
		d := load(t, func(d *sources.Dataset) {
			if drop {
				d.Figures = slices.DeleteFunc(d.Figures, func(f sources.Figure) bool { return f.Source == "elabe" })
			}
		})
		lb := d.Final
		best, lo, hi := -1, math.Inf(1), math.Inf(-1)
		var unscored []*scoring.Row
		for i := range lb.Rows {
			r := &lb.Rows[i]
			switch {
			case math.IsNaN(r.MAE):
				unscored = append(unscored, r)
				continue
			case best < 0 || r.MAE < lb.Rows[best].MAE:
				best = i
			}
			if r.Family == sources.Poll {
				lo, hi = min(lo, r.MAE), max(hi, r.MAE)
			}
		}
		if best < 0 || len(unscored) == 0 {
			t.Fatalf("the 2017 data have no MAE, or no row without one: the test proves nothing")
		}
		r := &lb.Rows[best]
		if name := label(d, locale.EN, r); drop == (name == "Elabe") {
			t.Fatalf("dropping Elabe: %v, best %s", drop, name)
		}
		for _, l := range locale.Langs {
			lines, note := summary(d, l)
			s := strings.Join(lines, "\n")
			for _, want := range []string{l.Of(label(d, l, r)), l.Points(r.MAE, 2), l.Number(lo, 2) + " ", l.Points(hi, 2)} {
				if !strings.Contains(lines[0]+lines[1], want) {
					t.Errorf("%s (Elabe dropped %v): the summary lacks %q:\n%s", l, drop, want, s)
				}
			}
			if strings.Contains(s, "B_w") {
				t.Errorf("%s: the summary speaks of B_w:\n%s", l, s)
			}
			var names []string
			for _, u := range unscored {
				names = append(names, label(d, l, u))
			}
			if note != l.T("summary.unscored", strings.Join(names, ", ")) {
				t.Errorf("%s: footnote %q, want the %d series with no MAE", l, note, len(unscored))
			}
		}
	}
	lines, _ := summary(load(t, nil), locale.FR)
	for _, want := range []string{"celle d’Elabe (sondage)\u00a0: 0,07\u00a0point d’erreur", "était 1er du classement"} {
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			t.Errorf("the French summary lacks %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

// TestPage checks the structure of the page that the browser test cannot
// see: every link of the table of contents leads somewhere, the provenance
// table is collapsed and its CSV has a row per snapshot, no caption repeats
// its chart's title, every chart is there twice (wide and narrow), French
// ordinals are raised and dates in tables are French.
func TestPage(t *testing.T) {
	d := load(t, nil)
	files := build(t, d, locale.FR)
	html := string(files["index.html"])
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(html, `id="`+m[1]+`"`) {
			t.Errorf("the link to #%s leads nowhere", m[1])
		}
	}
	details := regexp.MustCompile(`(?s)<details id="provenance">.*?</details>`).FindString(html)
	rows := strings.Count(details, "<tr>") - 1
	csv := strings.Count(string(files["tables/snapshots.csv"]), "\n") - 1
	if rows < 100 || csv != rows || !strings.Contains(details, `href="tables/snapshots.csv"`) {
		t.Errorf("collapsed provenance: %d rows, its CSV %d, linked %v", rows, csv, strings.Contains(details, "snapshots.csv"))
	}
	for _, kind := range charts.Kinds {
		ch, err := charts.Build(kind, d, locale.FR)
		if err != nil {
			continue
		}
		fig := regexp.MustCompile(`(?s)<figure id="` + string(kind) + `">.*?</figure>`).FindString(html)
		caption := regexp.MustCompile(`(?s)<figcaption>.*?</figcaption>`).FindString(fig)
		if caption == "" || strings.Contains(caption, template.HTMLEscapeString(ch.Title)) {
			t.Errorf("%s: caption %q repeats the title, or is missing", kind, caption)
		}
		if strings.Count(fig, `<svg class="chart"`) != 2 || !strings.Contains(fig, `<div class="narrow"><svg`) {
			t.Errorf("%s: the chart is not there wide and narrow", kind)
		}
	}
	for _, want := range []string{"1<sup>er</sup> du classement", "<td class=\"t\">20\u00a0avr.\u00a02017</td>", `<div class="scroll">` + "\n" + `<table id="results">`} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

// TestGithubSlug checks the anchors against github-slugger's own test
// fixtures (test/fixtures.json of github.com/Flet/github-slugger), in their
// order where a slug's number depends on those before it; those whose
// heading starts or ends with a space are left out, as a Markdown heading's
// text has none.
func TestGithubSlug(t *testing.T) {
	s := slugger{}
	for _, c := range []struct{ in, want string }{
		{"alpha", "alpha"},
		{"alpha", "alpha-1"},
		{"bravoCharlieDelta", "bravocharliedelta"},
		{"echo", "echo"},
		{"echo", "echo-1"},
		{"echo 1", "echo-1-1"},
		{"echo-1", "echo-1-2"},
		{"echo", "echo-2"},
		{"foxtrot-1", "foxtrot-1"},
		{"foxtrot", "foxtrot"},
		{"foxtrot", "foxtrot-2"},
		{"heading with a - dash", "heading-with-a---dash"},
		{"heading with an _ underscore", "heading-with-an-_-underscore"},
		{"heading with a period.txt", "heading-with-a-periodtxt"},
		{"exchange.bind_headers(exchange, routing [, bindCallback])", "exchangebind_headersexchange-routing--bindcallback"},
		{"apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"},
		{"I ♥ unicode", "i--unicode"},
		{"en–dash", "endash"},
		{"😄 unicode emoji", "-unicode-emoji"},
		{"😄_😄 unicode emoji", "_-unicode-emoji"},
		{":ok_hand: Single", "ok_hand-single"},
		{"Привет non-latin 你好", "привет-non-latin-你好"},
		{"aA J T d n x Æ Ð Û å ï ú", "aa-j-t-d-n-x-æ-ð-û-å-ï-ú"},
		{"a» ’ ” › ⸃ ⸅ ⸊ ⸍ ⸝ ⸡b", "a---------b"},
		{"a\u2028b", "ab"}, // Line_Separator
		// Other separators and numbers (the fixtures' Space_Separator and
		// Other_Number): the no-break spaces of "1.7 points" go.
		{"Missed by 1.7\u00a0points, 2\u202f%", "missed-by-17points-2"},
		{"a² b", "a-b"},
	} {
		if got := s.slug(c.in); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMarkdownContents checks report.md's table of contents in both
// languages: it lists the sections and every chart, and each link leads
// to a heading of the file — the anchor GitHub gives that heading,
// computed here from the headings as written (Markdown escapes undone), in
// their order.
func TestMarkdownContents(t *testing.T) {
	d := load(t, nil)
	link := regexp.MustCompile(`^( *)- \[(.*)\]\(#([^)]*)\)$`)
	unescape := strings.NewReplacer(`\\`, `\`, "\\`", "`", `\*`, "*", `\_`, "_", `\[`, "[", `\]`, "]", `\|`, "|", "&lt;", "<", "&gt;", ">")
	byHand := map[locale.Lang][]string{
		locale.EN: {"- [The official result](#the-official-result)", "- [Methodology and conventions](#methodology-and-conventions)"},
		locale.FR: {"- [Le résultat officiel](#le-résultat-officiel)", "- [Ce que disent les diagnostics](#ce-que-disent-les-diagnostics)"},
	}
	for _, l := range locale.Langs {
		md := string(build(t, d, l)["report.md"])
		lines := strings.Split(md, "\n")
		anchors := map[string]bool{}
		var chartAnchors []string // of the charts' headings, in order
		s := slugger{}
		for _, line := range lines {
			level := len(line) - len(strings.TrimLeft(line, "#"))
			if level == 0 || level > 6 || !strings.HasPrefix(line[level:], " ") {
				continue
			}
			a := s.slug(unescape.Replace(line[level+1:]))
			anchors[a] = true
			if level == 3 {
				chartAnchors = append(chartAnchors, a)
			}
		}
		start := slices.Index(lines, "## "+l.T("report.contents"))
		if start < 0 {
			t.Fatalf("%s: no contents in report.md", l)
		}
		var sections, subs []string
		for _, line := range lines[start+2:] {
			m := link.FindStringSubmatch(line)
			if m == nil {
				break
			}
			if !anchors[m[3]] {
				t.Errorf("%s: contents link %q leads to no heading", l, line)
			}
			if m[1] == "" {
				sections = append(sections, m[2])
			} else {
				subs = append(subs, m[3])
			}
		}
		want := []string{l.T("report.result"), l.T("report.summary"), l.T("report.diagnostics"), l.T("report.leaderboard"),
			l.T("report.charts"), l.T("report.method"), l.T("report.provenance")}
		if !slices.Equal(sections, want) {
			t.Errorf("%s: sections %q, want %q", l, sections, want)
		}
		if !slices.Equal(subs, chartAnchors) || len(chartAnchors) != len(charts.Kinds) {
			t.Errorf("%s: the contents link to the charts %q; the headings of the charts are %q", l, subs, chartAnchors)
		}
		// Anchors computed by hand from github-slugger's rules.
		for _, w := range byHand[l] {
			if !strings.Contains(md, "\n"+w+"\n") {
				t.Errorf("%s: no contents line %q", l, w)
			}
		}
	}
}

// TestFrenchNames checks that the French page and report.md name the
// series that have a French name (election.json's name_fr) by it, in
// the tables, notes and charts alike, and never by their English names.
func TestFrenchNames(t *testing.T) {
	d := load(t, nil)
	files := build(t, d, locale.FR)
	french := 0
	for _, s := range d.Dataset.Election.Series {
		if s.NameFr == "" {
			continue
		}
		french++
		for _, f := range []string{"index.html", "report.md"} {
			text := strings.ReplaceAll(string(files[f]), "\u00a0", " ")
			if strings.Contains(text, s.Name) {
				t.Errorf("%s names %s %q, in English", f, s.ID, s.Name)
			}
			if !strings.Contains(text, s.NameFr) {
				t.Errorf("%s does not name %s %q", f, s.ID, s.NameFr)
			}
		}
	}
	if french == 0 {
		t.Fatal("no series of the 2017 data has a French name: the test proves nothing")
	}
}

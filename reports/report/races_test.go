package report

import (
	"strings"
	"testing"

	"forecast/data"
	"forecast/reports/charts"
	"forecast/reports/locale"
	"forecast/scoring"
	"forecast/scoring/races"
)

// loadRaces is the report's data for us-2016-presidential's national race,
// and the analysis of all its races for the section on races.
func loadRaces(tb testing.TB) (*charts.Data, *races.Analysis) {
	tb.Helper()
	all, err := data.Load("us-2016-presidential")
	if err != nil {
		tb.Fatal(err)
	}
	a, err := races.Analyse(all)
	if err != nil {
		tb.Fatal(err)
	}
	r, _ := all.Election.DefaultRace()
	d, err := all.Race(r.ID)
	if err != nil {
		tb.Fatal(err)
	}
	cd, err := charts.Prepare(d, charts.Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}})
	if err != nil {
		tb.Fatal(err)
	}
	return cd, a
}

// TestRacesSection checks the section on races in both languages: in the
// contents, the page and report.md, its findings naming the wrong-winner
// races by name, its chart and table written; and that a report without
// races has none.
func TestRacesSection(t *testing.T) {
	d, a := loadRaces(t)
	for _, l := range locale.Langs {
		files, err := Build(d, Options{Lang: l, Image: charts.Options{DPI: 50}, Races: a})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range files {
			m[f.Name] = string(f.Data)
		}
		html, md := m["index.html"], m["report.md"]
		heading := l.T("report.races")
		wrong := l.T("report.races.wrong", 6, map[locale.Lang]string{
			locale.EN: "Florida, Michigan, North Carolina, Pennsylvania, Wisconsin, Maine's district 2",
			locale.FR: "Floride, Michigan, Caroline du Nord, Pennsylvanie, Wisconsin, Maine, circonscription 2"}[l])
		for _, want := range []string{`<a href="#races-section">` + heading + `</a>`, `<h2 id="races-section">` + heading + `</h2>`,
			`<figure id="races">`, `<table id="races-table">`, `<td class="t">Wisconsin</td>`, `<a href="tables/races.csv">`} {
			if !strings.Contains(html, want) {
				t.Errorf("%v: index.html has no %s", l, want)
			}
		}
		if !strings.Contains(md, "## "+heading+"\n") || !strings.Contains(md, "![") || !strings.Contains(md, "| Wisconsin | 13 |") {
			t.Errorf("%v: report.md has no section on races", l)
		}
		if !strings.Contains(md, wrong) || !strings.Contains(html, strings.ReplaceAll(wrong, "'", "&#39;")) {
			t.Errorf("%v: the findings do not say %q", l, wrong)
		}
		for _, f := range []string{"charts/races.png", "charts/races.svg", "charts/races.pdf", "tables/races.csv"} {
			if m[f] == "" {
				t.Errorf("%v: no %s", l, f)
			}
		}
	}
	files, err := Build(load(t, nil), Options{Lang: locale.EN, Image: charts.Options{DPI: 50}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == "index.html" && strings.Contains(string(f.Data), "races-section") || f.Name == "tables/races.csv" {
			t.Errorf("a report of one race per round has a section on races (%s)", f.Name)
		}
	}
}

// TestRacesHostile names a race with a formula, control characters and
// markup: the section's files stay safe (a spreadsheet reads the name as
// text, the SVG is well-formed, the page and report.md hold no control
// character and no markup from the data).
func TestRacesHostile(t *testing.T) {
	d, a := loadRaces(t)
	b := *a
	b.Races = append([]races.Race(nil), a.Races...)
	b.Races[1].Name = hostile + "<script>alert(1)</script>"
	files, err := Build(d, Options{Lang: locale.EN, Image: charts.Options{DPI: 50}, Races: &b})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		switch {
		case f.Name == "tables/races.csv":
			if !strings.Contains(string(f.Data), `"'=HYPERLINK(`) {
				t.Errorf("%s does not keep the name as text", f.Name)
			}
		case f.Name == "charts/races.svg":
			if err := wellFormed(f.Data); err != nil {
				t.Errorf("%s is not well-formed XML: %v", f.Name, err)
			}
		case f.Name == "index.html" || f.Name == "report.md":
			if strings.Contains(string(f.Data), "<script>") {
				t.Errorf("%s holds the data's markup", f.Name)
			}
		default:
			continue
		}
		if i := strings.IndexFunc(string(f.Data), notText); i >= 0 {
			t.Errorf("%s holds a control character (at byte %d)", f.Name, i)
		}
	}
}

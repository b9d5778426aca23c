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
)

// loadRace reads a race of an embedded election (data.LoadRace: its
// national race when race is empty) and prepares its charts.
func loadRace(tb testing.TB, election, race string) *charts.Data {
	tb.Helper()
	d, err := data.LoadRace(election, race)
	if err != nil {
		tb.Fatal(err)
	}
	cd, err := charts.Prepare(d, charts.Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}, Draws: 50, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return cd
}

// TestOneRoundReport reads the report of an election of one round, with
// results published as shares and no publication blackout (the 2016 US
// election, nationally and in a state), in both languages: it names the
// race and its day, says the shares are as published, has no section on a
// run-off, speaks of no ban,
// and says the final polls disagreed beyond sampling error where they did
// rather than that they spread as random samples do.
func TestOneRoundReport(t *testing.T) {
	cases := []struct {
		race string
		want map[locale.Lang][]string
		not  []string
	}{
		{"", map[locale.Lang][]string{
			locale.EN: {"# How good were the forecasts? United States, 8 November 2016\n",
				"Shares of the vote as published (the source gives no counts):",
				"whose fieldwork ended before election day (8 November 2016; there was no publication ban)",
				"The final polls disagreed more than independent random samples would on Hillary Rodham Clinton (< 0.001), Donald Trump (< 0.001)",
				"the polls disagreed more than independent random samples would: X² = 6,554.86, upper-tail probability < 0.001."},
			locale.FR: {"# Les prévisions ont-elles vu juste ? États-Unis, 8 novembre 2016\n",
				"Parts des voix telles que publiées (la source ne donne pas de nombres de voix) :",
				"avant le jour du vote (le 8 novembre 2016 ; il n’y avait pas d’interdiction de publication)",
				"Les derniers sondages divergeaient plus que des échantillons aléatoires indépendants ne le feraient sur Hillary Rodham Clinton"},
		}, []string{"is what independent random samples would give", "est celle d’échantillons aléatoires"}},
		{"WI", map[locale.Lang][]string{
			locale.EN: {"# How good were the forecasts? Wisconsin, 8 November 2016\n\nEvery pollster's final forecast scored against the official result, on Hillary Rodham Clinton, Donald Trump (no buzz figures were collected for this election).\n", "Polls: 0 of 9 final polls had the winner ahead."},
			locale.FR: {"# Les prévisions ont-elles vu juste ? Wisconsin, 8 novembre 2016\n"},
		}, nil},
		{"AL", map[locale.Lang][]string{ // one final poll, too few polls for an average
			locale.FR: {"Sur l’avance du vainqueur sur le deuxième, 0 dernier sondage sur 1 était dans sa marge d’erreur",
				"Non tracé : aucun effet maison n’a pu être mesuré : ils se mesurent par rapport à la moyenne des sondages, qui en demande au moins 5, et il n’y en a que 2\n"},
		}, []string{"derniers sondages sur 1 "}},
	}
	for _, tc := range cases {
		d := loadRace(t, "us-2016-presidential", tc.race)
		for l, wants := range tc.want {
			files := build(t, d, l)
			md := strings.ReplaceAll(strings.ReplaceAll(string(files["report.md"]), "\u00a0", " "), "&lt;", "<")
			for _, want := range wants {
				if !strings.Contains(md, want) {
					t.Errorf("race %q (%s): report.md lacks %q", tc.race, l, want)
				}
			}
			for i, line := range strings.Split(strings.TrimSpace(string(files["tables/snapshots.csv"])), "\n")[1:] {
				if f := strings.Split(line, ","); f[5] == "" {
					t.Errorf("race %q (%s): snapshots.csv row %d has no date: %s", tc.race, l, i+1, line)
				}
			}
			for _, bad := range append(tc.not, "### The run-off", "### Le second tour", "computed from the proclaimed counts", "calculées à partir des voix proclamées", "publication ban (", "interdiction de publication (", "Round 1", "Premier tour", "has one round", "the two candidates who went through", "les deux candidats qualifiés") {
				if strings.Contains(md, bad) {
					t.Errorf("race %q (%s): report.md says %q", tc.race, l, bad)
				}
			}
		}
	}
}

// TestOneRoundPage checks the page of the 2016 US election as TestPage and
// TestSelfContained check 2017's: every link of the table of contents leads
// somewhere; every chart but the run-off, which a one-round election has
// not, is there wide and narrow; nothing is loaded; two builds are the same.
func TestOneRoundPage(t *testing.T) {
	d := loadRace(t, "us-2016-presidential", "")
	files := build(t, d, locale.FR)
	html := string(files["index.html"])
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(html, `id="`+m[1]+`"`) {
			t.Errorf("the link to #%s leads nowhere", m[1])
		}
	}
	drawn := 0
	for _, kind := range charts.Kinds {
		if _, err := charts.Build(kind, d, locale.FR); err == nil {
			drawn++
		}
	}
	if _, err := charts.Build(charts.Runoff, d, locale.FR); err == nil {
		t.Error("a run-off chart of an election of one round")
	}
	if n := strings.Count(html, `<svg class="chart"`); drawn != len(charts.Kinds)-1 || n != 2*drawn {
		t.Errorf("%d charts drawn of %d kinds, %d inline (want each wide and narrow)", drawn, len(charts.Kinds), n)
	}
	for _, re := range []string{`(?i)<script`, `(?i)<img`, `(?i)src="http`, `(?i)url\(\s*['"]?http`} {
		if regexp.MustCompile(re).MatchString(html) {
			t.Errorf("index.html matches %s: it must load nothing", re)
		}
	}
	again := build(t, d, locale.FR)
	for name, b := range files {
		if !bytes.Equal(b, again[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// BenchmarkReportUS builds the report of the 2016 US national race (33
// pollsters, 80 polls), as BenchmarkReport does 2017's.
func BenchmarkReportUS(b *testing.B) {
	d := loadRace(b, "us-2016-presidential", "")
	for b.Loop() {
		if _, err := Build(d, Options{Lang: locale.EN}); err != nil {
			b.Fatal(err)
		}
	}
}

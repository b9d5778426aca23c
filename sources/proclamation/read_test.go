package proclamation_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/proclamation"
	"forecast/sources/sourcestest"
)

// realTotals are the proclaimed results (SOURCES.md, "Known facts worth a
// test"), per round.
var realTotals = map[string]map[int]total{
	"research/fr2017/results_national.csv": {
		1: {47582183, 37003728, 659997, 289337, 36054394, map[string]int64{
			"MACRON": 8656346, "LE_PEN": 7678491, "FILLON": 7212995, "MELENCHON": 7059951, "HAMON": 2291288,
			"DUPONT_AIGNAN": 1695000, "LASSALLE": 435301, "POUTOU": 394505, "ASSELINEAU": 332547,
			"ARTHAUD": 232384, "CHEMINADE": 65586}},
		2: {47568693, 35467327, 3021499, 1064225, 31381603, map[string]int64{"MACRON": 20743128, "LE_PEN": 10638475}},
	},
	"research/fr2022/results_national.csv": {
		1: {48747876, 35923707, 543609, 247151, 35132947, map[string]int64{
			"MACRON": 9783058, "LE_PEN": 8133828, "MELENCHON": 7712520, "ZEMMOUR": 2485226, "PECRESSE": 1679001,
			"JADOT": 1627853, "LASSALLE": 1101387, "ROUSSEL": 802422, "DUPONT_AIGNAN": 725176, "HIDALGO": 616478,
			"POUTOU": 268904, "ARTHAUD": 197094}},
		2: {48752339, 35096478, 2233904, 805249, 32057325, map[string]int64{"MACRON": 18768639, "LE_PEN": 13288686}},
	},
}

type total struct {
	registered, voters, blank, null, expressed int64
	votes                                      map[string]int64
}

// TestRealFiles reads both researched national files (each with and without
// its election's registry) and checks every count.
func TestRealFiles(t *testing.T) {
	e2017 := sourcestest.Election2017(t)
	for _, c := range []struct {
		file, desc string
		e          *sources.Election
		url        string // of round 1
	}{
		{"research/fr2017/results_national.csv", "2017 registry", e2017, "https://www.conseil-constitutionnel.fr/decision/2017/2017169PDR.htm"},
		{"research/fr2017/results_national.csv", "undescribed", nil, "https://www.conseil-constitutionnel.fr/decision/2017/2017169PDR.htm"},
		{"research/fr2022/results_national.csv", "undescribed", nil, "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000045570394"},
		{"research/fr2022/results_national.csv", "2022 registry", sourcestest.Election(t, "fr2022"), "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000045570394"},
	} {
		t.Run(c.file+"/"+c.desc, func(t *testing.T) {
			path, b := upstreamFile(t, c.file)
			im, err := proclamation.Read(path, b, c.e)
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Notices) != 0 || im.Derived != nil {
				t.Errorf("notices %v, derived %v", im.Notices, im.Derived)
			}
			got := map[int]total{}
			for _, r := range im.Results {
				if r.Scope != sources.National || r.Code != "FR" || r.Name != "France" {
					t.Errorf("line %d: scope %q code %q name %q", r.Line, r.Scope, r.Code, r.Name)
				}
				if r.Round == 1 && r.SourceURL != c.url {
					t.Errorf("line %d: source %q, want %q", r.Line, r.SourceURL, c.url)
				}
				if err := r.Check(); err != nil {
					t.Error(err)
				}
				g := got[r.Round]
				if g.votes == nil {
					g = total{r.Registered, r.Voters, r.Blank, r.Null, r.Expressed, map[string]int64{}}
				}
				g.votes[r.Candidate] = r.Votes
				got[r.Round] = g
			}
			want := realTotals[c.file]
			for n, w := range want {
				g := got[n]
				if g.registered != w.registered || g.voters != w.voters || g.blank != w.blank || g.null != w.null || g.expressed != w.expressed {
					t.Errorf("round %d: turnout %+v, want %+v", n, g, w)
				}
				if !maps.Equal(g.votes, w.votes) {
					t.Errorf("round %d: votes %v\nwant %v", n, g.votes, w.votes)
				}
			}
			if len(im.Results) != len(want[1].votes)+len(want[2].votes) {
				t.Errorf("%d results", len(im.Results))
			}
		})
	}
}

// small is a valid file of one round; the lines are numbered in the comments
// the malformed cases refer to.
const small = `round,date,scope,item_type,item,candidate_id,count,pct_expressed,pct_expressed_exact,pct_registered,source_url
2,2017-05-07,national,turnout,registered,,1000,,,100.00,https://example.org/p
2,2017-05-07,national,turnout,abstentions,,200,,,20.00,https://example.org/p
2,2017-05-07,national,turnout,voters,,800,,,80.00,https://example.org/p
2,2017-05-07,national,turnout,blank,,50,,,5.00,https://example.org/p
2,2017-05-07,national,turnout,null,,30,,,3.00,https://example.org/p
2,2017-05-07,national,turnout,expressed,,720,,,72.00,https://example.org/p
2,2017-05-07,national,candidate,Emmanuel Macron,MACRON,500,69.44,69.444444,50.00,https://example.org/m
2,2017-05-07,national,candidate,Marine Le Pen,LE_PEN,220,30.56,30.555556,22.00,https://example.org/l
`

// TestSmall reads small files: with and without a registry, with ids given or
// derived, in the 2022 layout.
func TestSmall(t *testing.T) {
	const layout2022 = "round,date,scope,item_type,item,candidate_id,count,pct_expressed,source_url,comment\n" +
		"1,2022-04-10,France_entiere,turnout,registered,,100,,u,\n" +
		"1,2022-04-10,France_entiere,turnout,abstentions,,10,,u,\n" +
		"1,2022-04-10,France_entiere,turnout,voters,,90,,u,\n" +
		"1,2022-04-10,France_entiere,turnout,blank,,0,,u,\n" +
		"1,2022-04-10,France_entiere,turnout,null,,0,,u,\n" +
		"1,2022-04-10,France_entiere,turnout,expressed,,90,,u,\n" +
		"1,2022-04-10,France_entiere,candidate,Éric ZEMMOUR,,60,66.67,u,\n" +
		"1,2022-04-10,France_entiere,candidate,Valérie PÉCRESSE,,30,33.33,u,hello\n"
	for _, c := range []struct {
		name    string
		data    string
		e       *sources.Election
		ids     []string
		urls    []string
		derived map[string]string
		notice  string
	}{
		{name: "registry", data: small, e: sourcestest.Election2017(t), ids: []string{"MACRON", "LE_PEN"}, urls: []string{"https://example.org/m", "https://example.org/l"}},
		{name: "no registry", data: small, ids: []string{"MACRON", "LE_PEN"}, urls: []string{"https://example.org/m", "https://example.org/l"}},
		{name: "ids resolved by the registry", data: strings.ReplaceAll(small, ",MACRON,", ",,"), e: sourcestest.Election2017(t), ids: []string{"MACRON", "LE_PEN"}},
		{name: "2022 layout, ids derived", data: layout2022, ids: []string{"ZEMMOUR", "PECRESSE"}, urls: []string{"u", "u"},
			derived: map[string]string{"ZEMMOUR": "Éric ZEMMOUR", "PECRESSE": "Valérie PÉCRESSE"},
			notice:  "p.csv:1: column(s) not read: comment"},
	} {
		t.Run(c.name, func(t *testing.T) {
			im, err := proclamation.Read("p.csv", []byte(c.data), c.e)
			if err != nil {
				t.Fatal(err)
			}
			var ids, urls []string
			for _, r := range im.Results {
				ids = append(ids, r.Candidate)
				urls = append(urls, r.SourceURL)
			}
			if strings.Join(ids, " ") != strings.Join(c.ids, " ") || (c.urls != nil && strings.Join(urls, " ") != strings.Join(c.urls, " ")) {
				t.Errorf("ids %v urls %v, want %v %v", ids, urls, c.ids, c.urls)
			}
			if !maps.Equal(im.Derived, c.derived) {
				t.Errorf("derived %v, want %v", im.Derived, c.derived)
			}
			var notices []string
			for _, n := range im.Notices {
				notices = append(notices, n.Error())
			}
			if strings.Join(notices, "\n") != c.notice {
				t.Errorf("notices %q, want %q", notices, c.notice)
			}
		})
	}
	im, err := proclamation.Read("p.csv", []byte(small), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := sources.Result{Round: 2, Scope: "national", Code: "FR", Name: "France",
		Registered: 1000, Abstentions: 200, Voters: 800, Blank: 50, Null: 30, Expressed: 720,
		Candidate: "MACRON", Votes: 500, SourceURL: "https://example.org/m", Line: 8}
	if im.Results[0] != want {
		t.Errorf("first result\n %+v\nwant %+v", im.Results[0], want)
	}
}

// TestMalformed feeds damaged files and checks that each gives a clear error
// with its file and line, and no panic.
func TestMalformed(t *testing.T) {
	e := sourcestest.Election2017(t)
	lines := strings.SplitAfter(small, "\n")
	without := func(n int) string { // small without line n (1-based)
		return strings.Join(append(append([]string{}, lines[:n-1]...), lines[n:]...), "")
	}
	replace := func(old, new string) string {
		if strings.Count(small, old) != 1 {
			t.Fatalf("%q is not once in the test file", old)
		}
		return strings.Replace(small, old, new, 1)
	}
	cases := []struct {
		name string
		data string
		e    *sources.Election
		want []string
		// problems, when set, is how many problems the error must list:
		// a bad row must not also be reported as a round that does not
		// add up.
		problems int
	}{
		{name: "empty file", data: "", want: []string{"p.csv: empty file"}},
		{name: "header only", data: lines[0], want: []string{"p.csv:1: no rows after the header"}},
		{name: "not UTF-8", data: "round,item\xe9\n", want: []string{"p.csv: not valid UTF-8"}},
		{name: "required column missing", data: strings.Replace(small, ",count,", ",votes,", 1),
			want: []string{"p.csv:1: missing column(s) count"}},
		{name: "column twice", data: strings.Replace(small, ",pct_registered,", ",count,", 1),
			want: []string{`p.csv:1: column "count" appears twice (columns 7 and 10)`}},
		{name: "wrong number of fields", data: replace(",69.44,69.444444,", ",69.44,"),
			want: []string{"p.csv:8: wrong number of fields"}, problems: 1},
		{name: "non-integer count", data: replace(",500,", ",500.0,"),
			want: []string{`p.csv:8: count "500.0" is not a whole number`}},
		{name: "negative count", data: replace(",220,", ",-220,"),
			want: []string{`p.csv:9: count "-220" is not a whole number`}},
		{name: "bad round", data: strings.Replace(small, "2,2017-05-07,national,turnout,null", "deux,2017-05-07,national,turnout,null", 1),
			want: []string{`p.csv:6: round "deux" is not 1, 2…`}, problems: 1},
		{name: "round not in election", data: strings.ReplaceAll(small, "2,2017-05-07", "3,2017-05-07"), e: e,
			want: []string{"p.csv:2: election fr-2017-presidential has no round 3 (rounds: [1 2])"}},
		{name: "bad date", data: strings.ReplaceAll(small, "2017-05-07", "07/05/2017"),
			want: []string{`p.csv:2: date "07/05/2017" is not YYYY-MM-DD`}},
		{name: "date not the election's", data: strings.ReplaceAll(small, "2017-05-07", "2017-05-08"), e: e,
			want: []string{"p.csv:2: round 2: date 2017-05-08, but election fr-2017-presidential says 2017-05-07"}},
		{name: "two dates in a round", data: replace("2017-05-07,national,turnout,voters", "2017-05-08,national,turnout,voters"),
			want: []string{"p.csv:4: round 2: date 2017-05-08 differs from line 2's (2017-05-07)"}},
		{name: "not national", data: replace("national,turnout,blank", "departement,turnout,blank"),
			want: []string{`p.csv:5: scope "departement": this file should hold national results only`}},
		{name: "bad item type", data: replace("candidate,Marine", "candidat,Marine"),
			want: []string{`p.csv:9: item_type "candidat" is not turnout or candidate`}},
		{name: "bad turnout item", data: replace("turnout,null", "turnout,nuls"),
			want: []string{`p.csv:6: turnout item "nuls" is not one of registered`}, problems: 1},
		{name: "turnout item missing", data: without(6), want: []string{"p.csv:2: round 2: no turnout row for null"}},
		{name: "turnout item twice", data: small + lines[4], want: []string{"p.csv:10: round 2: blank is given twice (also line 5)"}},
		{name: "candidate twice", data: small + lines[7], want: []string{"p.csv:10: round 2: MACRON is given twice (also line 8)"}},
		{name: "no candidate", data: strings.Join(lines[:7], ""), want: []string{"p.csv:2: round 2: no candidate rows"}},
		{name: "registered ≠ abstentions + voters", data: replace(",200,,,20.00,", ",201,,,20.10,"),
			want: []string{"p.csv:2: round 2: registered 1000 ≠ abstentions 201 + voters 800"}},
		{name: "voters ≠ blank + null + expressed", data: replace(",30,,,3.00,", ",31,,,3.10,"),
			want: []string{"p.csv:4: round 2: voters 800 ≠ blank 50 + null 31 + expressed 720"}},
		{name: "votes ≠ expressed", data: replace(",220,30.56,30.555556,22.00,", ",221,30.69,30.694444,22.10,"),
			want: []string{"p.csv:7: round 2: the candidates' votes add up to 721, expressed is 720"}},
		{name: "exact percentage off", data: replace("69.444444", "69.444544"),
			want: []string{"p.csv:8: round 2: pct_expressed_exact is 69.444544, but Emmanuel Macron / expressed = 500 / 720 is 69.444444 %"}},
		{name: "rounded percentage off", data: replace("30.56", "30.57"),
			want: []string{"p.csv:9: round 2: pct_expressed is 30.57, but Marine Le Pen / expressed = 220 / 720 is 30.555556 %"}},
		{name: "turnout percentage off", data: replace("20.00", "21.00"),
			want: []string{"p.csv:3: round 2: pct_registered is 21.00, but abstentions / registered = 200 / 1000 is 20.000000 %"}},
		{name: "percentage not a number", data: replace("50.00", "cinquante"),
			want: []string{`p.csv:8: round 2: pct_registered "cinquante" is not a number`}},
		{name: "unknown candidate id", data: replace(",MACRON,", ",MACRONN,"), e: e,
			want: []string{`p.csv:8: unknown candidate_id "MACRONN" (did you mean MACRON`}},
		{name: "unknown candidate name", data: replace("Emmanuel Macron,MACRON", "Emmanuel Macronn,"), e: e,
			want: []string{`p.csv:8: unknown candidate "Emmanuel Macronn" (did you mean MACRON`}},
		{name: "item and id disagree", data: replace("Marine Le Pen,LE_PEN", "Marine Le Pen,FILLON"), e: e,
			want: []string{`p.csv:9: candidate_id is FILLON, but the item "Marine Le Pen" is LE_PEN`}, problems: 1},
		{name: "item not described", data: replace("Marine Le Pen,LE_PEN", "Marine Le Pén-Maréchal,LE_PEN"), e: e,
			want: []string{`p.csv:9: candidate_id is LE_PEN, but the item "Marine Le Pén-Maréchal" names no described candidate`}},
		{name: "two names, one derived id", data: strings.Replace(replace("Emmanuel Macron,MACRON", "Jean-Marie Le Pen,"), "Marine Le Pen,LE_PEN", "Marine Le Pen,", 1),
			want: []string{`p.csv:9: no candidate_id: "Marine Le Pen" and "Jean-Marie Le Pen" (line 8) would both get the id LE_PEN`}},
		{name: "not an id", data: replace(",LE_PEN,", ",Le Pen,"),
			want: []string{`p.csv:9: candidate_id "Le Pen" is not an id`}},
		{name: "turnout with a candidate", data: replace("turnout,blank,,", "turnout,blank,MACRON,"),
			want: []string{`p.csv:5: turnout item blank has a candidate_id ("MACRON")`}},
		{name: "no source", data: replace(",https://example.org/l", ","),
			want: []string{"p.csv:9: source_url is empty"}},
		{name: "bare quote", data: replace("Marine Le Pen", `Marine "Le Pen`), want: []string{`p.csv:9: bare " in non-quoted-field`}},
		{name: "every bad row reported", data: strings.Replace(replace(",500,", ",x,"), ",220,", ",y,", 1),
			want: []string{`p.csv:8: count "x"`, `p.csv:9: count "y"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := proclamation.Read("p.csv", []byte(c.data), c.e)
			if err == nil {
				t.Fatal("no error")
			}
			var de *sources.DataError
			if !errors.As(err, &de) {
				t.Errorf("not a *sources.DataError: %v", err)
			} else if c.problems > 0 && len(de.Errs) != c.problems {
				t.Errorf("%d problems, want %d:\n%v", len(de.Errs), c.problems, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
			if im != nil && len(im.Results) != 0 {
				t.Errorf("a round with a problem gave %d results", len(im.Results))
			}
		})
	}
}

// FuzzRead checks that no input makes Read panic and that what it accepts
// is sound.
func FuzzRead(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(""))
	e := sourcestest.Election2017(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range []*sources.Election{nil, e} {
			im, err := proclamation.Read("fuzz.csv", b, e)
			if err != nil {
				continue
			}
			for _, r := range im.Results {
				if err := r.Check(); err != nil {
					t.Fatalf("accepted an unsound result: %v", err)
				}
			}
		}
	})
}

package nsppolls

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// The real upstream file, vendored in the repository under data/upstream
// (see sourcestest).
const (
	realFile = "nsppolls/presidentielle.csv"
	realURL  = "https://github.com/nsppolls/nsppolls/blob/ddcd5ceef9839c7d3f46948ff85f41fc93f215ce/presidentielle.csv"
)

func readReal(t testing.TB, e *sources.Election) *sources.Imported {
	t.Helper()
	im, err := Read("presidentielle.csv", sourcestest.Read(t, realFile), e, Options{SourceURL: realURL})
	if err != nil {
		t.Fatalf("reading the real file: %v", err)
	}
	return im
}

func TestRealCounts(t *testing.T) {
	b := sourcestest.Read(t, realFile)
	im := readReal(t, nil)
	rows := strings.Count(string(b), "\n") - 1 // no field spans lines; one header
	if rows != 8863 || len(im.Figures) != rows {
		t.Errorf("%d figures from %d data rows (want 8863 of each: nothing dropped)", len(im.Figures), rows)
	}
	polls, snaps := map[string]bool{}, map[string]bool{}
	perRound := map[int]int{}
	for i, f := range im.Figures {
		if f.Line != i+2 {
			t.Fatalf("figure %d is from line %d: not in file order", i, f.Line)
		}
		polls[strings.SplitN(f.Snapshot, "/", 2)[0]] = true
		if !snaps[f.Snapshot] {
			perRound[f.Round]++
		}
		snaps[f.Snapshot] = true
		if f.SourceURL != realURL || f.Family != sources.Poll || f.Measure != sources.VoteShare || !f.Forecast {
			t.Fatalf("line %d: %+v", f.Line, f)
		}
	}
	if len(polls) != 409 || len(snaps) != 1325 || perRound[1] != 558 || perRound[2] != 767 {
		t.Errorf("%d polls, %d snapshots (%v by round); want 409, 1325 (558 and 767)", len(polls), len(snaps), perRound)
	}
	if errs := sources.CheckSnapshots(im.Figures); len(errs) > 0 {
		t.Errorf("snapshot checks: %v", errs)
	}
}

func TestRealDerived(t *testing.T) {
	im := readReal(t, nil)
	for id, name := range map[string]string{"MACRON": "Emmanuel Macron", "LE_PEN": "Marine Le Pen", "MELENCHON": "Jean-Luc Mélenchon",
		"ZEMMOUR": "Eric Zemmour", "PECRESSE": "Valérie Pécresse", "AUTRE": "autre"} {
		if im.Derived[id] != name {
			t.Errorf("derived %s = %q, want %q", id, im.Derived[id], name)
		}
	}
	if len(im.Derived) != 35 {
		t.Errorf("%d derived ids, want 35 (34 people and \"autre\")", len(im.Derived))
	}
}

// TestRealSpotChecks compares rows picked from the file with their figures.
func TestRealSpotChecks(t *testing.T) {
	im := readReal(t, nil)
	at := func(line int) sources.Figure { return im.Figures[line-2] }
	type want struct {
		snap, source, name, cand, raw, start, end, pop, rolling, hyp, sponsors, note string
		round                                                                        int
		value, n, nExp                                                               float64
	}
	for line, w := range map[int]want{
		// Marine Le Pen,Rassemblement national,16.0,18.0358,13.9642,20220102_0105r_ow,Opinion Way,"Les Echos, Radio Classique, Kea Partners",2022-01-02,2022-01-05,1501,Inscrits sur les listes électorales,True,True,Premier tour,,1245.83
		2: {"20220102_0105r_ow", "opinion-way", "Opinion Way", "LE_PEN", "Marine Le Pen", "2022-01-02", "2022-01-05", "Inscrits sur les listes électorales",
			"yes", "", "Les Echos/Radio Classique/Kea Partners", "parti: Rassemblement national", 1, 16, 1501, 1245.83},
		// autre,« ext. gauche\xa0»,2.0,…,20210127_0128_ips,Ipsos,"L'Obs, France Info",2021-01-27,2021-01-28,750,Certains d'aller voter,False,True,Premier tour,Hypothèse Jadot-Hidalgo,637.5
		1419: {"20210127_0128_ips/hypothese-jadot-hidalgo", "ipsos", "Ipsos", "AUTRE", "autre", "2021-01-27", "2021-01-28", "Certains d'aller voter",
			"no", "Hypothèse Jadot-Hidalgo", "L'Obs/France Info", `parti: « ext. gauche\xa0»`, 1, 2, 750, 637.5},
		// Marine Le Pen,…,43.0,…,20220118_0121r_ow,Opinion Way,…,2022-01-18,2022-01-21,1613,…,True,True,Deuxième tour,Hypothèse Macron / Le Pen,1193.62
		4586: {"20220118_0121r_ow/t2/hypothese-macron-le-pen", "opinion-way", "Opinion Way", "LE_PEN", "Marine Le Pen", "2022-01-18", "2022-01-21",
			"Inscrits sur les listes électorales", "yes", "Hypothèse Macron / Le Pen", "Les Echos/Radio Classique/Kea Partners", "parti: Rassemblement national", 2, 43, 1613, 1193.62},
		// Arnaud Montebourg,,0.0,0.0,0.0,20220118_0121r_ow,…,Premier tour,,541.968 (the other rows of the snapshot give 1371.05)
		4585: {"20220118_0121r_ow", "opinion-way", "Opinion Way", "MONTEBOURG", "Arnaud Montebourg", "2022-01-18", "2022-01-21",
			"Inscrits sur les listes électorales", "yes", "", "Les Echos/Radio Classique/Kea Partners",
			"sous_echantillon 541.968 on this row (the snapshot's other rows: 1371.05)", 1, 0, 1613, 1371.05},
		// Philippe Poutou,NPA,0.5,1.0574,-0.0574,20200618_0619_ifp,Ifop,"CNews, Sud Radio",…,992,…,False,True,Premier tour,Hypothèse Xavier Bertrand,615.04
		7371: {"20200618_0619_ifp/hypothese-xavier-bertrand", "ifop", "Ifop", "POUTOU", "Philippe Poutou", "2020-06-18", "2020-06-19",
			"Inscrits sur les listes électorales", "no", "Hypothèse Xavier Bertrand", "CNews/Sud Radio", "parti: NPA", 1, 0.5, 992, 615.04},
		// Emmanuel Macron,LRM,55.0,…,20220415_0418_kat,Kantar Public,Epoka,2022-04-15,2022-04-18,1400,…,False,False,Deuxième tour,,1043
		8847: {"20220415_0418_kat", "kantar-public", "Kantar Public", "MACRON", "Emmanuel Macron", "2022-04-15", "2022-04-18",
			"Inscrits sur les listes électorales", "no", "", "Epoka", "parti: LRM; media False", 2, 55, 1400, 1043},
	} {
		f := at(line)
		got := want{f.Snapshot, f.Source, f.SourceName, f.Candidate, f.CandidateRaw, f.FieldStart, f.FieldEnd, f.Population, f.Rolling,
			f.Hypothesis, f.Sponsors, f.Note, f.Round, f.Value, f.NInterviewed, f.NExpressed}
		if got != w {
			t.Errorf("line %d:\n got %+v\nwant %+v", line, got, w)
		}
	}
}

// TestRealProblems lists what the import reports about the 2022 file: each
// notice is a problem in the upstream data, kept as published and reported.
func TestRealProblems(t *testing.T) {
	im := readReal(t, nil)
	var got []string
	for _, n := range im.Notices {
		msg := n.Msg
		if i := strings.Index(msg, " (lines "); i > 0 {
			msg = msg[:i]
		}
		got = append(got, fmt.Sprintf("%d: %s", n.Line, msg))
	}
	want := []string{
		"3182: snapshot 20211123_1124_elb/hypothese-ciotti (16 rows): shares add up to 98, not 100; kept as published",
		"4572: snapshot 20220118_0121r_ow: sous_echantillon differs between rows: line 4585 gives 541.968, 13 rows give 1371.05; the snapshot's expressed base is 1371.05",
		"7363: snapshot 20200618_0619_ifp/hypothese-xavier-bertrand: sous_echantillon differs between rows: line 7363 gives 614.048, 12 rows give 615.04; the snapshot's expressed base is 615.04",
		"7823: snapshot 20210414_0415_rws (9 rows): shares add up to 96, not 100; kept as published",
		"8105: snapshot 20220117_0120r_ow: sous_echantillon differs between rows: line 8118 gives 1074.01, 13 rows give 1378.58; the snapshot's expressed base is 1378.58",
		`1419: 33 rows name the candidate "autre"`,
		"96: 17 rows give erreur_inf below 0",
		"1419: column parti holds an escape sequence written out as text (such as \\xa0, a no-break space) on 24 rows",
	}
	if !slices.Equal(got, want) {
		t.Errorf("notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// No two snapshots are the same poll entered twice: same pollster,
	// round, fieldwork, hypothesis, sample and figures. (Two Ipsos polls of
	// 15-18 April 2022 share dates and figures, 56/44, but not their sample,
	// 1,032 and 8,693, nor their sponsors: they are two polls.)
	seen := map[string]string{}
	byPoll := map[string][]string{}
	var order []string
	key := map[string]string{}
	for _, f := range im.Figures {
		if _, ok := byPoll[f.Snapshot]; !ok {
			order = append(order, f.Snapshot)
			key[f.Snapshot] = fmt.Sprint(f.Source, f.Round, f.FieldStart, f.FieldEnd, f.Hypothesis, f.NInterviewed)
		}
		byPoll[f.Snapshot] = append(byPoll[f.Snapshot], f.Candidate+"="+sources.FormatNumber(f.Value))
	}
	for _, s := range order {
		v := byPoll[s]
		slices.Sort(v)
		k := key[s] + fmt.Sprint(v)
		if other, dup := seen[k]; dup {
			t.Errorf("snapshot %s repeats %s", s, other)
		}
		seen[k] = s
	}
}

// TestRealWithElection reads the file with a described election: names and
// pollsters resolve through the registry and aliases.
func TestRealWithElection(t *testing.T) {
	derived := readReal(t, nil).Derived
	e := &sources.Election{ID: "fr-2022-presidential", Rounds: []sources.Round{{Number: 1, Date: "2022-04-10"}, {Number: 2, Date: "2022-04-24"}},
		Pollsters: []sources.Pollster{{ID: "opinionway", Name: "OpinionWay", Aliases: []string{"Opinion Way"}}}}
	for id, name := range derived {
		c := sources.Candidate{ID: id, Name: name}
		if id == "ZEMMOUR" {
			c.Name = "Éric Zemmour"
		}
		e.Candidates = append(e.Candidates, c)
	}
	slices.SortFunc(e.Candidates, func(a, b sources.Candidate) int { return strings.Compare(a.ID, b.ID) })
	im := readReal(t, e)
	if len(im.Figures) != 8863 || im.Derived != nil {
		t.Fatalf("%d figures, derived %v", len(im.Figures), im.Derived)
	}
	f := im.Figures[0]
	if f.Source != "opinionway" || f.SourceName != "OpinionWay" || f.Candidate != "LE_PEN" {
		t.Errorf("%+v", f)
	}
	var z sources.Figure
	for _, f := range im.Figures {
		if f.Candidate == "ZEMMOUR" {
			z = f
			break
		}
	}
	if z.CandidateRaw != "Eric Zemmour" {
		t.Errorf("Zemmour: %+v", z)
	}
	var unknown string
	for _, n := range im.Notices {
		if strings.HasPrefix(n.Msg, "pollsters not among") {
			unknown = n.Msg
		}
	}
	if !strings.Contains(unknown, `"Ifop" (line 90) as ifop`) || strings.Contains(unknown, "Opinion Way") {
		t.Errorf("unknown pollsters notice: %q", unknown)
	}
}

// TestRealBallots reads the file with the project's description of 2022
// (data/fr2022/election.json): every pollster is known, and the snapshots
// whose candidates are not the round's ballot are kept as hypotheses that
// did not happen. Every first-round poll fielded after the official list of
// candidates (7 March 2022) tested exactly the ballot, and so did every
// run-off poll fielded from the first round's day on.
func TestRealBallots(t *testing.T) {
	im := readReal(t, sourcestest.Election(t, "fr2022"))
	type count struct{ snapshots, off int }
	perRound := map[int]*count{1: {}, 2: {}}
	seen := map[string]bool{}
	for _, f := range im.Figures {
		if seen[f.Snapshot] {
			continue
		}
		seen[f.Snapshot] = true
		c := perRound[f.Round]
		c.snapshots++
		if !f.Forecast {
			c.off++
		}
		late := f.Round == 1 && f.FieldStart >= "2022-03-07" || f.Round == 2 && f.FieldStart >= "2022-04-10"
		if late && !f.Forecast {
			t.Errorf("%s (line %d), fielded from %s, is not the ballot: %s", f.Snapshot, f.Line, f.FieldStart, f.Note)
		}
	}
	if *perRound[1] != (count{558, 423}) || *perRound[2] != (count{767, 412}) {
		t.Errorf("round 1 %+v, round 2 %+v; want {558 423}, {767 412}", *perRound[1], *perRound[2])
	}
	for _, n := range im.Notices {
		if strings.HasPrefix(n.Msg, "pollsters not among") {
			t.Errorf("%s", n.Msg)
		}
	}
	for line, want := range map[int]struct {
		forecast bool
		note     string
	}{
		// Ifop-Fiducial, 5-8 April 2022: the twelve candidates, then four run-off hypotheses.
		7111: {true, "parti: Lutte ouvrière"},
		7122: {true, "parti: Rassemblement national"},
		7120: {false, "hypothesis that did not happen: not the round 2 ballot (with ZEMMOUR, not on it; without LE_PEN); parti: LRM"},
		// OpinionWay, 2-5 January 2022: Montebourg, who withdrew.
		2: {false, "hypothesis that did not happen: not the round 1 ballot (with MONTEBOURG, not on it); parti: Rassemblement national"},
	} {
		if f := im.Figures[line-2]; f.Forecast != want.forecast || f.Note != want.note {
			t.Errorf("line %d (%s): forecast %v, note %q; want %v, %q", line, f.Snapshot, f.Forecast, f.Note, want.forecast, want.note)
		}
	}
}

func BenchmarkReadNSPPolls(b *testing.B) {
	data := sourcestest.Read(b, realFile)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		im, err := Read("presidentielle.csv", data, nil, Options{SourceURL: realURL})
		if err != nil || len(im.Figures) != 8863 {
			b.Fatal(err)
		}
	}
}

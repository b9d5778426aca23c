package sources

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func loadElection2017(t *testing.T) *Election {
	t.Helper()
	b, err := os.ReadFile("../data/fr2017/election.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := ParseElection("election.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestNameKeyAndSlug(t *testing.T) {
	for _, c := range []struct{ in, key, slug string }{
		{"MÉLENCHON", "melenchon", "melenchon"},
		{"Jean-Luc Mélenchon", "jean luc melenchon", "jean-luc-melenchon"},
		{"LE_PEN", "le pen", "le-pen"},
		{"  Ifop-Fiducial ", "ifop fiducial", "ifop-fiducial"},
		{"predict_the_president", "predict the president", "predict-the-president"},
		{"Éric Zemmour", "eric zemmour", "eric-zemmour"},
		{"L'Express", "l express", "l-express"},
	} {
		if got := NameKey(c.in); got != c.key {
			t.Errorf("NameKey(%q) = %q, want %q", c.in, got, c.key)
		}
		if got := Slug(c.in); got != c.slug {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.slug)
		}
	}
}

func TestDeriveID(t *testing.T) {
	for in, want := range map[string]string{
		"Jean-Luc Mélenchon":    "MELENCHON",
		"Marine Le Pen":         "LE_PEN",
		"Eric Zemmour":          "ZEMMOUR",
		"Nicolas Dupont-Aignan": "DUPONT_AIGNAN",
		"Valérie Pécresse":      "PECRESSE",
		"Cheminade":             "CHEMINADE",
	} {
		if got := DeriveID(in); got != want {
			t.Errorf("DeriveID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegistryResolvesEverySpelling(t *testing.T) {
	e := loadElection2017(t)
	reg, err := NewRegistry(e.Candidates)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"MÉLENCHON":          "MELENCHON",
		"Jean-Luc Mélenchon": "MELENCHON",
		"jean-luc melenchon": "MELENCHON",
		"Jena-Luc Mélenchon": "MELENCHON", // pollsposition's misspelling, an explicit alias
		"MÉLENCHON Jean-Luc": "MELENCHON", // the Ministry's surname-first order
		"Nathalie Artaud":    "ARTHAUD",
		"LE PEN":             "LE_PEN",
		"Marine Le Pen":      "LE_PEN",
		"DUPONT-AIGNAN":      "DUPONT_AIGNAN",
		"François Fillon":    "FILLON",
		"FRANCOIS FILLON":    "FILLON",
	} {
		got, err := reg.Resolve(in)
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err = reg.Resolve("Jean-Luc Melanchon")
	if err == nil || !strings.Contains(err.Error(), "did you mean MELENCHON") {
		t.Errorf("unknown name: got %v, want a suggestion of MELENCHON first", err)
	}
}

func TestRegistryRefusesSharedSpelling(t *testing.T) {
	_, err := NewRegistry([]Candidate{{ID: "A", Name: "Jean Dupont"}, {ID: "B", Name: "Marie Curie", Aliases: []string{"jean dupont"}}})
	if err == nil {
		t.Fatal("two candidates claiming one spelling must be an error")
	}
}

func TestElectionRoundTrip(t *testing.T) {
	b, err := os.ReadFile("../data/fr2017/election.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := ParseElection("election.json", b)
	if err != nil {
		t.Fatal(err)
	}
	out, err := MarshalElection(e)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, b) {
		t.Error("election.json does not round-trip byte for byte")
	}
}

// TestSeriesNames checks the display names of series: found by id, in
// French the French name or else the name, and refused without a name or
// twice.
func TestSeriesNames(t *testing.T) {
	e := loadElection2017(t)
	if got := e.SeriesName("dentsu-media"); got != "Dentsu Consulting (media)" {
		t.Errorf("dentsu-media: %q", got)
	}
	if got := e.SeriesName("no-such-series"); got != "" {
		t.Errorf("unknown series: %q", got)
	}
	for id, want := range map[string]string{"dentsu-media": "Dentsu Consulting (médias)", "filteris": "Filteris", "no-such-series": ""} {
		if got := e.SeriesNameFr(id); got != want {
			t.Errorf("%s in French: %q, want %q", id, got, want)
		}
	}
	base := `{"id":"x","name":"X","rounds":[],"candidates":[],"pollsters":[],"series":[%s],"provenance":[]}`
	for series, want := range map[string]string{
		`{"id":"a","name":"A"},{"id":"b","name":"B"}`: "",
		`{"id":"a","name":""}`:                        `series "a" has no id or name`,
		`{"id":"a","name":"A"},{"id":"a","name":"B"}`: "series a is named twice",
	} {
		_, err := ParseElection("election.json", []byte(fmt.Sprintf(base, series)))
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: want %q, got %v", series, want, err)
		}
	}
}

const figureHeader = "snapshot,round,family,source,source_name,series,measure,forecast,published_date,published_time,field_start,field_end,n_interviewed,n_expressed,method,population_base,rolling,hypothesis,sponsors,candidate,candidate_raw,value,flag,description,sample_note,source_url,note\n"

func TestFiguresRoundTripAndChecks(t *testing.T) {
	good := figureHeader +
		`p1,1,poll,ifop-fiducial,Ifop-Fiducial,ifop-fiducial,vote_share,yes,,,2017-04-18,2017-04-21,2823,2115,online,certain to vote,,,Paris Match/CNews,MACRON,Emmanuel Macron,24.5,,,,http://x,"note, with comma"` + "\n" +
		`p1,1,poll,ifop-fiducial,Ifop-Fiducial,ifop-fiducial,vote_share,yes,,,2017-04-18,2017-04-21,2823,2115,online,certain to vote,,,Paris Match/CNews,CHEMINADE,Jacques Cheminade,0,below_0.5,,,http://x,` + "\n" +
		`b1,1,buzz,filteris,Filteris,filteris,weight_share,yes,2017-04-21,23:50,,,,,,,,,,MACRON,Emmanuel Macron,20.03,,poids numérique,no sample,http://y,` + "\n"
	figs, err := ReadFigures("f.csv", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 3 || !math.IsNaN(figs[2].NExpressed) || figs[0].Value != 24.5 || figs[1].Line != 3 {
		t.Fatalf("unexpected figures: %+v", figs)
	}
	var buf bytes.Buffer
	if err := WriteFigures(&buf, figs); err != nil {
		t.Fatal(err)
	}
	if buf.String() != good {
		t.Errorf("round trip changed the bytes:\n%s\nwant\n%s", buf.String(), good)
	}

	bad := map[string]string{
		"negative value":         strings.Replace(good, ",24.5,", ",-3,", 1),
		"is not a number":        strings.Replace(good, ",24.5,", ",abc,", 1),
		"above 100":              strings.Replace(good, ",24.5,", ",124.5,", 1),
		"unknown measure":        strings.Replace(good, "weight_share", "buzzshare", 1),
		"not a real date":        strings.Replace(good, "2017-04-21,23:50", "2017-02-30,23:50", 1),
		"after it ends":          strings.Replace(good, "2017-04-18,2017-04-21,2823,2115,online,certain to vote,,,Paris Match/CNews,MACRON", "2017-04-22,2017-04-21,2823,2115,online,certain to vote,,,Paris Match/CNews,MACRON", 1),
		"larger than":            strings.Replace(good, "2823,2115,online,certain to vote,,,Paris Match/CNews,MACRON", "2823,3115,online,certain to vote,,,Paris Match/CNews,MACRON", 1),
		"gives MACRON twice":     strings.Replace(good, "CHEMINADE,Jacques Cheminade", "MACRON,Emmanuel Macron", 1),
		"differ from line":       strings.Replace(good, "2115,online,certain to vote,,,Paris Match/CNews,CHEMINADE", "2000,online,certain to vote,,,Paris Match/CNews,CHEMINADE", 1),
		"unexpected header":      strings.Replace(good, "snapshot,round", "snap,round", 1),
		"wrong number of fields": strings.Replace(good, ",http://y,\n", ",http://y\n", 1),
		"empty file":             "",
	}
	for want, in := range bad {
		_, err := ReadFigures("f.csv", strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "f.csv") {
			t.Errorf("%s: got error %v", want, err)
		}
		if !IsDataError(err) {
			t.Errorf("%s: %v is not a data error", want, err)
		}
	}
}

func TestResultChecks(t *testing.T) {
	head := "round,scope,code,name,registered,abstentions,voters,blank,null,expressed,candidate,votes,source_url\n"
	nat := "2,national,FR,France,100,20,80,5,5,70,A,40,u\n2,national,FR,France,100,20,80,5,5,70,B,30,u\n"
	dep := "2,departement,01,Ain,60,10,50,3,2,45,A,25,u\n2,departement,01,Ain,60,10,50,3,2,45,B,20,u\n" +
		"2,departement,ZZ,Abroad,40,10,30,2,3,25,A,15,u\n2,departement,ZZ,Abroad,40,10,30,2,3,25,B,10,u\n"
	rs, err := ReadResults("r.csv", strings.NewReader(head+nat+dep))
	if err != nil {
		t.Fatal(err)
	}
	if errs := CheckResultTotals(rs); len(errs) != 0 {
		t.Fatalf("consistent results reported: %v", errs)
	}
	rs[5].Votes-- // one vote fewer for B in Ain: candidates no longer add up, nor match the nation
	errs := CheckResultTotals(rs)
	if len(errs) != 2 || !strings.Contains(errors.Join(errs...).Error(), "départements give B 29 votes, the national result 30") {
		t.Errorf("got %v", errs)
	}
	_, err = ReadResults("r.csv", strings.NewReader(head+"2,national,FR,France,100,20,81,5,5,70,A,40,u\n"))
	if err == nil || !strings.Contains(err.Error(), "r.csv:2") {
		t.Errorf("bad arithmetic: got %v", err)
	}
}

func TestCorrections(t *testing.T) {
	fig := func(id, cand string) Figure {
		return Figure{Snapshot: id, Round: 2, Family: Poll, Source: "ifop", Measure: VoteShare, Candidate: cand, Value: 50,
			FieldStart: "2017-04-28", FieldEnd: "2017-05-05", NInterviewed: 1000, NExpressed: math.NaN()}
	}
	figs := []Figure{fig("a", "A"), fig("a", "B"), fig("b", "A")}
	c := "snapshot,field,from,to,reason,source_url\n" +
		"a,field_start,2017-04-28,2017-05-04,copied from another wave,http://ft\n" +
		"a,snapshot,a,c,renamed,\n" +
		"c,n_expressed,,817,from the notice,http://n\n"
	notices, err := ApplyCorrections("c.csv", []byte(c), figs)
	if err != nil {
		t.Fatal(err)
	}
	if len(notices) != 3 || figs[0].Snapshot != "c" || figs[1].FieldStart != "2017-05-04" || figs[0].NExpressed != 817 || figs[2].Snapshot != "b" {
		t.Errorf("corrections not applied: %+v", figs)
	}
	if !strings.Contains(figs[0].Note, `corrected: field_start "2017-04-28" → "2017-05-04"`) {
		t.Errorf("note does not record the correction: %q", figs[0].Note)
	}
	for want, in := range map[string]string{
		"no longer applies":   "a,field_start,2017-04-01,2017-05-04,x,\n",
		"no snapshot zz":      "zz,field_start,2017-04-28,2017-05-04,x,\n",
		"cannot be corrected": "a,value,1,2,x,\n",
		"has no reason":       "a,field_start,2017-04-28,2017-05-04,,\n",
		// A corrected figure passes the checks of an imported one.
		"as corrected: sample size 0 is not positive":                   "a,n_interviewed,1000,0,x,\n",
		`as corrected: fieldwork start "2017-02-30" is not a real date`: "a,field_start,2017-04-28,2017-02-30,x,\n",
		"as corrected: fieldwork starts (2017-05-06) after it ends":     "a,field_start,2017-04-28,2017-05-06,x,\n",
		"as corrected: snapshot id is empty":                            "a,snapshot,a,,x,\n",
		// Its fields pass the checks of any input.
		"column 4: character 6 is the control character U+0000": "a,field_start,2017-04-28,2017-\x0004-29,x,\n",
	} {
		figs := []Figure{fig("a", "A"), fig("a", "B")}
		_, err := ApplyCorrections("c.csv", []byte("snapshot,field,from,to,reason,source_url\n"+in), figs)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "c.csv:2") {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

// TestCorrectionsCheckedOnceApplied: corrected figures are checked when every
// correction is applied (fieldwork moved later in two steps is fine), and a
// problem is reported once per snapshot, not once per figure.
func TestCorrectionsCheckedOnceApplied(t *testing.T) {
	fig := Figure{Snapshot: "a", Round: 1, Family: Poll, Source: "elabe", Measure: VoteShare, Candidate: "A", Value: 50,
		FieldStart: "2017-04-28", FieldEnd: "2017-05-02", NInterviewed: math.NaN(), NExpressed: math.NaN()}
	other := fig
	other.Candidate = "B"
	head := "snapshot,field,from,to,reason,source_url\n"
	both := head + "a,field_start,2017-04-28,2017-05-04,x,\na,field_end,2017-05-02,2017-05-04,x,\n"
	if _, err := ApplyCorrections("c.csv", []byte(both), []Figure{fig, other}); err != nil {
		t.Errorf("start and end moved together: %v", err)
	}
	_, err := ApplyCorrections("c.csv", []byte(head+"a,field_start,2017-04-28,2017-05-04,x,\n"), []Figure{fig, other})
	if err == nil || strings.Count(err.Error(), "fieldwork starts") != 1 || !strings.Contains(err.Error(), "c.csv:2: snapshot a, as corrected: fieldwork starts (2017-05-04) after it ends (2017-05-02)") {
		t.Errorf("start moved after the end: %v", err)
	}
}

func TestDuplicatePolls(t *testing.T) {
	mk := func(id string, a, b float64) []Figure {
		return []Figure{
			{Snapshot: id, Family: Poll, Source: "bva", Round: 2, FieldStart: "2017-05-01", FieldEnd: "2017-05-02", Candidate: "MACRON", Value: a},
			{Snapshot: id, Family: Poll, Source: "bva", Round: 2, FieldStart: "2017-05-01", FieldEnd: "2017-05-02", Candidate: "LE_PEN", Value: b},
		}
	}
	figs := append(append(mk("x", 60, 40), mk("y", 59, 41)...), mk("z", 60, 40)...)
	errs := DuplicatePolls(figs)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "poll z duplicates poll x") {
		t.Errorf("got %v", errs)
	}
}

func TestLoadChecksAcrossFiles(t *testing.T) {
	meta := `{"id":"toy","name":"Toy","rounds":[{"round":1,"date":"2020-04-12","blackout_from":"2020-04-11","headline":["A","B"],"headline_reason":"x"}],` +
		`"candidates":[{"id":"A","name":"Ann A","party":"","colour":"","ran":true},{"id":"B","name":"Bob B","party":"","colour":"","ran":true}],"pollsters":[],"provenance":[]}`
	results := "round,scope,code,name,registered,abstentions,voters,blank,null,expressed,candidate,votes,source_url\n" +
		"1,national,FR,France,100,20,80,5,5,70,A,40,u\n1,national,FR,France,100,20,80,5,5,70,B,30,u\n"
	poll := func(end, cand string) string {
		return "p,1,poll,x,X,x,vote_share,yes,,,2020-04-01," + end + ",1000,900,online,,,,," + cand + "," + cand + ",50,,,,u,\n"
	}
	for want, figs := range map[string]string{
		"":                             poll("2020-04-10", "A") + poll("2020-04-10", "B"),
		"after round 1 (2020-04-12)":   poll("2020-04-13", "A"),
		"candidate Z is not described": poll("2020-04-10", "Z"),
	} {
		fsys := fstest.MapFS{ElectionFile: {Data: []byte(meta)}, ResultsFile: {Data: []byte(results)}, ForecastsFile: {Data: []byte(figureHeader + figs)}}
		_, err := Load(fsys)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}

// TestBallots: a declared ballot names described candidates who ran, once
// each, and the round's national result must name exactly its candidates.
func TestBallots(t *testing.T) {
	meta := func(ballot string) string {
		return `{"id":"toy","name":"Toy","rounds":[{"round":1,"date":"2020-04-12","blackout_from":"2020-04-11",` + ballot + `"headline":["A","B"],"headline_reason":"x"}],` +
			`"candidates":[{"id":"A","name":"Ann A","party":"","colour":"","ran":true},{"id":"B","name":"Bob B","party":"","colour":"","ran":true},` +
			`{"id":"C","name":"Cy C","party":"","colour":"","ran":false}],"pollsters":[{"id":"rw","name":"Redfield & Wilton Strategies"}],"provenance":[]}`
	}
	for want, ballot := range map[string]string{
		"ballot candidate Z is not among the candidates": `"ballot":["A","Z"],`,
		"ballot candidate C is marked as not having run": `"ballot":["A","C"],`,
		"ballot candidate A is listed twice":             `"ballot":["A","A"],`,
	} {
		if _, err := ParseElection("e.json", []byte(meta(ballot))); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
	results := "round,scope,code,name,registered,abstentions,voters,blank,null,expressed,candidate,votes,source_url\n" +
		"1,national,FR,France,100,20,80,5,5,70,A,40,u\n1,national,FR,France,100,20,80,5,5,70,B,30,u\n"
	for want, ballot := range map[string]string{
		"": `"ballot":["B","A"],`,
		"round 1: the national result names [A B], the ballot in election.json [A]": `"ballot":["A"],`,
	} {
		fsys := fstest.MapFS{ElectionFile: {Data: []byte(meta(ballot))}, ResultsFile: {Data: []byte(results)}, ForecastsFile: {Data: []byte(figureHeader)}}
		d, err := Load(fsys)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("want %q, got %v", want, err)
		}
		if err != nil {
			continue
		}
		// The metadata is written back as it was read, "&" included.
		b, err := MarshalElection(d.Election)
		if err != nil || !strings.Contains(string(b), `"Redfield & Wilton Strategies"`) || !strings.Contains(string(b), `"ballot": [`) {
			t.Errorf("marshalled: %s, %v", b, err)
		}
	}
}

package nsppolls

import (
	"errors"
	"math"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

const header = "candidat,parti,intentions,erreur_sup,erreur_inf,id,nom_institut,commanditaire,debut_enquete,fin_enquete,echantillon,population,rolling,media,tour,hypothese,sous_echantillon\n"

// okFile: one poll, two hypotheses in round 1 and one in round 2. Line
// numbers matter: keep the order.
const okFile = header +
	`Emmanuel Macron,LRM,60.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5` + "\n" + // 2
	`Marine Le Pen,RN,40.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5` + "\n" + // 3
	`Emmanuel Macron,LRM,55.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse B,790` + "\n" + // 4
	`Eric Zemmour,,45.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse B,790` + "\n" + // 5
	`Emmanuel Macron,LRM,57.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Deuxième tour,,700` + "\n" + // 6
	`Marine Le Pen,RN,43.0,,,20220101_0102_ifp,Ifop,"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Deuxième tour,,700` + "\n" // 7

const testURL = "https://example.org/presidentielle.csv"

func read(t *testing.T, text string, e *sources.Election) (*sources.Imported, error) {
	t.Helper()
	im, err := Read("in.csv", []byte(text), e, Options{SourceURL: testURL})
	sourcestest.CheckRead(t, im, err)
	return im, err
}

func TestReadOK(t *testing.T) {
	im, err := read(t, okFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		snap, hyp, cand string
		round           int
		nExp            float64
	}
	want := []got{
		{"20220101_0102_ifp/hypothese-a", "Hypothèse A", "MACRON", 1, 800.5},
		{"20220101_0102_ifp/hypothese-a", "Hypothèse A", "LE_PEN", 1, 800.5},
		{"20220101_0102_ifp/hypothese-b", "Hypothèse B", "MACRON", 1, 790},
		{"20220101_0102_ifp/hypothese-b", "Hypothèse B", "ZEMMOUR", 1, 790},
		{"20220101_0102_ifp/t2", "", "MACRON", 2, 700},
		{"20220101_0102_ifp/t2", "", "LE_PEN", 2, 700},
	}
	if len(im.Figures) != len(want) {
		t.Fatalf("%d figures", len(im.Figures))
	}
	for i, f := range im.Figures {
		if g := (got{f.Snapshot, f.Hypothesis, f.Candidate, f.Round, f.NExpressed}); g != want[i] {
			t.Errorf("figure %d: %+v, want %+v", i, g, want[i])
		}
		if f.Line != i+2 || f.Sponsors != "Le JDD/Sud Radio" || f.Rolling != "no" || f.NInterviewed != 1000 || f.Source != "ifop" ||
			f.Population != "Certains d'aller voter" || f.SourceURL != testURL || f.Method != "" {
			t.Errorf("figure %d: %+v", i, f)
		}
	}
	if im.Figures[0].Note != "parti: LRM" || im.Figures[3].Note != "" {
		t.Errorf("notes %q %q", im.Figures[0].Note, im.Figures[3].Note)
	}
	if len(im.Derived) != 3 || im.Derived["ZEMMOUR"] != "Eric Zemmour" {
		t.Errorf("derived %v", im.Derived)
	}
	if len(im.Notices) != 0 {
		t.Errorf("notices %v", im.Notices)
	}
}

// TestReadMalformed: each broken row is an error naming the file and line.
func TestReadMalformed(t *testing.T) {
	cases := []sourcestest.Change{
		{Name: "share abc", Old: "Marine Le Pen,RN,40.0", New: "Marine Le Pen,RN,abc", Want: `in.csv:3: intentions: "abc" is not a number`},
		{Name: "share missing", Old: "Marine Le Pen,RN,40.0", New: "Marine Le Pen,RN,", Want: `in.csv:3: intentions: value is missing`},
		{Name: "negative share", Old: "Marine Le Pen,RN,40.0", New: "Marine Le Pen,RN,-40", Want: `in.csv:3: intentions: negative value -40`},
		{Name: "share above 100", Old: "Marine Le Pen,RN,40.0", New: "Marine Le Pen,RN,140", Want: `in.csv:3: intentions: 140 is above 100 %`},
		{Name: "bad date", Old: "2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5\nMarine",
			New:  "01/01/2022,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5\nMarine",
			Want: `in.csv:2: debut_enquete "01/01/2022" is not a date (YYYY-MM-DD)`},
		{Name: "start after end", Old: "2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5\nMarine",
			New:  "2022-01-03,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse A,800.5\nMarine",
			Want: `in.csv:2: fieldwork starts 2022-01-03, after it ends 2022-01-02`},
		{Name: "bad tour", Old: "Deuxième tour,,700\nMarine", New: "Troisième tour,,700\nMarine", Want: `in.csv:6: tour "Troisième tour" is not "Premier tour" or "Deuxième tour"`},
		{Name: "bad rolling", Old: "False,True,Deuxième tour,,700\nMarine", New: "Non,True,Deuxième tour,,700\nMarine", Want: `in.csv:6: rolling "Non" is not True or False`},
		{Name: "bad media", Old: "False,True,Deuxième tour,,700\nMarine", New: "False,Oui,Deuxième tour,,700\nMarine", Want: `in.csv:6: media "Oui" is not True or False`},
		{Name: "bad base", Old: "Premier tour,Hypothèse A,800.5\nMarine", New: "Premier tour,Hypothèse A,huit cents\nMarine", Want: `in.csv:2: sous_echantillon: "huit cents" is not a number`},
		{Name: "empty candidate", Old: "Eric Zemmour,,45.0", New: ",,45.0", Want: `in.csv:5: candidat is empty`},
		{Name: "duplicated row", Old: "Eric Zemmour,,45.0", New: "Emmanuel Macron,,45.0", Want: `in.csv:5: poll 20220101_0102_ifp, round 1, "Hypothèse B": MACRON is given twice (also line 4)`},
		{Name: "same person spelled twice in a snapshot", Old: "Eric Zemmour,,45.0,,,20220101_0102_ifp,Ifop,\"Le JDD, Sud Radio\",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse B",
			New:  "Emmanuel MACRON,,45.0,,,20220101_0102_ifp,Ifop,\"Le JDD, Sud Radio\",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Premier tour,Hypothèse B",
			Want: `in.csv:5: poll 20220101_0102_ifp, round 1, "Hypothèse B": MACRON is given twice (also line 4)`},
		{Name: "poll fields differ", Old: "Eric Zemmour,,45.0,,,20220101_0102_ifp,Ifop,\"Le JDD, Sud Radio\",2022-01-01,2022-01-02,1000",
			New:  "Eric Zemmour,,45.0,,,20220101_0102_ifp,Ifop,\"Le JDD, Sud Radio\",2022-01-01,2022-01-02,1001",
			Want: `in.csv:5: poll 20220101_0102_ifp: echantillon "1001" differs from line 2 ("1000")`},
		{Name: "sum far from 100", Old: "Eric Zemmour,,45.0", New: "Eric Zemmour,,25.0", Want: `in.csv:4: poll 20220101_0102_ifp, round 1, "Hypothèse B": shares add up to 80, not 100: a row is missing or wrong`},
		{Name: "expressed above interviewed", Old: "Deuxième tour,,700\nMarine", New: "Deuxième tour,,1700\nMarine", Want: `in.csv:6: poll 20220101_0102_ifp: expressed base 1700 is larger than the number interviewed 1000`},
		{Name: "two people, one id", Old: "Eric Zemmour,,45.0", New: "Jean-Marie Le Pen,,45.0", Want: `in.csv:5: "Jean-Marie Le Pen" and "Marine Le Pen" (line 3) would both get the id LE_PEN`},
		{Name: "ragged row", Old: "Eric Zemmour,,45.0,", New: "Eric Zemmour,45.0,", Want: `in.csv:5: wrong number of fields`},
		{Name: "bare quote", Old: `"Le JDD, Sud Radio",2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Deuxième tour,,700` + "\nMarine",
			New: `"Le JDD, Sud Radio,2022-01-01,2022-01-02,1000,Certains d'aller voter,False,True,Deuxième tour,,700` + "\nMarine",
			// encoding/csv reports where it gave up: the quote opened on line 6
			// runs to the end of the file.
			Want: `in.csv:6: extraneous or missing " in quoted-field`},
		{Name: "missing column", Old: "intentions,", New: "share,", Want: `in.csv:1: missing column(s) intentions`},
	}
	sourcestest.Malformed(t, okFile, cases, func(t *testing.T, text string) error {
		_, err := read(t, text, nil)
		return err
	})
}

func TestReadEmpty(t *testing.T) {
	if _, err := read(t, "", nil); err == nil || !strings.Contains(err.Error(), "in.csv: empty file") {
		t.Errorf("empty: %v", err)
	}
	// A header and no row: nothing to import is an error, not an empty success.
	if _, err := read(t, header, nil); err == nil || !strings.Contains(err.Error(), "in.csv:1: no rows after the header") {
		t.Errorf("header only: %v", err)
	}
}

// TestReadNotices: what the import keeps as published but reports.
func TestReadNotices(t *testing.T) {
	// A byte-order mark, an extra column, two spellings of one name, a sum
	// a few points off, an interval that is not the formula's, an escape
	// written as text, and dates that disagree with the id.
	text := "\ufeff" + strings.Replace(header, "\n", ",extra\n", 1) +
		`Emmanuel Macron,LRM,60.0,63.4,56.6,20220101_0102_ifp,Ifop,Le JDD,2022-01-01,2022-01-02,1000,Inscrits,True,True,Premier tour,,800,x` + "\n" + // 2: interval of n=800: ±3.3948
		`Éric Zemmour,« ext. droite\xa0»,37.0,,,20220101_0102_ifp,Ifop,Le JDD,2022-01-01,2022-01-02,1000,Inscrits,True,True,Premier tour,,800,x` + "\n" + // 3
		`Eric Zemmour,,45.0,,,20220105_0106_bva,BVA,,2022-01-04,2022-01-06,900,Inscrits,,,Premier tour,,,x` + "\n" + // 4
		`autre,EE-LV,55.0,,,20220105_0106_bva,BVA,,2022-01-04,2022-01-06,900,Inscrits,,,Premier tour,,,x` + "\n" // 5
	im, err := read(t, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []struct {
		line int
		text string
	}{
		{1, "column(s) extra are not part of the NSPPolls format"},
		{2, "snapshot 20220101_0102_ifp (2 rows): shares add up to 97, not 100; kept as published"},
		{4, `"Eric Zemmour" and "Éric Zemmour" (line 3) are spellings of one name: both read as ZEMMOUR`},
		{4, "poll 20220105_0106_bva: the id says fieldwork 2022-01-05 to 01-06, the row 2022-01-04 to 2022-01-06; dates kept as given"},
		{5, `1 rows name the candidate "autre" (lines 5)`},
		{2, "1 rows give an interval that is not intentions ± 1.96·√(p(1−p)/sous_echantillon) (lines 2): kept in their note"},
		{3, `column parti holds an escape sequence written out as text (such as \xa0, a no-break space) on 1 rows (lines 3)`},
	} {
		if !sourcestest.HasNotice(im, n.line, n.text) {
			t.Errorf("no notice at line %d: %s\nnotices: %v", n.line, n.text, im.Notices)
		}
	}
	if f := im.Figures[0]; f.Note != "parti: LRM; erreur_inf 56.6, erreur_sup 63.4" || f.Rolling != "yes" {
		t.Errorf("figure 0: note %q rolling %q", f.Note, f.Rolling)
	}
	if f := im.Figures[2]; f.Rolling != "" || !math.IsNaN(f.NExpressed) || f.Sponsors != "" || f.CandidateRaw != "Eric Zemmour" || f.Candidate != "ZEMMOUR" {
		t.Errorf("figure 2: %+v", f)
	}
	if im.Derived["ZEMMOUR"] != "Éric Zemmour" {
		t.Errorf("derived %v", im.Derived)
	}
}

// TestReadIntervalOK: an interval that follows the formula is not carried.
func TestReadIntervalOK(t *testing.T) {
	text := header +
		`Emmanuel Macron,LRM,60.0,63.3948,56.6052,20220101_0102_ifp,Ifop,Le JDD,2022-01-01,2022-01-02,1000,Inscrits,True,True,Premier tour,,800` + "\n" +
		`Marine Le Pen,RN,40.0,43.3948,36.6052,20220101_0102_ifp,Ifop,Le JDD,2022-01-01,2022-01-02,1000,Inscrits,True,True,Premier tour,,800` + "\n" +
		`Nathalie Arthaud,LO,0.0,0.0,0.0,20220101_0102_ifp,Ifop,Le JDD,2022-01-01,2022-01-02,1000,Inscrits,True,True,Premier tour,,800` + "\n"
	im, err := read(t, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Notices) != 0 || im.Figures[0].Note != "parti: LRM" || im.Figures[2].Flag != "" {
		t.Errorf("notices %v, figures %+v", im.Notices, im.Figures)
	}
}

// TestReadSnapshotIDs: ids are unique even when two hypotheses slug alike,
// and the same for the same file.
func TestReadSnapshotIDs(t *testing.T) {
	row := func(cand, hyp string, v string) string {
		return cand + ",," + v + ",,,20220101_0102_ifp,Ifop,,2022-01-01,2022-01-02,1000,Inscrits,False,True,Premier tour," + hyp + ",800\n"
	}
	text := header + row("Emmanuel Macron", "Hypothèse Macron / Le Pen", "50") + row("Marine Le Pen", "Hypothèse Macron / Le Pen", "50") +
		row("Emmanuel Macron", "Hypothèse Macron-Le Pen", "51") + row("Marine Le Pen", "Hypothèse Macron-Le Pen", "49") +
		row("Emmanuel Macron", "", "52") + row("Marine Le Pen", "", "48")
	for range 2 {
		im, err := read(t, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i := 0; i < len(im.Figures); i += 2 {
			ids = append(ids, im.Figures[i].Snapshot)
		}
		want := "20220101_0102_ifp/hypothese-macron-le-pen 20220101_0102_ifp/hypothese-macron-le-pen~2 20220101_0102_ifp/no-hypothesis"
		if strings.Join(ids, " ") != want {
			t.Errorf("ids %v", ids)
		}
		if !sourcestest.HasNotice(im, 4, `poll 20220101_0102_ifp: hypotheses "Hypothèse Macron-Le Pen" and another one slug alike: this one is snapshot 20220101_0102_ifp/hypothese-macron-le-pen~2`) {
			t.Errorf("notices %v", im.Notices)
		}
	}
}

// TestReadWithElection: names and pollsters resolve through the election.
func TestReadWithElection(t *testing.T) {
	e := &sources.Election{ID: "fr-2022", Rounds: []sources.Round{{Number: 1, Date: "2022-04-10"}},
		Candidates: []sources.Candidate{{ID: "MACRON", Name: "Emmanuel Macron"}, {ID: "LE_PEN", Name: "Marine Le Pen"}, {ID: "ZEMMOUR", Name: "Éric Zemmour"}},
		Pollsters:  []sources.Pollster{{ID: "ifop-fiducial", Name: "Ifop-Fiducial", Aliases: []string{"Ifop"}}}}
	_, err := read(t, okFile, e)
	if err == nil || !strings.Contains(err.Error(), "in.csv:6: election fr-2022 has no round 2") {
		t.Errorf("round 2 in a one-round election: %v", err)
	}
	e.Rounds = append(e.Rounds, sources.Round{Number: 2, Date: "2022-04-24"})
	im, err := read(t, okFile, e)
	if err != nil {
		t.Fatal(err)
	}
	if f := im.Figures[3]; f.Candidate != "ZEMMOUR" || f.CandidateRaw != "Eric Zemmour" || f.Source != "ifop-fiducial" || f.SourceName != "Ifop-Fiducial" || im.Derived != nil {
		t.Errorf("%+v", f)
	}
	_, err = read(t, strings.Replace(okFile, "Eric Zemmour", "Eric Zemour", 1), e)
	if err == nil || !strings.Contains(err.Error(), `in.csv:5: unknown candidate "Eric Zemour" (did you mean ZEMMOUR`) {
		t.Errorf("unknown candidate: %v", err)
	}
}

// TestReadBallot: with ballots declared, a snapshot whose candidates are not
// the round's ballot is a hypothesis that did not happen: kept, not a
// forecast, with the reason first in its note; the others are forecasts.
func TestReadBallot(t *testing.T) {
	e := &sources.Election{ID: "fr-2022", Rounds: []sources.Round{
		{Number: 1, Date: "2022-04-10", Ballot: []string{"MACRON", "LE_PEN"}},
		{Number: 2, Date: "2022-04-24", Ballot: []string{"MACRON", "ZEMMOUR"}}},
		Candidates: []sources.Candidate{{ID: "MACRON", Name: "Emmanuel Macron", Ran: true}, {ID: "LE_PEN", Name: "Marine Le Pen", Ran: true},
			{ID: "ZEMMOUR", Name: "Éric Zemmour", Ran: true}}}
	im, err := read(t, okFile, e)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		forecast bool
		note     string
	}{
		{true, "parti: LRM"}, {true, "parti: RN"}, // Hypothèse A: the round 1 ballot
		{false, "hypothesis that did not happen: not the round 1 ballot (with ZEMMOUR, not on it; without LE_PEN); parti: LRM"},
		{false, "hypothesis that did not happen: not the round 1 ballot (with ZEMMOUR, not on it; without LE_PEN)"},
		{false, "hypothesis that did not happen: not the round 2 ballot (with LE_PEN, not on it; without ZEMMOUR); parti: LRM"},
		{false, "hypothesis that did not happen: not the round 2 ballot (with LE_PEN, not on it; without ZEMMOUR); parti: RN"},
	}
	for i, f := range im.Figures {
		if f.Forecast != want[i].forecast || f.Note != want[i].note {
			t.Errorf("figure %d (line %d): forecast %v, note %q; want %v, %q", i, f.Line, f.Forecast, f.Note, want[i].forecast, want[i].note)
		}
	}
	for _, n := range []string{"1 snapshots of round 1 test candidates who are not the round's ballot", "1 snapshots of round 2 test candidates"} {
		if !sourcestest.HasNotice(im, 0, n) {
			t.Errorf("no notice %q: %v", n, im.Notices)
		}
	}
	// Without declared ballots, nothing is judged.
	e.Rounds[0].Ballot, e.Rounds[1].Ballot = nil, nil
	im, err = read(t, okFile, e)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range im.Figures {
		if !f.Forecast || strings.Contains(f.Note, "hypothesis") {
			t.Errorf("line %d: forecast %v, note %q with no ballot declared", f.Line, f.Forecast, f.Note)
		}
	}
}

func TestReadNoURL(t *testing.T) {
	im, err := Read("in.csv", []byte(okFile), nil, Options{})
	if err != nil || im.Figures[0].SourceURL != "" || !sourcestest.HasNotice(im, 0, "no source URL given") {
		t.Errorf("%v %v", err, im)
	}
}

func TestReadEveryProblemAtOnce(t *testing.T) {
	text := strings.Replace(okFile, "Marine Le Pen,RN,40.0", "Marine Le Pen,RN,abc", 1)
	text = strings.Replace(text, "Deuxième tour,,700\nMarine", "Troisième tour,,700\nMarine", 1)
	_, err := read(t, text, nil)
	var de *sources.DataError
	if !errors.As(err, &de) || len(de.Errs) < 2 {
		t.Errorf("want both problems, got %v", err)
	}
}

// FuzzRead: no input makes Read panic; every error is a data error; every
// figure it returns passes the canonical checks.
func FuzzRead(f *testing.F) {
	f.Add([]byte(okFile))
	f.Add([]byte(header))
	f.Add([]byte(header + "a,,1e400,,,x,y,,2022-01-01,2022-01-01,0,,,,Premier tour,,\n"))
	f.Add([]byte("candidat,intentions,id,nom_institut,debut_enquete,fin_enquete,tour\nautre,100,i,j,2022-02-29,2022-03-01,second tour\n"))
	e := &sources.Election{ID: "x", Rounds: []sources.Round{{Number: 1}, {Number: 2}},
		Candidates: []sources.Candidate{{ID: "MACRON", Name: "Emmanuel Macron"}}}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, el := range []*sources.Election{nil, e} {
			im, err := Read("fuzz.csv", b, el, Options{SourceURL: testURL})
			sourcestest.CheckRead(t, im, err)
		}
	})
}

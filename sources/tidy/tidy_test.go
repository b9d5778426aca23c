package tidy

import (
	"math"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

func readShared(t testing.TB, name string) []byte {
	t.Helper()
	return sourcestest.Read(t, "research/fr2017/"+name)
}

func snapshots(figs []sources.Figure) map[string][]sources.Figure {
	m := map[string][]sources.Figure{}
	for _, f := range figs {
		m[f.Snapshot] = append(m[f.Snapshot], f)
	}
	return m
}

func TestReadPollsResearchedFiles(t *testing.T) {
	e := sourcestest.Election2017(t)
	for _, c := range []struct {
		file        string
		round       int
		rows, polls int
		manualRows  int
		manualPolls int
	}{
		{"polls_round1.csv", 1, 474, 44, 12, 2},
		{"polls_round2.csv", 2, 52, 26, 18, 9},
	} {
		b := readShared(t, c.file)
		im, err := ReadPolls(c.file, b, e, PollOptions{Round: c.round})
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Figures) != c.rows || len(snapshots(im.Figures)) != c.polls {
			t.Errorf("%s: %d figures in %d polls, want %d in %d", c.file, len(im.Figures), len(snapshots(im.Figures)), c.rows, c.polls)
		}
		im, err = ReadPolls(c.file, b, e, PollOptions{Round: c.round, Datasets: []string{"manual"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Figures) != c.manualRows || len(snapshots(im.Figures)) != c.manualPolls {
			t.Errorf("%s manual: %d figures in %d polls, want %d in %d", c.file, len(im.Figures), len(snapshots(im.Figures)), c.manualRows, c.manualPolls)
		}
		if len(im.Notices) != 1 || !strings.Contains(im.Notices[0].Error(), "left out") {
			t.Errorf("%s: rows left out must be reported, got %v", c.file, im.Notices)
		}
	}
}

func TestReadPollsNormalises(t *testing.T) {
	e := sourcestest.Election2017(t)
	im, err := ReadPolls("p.csv", readShared(t, "polls_round1.csv"), e, PollOptions{Round: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := snapshots(im.Figures)["supp_20170420_harris_rmc"]
	if len(p) != 6 {
		t.Fatalf("supp_20170420_harris_rmc: %d figures, want 6", len(p))
	}
	f := p[0]
	if f.Source != "harris-interactive" || f.SourceName != "Harris Interactive" || f.NInterviewed != 962 ||
		!math.IsNaN(f.NExpressed) || f.FieldEnd != "2017-04-20" || !strings.Contains(f.Note, "candidate set: no (6 main candidates)") {
		t.Errorf("unexpected figure %+v", f)
	}
}

func TestReadPollsErrors(t *testing.T) {
	e := sourcestest.Election2017(t)
	head := strings.Join(pollColumns, ",") + "\n"
	row := "x1,Ifop-Fiducial,Ifop,Paris Match,2017-04-18,2017-04-21,2823,2115,certain to vote,online,,9.7,Emmanuel Macron,MACRON,24.5,no (one candidate),pollsposition,http://u,\n"
	if _, err := ReadPolls("p.csv", []byte(head+row), e, PollOptions{Round: 1}); err != nil {
		t.Fatalf("good row: %v", err)
	}
	for want, in := range map[string]string{
		"unknown candidate \"Jena-Luc Melanchon\" (did you mean MELENCHON": strings.Replace(row, "Emmanuel Macron,MACRON", "Jena-Luc Melanchon,MELENCHON", 1),
		"is MACRON, but the row says FILLON":                               strings.Replace(row, ",MACRON,", ",FILLON,", 1),
		"unknown pollster \"Yougov\"":                                      strings.Replace(row, "Ifop-Fiducial,", "Yougov,", 1),
		"negative value":                                                   strings.Replace(row, ",24.5,", ",-24.5,", 1),
		"is not a number":                                                  strings.Replace(row, ",24.5,", ",24..5,", 1),
		"value is missing":                                                 strings.Replace(row, ",24.5,", ",,", 1),
		"is not a date":                                                    strings.Replace(row, "2017-04-21", "21/04/2017", 1),
		"wrong number of fields":                                           strings.Replace(row, ",http://u,", ",http://u", 1),
	} {
		_, err := ReadPolls("p.csv", []byte(head+row+in), e, PollOptions{Round: 1})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		} else if !strings.Contains(err.Error(), "p.csv:3") {
			t.Errorf("%s: error does not name p.csv:3: %v", want, err)
		}
	}
	complete := strings.Replace(row, "no (one candidate)", "yes", 1)
	other := strings.Replace(complete, "Emmanuel Macron,MACRON,24.5", "Marine Le Pen,LE_PEN,60", 1)
	if _, err := ReadPolls("p.csv", []byte(head+complete+other), e, PollOptions{Round: 1}); err == nil || !strings.Contains(err.Error(), "p.csv:2: poll x1 reports every candidate, but its shares add up to 84.5") {
		t.Errorf("shares far from 100: got %v", err)
	}
	if _, err := ReadPolls("p.csv", []byte(head+row+row), e, PollOptions{Round: 1}); err == nil || !strings.Contains(err.Error(), "gives MACRON twice") {
		t.Errorf("duplicate row: got %v", err)
	}
	if _, err := ReadPolls("p.csv", []byte(head+row), e, PollOptions{}); err == nil {
		t.Error("no round: want an error")
	}
}

func TestReadBuzzResearchedFile(t *testing.T) {
	e := sourcestest.Election2017(t)
	im, err := ReadBuzz("buzz.csv", readShared(t, "buzz.csv"), e, BuzzOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Figures) != 137 {
		t.Errorf("%d figures, want all 137", len(im.Figures))
	}
	snaps := snapshots(im.Figures)
	final := snaps["filteris:filteris:2017-04-21T23:50:r1"]
	if len(final) != 5 || final[0].Measure != sources.WeightShare || final[0].Candidate != "LE_PEN" || final[0].Value != 22.72 {
		t.Errorf("Filteris final release: %+v", final)
	}
	if len(snaps["filteris:filteris:2017-04-21:r1"]) != 4 {
		t.Error("Filteris's daytime release of 21 April must be a snapshot of its own")
	}
	// The Gov app's 16 March: approval of five people, and three user-debate statements about Fillon.
	if n := len(snaps["gov:gov:2017-03-16:r1"]); n != 5 {
		t.Errorf("Gov 16 March approval: %d figures, want 5", n)
	}
	for _, id := range []string{"gov:gov:2017-03-16:r1~2", "gov:gov:2017-03-16:r1~3", "gov:gov:2017-03-16:r1~4"} {
		if s := snaps[id]; len(s) != 1 || s[0].Measure != sources.Agreement || s[0].Forecast {
			t.Errorf("%s: %+v", id, s)
		}
	}
	if s := snaps["dentsu-consulting:dentsu-social:undated:r1"]; len(s) != 4 {
		t.Errorf("undated Dentsu snapshot: %+v", s)
	}
	var notForecasts int
	for _, f := range im.Figures {
		if !f.Forecast {
			notForecasts++
		}
	}
	if notForecasts == 0 {
		t.Error("figures marked not-a-forecast must be kept")
	}
}

func TestReadBuzzProfiles(t *testing.T) {
	e := sourcestest.Election2017(t)
	head := strings.Join(buzzColumns, ",") + "\n"
	fil := "filteris,filteris,2017-04-21,23:50,1,Emmanuel Macron,20.03,weight_share,yes,poids,no sample,http://u,\n"
	if _, err := ReadBuzz("b.csv", []byte(head+fil), e, BuzzOptions{Source: "filteris"}); err != nil {
		t.Fatal(err)
	}
	for want, in := range map[string]string{
		"filteris figures measure [weight_share], not vote_share": strings.Replace(fil, "weight_share", "vote_share", 1),
		"a row of gov in a filteris file":                         strings.Replace(fil, "filteris,filteris", "gov,gov", 1),
		"forecast \"maybe\"":                                      strings.Replace(fil, ",yes,", ",maybe,", 1),
		"round \"x\"":                                             strings.Replace(fil, ",1,", ",x,", 1),
		"is not HH:MM":                                            strings.Replace(fil, "23:50", "25:50", 1),
	} {
		_, err := ReadBuzz("b.csv", []byte(head+in), e, BuzzOptions{Source: "filteris"})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "b.csv:2") {
			t.Errorf("%s: got %v", want, err)
		}
	}
	// Without a measure column, the filteris importer sets the measure itself.
	noMeasure := strings.Replace(head, "measure,", "", 1)
	im, err := ReadBuzz("b.csv", []byte(noMeasure+strings.Replace(fil, "weight_share,", "", 1)), e, BuzzOptions{Source: "filteris"})
	if err != nil || im.Figures[0].Measure != sources.WeightShare {
		t.Errorf("measure not set from the profile: %v %+v", err, im)
	}
	// An undescribed election: ids derived from names and listed.
	im, err = ReadBuzz("b.csv", []byte(head+fil), nil, BuzzOptions{})
	if err != nil || im.Figures[0].Candidate != "MACRON" || im.Derived["MACRON"] != "Emmanuel Macron" {
		t.Errorf("derived ids: %v %+v", err, im)
	}
	// Two people who would get one derived id: an error, not one candidate.
	two := strings.Replace(fil, "Emmanuel Macron", "Jean-Marie Le Pen", 1) + strings.Replace(fil, "Emmanuel Macron", "Marine Le Pen", 1)
	if _, err = ReadBuzz("b.csv", []byte(head+two), nil, BuzzOptions{}); err == nil || !strings.Contains(err.Error(), `b.csv:3: "Marine Le Pen" and "Jean-Marie Le Pen" (line 2) would both get the id LE_PEN`) {
		t.Errorf("two names, one derived id: got %v", err)
	}
}

package tidy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// seeds adds to f the first lines of a shared file, when it is there, and
// the given texts: the fuzz tests run without the shared files too.
func seeds(f *testing.F, name string, lines int, texts ...string) {
	if b, err := os.ReadFile(filepath.Join(sourcestest.Dir(), "fr2017", name)); err == nil {
		rows := strings.SplitAfter(string(b), "\n")
		f.Add([]byte(strings.Join(rows[:min(lines, len(rows))], "")))
	}
	for _, t := range texts {
		f.Add([]byte(t))
	}
}

// checkImported is the property every read must have: an error is a data
// error; figures read without one pass Figure.Check and CheckSnapshots and
// survive the canonical CSV: what an importer writes, sources.Load reads.
func checkImported(t *testing.T, im *sources.Imported, err error) {
	t.Helper()
	if err != nil {
		if !sources.IsDataError(err) {
			t.Fatalf("error is not a data error: %v", err)
		}
		return
	}
	if len(im.Figures) == 0 {
		t.Fatal("no error and no figure")
	}
	for _, f := range im.Figures {
		if err := f.Check(); err != nil {
			t.Fatalf("accepted a figure that fails its check: %v: %+v", err, f)
		}
		if f.Line < 2 {
			t.Fatalf("figure without its line: %+v", f)
		}
	}
	if errs := sources.CheckSnapshots(im.Figures); len(errs) > 0 {
		t.Fatalf("accepted snapshots that break the cross-row rules: %v", errs)
	}
	var b bytes.Buffer
	if err := sources.WriteFigures(&b, im.Figures); err != nil {
		t.Fatal(err)
	}
	if _, err := sources.ReadFigures("forecasts.csv", &b); err != nil {
		t.Fatalf("what was imported cannot be loaded: %v", err)
	}
}

func FuzzReadPolls(f *testing.F) {
	head := strings.Join(pollColumns, ",") + "\n"
	row := "x1,Ifop-Fiducial,Ifop,Paris Match,2017-04-18,2017-04-21,2823,2115,certain to vote,online,,9.7,Emmanuel Macron,MACRON,24.5,no (one candidate),pollsposition,http://u,\n"
	seeds(f, "polls_round1.csv", 12, head+row, head, "")
	e := sourcestest.Election2017(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		im, err := ReadPolls("fuzz.csv", b, e, PollOptions{Round: 1})
		checkImported(t, im, err)
	})
}

// fuzzBuzz fuzzes ReadBuzz as the importer of one profile ("" for buzz).
func fuzzBuzz(f *testing.F, source string, lines ...string) {
	head := strings.Join(buzzColumns, ",") + "\n"
	seeds(f, "buzz.csv", 12, head+strings.Join(lines, ""), head)
	e := sourcestest.Election2017(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range []*sources.Election{e, nil} {
			im, err := ReadBuzz("fuzz.csv", b, e, BuzzOptions{Source: source})
			checkImported(t, im, err)
		}
	})
}

func FuzzReadBuzz(f *testing.F) {
	fuzzBuzz(f, "", "linkfluence,linkfluence,2017-04-18,,1,Emmanuel Macron,30,mention_share,no,mentions,,http://u,\n",
		"linkfluence,linkfluence,2017-04-18,,1,Marine Le Pen,20,mention_share,no,mentions,,http://u,\n")
}

func FuzzReadFilteris(f *testing.F) {
	fuzzBuzz(f, "filteris", "filteris,filteris,2017-04-21,23:50,1,Emmanuel Macron,20.03,weight_share,yes,poids,no sample,http://u,\n")
}

func FuzzReadGov(f *testing.F) {
	fuzzBuzz(f, "gov", "gov,gov,2017-03-16,,1,François Fillon,55,approval,yes,cote,users,http://u,\n",
		"gov,gov,2017-03-16,,1,François Fillon,66,agreement,no,bulwark,users,http://u,\n")
}

func FuzzReadVigiglobe(f *testing.F) {
	fuzzBuzz(f, "vigiglobe", "vigiglobe,vigiglobe,2017-04-20,,1,Emmanuel Macron,1260000,volume,yes,tweets,35 million,http://u,\n",
		"vigiglobe,vigiglobe,2017-04-20,,1,Marine Le Pen,589600,volume,yes,tweets,35 million,http://u,\n")
}

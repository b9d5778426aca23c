package sources

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// firstLines returns the first n lines of a committed file of data/fr2017.
func firstLines(tb testing.TB, name string, n int) []byte {
	tb.Helper()
	b, err := os.ReadFile("../data/fr2017/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	rows := strings.SplitAfter(string(b), "\n")
	return []byte(strings.Join(rows[:min(n, len(rows))], ""))
}

// FuzzParseElection: any election.json is refused with a data error or
// read into an election that writes back and reads again to the same bytes.
func FuzzParseElection(f *testing.F) {
	f.Add(firstLines(f, ElectionFile, 1000))
	f.Add([]byte(toyElection))
	f.Add([]byte(strings.Replace(toyElection, "Ann A", `Ann\u0000A`, 1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseElection("election.json", b)
		if err != nil {
			if !IsDataError(err) {
				t.Fatalf("not a data error: %v", err)
			}
			return
		}
		out, err := MarshalElection(e)
		if err != nil {
			t.Fatal(err)
		}
		e2, err := ParseElection("election.json", out)
		if err != nil {
			t.Fatalf("an election read cannot be read back once written: %v\n%s", err, out)
		}
		if out2, _ := MarshalElection(e2); !bytes.Equal(out, out2) {
			t.Fatalf("written twice, two texts:\n%s\n%s", out, out2)
		}
	})
}

// FuzzLoad: any --data directory is refused with a data error or loaded
// into a dataset whose every figure passes its check, and which writes back
// into files that load again to the same bytes.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(toyElection), []byte(toyResults), []byte(figureHeader+toyPoll("A", "50", "")+toyPoll("B", "50", "")))
	f.Add(firstLines(f, ElectionFile, 1000), firstLines(f, ResultsFile, 12), firstLines(f, ForecastsFile, 12))
	f.Add([]byte(racesMeta), []byte(racesResults), []byte(racesHeader+racePoll("p1", "US", "2020-10-30", "A", "50")+racePoll("p2", "WI", "2020-10-28", "B", "43.5")))
	f.Fuzz(func(t *testing.T, election, results, forecasts []byte) {
		fsys := fstest.MapFS{ElectionFile: {Data: election}, ResultsFile: {Data: results}, ForecastsFile: {Data: forecasts}}
		d, err := Load(fsys)
		if err != nil {
			if !IsDataError(err) {
				t.Fatalf("not a data error: %v", err)
			}
			return
		}
		for _, f := range d.Figures {
			if err := f.Check(); err != nil {
				t.Fatalf("loaded a figure that fails its check: %v", err)
			}
		}
		files, err := d.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again := fstest.MapFS{}
		for name, b := range files {
			again[name] = &fstest.MapFile{Data: b}
		}
		d2, err := Load(again)
		if err != nil {
			t.Fatalf("a loaded dataset, written, does not load: %v", err)
		}
		files2, _ := d2.Marshal()
		for name := range files {
			if !bytes.Equal(files[name], files2[name]) {
				t.Fatalf("%s: written twice, two texts", name)
			}
		}
	})
}

// FuzzApplyCorrections: any corrections file is refused with a data error or
// leaves figures that pass their check.
func FuzzApplyCorrections(f *testing.F) {
	head := "snapshot,field,from,to,reason,source_url\n"
	f.Add(firstLines(f, "corrections.csv", 10))
	f.Add([]byte(head + "a,field_start,2017-04-28,2017-05-04,x,\na,field_end,2017-05-02,2017-05-04,x,\n"))
	f.Add([]byte(head + "a,n_interviewed,1000,0,x,\n"))
	f.Add([]byte(head + "a,snapshot,a,b,x,\nb,population_base,,adults,x,http://u\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fig := Figure{Snapshot: "a", Round: 1, Family: Poll, Source: "elabe", Measure: VoteShare, Candidate: "A", Value: 50,
			FieldStart: "2017-04-28", FieldEnd: "2017-05-02", NInterviewed: 1000, NExpressed: math.NaN()}
		other := fig
		other.Candidate = "B"
		figs := []Figure{fig, other}
		_, err := ApplyCorrections("corrections.csv", b, figs)
		if err != nil {
			if !IsDataError(err) {
				t.Fatalf("not a data error: %v", err)
			}
			return
		}
		for _, f := range figs {
			if err := f.Check(); err != nil {
				t.Fatalf("a correction left a figure that fails its check: %v: %+v", err, f)
			}
		}
		var w bytes.Buffer
		if err := WriteFigures(&w, figs); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadFigures("forecasts.csv", &w); err != nil {
			t.Fatalf("corrected figures cannot be loaded: %v", err)
		}
	})
}

package blochistory

import (
	"bytes"
	"math"
	"slices"
	"testing"
	"testing/fstest"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// TestDatasetReal: the whole file makes one dataset of 24 races in which
// every poll share and every result share of the file is a row, the seats
// rows are the only ones left out, and the dataset reads back byte for byte.
func TestDatasetReal(t *testing.T) {
	const rel = "pollsposition/tour1_complet_unitedfl.csv"
	f, err := Read(rel, sourcestest.Read(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	d, left, err := Dataset(f, SourceURL)
	if err != nil {
		t.Fatal(err)
	}
	var pollShares, resultShares int
	races := map[string]bool{}
	for _, r := range f.Rows {
		races[RaceID(r.Type, r.Election)] = true
		for _, v := range r.Shares {
			switch {
			case math.IsNaN(v):
			case r.Kind == Poll:
				pollShares++
			case r.Kind == Result:
				resultShares++
			}
		}
	}
	if len(d.Figures) != pollShares || len(d.Results) != resultShares || left != f.Count(Seats) || len(d.Election.Races) != len(races) {
		t.Errorf("%d figures, %d result rows, %d left out, %d races; want %d, %d, %d, %d",
			len(d.Figures), len(d.Results), left, len(d.Election.Races), pollShares, resultShares, f.Count(Seats), len(races))
	}
	t.Logf("%d races, %d polls, %d figures, %d result rows, %d seats rows left out", len(d.Election.Races), f.Count(Poll), len(d.Figures), len(d.Results), left)
	// 2002: the far right's result, as the file gives it, is the race's.
	race, err := d.Race("president-2002-04-21")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Rows {
		if r.Kind == Result && r.Type == "president" && r.Election == "2002-04-21" {
			i := slices.Index(Blocs, "farright")
			if got := race.Results; len(got) == 0 || !hasShare(got, BlocID(Blocs[i]), r.Shares[i]) {
				t.Errorf("2002: results %+v lack FARRIGHT %v", got, r.Shares[i])
			}
		}
	}
	files, err := d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := sources.Load(fstest.MapFS{sources.ElectionFile: {Data: files[sources.ElectionFile]},
		sources.ResultsFile: {Data: files[sources.ResultsFile]}, sources.ForecastsFile: {Data: files[sources.ForecastsFile]}})
	if err != nil {
		t.Fatal(err)
	}
	files2, _ := again.Marshal()
	for name, b := range files {
		if !bytes.Equal(b, files2[name]) {
			t.Errorf("%s does not read back byte for byte", name)
		}
	}
}

// hasShare reports whether rs gives candidate c the share v.
func hasShare(rs []sources.Result, c string, v float64) bool {
	for _, r := range rs {
		if r.Candidate == c && r.ShareOnly && r.Share == v {
			return true
		}
	}
	return false
}

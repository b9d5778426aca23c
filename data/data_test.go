package data

import (
	"bytes"
	"io/fs"
	"testing"

	"forecast/sources"
)

// TestEmbeddedElectionsLoadAndRoundTrip checks that every embedded election
// passes the dataset checks, and that reading its canonical files and writing
// them again gives the same bytes (the format is lossless).
func TestEmbeddedElectionsLoadAndRoundTrip(t *testing.T) {
	for _, id := range Elections() {
		fsys, err := Election(id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := sources.Load(fsys)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if d.Election.ID != id {
			t.Errorf("%s: election.json says %s", id, d.Election.ID)
		}
		out, err := d.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range out {
			want, _ := fs.ReadFile(fsys, name)
			if !bytes.Equal(b, want) {
				t.Errorf("%s/%s does not round-trip byte for byte", id, name)
			}
		}
	}
}

// TestFr2017Contents checks the 2017 dataset against the facts in
// ../shared/data/SOURCES.md: 44 first-round and 26 run-off polls, all 137
// buzz figures, 107 départements, and the proclaimed totals.
func TestFr2017Contents(t *testing.T) {
	fsys, _ := Election(Default)
	d, err := sources.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	polls := map[int]map[string]bool{1: {}, 2: {}}
	buzz := 0
	for _, f := range d.Figures {
		switch f.Family {
		case sources.Poll:
			polls[f.Round][f.Snapshot] = true
		case sources.Buzz:
			buzz++
		}
	}
	if len(polls[1]) != 44 || len(polls[2]) != 26 || buzz != 137 {
		t.Errorf("%d first-round polls, %d run-off polls, %d buzz figures; want 44, 26, 137", len(polls[1]), len(polls[2]), buzz)
	}
	national := map[[2]any]int64{}
	deps := map[string]bool{}
	for _, r := range d.Results {
		switch r.Scope {
		case sources.National:
			national[[2]any{r.Round, r.Candidate}] = r.Votes
			national[[2]any{r.Round, "expressed"}] = r.Expressed
			national[[2]any{r.Round, "registered"}] = r.Registered
		case sources.Department:
			deps[r.Code] = true
		}
	}
	for k, want := range map[[2]any]int64{
		{1, "registered"}: 47582183, {1, "expressed"}: 36054394, {1, "MACRON"}: 8656346, {1, "LE_PEN"}: 7678491,
		{1, "FILLON"}: 7212995, {1, "MELENCHON"}: 7059951, {1, "CHEMINADE"}: 65586,
		{2, "registered"}: 47568693, {2, "expressed"}: 31381603, {2, "MACRON"}: 20743128, {2, "LE_PEN"}: 10638475,
	} {
		if national[k] != want {
			t.Errorf("%v = %d, want %d", k, national[k], want)
		}
	}
	if len(deps) != 107 {
		t.Errorf("%d départements, want 107", len(deps))
	}
}

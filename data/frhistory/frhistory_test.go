package frhistory

import (
	"strings"
	"testing"

	"forecast/data"
	"forecast/sources/blochistory"
)

// TestRead checks that the embedded elections are added as presidential
// elections, once, and only when asked; and that adding one twice fails.
func TestRead(t *testing.T) {
	plain, name, err := Read(data.BlocHistoryFile, data.BlocHistory, false)
	if err != nil || name != data.BlocHistoryFile {
		t.Fatalf("%q, %v", name, err)
	}
	f, name, err := Read(data.BlocHistoryFile, data.BlocHistory, true)
	if err != nil {
		t.Fatal(err)
	}
	if name != data.BlocHistoryFile+" + fr-2022-presidential" {
		t.Errorf("name %q, want the file and the election added", name)
	}
	added := f.Rows[len(plain.Rows):]
	results, polls := 0, 0
	for _, r := range added {
		if r.Type != "president" || r.Election != "2022-04-10" {
			t.Fatalf("added row %+v: want the presidential election of 2022-04-10", r)
		}
		switch r.Kind {
		case blochistory.Result:
			results++
		case blochistory.Poll:
			polls++
		}
	}
	// 135 poll snapshots of round 1 in the embedded 2022 dataset, as
	// `forecast history` counts them (all_polls).
	if results != 1 || polls != 135 {
		t.Errorf("added %d results and %d polls, want 1 and 135", results, polls)
	}
	if err := Add(f, "fr-2022-presidential"); err == nil || !strings.Contains(err.Error(), "cannot be added twice") {
		t.Errorf("adding 2022 twice: %v", err)
	}
	if err := Add(plain, "no-such-election"); err == nil {
		t.Error("an unknown election was added")
	}
}

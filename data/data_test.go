package data

import (
	"bytes"
	"io/fs"
	"regexp"
	"slices"
	"strings"
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

// TestSeriesDisplayNames checks that every series that is not a
// pollster's has a display name in election.json, for the charts and tables
// to name it by.
func TestSeriesDisplayNames(t *testing.T) {
	for _, id := range Elections() {
		d, err := Load(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range d.Figures {
			if f.Family != sources.Poll && d.Election.SeriesName(f.Series) == "" {
				t.Errorf("%s: series %s has no display name in election.json (series[])", id, f.Series)
			}
		}
	}
}

// TestFr2017Contents checks the 2017 dataset against the facts in
// data/upstream/research/SOURCES.md: 44 first-round and 26 run-off polls, all 137
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
	checkResults(t, d, map[[2]any]int64{
		{1, "registered"}: 47582183, {1, "expressed"}: 36054394, {1, "MACRON"}: 8656346, {1, "LE_PEN"}: 7678491,
		{1, "FILLON"}: 7212995, {1, "MELENCHON"}: 7059951, {1, "CHEMINADE"}: 65586,
		{2, "registered"}: 47568693, {2, "expressed"}: 31381603, {2, "MACRON"}: 20743128, {2, "LE_PEN"}: 10638475,
	})
}

// checkResults compares national counts — {round, candidate id or
// "registered" or "expressed"} — with the proclaimed ones, and checks that
// both rounds have the 107 départements.
func checkResults(t *testing.T, d *sources.Dataset, want map[[2]any]int64) {
	t.Helper()
	national := map[[2]any]int64{}
	deps := map[int]map[string]bool{1: {}, 2: {}}
	for _, r := range d.Results {
		switch r.Scope {
		case sources.National:
			national[[2]any{r.Round, r.Candidate}] = r.Votes
			national[[2]any{r.Round, "expressed"}] = r.Expressed
			national[[2]any{r.Round, "registered"}] = r.Registered
		case sources.Department:
			deps[r.Round][r.Code] = true
		}
	}
	for k, w := range want {
		if national[k] != w {
			t.Errorf("%v = %d, want %d", k, national[k], w)
		}
	}
	if len(deps[1]) != 107 || len(deps[2]) != 107 {
		t.Errorf("%d and %d départements, want 107", len(deps[1]), len(deps[2]))
	}
}

// TestFr2022Contents checks the 2022 dataset against the facts in
// data/upstream/research/SOURCES.md and the NSPPolls file: every row of the file
// (8,863 figures in 558 first-round and 767 run-off snapshots), no buzz, 107
// départements, the proclaimed totals, and the ballot rule — a poll snapshot
// is a forecast exactly when its candidates are the round's ballot.
func TestFr2022Contents(t *testing.T) {
	fsys, err := Election("fr-2022-presidential")
	if err != nil {
		t.Fatal(err)
	}
	d, err := sources.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	type count struct{ snapshots, forecasts int }
	perRound := map[int]*count{1: {}, 2: {}}
	cands := map[string][]string{}
	first := map[string]sources.Figure{}
	for _, f := range d.Figures {
		if f.Family != sources.Poll {
			t.Fatalf("line %d: family %s (2022 has polls only)", f.Line, f.Family)
		}
		if _, seen := first[f.Snapshot]; !seen {
			first[f.Snapshot] = f
			perRound[f.Round].snapshots++
			if f.Forecast {
				perRound[f.Round].forecasts++
			}
		}
		cands[f.Snapshot] = append(cands[f.Snapshot], f.Candidate)
	}
	if len(d.Figures) != 8863 || *perRound[1] != (count{558, 135}) || *perRound[2] != (count{767, 355}) {
		t.Errorf("%d figures; round 1 %+v, round 2 %+v; want 8863, {558 135}, {767 355}", len(d.Figures), *perRound[1], *perRound[2])
	}
	for id, f := range first {
		r, _ := d.Election.Round(f.Round)
		got := slices.Sorted(slices.Values(cands[id]))
		onBallot := slices.Equal(got, slices.Sorted(slices.Values(r.Ballot)))
		if onBallot != f.Forecast {
			t.Errorf("%s: forecast %v, candidates %v, ballot %v", id, f.Forecast, got, r.Ballot)
		}
		if !f.Forecast && !strings.HasPrefix(f.Note, "hypothesis that did not happen: not the round") {
			t.Errorf("%s: not a forecast, and the note does not say why: %q", id, f.Note)
		}
	}
	checkResults(t, d, map[[2]any]int64{
		{1, "registered"}: 48747876, {1, "expressed"}: 35132947, {1, "MACRON"}: 9783058, {1, "LE_PEN"}: 8133828,
		{1, "MELENCHON"}: 7712520, {1, "ZEMMOUR"}: 2485226, {1, "PECRESSE"}: 1679001, {1, "ARTHAUD"}: 197094,
		{2, "registered"}: 48752339, {2, "expressed"}: 32057325, {2, "MACRON"}: 18768639, {2, "LE_PEN"}: 13288686,
	})
}

// TestElectionsDescribePeoplePolled checks the metadata of every embedded
// election: each candidate on a ballot ran, each person only polled did
// not, and every candidate has a party and a #rrggbb colour. An election
// whose results are shares of the leading finishers only (FiveThirtyEight's)
// cannot know its whole ballot: there every candidate named must have run
// and be in the results.
func TestElectionsDescribePeoplePolled(t *testing.T) {
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	for _, id := range Elections() {
		fsys, _ := Election(id)
		d, err := sources.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		onBallot := map[string]bool{}
		sharesOnly := !slices.ContainsFunc(d.Results, func(r sources.Result) bool { return r.Counted() })
		for _, r := range d.Results {
			if sharesOnly {
				onBallot[r.Candidate] = true
			}
		}
		for _, r := range d.Election.Rounds {
			if len(r.Ballot) == 0 && !sharesOnly {
				t.Errorf("%s: round %d declares no ballot", id, r.Number)
			}
			for _, c := range r.Ballot {
				onBallot[c] = true
			}
		}
		for _, c := range d.Election.Candidates {
			if c.Ran != onBallot[c.ID] {
				t.Errorf("%s: %s: ran %v, on a ballot %v", id, c.ID, c.Ran, onBallot[c.ID])
			}
			if c.Party == "" || !colour.MatchString(c.Colour) {
				t.Errorf("%s: %s: party %q, colour %q", id, c.ID, c.Party, c.Colour)
			}
		}
	}
}

package fivethirtyeight

import (
	"cmp"
	"errors"
	"strings"
	"testing"

	"forecast/sources"
)

// TestDatasetReal: the 2016 presidential polls of the 2023 file make a
// dataset with every poll question, one race per location, and each race's
// result the finishers' actual shares of the typed rows.
func TestDatasetReal(t *testing.T) {
	ps, _ := readReal(t, real2023)
	d, err := Dataset(ps, DatasetOptions{Year: 2016, Type: "Pres-G", ID: "us-2016-presidential", Name: "US presidential election, 2016"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Poll{} // location → a poll of its race
	questions := 0
	for i := range ps.Polls {
		if p := &ps.Polls[i]; p.Year == 2016 && p.Type == "Pres-G" {
			want[p.Location] = p
			questions++
		}
	}
	if len(d.Figures) != 2*questions || len(d.Election.Races) != len(want) || len(d.Results) != 2*len(want) {
		t.Errorf("%d figures, %d races, %d result rows; want %d, %d, %d", len(d.Figures), len(d.Election.Races), len(d.Results), 2*questions, len(want), 2*len(want))
	}
	t.Logf("%d poll questions, %d races", questions, len(want))
	for _, r := range d.Results {
		p := want[r.Code]
		c := p.Cand1
		if r.Candidate != "CLINTON" {
			c = p.Cand2
		}
		if !r.ShareOnly || r.Share != c.Actual || r.Votes != sources.Unknown || r.Candidate != map[string]string{"Hillary Rodham Clinton": "CLINTON", "Donald Trump": "TRUMP"}[c.Name] {
			t.Errorf("%s %s: %+v, want the share %v of %s", r.Code, r.Candidate, r, c.Actual, c.Name)
		}
	}
	if r, ok := d.Election.DefaultRace(); !ok || r.ID != "US" || r.Name != "United States" {
		t.Errorf("default race %+v", r)
	}
	wi, err := d.Race("WI")
	if err != nil {
		t.Fatal(err)
	}
	if wi.Election.Rounds[0].Date != "2016-11-08" || len(wi.Figures) == 0 {
		t.Errorf("Wisconsin: %+v, %d figures", wi.Election.Rounds, len(wi.Figures))
	}
	if m1, _ := d.Election.Race("M1"); m1.Scope != sources.District || m1.Name != "Maine's district 1" || m1.NameFr != "Maine, circonscription 1" {
		t.Errorf("M1: %+v", m1)
	}
	// French names only where they differ.
	for id, fr := range map[string]string{"US": "États-Unis", "NC": "Caroline du Nord", "PA": "Pennsylvanie", "WI": ""} {
		if r, _ := d.Election.Race(id); r.NameFr != fr || r.NameIn(true) != cmp.Or(fr, r.Name) {
			t.Errorf("race %s: French name %q, want %q", id, r.NameFr, fr)
		}
	}
}

// TestDatasetBadInput: a race whose questions disagree on the result, and a
// choice of year and type with no poll, are refused with what to fix.
func TestDatasetBadInput(t *testing.T) {
	ps, err := Read("ok.csv", []byte(okFile), "2023")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Dataset(ps, DatasetOptions{Year: 1998, Type: "Pres-G", ID: "x"}); !errors.Is(err, ErrNoPolls) || !strings.Contains(err.Error(), "ok.csv: no poll of type Pres-G in 1998 (types there: Gov-G)") {
		t.Errorf("no poll: %v", err)
	}
	if _, err := Dataset(ps, DatasetOptions{Year: 1990, Type: "Pres-G", ID: "x"}); !errors.Is(err, ErrNoPolls) || !strings.Contains(err.Error(), "ok.csv: no poll in 1990 (years there: 1998–2022)") {
		t.Errorf("no poll that year: %v", err)
	}
	twice := okFile + strings.Replace(strings.Replace(strings.SplitAfter(okFile, "\n")[1], "26013,87909", "26014,87910", 1), "33.16,54.32,-21.15,9.85,-9.85", "33.17,54.32,-21.15,9.85,-9.85", 1)
	ps, err = Read("twice.csv", []byte(twice), "2023")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Dataset(ps, DatasetOptions{Year: 1998, Type: "Gov-G", ID: "x"}); err == nil || !strings.Contains(err.Error(), "twice.csv:5: race 1455: the result differs from line 2's") {
		t.Errorf("two results: %v", err)
	}
}

// TestDatasetSeveralRacesInAPlace: the Senate elections of 2018 held two
// races in Minnesota and in Mississippi (a special election, and a run-off
// three weeks later): each is a race of its own, named by its detailed type,
// the run-off dated on its own day, the others on the round's, 6 November.
func TestDatasetSeveralRacesInAPlace(t *testing.T) {
	ps, _ := readReal(t, real2023)
	d, err := Dataset(ps, DatasetOptions{Year: 2018, Type: "Sen-G", ID: "us-2018-sen-g", Name: "US Senate, 2018"})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]sources.Race{
		"MN-Sen-G":   {ID: "MN-Sen-G", Round: 1, Scope: sources.State, Code: "MN-Sen-G", Name: "Minnesota (Sen-G)", Type: "Sen-G"},
		"AZ":         {ID: "AZ", Round: 1, Scope: sources.State, Code: "AZ", Name: "Arizona", Type: "Sen-G"},
		"MN-Sen-GS":  {ID: "MN-Sen-GS", Round: 1, Scope: sources.State, Code: "MN-Sen-GS", Name: "Minnesota (Sen-GS)", Type: "Sen-G"},
		"MS-Sen-GSR": {ID: "MS-Sen-GSR", Round: 1, Scope: sources.State, Code: "MS-Sen-GSR", Name: "Mississippi (Sen-GSR)", Type: "Sen-G", Date: "2018-11-27"},
	} {
		got, err := d.Election.Race(id)
		if err != nil || got.ID != want.ID || got.Code != want.Code || got.Name != want.Name || got.Date != want.Date || got.Scope != want.Scope {
			t.Errorf("race %s: %+v, %v; want %+v", id, got, err, want)
		}
	}
}

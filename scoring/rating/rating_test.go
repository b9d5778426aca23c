package rating

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"forecast/sources/fivethirtyeight"
	"forecast/sources/sourcestest"
)

// poll builds a poll question for the hand-computed tests.
func poll(line int, pollster, race, typ string, days int, n, c1, c2, a1, a2 float64) fivethirtyeight.Poll {
	election := time.Date(2020, 11, 3, 0, 0, 0, 0, time.UTC)
	return fivethirtyeight.Poll{Line: line, PollID: race + pollster, Race: race, Location: "XX", Type: typ,
		Pollster: pollster, PollsterID: pollster, PollDate: election.AddDate(0, 0, -days), Election: election,
		SampleSize: n, Cand1: fivethirtyeight.Candidate{Poll: c1, Actual: a1, Party: "DEM"},
		Cand2: fivethirtyeight.Candidate{Poll: c2, Actual: a2, Party: "REP"}, Cand3Poll: math.NaN(), DemRep: true, RightCall: 1}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMOE(t *testing.T) {
	// 26 % vs 57 % of 364: 1.959964·√((0.26+0.57−0.31²)/364)·100 = 8.800672 (by hand).
	p := poll(2, "a", "r", "Gov-G", 21, 364, 26, 57, 33.16, 54.32)
	if got := MOE(&p); math.Abs(got-8.800672159) > 1e-6 {
		t.Errorf("MOE %v, want 8.800672", got)
	}
}

func TestClusterSE(t *testing.T) {
	// Values 1, 3 (race A) and 8 (race B): mean 4, race sums of deviations
	// −4 and 4, √(2/1·32)/3 = 8/3.
	a1, a2, b := poll(2, "p", "A", "Sen-G", 1, 500, 50, 50, 50, 50), poll(3, "p", "A", "Sen-G", 1, 500, 50, 50, 50, 50), poll(4, "p", "B", "Sen-G", 1, 500, 50, 50, 50, 50)
	polls := []*fivethirtyeight.Poll{&a1, &a2, &b}
	if got := ClusterSE(polls, []float64{1, 3, 8}); !near(got, 8.0/3) {
		t.Errorf("clustered SE %v, want 8/3", got)
	}
	if got := ClusterSE(polls[:2], []float64{1, 3}); !math.IsNaN(got) {
		t.Errorf("one race: %v, want NaN", got)
	}
	// Without the NaN: mean 4.5, race deviations −3.5 and 3.5, √(2·24.5)/2 = 3.5.
	if got := ClusterSE(polls, []float64{1, math.NaN(), 8}); !near(got, 3.5) {
		t.Errorf("NaN left out: %v", got)
	}
}

// handPolls are five polls of three pollsters in three races, rated by
// hand in TestRateByHand and grouped in TestRateBy.
func handPolls() *fivethirtyeight.Polls {
	ps := &fivethirtyeight.Polls{File: "hand.csv", Polls: []fivethirtyeight.Poll{
		// pollster a: errors |4−2| = 2 (race R1) and |(−6)−2| = 8, a miss
		// outside the MOE of a 48–54 poll of 400 (9.78 > 9.74? no: 8 < 9.78).
		poll(2, "a", "R1", "Sen-G", 3, 1000, 50, 46, 51, 49),
		poll(3, "a", "R2", "Gov-G", 10, 400, 48, 54, 51, 49),
		// pollster b: one poll, 30 days out: left out by the window.
		poll(4, "b", "R1", "Sen-G", 30, 800, 40, 50, 51, 49),
		// pollster c: a miss (error 20 > MOE 4.38 of 2000), wrong call.
		poll(5, "c", "R2", "Gov-G", 1, 2000, 40, 58, 51, 49),
		poll(6, "c", "R3", "House-G", 2, 600, 50, 40, 45, 50),
	}}
	ps.Polls[4].RightCall = 0
	ps.Polls[4].DemRep = false
	return ps
}

func TestRateByHand(t *testing.T) {
	ps := handPolls()
	r, err := Rate(ps, Options{FinalDays: 21, Sort: "polls"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Excluded) != 1 || r.Excluded[0].Line != 4 || r.Excluded[0].Reason != "more than 21 days before the election" {
		t.Errorf("excluded %+v", r.Excluded)
	}
	if len(r.Rows) != 2 || r.Rows[0].PollsterID != "a" || r.Rows[1].PollsterID != "c" {
		t.Fatalf("rows %+v", r.Rows)
	}
	a, c := r.Rows[0], r.Rows[1]
	if a.Polls != 2 || a.Races != 2 || !near(a.SimpleAverageError, 5) || a.MissesOutsideMOE != 0 || a.BiasPolls != 2 ||
		!near(a.Bias, (2-8)/2.0) || a.RacesCalledCorrectly != 1 {
		t.Errorf("pollster a: %+v", a)
	}
	// c: errors |−18−2| = 20 and |10−(−5)| = 15; the MOE of 50–40 of 600 is
	// 1.96·√((0.9−0.01)/600)·100 = 7.55: two misses; bias only on the D–R race.
	if !near(c.SimpleAverageError, 17.5) || c.MissesOutsideMOE != 1 || c.BiasPolls != 1 || !near(c.Bias, -20) || c.RacesCalledCorrectly != 0.5 {
		t.Errorf("pollster c: %+v", c)
	}
	// Three polls, five terms: the expected-error model cannot be fitted.
	if r.Model.Note == "" || !math.IsNaN(a.SimpleExpectedError) || !math.IsNaN(a.SimplePlusMinus) {
		t.Errorf("model %+v, a's expected error %v", r.Model, a.SimpleExpectedError)
	}
}

func TestRateSelection(t *testing.T) {
	ps := &fivethirtyeight.Polls{File: "sel.csv", Polls: []fivethirtyeight.Poll{
		poll(2, "a", "R1", "Sen-G", 3, 1000, 50, 46, 51, 49),
		poll(3, "a", "R2", "Pres-P", 3, 1000, 50, 46, 51, 49),
	}}
	r, err := Rate(ps, Options{Types: []string{"Sen-G"}})
	if err != nil || len(r.Rows) != 1 || len(r.Excluded) != 1 || r.Excluded[0].Reason != "race type Pres-P not selected" {
		t.Errorf("types: %v %+v", err, r)
	}
	day := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := Rate(ps, Options{Since: day}); err == nil || !strings.Contains(err.Error(), "keeps none of the 2 polls of sel.csv") {
		t.Errorf("since: %v", err)
	}
	if _, err := Rate(ps, Options{Until: day.AddDate(-2, 0, 0)}); err == nil {
		t.Error("until: every poll is after it, and no error")
	}
	ps.Polls[1].Location = "YY"
	r, err = Rate(ps, Options{Until: day, Locations: []string{"XX"}})
	if err != nil || len(r.Excluded) != 1 || r.Excluded[0].Reason != "location YY not selected" {
		t.Errorf("location: %v %+v", err, r)
	}
	if _, err := Rate(ps, Options{Sort: "grade"}); err == nil {
		t.Error("unknown sort key accepted")
	}
}

// TestRateBy groups the polls of TestRateByHand by race type: each group is
// rated as a pollster is (by hand below), and named by its key.
func TestRateBy(t *testing.T) {
	ps := handPolls()
	r, err := RateBy(ps, Options{FinalDays: 21, Sort: "pollster"}, func(p *fivethirtyeight.Poll) string { return p.Type })
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Excluded) != 1 || r.Excluded[0].Line != 4 {
		t.Errorf("excluded %+v", r.Excluded)
	}
	if len(r.Rows) != 3 {
		t.Fatalf("rows %+v", r.Rows)
	}
	// Gov-G: errors |−6−2| = 8 and |−18−2| = 20, one race (R2), both polls
	// favouring the Republican: bias (−8 − 20)/2 = −14; one race, no SE.
	gov, house, sen := r.Rows[0], r.Rows[1], r.Rows[2]
	if gov.Pollster != "Gov-G" || gov.PollsterID != "Gov-G" || gov.Polls != 2 || gov.Races != 1 || !near(gov.SimpleAverageError, 14) ||
		!near(gov.Bias, -14) || gov.BiasPolls != 2 || !math.IsNaN(gov.SimpleAverageErrorSE) {
		t.Errorf("Gov-G: %+v", gov)
	}
	// House-G: |10−(−5)| = 15, the wrong winner, no D–R bias.
	if house.Pollster != "House-G" || house.Polls != 1 || !near(house.SimpleAverageError, 15) || house.RacesCalledCorrectly != 0 ||
		house.BiasPolls != 0 || !math.IsNaN(house.Bias) {
		t.Errorf("House-G: %+v", house)
	}
	// Sen-G: the poll 30 days out is left out; |4−2| = 2, bias +2.
	if sen.Pollster != "Sen-G" || sen.Polls != 1 || !near(sen.SimpleAverageError, 2) || !near(sen.Bias, 2) {
		t.Errorf("Sen-G: %+v", sen)
	}
}

// TestRateByPollster checks on the real 2023 file that grouping by the
// pollster's id gives Rate's rows, names aside.
func TestRateByPollster(t *testing.T) {
	const file = "fivethirtyeight/2023/raw-polls.csv"
	ps, err := fivethirtyeight.Read(file, sourcestest.Read(t, file), "2023")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{FinalDays: DefaultFinalDays}
	want, err := Rate(ps, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := RateBy(ps, o, func(p *fivethirtyeight.Poll) string { return p.PollsterID })
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != len(want.Rows) || len(got.Rows) != 517 {
		t.Fatalf("%d groups, %d pollsters, want 517", len(got.Rows), len(want.Rows))
	}
	for i := range want.Rows {
		g, w := got.Rows[i], want.Rows[i]
		if g.Pollster != w.PollsterID {
			t.Errorf("row %d named %q, want its key %q", i, g.Pollster, w.PollsterID)
		}
		g.Pollster = w.Pollster
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("row %d:\n%+v\nwant\n%+v", i, g, w)
		}
	}
}

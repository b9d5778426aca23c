package history

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forecast/data/frhistory"
	"forecast/sources/blochistory"
	"forecast/sources/sourcestest"
)

func readReal(t testing.TB) *blochistory.File {
	t.Helper()
	f, err := blochistory.Read("tour1_complet_unitedfl.csv", sourcestest.Read(t, "pollsposition/tour1_complet_unitedfl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// goValues lays out an analysis as the long table of testdata/independent.py.
func goValues(a *Analysis) map[string]float64 {
	v := map[string]float64{}
	for _, e := range a.Elections {
		k := e.Type + "," + e.Date + ","
		v[k+"polls,"] = float64(e.Polls)
		if e.Polls == 0 {
			continue
		}
		for _, b := range e.Blocs {
			v[k+"error,"+b.Bloc] = b.Error
		}
		v[k+"mae,"] = e.MAE
		if !math.IsNaN(e.MAELarge) {
			v[k+"mae_large,"] = e.MAELarge
		}
		v[k+"largest,"+e.Blocs[e.Largest].Bloc] = e.Blocs[e.Largest].Error
		for _, p := range e.Pollsters {
			v[k+"pollster,"+p.Pollster] = p.MAE
		}
		if len(e.Pollsters) > 1 {
			v[k+"pollster_sd,"] = e.PollsterSD
		}
	}
	return v
}

// with2022 is the real file with the embedded 2022 first round added, its
// candidates in blocs by data/blocs.
func with2022(t testing.TB) *blochistory.File {
	f := readReal(t)
	if err := frhistory.Add(f, "fr-2022-presidential"); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestIndependent checks every number of the analysis of the real file
// against testdata/independent.py (standard-library Python written from
// docs/METHODS.md §15), to 1e-9, for the final week and two weeks, and
// with the embedded 2022 first round added; and that neither side has a
// number the other lacks.
func TestIndependent(t *testing.T) {
	for _, c := range []struct {
		days int
		f    *blochistory.File
		file string
	}{{7, readReal(t), "independent_7.csv"}, {14, readReal(t), "independent_14.csv"}, {7, with2022(t), "independent_7_fr2022.csv"}} {
		days := c.days
		a, err := Analyse(c.f, Options{FinalDays: days})
		if err != nil {
			t.Fatal(err)
		}
		got := goValues(a)
		file, err := os.Open("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(file).ReadAll()
		file.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			k := strings.Join(r[:4], ",")
			want, _ := strconv.ParseFloat(r[4], 64)
			g, ok := got[k]
			if !ok || math.Abs(g-want) > 1e-9 {
				t.Errorf("%d days, %s: Go %v (present %v), Python %v", days, k, g, ok, want)
			}
			delete(got, k)
		}
		for k, v := range got {
			t.Errorf("%d days, %s = %v: not in the Python output", days, k, v)
		}
		if len(recs) < 100 {
			t.Errorf("%d days: only %d numbers checked", days, len(recs)-1)
		}
	}
}

// TestRealCounts checks what the analysis of the real file leaves out,
// and the 2002 presidential election: the final polls' two leading blocs
// (right and left: Chirac and Jospin) were not the result's (right and
// far right: Chirac and Le Pen).
func TestRealCounts(t *testing.T) {
	a, err := Analyse(readReal(t), Options{FinalDays: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Elections) != 24 || a.Seats != 4 || a.NoFinalPolls != 5 || a.OtherTypes != 0 {
		t.Errorf("%d elections, %d seats rows, %d without final polls, %d other types", len(a.Elections), a.Seats, a.NoFinalPolls, a.OtherTypes)
	}
	final := 0
	for _, e := range a.Elections {
		final += e.Polls
	}
	if final+a.OutOfWindow != 902 {
		t.Errorf("%d final polls and %d out of the window do not make the file's 902 polls", final, a.OutOfWindow)
	}
	var missed []string
	for _, e := range a.Elections {
		if e.TopTwoMissed {
			missed = append(missed, e.Type+" "+e.Date)
		}
		if e.Type == "president" && e.Date == "2017-04-23" && (e.Rank != 10 || e.Ranked != 10) {
			t.Errorf("2017: rank %d of %d, want the smallest error of the 10", e.Rank, e.Ranked)
		}
	}
	if strings.Join(missed, ",") != "president 2002-04-21" {
		t.Errorf("top two missed in %v, want 2002 alone", missed)
	}
	// No final poll of 2002 put the far right ahead of the left (README.md).
	left, far := slices.Index(blochistory.Blocs, "left"), slices.Index(blochistory.Blocs, "farright")
	for _, r := range readReal(t).Rows {
		if r.Type == "president" && r.Election == "2002-04-21" && r.Kind == blochistory.Poll && r.Days() <= 7 && !(r.Shares[far] < r.Shares[left]) {
			t.Errorf("line %d: far right %v, left %v", r.Line, r.Shares[far], r.Shares[left])
		}
	}
	// The presidential elections have 585 rows (5 + 6 + 12 + 11 + 14 + 23 +
	// 101 + 76 + 185 + 152, 1965 to 2017), so 345 are of other types.
	p, err := Analyse(readReal(t), Options{FinalDays: 7, Types: []string{"president"}})
	if err != nil || len(p.Elections) != 10 || p.OtherTypes != 930-585 {
		t.Errorf("president only: %v, %d elections, %d rows of other types", err, len(p.Elections), p.OtherTypes)
	}
}

// row makes a poll or result row; shares are given for the first blocs.
func row(kind blochistory.Kind, pollster, date string, shares ...float64) blochistory.Row {
	r := blochistory.Row{Type: "president", Election: "2000-01-10", Date: date, Kind: kind, Pollster: pollster, Shares: make([]float64, len(blochistory.Blocs))}
	for i := range r.Shares {
		r.Shares[i] = math.NaN()
		if i < len(shares) {
			r.Shares[i] = shares[i]
		}
	}
	return r
}

// TestByHand works one election out by hand: blocs farleft, left, green,
// centerleft; result 10, 40, 30, none.
//
//	A 01-08: 12, 38, 30, 5   A 01-05: 14, 36, NaN, NaN   B 01-09: 10, 44, 26, NaN   C 12-20: out of the window
//
// Averages: farleft 12, left 118/3, green 28; centerleft polled, not in the
// result. Errors 2, −2/3, −2; MAE (2 + 2/3 + 2)/3 = 14/9; largest farleft
// (first of the two at 2). Pollster A: means 13, 37, 30 → (3 + 3 + 0)/3 = 2;
// B: 0, 4, 4 → 8/3. SD of {2, 8/3} = (2/3)/√2.
func TestByHand(t *testing.T) {
	nan := math.NaN()
	f := &blochistory.File{Rows: []blochistory.Row{
		row(blochistory.Result, "", "2000-01-10", 10, 40, 30),
		row(blochistory.Poll, "A", "2000-01-08", 12, 38, 30, 5),
		row(blochistory.Poll, "A", "2000-01-05", 14, 36, nan, nan),
		row(blochistory.Poll, "B", "2000-01-09", 10, 44, 26),
		row(blochistory.Poll, "C", "1999-12-20", 50, 50, 0),
	}}
	a, err := Analyse(f, Options{FinalDays: 7})
	if err != nil {
		t.Fatal(err)
	}
	e := a.Elections[0]
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	if e.Polls != 3 || e.AllPolls != 4 || e.LastDays != 1 || len(e.Blocs) != 3 || a.OutOfWindow != 1 || e.Year != 2000 {
		t.Fatalf("%+v", e)
	}
	near("MAE", e.MAE, 14.0/9)
	near("left", e.Blocs[1].Error, 118.0/3-40)
	if e.Largest != 0 || e.Blocs[2].Polls != 2 || len(e.Unscored) != 1 || !strings.HasPrefix(e.Unscored[0], "centerleft: in 1 final poll") {
		t.Errorf("largest %d, green polls %d, unscored %v", e.Largest, e.Blocs[2].Polls, e.Unscored)
	}
	near("A", e.Pollsters[0].MAE, 2)
	near("B", e.Pollsters[1].MAE, 8.0/3)
	near("SD", e.PollsterSD, (2.0/3)/math.Sqrt2)
	if e.PollsterMin != 2 || e.PollsterMax != 8.0/3 || e.Rank != 1 || e.Ranked != 1 || e.TopTwoMissed {
		t.Errorf("%+v", e)
	}
	// The polls put left and green first and second, as the result: nothing
	// missed. With green at 5 in A and B, the polls' second is farleft (12),
	// the result's green (30): the top two are missed.
	f.Rows[1].Shares[2], f.Rows[3].Shares[2] = 5, 5
	if a, _ = Analyse(f, Options{FinalDays: 7}); !a.Elections[0].TopTwoMissed {
		t.Errorf("polls with farleft second (12 against green's 5), result with green second: top two missed")
	}
	// No poll in the window: counted, no MAE.
	if a, _ = Analyse(f, Options{FinalDays: 0}); a.NoFinalPolls != 1 || !math.IsNaN(a.Elections[0].MAE) || a.Elections[0].Rank != 0 {
		t.Errorf("window 0: %+v", a.Elections[0])
	}
	if _, err := Analyse(f, Options{FinalDays: -1}); err == nil {
		t.Error("a negative window is accepted")
	}
	if _, err := Analyse(f, Options{Types: []string{"senatoriales"}}); err == nil {
		t.Error("an unknown type is accepted")
	}
	f.Rows = f.Rows[1:]
	if _, err := Analyse(f, Options{FinalDays: 7}); err == nil || !strings.Contains(err.Error(), "the president election of 2000-01-10 has no result row") {
		t.Errorf("an election without a result: %v", err)
	}
}

// TestDeterministic: the same rows give the same numbers to the last bit,
// run after run (the pollsters' errors were once summed in map order, and
// the 2022 spread of ten pollsters came out 0.23508739653530814 or
// 0.2350873965353081).
func TestDeterministic(t *testing.T) {
	f := with2022(t)
	first, err := Analyse(f, Options{FinalDays: DefaultFinalDays})
	if err != nil {
		t.Fatal(err)
	}
	for range 30 {
		a, _ := Analyse(f, Options{FinalDays: DefaultFinalDays})
		for i, e := range a.Elections {
			if w := first.Elections[i]; math.Float64bits(e.PollsterSD) != math.Float64bits(w.PollsterSD) || math.Float64bits(e.MAE) != math.Float64bits(w.MAE) {
				t.Fatalf("%s %s: SD %v then %v", e.Type, e.Date, w.PollsterSD, e.PollsterSD)
			}
		}
	}
}

package blochistory

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"forecast/data"
	"forecast/sources"
	"forecast/sources/sourcestest"
)

// TestFromDataset2017 puts the embedded 2017 election's candidates in
// blocs as pollsposition did (testdata/fr2017_blocs.csv) and finds, from
// the Conseil constitutionnel's counts, pollsposition's 2017 result row:
// each bloc to the file's two decimals (0.005), but other, 2.3015 from the
// counts (Lassalle 1.2073 + Poutou 1.0942) and 2.31 in the file, to 0.01.
// The file's blocs are sums of candidates' shares of the votes cast.
func TestFromDataset2017(t *testing.T) {
	d, err := data.Load("fr-2017-presidential")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/fr2017_blocs.csv")
	if err != nil {
		t.Fatal(err)
	}
	blocs, err := ReadBlocs("fr2017_blocs.csv", b, d.Election)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := FromDataset(d, "president", blocs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read("tour1_complet_unitedfl.csv", sourcestest.Read(t, realFile))
	if err != nil {
		t.Fatal(err)
	}
	var want Row
	for _, r := range f.Rows {
		if r.Kind == Result && r.Type == "president" && r.Election == "2017-04-23" {
			want = r
		}
	}
	got := rows[0]
	if got.Kind != Result || got.Election != "2017-04-23" {
		t.Fatalf("first row %+v", got)
	}
	for i, b := range Blocs {
		if math.IsNaN(want.Shares[i]) != math.IsNaN(got.Shares[i]) || math.Abs(want.Shares[i]-got.Shares[i]) > map[bool]float64{true: 0.01, false: 0.005}[b == "other"] {
			t.Errorf("%s: %v from the counts, %v in the file", b, got.Shares[i], want.Shares[i])
		}
	}
	polls := 0
	for _, r := range rows[1:] {
		if r.Kind != Poll || r.Days() < 0 || r.Pollster == "" {
			t.Errorf("row %+v", r)
		}
		polls++
	}
	if polls < 30 {
		t.Errorf("%d polls of round 1", polls)
	}
	// The file holds 2017 already: adding it again is refused.
	if err := f.Add("fr-2017-presidential", rows); err == nil || !strings.Contains(err.Error(), "the president election of 2017-04-23 is in tour1_complet_unitedfl.csv already") {
		t.Errorf("2017 added twice: %v", err)
	}
}

// TestBlocs2022 checks the embedded table of 2022 (data/blocs): every
// candidate of the ballot has a bloc, and the blocs of the result add up
// to 100.
func TestBlocs2022(t *testing.T) {
	d, err := data.Load("fr-2022-presidential")
	if err != nil {
		t.Fatal(err)
	}
	name, b, err := data.Blocs("fr-2022-presidential")
	if err != nil {
		t.Fatal(err)
	}
	blocs, err := ReadBlocs(name, b, d.Election)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := FromDataset(d, "president", blocs)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, v := range rows[0].Shares {
		if !math.IsNaN(v) {
			sum += v
		}
	}
	if math.Abs(sum-100) > 1e-9 || rows[0].Election != "2022-04-10" {
		t.Errorf("2022 result: %v, sum %v", rows[0], sum)
	}
}

func TestReadBlocsMalformed(t *testing.T) {
	e := sourcestest.Election2017(t)
	good := "candidate,bloc,reason\nMACRON,center,En marche\nFILLON,right,LR\n"
	sourcestest.Malformed(t, good, []sourcestest.Change{
		{Name: "unknown candidate", Old: "FILLON", New: "JUPPE_X", Want: "b.csv:3: candidate \"JUPPE_X\" is not one of fr-2017-presidential's"},
		{Name: "twice", Old: "FILLON,right", New: "MACRON,right", Want: "b.csv:3: candidate MACRON is given a bloc twice"},
		{Name: "unknown bloc", Old: "center", New: "centre", Want: "b.csv:2: bloc \"centre\" is not one of farleft"},
		{Name: "no reason", Old: ",LR", New: ",", Want: "b.csv:3: candidate FILLON: say why"},
		{Name: "missing column", Old: ",reason", New: ",why", Want: "missing column(s) reason"},
	}, func(t *testing.T, text string) error {
		_, err := ReadBlocs("b.csv", []byte(text), e)
		if err != nil && !sources.IsDataError(err) {
			t.Errorf("not a data error: %v", err)
		}
		return err
	})
	// A ballot candidate without a bloc is refused by FromDataset.
	d, err := data.Load("fr-2017-presidential")
	if err != nil {
		t.Fatal(err)
	}
	blocs, _ := ReadBlocs("b.csv", []byte(good), e)
	if _, err := FromDataset(d, "president", blocs); err == nil || !strings.Contains(err.Error(), "no bloc for LE_PEN, MELENCHON, HAMON") {
		t.Errorf("missing blocs: %v", err)
	}
}

// FuzzReadBlocs checks that no bloc table makes ReadBlocs panic, and that
// what it accepts names the election's candidates with known blocs.
func FuzzReadBlocs(f *testing.F) {
	e := sourcestest.Election2017(f)
	f.Add([]byte("candidate,bloc,reason\nMACRON,center,En marche\n"))
	f.Add([]byte("candidate,bloc,reason\nMACRON,none,x\nMACRON,left,y\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		blocs, err := ReadBlocs("f.csv", b, e)
		if err != nil {
			if !sources.IsDataError(err) || blocs != nil {
				t.Fatalf("not a data error alone: %v", err)
			}
			return
		}
		for c, bloc := range blocs {
			if _, ok := e.Candidate(c); !ok || (bloc != None && !slices.Contains(Blocs, bloc)) {
				t.Fatalf("%s in %q", c, bloc)
			}
		}
	})
}

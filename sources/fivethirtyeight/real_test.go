package fivethirtyeight

import (
	"bytes"
	"testing"

	"forecast/sources/sourcestest"
)

// The real files are FiveThirtyEight's (CC BY 4.0), in ../shared/data; the
// tests skip where they are absent (see sourcestest).
const (
	real2016 = "fivethirtyeight/2016/raw-polls.csv"
	real2023 = "fivethirtyeight/2023/raw-polls.csv"
)

// ReadReal reads one vintage's real file, failing the test on any problem.
func readReal(t testing.TB, rel string) (*Polls, []byte) {
	t.Helper()
	b := sourcestest.Read(t, rel)
	ps, err := Read(rel, b, "auto")
	if err != nil {
		t.Fatalf("reading %s: %v", rel, err)
	}
	return ps, b
}

func TestRealVintages(t *testing.T) {
	for _, c := range []struct {
		rel, vintage      string
		rows, races, ties int
		demRep, pollsters int
	}{
		{real2016, "2016", 7977, 1729, 7, 6213, 372},
		{real2023, "2023", 11475, 2113, 9, 9483, 517},
	} {
		t.Run(c.vintage, func(t *testing.T) {
			ps, b := readReal(t, c.rel)
			if rows := len(bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))) - 1; rows != c.rows || len(ps.Polls) != rows {
				t.Errorf("%d polls from %d data rows, want %d of each: nothing dropped", len(ps.Polls), rows, c.rows)
			}
			if ps.Vintage != c.vintage {
				t.Errorf("vintage %q, want %q", ps.Vintage, c.vintage)
			}
			demRep, pollsters, races := 0, map[string]bool{}, map[string]bool{}
			for i := range ps.Polls {
				p := &ps.Polls[i]
				if p.DemRep {
					demRep++
				}
				pollsters[p.PollsterID] = true
				races[p.RaceKey()] = true
				if d := p.DaysBefore(); d < 0 || d > 21 {
					t.Errorf("line %d: %d days before the election, want 0–21 (538 keeps the final three weeks)", p.Line, d)
				}
			}
			t.Logf("%d polls, %d races, %d pollsters, %d Democrat-Republican polls, ties at lines %v", len(ps.Polls), len(races), len(pollsters), demRep, ps.TieLines)
			if demRep != c.demRep || len(pollsters) != c.pollsters || len(races) != c.races || len(ps.TieLines) != c.ties {
				t.Errorf("%d Democrat-Republican polls, %d pollsters, %d races, %d tied results; want %d, %d, %d, %d",
					demRep, len(pollsters), len(races), len(ps.TieLines), c.demRep, c.pollsters, c.races, c.ties)
			}
		})
	}
}

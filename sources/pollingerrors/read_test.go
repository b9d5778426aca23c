package pollingerrors

import (
	"bytes"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// good is three rows of polls_main_dataset.tsv as published (the first
// lines of the file and a 2014 row with a start date).
const good = "state\tpollName\tyear\tstartDate\tendDate\tnumberOfRespondents\tdemocratic\trepublican\tsomeoneElse\tundecided\trefuseToAnswer\tfinalTwoPartyVSDemocratic\tfinalTwoPartyVSRepublican\telection\telectionDate\n" +
	"NV\tFairbank, Maslin, Maullin, Metz & Associates\t1998\tNA\t1998-10-13\t1418\t49\t44\tNA\tNA\tNA\t50.0522684508\t49.9477315492\tSen\t1998-11-03\n" +
	"NY\tBlum & Weprin Associates\t1998\tNA\t1998-10-13\t364\t44\t52\tNA\tNA\tNA\t55.3394123607\t44.6605876393\tSen\t1998-11-03\n" +
	"AK\tIvan Moore\t2014\t2014-10-24\t2014-10-26\t544\t48\t42\tNA\tNA\tNA\t47.9\t52.1\tSen\t2014-11-04\n"

func TestReadByHand(t *testing.T) {
	polls, err := Read("polls_main_dataset.tsv", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	// NV: n = round(1418 × 93/100) = round(1318.74) = 1319; share 100·44/93.
	want := Poll{Race: "NV_1998_Sen", Type: "Sen", Year: 1998, State: "NV", Pollster: "Fairbank, Maslin, Maullin, Metz & Associates",
		EndDate: "1998-10-13", Election: "1998-11-03", Days: 21, Respondents: 1418, N: 1319, Share: 100 * 44.0 / 93, Result: 49.9477315492}
	if len(polls) != 3 || polls[0] != want {
		t.Fatalf("got %+v\nwant %+v", polls[0], want)
	}
	// NY: 364 × 0.96 = 349.44 → 349; AK: 544 × 0.90 = 489.6 → 490, 9 days.
	if polls[1].N != 349 || polls[2].N != 490 || polls[2].Days != 9 || polls[2].Race != "AK_2014_Sen" {
		t.Errorf("NY %+v\nAK %+v", polls[1], polls[2])
	}
	// Halves round to even, as R's round: 250 × 0.99 = 247.5 → 248, and 50 × 0.97 = 48.5 → 48.
	for _, c := range []struct {
		resp, dem, rep string
		want           float64
	}{{"250", "50", "49", 248}, {"50", "50", "47", 48}} {
		row := strings.Replace(strings.Split(good, "\n")[1], "1418\t49\t44", c.resp+"\t"+c.dem+"\t"+c.rep, 1)
		ps, err := Read("x.tsv", []byte(strings.Split(good, "\n")[0]+"\n"+row+"\n"))
		if err != nil || ps[0].N != c.want {
			t.Errorf("%s × (%s + %s): n %v, want %v (%v)", c.resp, c.dem, c.rep, ps, c.want, err)
		}
	}
}

func TestReadMalformed(t *testing.T) {
	row := "NV\tFairbank, Maslin, Maullin, Metz & Associates\t1998\tNA\t1998-10-13\t1418\t49\t44"
	sourcestest.Malformed(t, good, []sourcestest.Change{
		{Name: "no end date", Old: row, New: strings.Replace(row, "1998-10-13", "NA", 1), Want: "polls_main_dataset.tsv:2: endDate \"NA\" is not a date"},
		{Name: "size missing", Old: row, New: strings.Replace(row, "1418", "NA", 1), Want: ":2: numberOfRespondents is missing"},
		{Name: "negative share", Old: row, New: strings.Replace(row, "\t49\t", "\t-49\t", 1), Want: ":2: democratic: \"-49\" is not a non-negative number"},
		{Name: "nobody for the parties", Old: row, New: strings.Replace(row, "\t49\t44", "\t0\t0", 1), Want: ":2: no respondent chose either party"},
		{Name: "after the election", Old: row, New: strings.Replace(row, "1998-10-13", "1998-11-13", 1), Want: ":2: endDate 1998-11-13 is after the election"},
		{Name: "unknown type", Old: "Sen\t1998-11-03\nNY", New: "Mayor\t1998-11-03\nNY", Want: ":2: election \"Mayor\" is not Sen, Gov, Pres or House"},
		{Name: "result above 100", Old: "49.9477315492", New: "149.9", Want: ":2: finalTwoPartyVSRepublican 149.9 is above 100"},
		{Name: "missing column", Old: "\telectionDate\n", New: "\tday\n", Want: "missing column(s) electionDate"},
	}, func(t *testing.T, text string) error {
		_, err := Read("polls_main_dataset.tsv", []byte(text))
		if err != nil && !sources.IsDataError(err) {
			t.Errorf("not a data error: %v", err)
		}
		return err
	})
	// Every bad row is reported, not only the first.
	bad := strings.Replace(strings.Replace(good, "1418", "NA", 1), "\t364\t", "\tNA\t", 1)
	_, err := Read("f.tsv", []byte(bad))
	var de *sources.DataError
	if !errors.As(err, &de) || len(de.Errs) != 2 {
		t.Errorf("two bad rows: %v", err)
	}
}

func TestTidyRoundTrip(t *testing.T) {
	polls, err := Read("x.tsv", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, polls); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTidy(File, b.Bytes())
	if err != nil || !slices.Equal(back, polls) {
		t.Fatalf("round trip: %v\n%+v\n%+v", err, back, polls)
	}
	bad := strings.Replace(b.String(), ",1319,", ",0,", 1)
	if _, err := ReadTidy(File, []byte(bad)); err == nil || !strings.Contains(err.Error(), "polls.csv:2: n must be positive") {
		t.Errorf("n = 0: %v", err)
	}
	bad = strings.Replace(b.String(), ",21,", ",x,", 1)
	if _, err := ReadTidy(File, []byte(bad)); err == nil || !strings.Contains(err.Error(), `polls.csv:2: days_before "x" is not a whole number`) {
		t.Errorf("days x: %v", err)
	}
}

// TestReadPublishedFile reads the whole published dataset: 4,221 polls of
// 608 races (241 senatorial, 188 gubernatorial, 179 presidential), the
// counts of the paper and of the repository's logged_results.tsv.
func TestReadPublishedFile(t *testing.T) {
	path := sourcestest.SharedOnly(t, "raw/polling-errors/polls_main_dataset.tsv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	polls, err := Read(path, b)
	if err != nil {
		t.Fatal(err)
	}
	races := map[string]map[string]bool{}
	count := map[string]int{}
	for _, p := range polls {
		if races[p.Type] == nil {
			races[p.Type] = map[string]bool{}
		}
		races[p.Type][p.Race] = true
		count[p.Type]++
		if p.Days < 1 || p.Days > 21 || math.IsNaN(p.Share) {
			t.Errorf("poll outside the final three weeks: %+v", p)
		}
	}
	if len(polls) != 4221 || count["Sen"] != 1646 || count["Gov"] != 1079 || count["Pres"] != 1496 ||
		len(races["Sen"]) != 241 || len(races["Gov"]) != 188 || len(races["Pres"]) != 179 {
		t.Errorf("%d polls %v, races Sen %d Gov %d Pres %d", len(polls), count, len(races["Sen"]), len(races["Gov"]), len(races["Pres"]))
	}
}

// FuzzRead checks that no input makes Read panic, and that what it accepts
// is sound: a positive n, shares within 0–100, a race id.
func FuzzRead(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(strings.Replace(good, "1418", "NA", 1)))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		polls, err := Read("fuzz.tsv", b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, p := range polls {
			if !(p.N > 0) || !(p.Share >= 0 && p.Share <= 100) || !(p.Result >= 0 && p.Result <= 100) || p.Race == "" || p.Days < 0 {
				t.Fatalf("accepted an unsound poll: %+v", p)
			}
		}
	})
}

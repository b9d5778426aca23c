package blochistory

import (
	"errors"
	"math"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// realFile is the vendored upstream file.
const realFile = "pollsposition/tour1_complet_unitedfl.csv"

// good is the header and the 1965 rows of the real file, with the 2014
// européennes seats row.
const good = ",type,dateelection,date,sondage,samplesize,abstention,undecided,nbfarleft,nbleft,nbgreen,nbcenterleft,nbcenter,nbcenterright,nbright,nbsouverainistes,nbcpnt,nbfarright,nbother\n" +
	"767,president,1965-12-05,1965-12-05,result,,,,,31.72,,,15.57,,44.65,,,5.2,\n" +
	"768,president,1965-12-05,1965-12-02,Ifop,1171.0,,,,27.0,,,20.0,,43.0,,,7.0,\n" +
	"769,president,1965-12-05,1965-11-22,Ifop,1256.0,,,,28.0,,,14.0,,46.5,,,7.0,\n" +
	"0,europeennes,2014-05-25,2014-05-25,result,,57.57,,6.61,13.98,8.95,,9.94,,20.81,3.819999933242798,,24.86,9.470000267028809\n" +
	"1,europeennes,2014-05-25,2014-05-25,seats,,57.57,,4.0,13.0,6.0,,7.0,,20.0,0.0,,24.0,0.0\n"

func TestReadByHand(t *testing.T) {
	f, err := Read("t.csv", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 5 || f.Count(Result) != 2 || f.Count(Poll) != 2 || f.Count(Seats) != 1 {
		t.Fatalf("rows %d, results %d, polls %d, seats %d", len(f.Rows), f.Count(Result), f.Count(Poll), f.Count(Seats))
	}
	p := f.Rows[1]
	if p.Line != 3 || p.Kind != Poll || p.Pollster != "Ifop" || p.N != 1171 || p.Days() != 3 || p.Type != "president" {
		t.Errorf("poll %+v", p)
	}
	// left is bloc 1, center 4, right 6, farright 9; farleft is empty.
	if p.Shares[1] != 27 || p.Shares[4] != 20 || p.Shares[6] != 43 || p.Shares[9] != 7 || !math.IsNaN(p.Shares[0]) {
		t.Errorf("shares %v", p.Shares)
	}
	if r := f.Rows[3]; r.Abstention != 57.57 || !math.IsNaN(r.Undecided) || !math.IsNaN(p.Abstention) {
		t.Errorf("abstention %+v", r)
	}
	if r := f.Rows[0]; r.Kind != Result || r.Pollster != "" || r.Shares[1] != 31.72 || r.N != 0 {
		t.Errorf("result %+v", r)
	}
	if s := f.Rows[4]; s.Kind != Seats || s.Shares[9] != 24 || s.Shares[7] != 0 {
		t.Errorf("seats %+v", s)
	}
}

func TestReadMalformed(t *testing.T) {
	poll := "768,president,1965-12-05,1965-12-02,Ifop,1171.0,,,,27.0"
	sourcestest.Malformed(t, good, []sourcestest.Change{
		{Name: "unknown type", Old: poll, New: strings.Replace(poll, "president", "municipales", 1), Want: "t.csv:3: type \"municipales\" is not one of president, legislatives, europeennes, regionales"},
		{Name: "after the election", Old: poll, New: strings.Replace(poll, "1965-12-02", "1965-12-06", 1), Want: "t.csv:3: the poll of \"Ifop\" is dated 1965-12-06, after its election (1965-12-05)"},
		{Name: "bad date", Old: poll, New: strings.Replace(poll, "1965-12-02", "02/12/1965", 1), Want: "t.csv:3: date \"02/12/1965\" is not a day"},
		{Name: "bad election day", Old: poll, New: strings.Replace(poll, "1965-12-05", "1965", 1), Want: "t.csv:3: dateelection \"1965\" is not a day"},
		{Name: "share above 100", Old: poll, New: strings.Replace(poll, "27.0", "127.0", 1), Want: "t.csv:3: nbleft \"127.0\" is outside 0–100"},
		{Name: "negative share", Old: poll, New: strings.Replace(poll, "27.0", "-2", 1), Want: "t.csv:3: nbleft \"-2\" is outside 0–100"},
		{Name: "not a number", Old: poll, New: strings.Replace(poll, "27.0", "27%", 1), Want: "t.csv:3: nbleft \"27%\" is not a number"},
		{Name: "no pollster", Old: poll, New: strings.Replace(poll, "Ifop", "", 1), Want: "t.csv:3: sondage is empty"},
		{Name: "bad sample size", Old: poll, New: strings.Replace(poll, "1171.0", "0", 1), Want: "t.csv:3: samplesize \"0\" is not a positive number"},
		{Name: "abstention above 100", Old: "seats,,57.57,", New: "seats,,157.57,", Want: "t.csv:6: abstention \"157.57\" is not a share from 0 to 100"},
		{Name: "result not on election day", Old: "767,president,1965-12-05,1965-12-05", New: "767,president,1965-12-05,1965-12-04", Want: "t.csv:2: a result row must be dated on election day 1965-12-05, not 1965-12-04"},
		{Name: "seats not whole", Old: "seats,,57.57,,4.0", New: "seats,,57.57,,4.5", Want: "t.csv:6: nbfarleft \"4.5\" is not a number of seats"},
		{Name: "no bloc", Old: "1171.0,,,,27.0,,,20.0,,43.0,,,7.0,", New: "1171.0,,,,,,,,,,,,,", Want: "t.csv:3: no bloc has a value"},
		{Name: "no result", Old: "767,president,1965-12-05,1965-12-05,result,,,,,31.72,,,15.57,,44.65,,,5.2,\n", New: "", Want: "t.csv:2: the president election of 1965-12-05 has no result row"},
		{Name: "two results", Old: "1,europeennes,2014-05-25,2014-05-25,seats", New: "1,europeennes,2014-05-25,2014-05-25,result", Want: "t.csv:6: the europeennes election of 2014-05-25 has a second result row (the first is on line 5)"},
		{Name: "unknown column", Old: ",abstention,", New: ",pirate,", Want: "t.csv:1: unknown column(s) \"pirate\": this is not the layout"},
		{Name: "missing column", Old: ",nbcpnt,", New: ",nbcpnt_,", Want: "missing column(s) nbcpnt"},
		{Name: "ragged row", Old: "7.0,\n", New: "7.0\n", Want: "t.csv:3: wrong number of fields"},
		{Name: "control character", Old: "Ifop,1171", New: "If\x00op,1171", Want: "t.csv:3: column 5: character 3 is the control character"},
	}, func(t *testing.T, text string) error {
		f, err := Read("t.csv", []byte(text))
		if err != nil && (!sources.IsDataError(err) || f != nil) {
			t.Errorf("not a data error alone: %v", err)
		}
		return err
	})
	// Every bad row is reported, not only the first.
	bad := strings.Replace(strings.Replace(good, "27.0", "270", 1), "28.0", "280", 1)
	_, err := Read("t.csv", []byte(bad))
	var de *sources.DataError
	if !errors.As(err, &de) || len(de.Errs) != 2 {
		t.Errorf("two bad rows: %v", err)
	}
}

// TestReadReal reads the vendored file: its 930 rows, counted by hand with
// a spreadsheet's filter on sondage (24 result rows, one per election; 4
// seats rows, the européennes of 1999–2014; 902 polls).
func TestReadReal(t *testing.T) {
	f, err := Read("tour1_complet_unitedfl.csv", sourcestest.Read(t, realFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 930 || f.Count(Result) != 24 || f.Count(Seats) != 4 || f.Count(Poll) != 902 {
		t.Errorf("rows %d, results %d, seats %d, polls %d; want 930, 24, 4, 902", len(f.Rows), f.Count(Result), f.Count(Seats), f.Count(Poll))
	}
	n := map[string]int{}
	for _, r := range f.Rows {
		if r.Kind == Result {
			n[r.Type]++
		}
	}
	if n["president"] != 10 || n["legislatives"] != 6 || n["europeennes"] != 5 || n["regionales"] != 3 {
		t.Errorf("elections by type: %v", n)
	}
}

// FuzzRead checks that no input makes Read panic, and that it returns rows
// or a data error, never both, and rows that keep the file's promises.
func FuzzRead(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(strings.Replace(good, "27.0", "1e400", 1)))
	f.Add([]byte(strings.Replace(good, "1171.0", "NaN", 1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Read("f.csv", b)
		if err != nil {
			if !sources.IsDataError(err) || file != nil {
				t.Fatalf("not a data error alone: %v", err)
			}
			return
		}
		for _, r := range file.Rows {
			if r.Days() < 0 || len(r.Shares) != len(Blocs) || (r.Kind == Poll) == (r.Pollster == "") {
				t.Fatalf("row breaks a promise: %+v", r)
			}
			for _, v := range r.Shares {
				if v < 0 || (r.Kind != Seats && v > 100) {
					t.Fatalf("share out of range: %+v", r)
				}
			}
		}
	})
}

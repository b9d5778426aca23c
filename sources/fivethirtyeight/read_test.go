package fivethirtyeight

import (
	"math"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// header2023 is the header of the 2023 vintage.
const header2023 = "poll_id,question_id,race_id,year,race,location,type_simple,type_detail,pollster,pollster_rating_id,methodology,partisan,polldate,samplesize,cand1_name,cand1_id,cand1_party,cand1_pct,cand2_name,cand2_id,cand2_party,cand2_pct,cand3_pct,margin_poll,electiondate,cand1_actual,cand2_actual,margin_actual,error,bias,rightcall,advancedplusminus,comment\n"

// okFile is three rows of the 2023 layout, taken from the real file (lines
// 2, 5859 and 10998: a plain general, a primary whose poll lead is tied with
// a third candidate, a ranked-choice question), with comments and
// advancedplusminus shortened.
const okFile = header2023 +
	"26013,87909,1455,1998,1998_Gov-G_NY,NY,Gov-G,Gov-G,Blum & Weprin Associates,32,Live Phone,,10/13/1998,364,Peter Vallone,13080,DEM,26,George Pataki,13083,REP,57,9,-31,11/3/1998,33.16,54.32,-21.15,9.85,-9.85,1,1.49,for New York Daily News\n" +
	"13814,17740,7443,2012,2012_Pres-R_IA,IA,Pres-P,Pres-R,InsiderAdvantage,243,IVR,,12/28/2011,429,Rick Santorum,10,REP,13,Mitt Romney,9,REP,17,17,-4,1/3/2012,24.61,24.58,.03,4.03,,.5,-4.8,for Newsmax\n" +
	"81215,163915,8918,2022,2022_Sen-G_AK,AK,Sen-G,Sen-G,Alaska Survey Research,155,Online,,10/21/2022,1276,Lisa Murkowski,21152,REP,55.5,Kelly C. Tshibaka,21151,REP,44.5,,11,11/8/2022,53.7,46.3,7.4,3.6,,1,-4.0,\n"

const ok2016 = "pollno,race,year,location,type_simple,type_detail,pollster,partisan,polldate,samplesize,cand1_name,cand1_pct,cand2_name,cand2_pct,cand3_pct,margin_poll,electiondate,cand1_actual,cand2_actual,margin_actual,error,bias,rightcall,comment\n" +
	"5380001,1998_House-G_ID-1,1998,ID-1,House-G,House-G,Garin-Hart-Yang Research Group,D,10/13/98,372,Democrat,44,Republican,42,,2,11/3/98,44.73,55.27,-10.54,12.54,12.54,0,\n"

func TestReadOK(t *testing.T) {
	ps, err := Read("ok.csv", []byte(okFile), "2023")
	if err != nil {
		t.Fatal(err)
	}
	if ps.Vintage != "2023" || len(ps.Polls) != 3 {
		t.Fatalf("vintage %q, %d polls", ps.Vintage, len(ps.Polls))
	}
	p := ps.Polls[0]
	// By hand from line 2: margin 26−57 = −31 against 33.16−54.32 = −21.16;
	// error 9.84 (the file, from unrounded shares, says 9.85); 21 days.
	if p.Line != 2 || p.PollsterID != "32" || p.Race != "1455" || p.DaysBefore() != 21 || !p.DemRep ||
		math.Abs(p.Error()-9.84) > 1e-9 || math.Abs(p.DemBias()+9.84) > 1e-9 || p.RightCall != 1 || p.SampleSize != 364 {
		t.Errorf("first row: %+v, error %v, bias %v, %d days", p, p.Error(), p.DemBias(), p.DaysBefore())
	}
	if q := ps.Polls[1]; q.RightCall != 0.5 || q.DemRep || !math.IsNaN(q.DemBias()) {
		t.Errorf("tied lead: rightcall %v, DemRep %v", q.RightCall, q.DemRep)
	}
	if q := ps.Polls[2]; !math.IsNaN(q.Cand3Poll) || q.RightCall != 1 {
		t.Errorf("third row: cand3 %v, rightcall %v", q.Cand3Poll, q.RightCall)
	}
	old, err := Read("old.csv", []byte(ok2016), "auto")
	if err != nil {
		t.Fatal(err)
	}
	o := old.Polls[0]
	if old.Vintage != "2016" || o.PollsterID != "Garin-Hart-Yang Research Group" || o.PollDate.Year() != 1998 || o.DaysBefore() != 21 || !o.DemRep || o.RightCall != 0 {
		t.Errorf("2016 row: vintage %q, %+v", old.Vintage, o)
	}
	// Another vintage: the required columns only, in another order, with a BOM.
	minimal := "\ufeffrace,poll_id,year,location,type_simple,pollster,polldate,samplesize,cand1_name,cand1_pct,cand2_name,cand2_pct,electiondate,cand1_actual,cand2_actual\n" +
		"2020_Pres-G_US,1,2020,US,Pres-G,P,11/1/2020,800,A,50,B,40,11/3/2020,51,48\n"
	other, err := Read("other.csv", []byte(minimal), "auto")
	if err != nil {
		t.Fatal(err)
	}
	if m := other.Polls[0]; other.Vintage != "other" || m.Race != "2020_Pres-G_US" || m.PollsterID != "P" || m.DemRep || m.DaysBefore() != 2 || m.Error() != 7 {
		t.Errorf("other layout: vintage %q, %+v", other.Vintage, m)
	}
}

func TestReadMalformed(t *testing.T) {
	row1 := "10/13/1998,364,Peter Vallone,13080,DEM,26,George Pataki,13083,REP,57,9,-31,11/3/1998,33.16,54.32"
	ch := func(name, old, new, want string) sourcestest.Change {
		return sourcestest.Change{Name: name, Old: old, New: new, Want: want}
	}
	sourcestest.Malformed(t, okFile, []sourcestest.Change{
		ch("unknown column", "advancedplusminus", "grade", "ok.csv:1: unknown layout: column(s) grade are not FiveThirtyEight raw-polls columns"),
		ch("missing column", ",samplesize,", ",n,", "ok.csv:1: missing column(s) samplesize"),
		ch("no result", row1, strings.Replace(row1, "33.16", "", 1), "ok.csv:2: cand1_actual is empty"),
		ch("share above 100", row1, strings.Replace(row1, ",26,", ",126,", 1), "ok.csv:2: cand1_pct 126 is outside 0–100"),
		ch("negative share", row1, strings.Replace(row1, ",57,", ",-57,", 1), "ok.csv:2: cand2_pct -57 is outside 0–100"),
		ch("poll after the election", row1, strings.Replace(row1, "10/13/1998", "11/13/1998", 1), "ok.csv:2: polldate 11/13/1998 is after the election (11/3/1998)"),
		ch("bad date", row1, strings.Replace(row1, "10/13/1998", "1998-10-13", 1), `ok.csv:2: polldate "1998-10-13": not a month/day/year date`),
		ch("no sample size", row1, strings.Replace(row1, ",364,", ",,", 1), "ok.csv:2: samplesize is empty"),
		ch("zero sample size", row1, strings.Replace(row1, ",364,", ",0,", 1), `ok.csv:2: samplesize "0" is not a positive number`),
		ch("error contradicts shares", "-21.15,9.85", "-21.15,8.85", "ok.csv:2: error 8.85 disagrees with the shares, which give 9.84"),
		ch("rightcall contradicts shares", "-9.85,1,", "-9.85,0,", "ok.csv:2: rightcall 0 disagrees with the shares, which give 1"),
		ch("missing bias", "-9.85,1,", ",1,", "ok.csv:2: bias is empty, but the top two are a Democrat and a Republican"),
	}, func(t *testing.T, text string) error {
		ps, err := Read("ok.csv", []byte(text), "auto")
		if err != nil && ps != nil {
			t.Error("polls returned with an error")
		}
		if err != nil && !sources.IsDataError(err) {
			t.Errorf("not a data error: %v", err)
		}
		return err
	})
}

func TestReadRaceContradictions(t *testing.T) {
	row := "81215,163915,8918,2022,2022_Sen-G_AK,AK,Sen-G,Sen-G,Alaska Survey Research,155,Online,,10/21/2022,1276,Lisa Murkowski,21152,REP,55.5,Kelly C. Tshibaka,21151,REP,44.5,,11,11/8/2022,53.7,46.3,7.4,3.6,,1,-4.0,\n"
	for _, c := range []struct{ name, text, want string }{
		{"other finishers", okFile + strings.Replace(strings.Replace(row, "163915", "163916", 1), "Lisa Murkowski", "Mark Begich", 1),
			"ok.csv:5: race 8918: the poll's two finishers are Mark Begich and Kelly C. Tshibaka, but line 4 has the race's Lisa Murkowski and Kelly C. Tshibaka"},
		{"other election date", okFile + strings.Replace(strings.Replace(row, "163915", "163916", 1), "11/8/2022", "11/9/2022", 1),
			"ok.csv:5: race 8918: election date 2022-11-09, but line 4 has 2022-11-08"},
		{"duplicate", okFile + row, "ok.csv:5: poll 81215 is in race 8918 twice (first at line 4)"},
		{"wrong vintage", okFile, "ok.csv:1: not the 2016 layout of raw-polls.csv"},
	} {
		vintage := "auto"
		if c.name == "wrong vintage" {
			vintage = "2016"
		}
		if _, err := Read("ok.csv", []byte(c.text), vintage); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	if _, err := Read("ok.csv", []byte(okFile), "2020"); err == nil || sources.IsDataError(err) {
		t.Errorf("unknown vintage: got %v, want a usage error", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(okFile))
	f.Add([]byte(ok2016))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := Read("fuzz.csv", b, "auto")
		if err != nil {
			if ps != nil || !sources.IsDataError(err) {
				t.Fatalf("error %v with polls %v", err, ps)
			}
			return
		}
		for _, p := range ps.Polls {
			if p.SampleSize < 1 || p.PollDate.After(p.Election) || math.IsNaN(p.Error()) || p.Error() > 200 {
				t.Fatalf("accepted a bad row: %+v", p)
			}
		}
	})
}

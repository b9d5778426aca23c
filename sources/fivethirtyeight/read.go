// Package fivethirtyeight reads FiveThirtyEight's pollster-ratings poll file,
// raw-polls.csv (CC BY 4.0, https://github.com/fivethirtyeight/data/tree/master/pollster-ratings):
// one row per poll question in one race, with the poll's and the election's
// shares of the race's two leading finishers.
//
// Its vintages differ in their columns (2016: pollno and two-digit years;
// 2023: poll_id, question_id, race_id, pollster_rating_id, parties,
// methodology, advancedplusminus). Read finds every column by name, accepts
// any vintage made of the columns it knows, and refuses a file with a column
// it does not know, naming it. The method is in docs/METHODS.md §14.
package fivethirtyeight

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"forecast/sources"
)

// Vintages are the layouts Read knows by name; "auto" accepts any layout made
// of known columns.
var Vintages = []string{"auto", "2016", "2023"}

// layouts are the exact headers of the named vintages.
var layouts = map[string]string{
	"2016": "pollno,race,year,location,type_simple,type_detail,pollster,partisan,polldate,samplesize,cand1_name,cand1_pct,cand2_name,cand2_pct,cand3_pct,margin_poll,electiondate,cand1_actual,cand2_actual,margin_actual,error,bias,rightcall,comment",
	"2023": "poll_id,question_id,race_id,year,race,location,type_simple,type_detail,pollster,pollster_rating_id,methodology,partisan,polldate,samplesize,cand1_name,cand1_id,cand1_party,cand1_pct,cand2_name,cand2_id,cand2_party,cand2_pct,cand3_pct,margin_poll,electiondate,cand1_actual,cand2_actual,margin_actual,error,bias,rightcall,advancedplusminus,comment",
}

// required are the columns without which a row cannot be rated; a file also
// needs a poll id (pollno or poll_id).
var required = []string{"race", "year", "location", "type_simple", "pollster", "polldate", "samplesize",
	"cand1_name", "cand1_pct", "cand2_name", "cand2_pct", "electiondate", "cand1_actual", "cand2_actual"}

// optional are the other columns of the known vintages. Those that 538
// derives from the shares (margin_poll, margin_actual, error, bias,
// rightcall) are checked against the shares when present.
var optional = []string{"pollno", "poll_id", "question_id", "race_id", "type_detail", "pollster_rating_id",
	"methodology", "partisan", "cand1_id", "cand1_party", "cand2_id", "cand2_party", "cand3_pct",
	"margin_poll", "margin_actual", "error", "bias", "rightcall", "advancedplusminus", "comment"}

// Candidate is one of the race's two leading finishers.
type Candidate struct {
	Name, ID, Party string  // ID and Party are empty in vintages without them
	Poll, Actual    float64 // shares in percent: in the poll, in the election
}

// Poll is one poll question in one race: a row of raw-polls.csv.
type Poll struct {
	Line       int    // line of the row in the file
	PollID     string // poll_id, or pollno in vintages without it
	QuestionID string // question_id; empty in vintages without it
	Race       string // race_id where the vintage has it, else race ("2016_Pres-G_US")
	RaceName   string // race
	Year       int    // year of the election
	Location   string // state, district ("ID-1") or "US"
	Type       string // type_simple: Pres-G, Sen-G, Gov-G, House-G, Pres-P
	TypeDetail string // type_detail: Pres-D, Sen-GS, …; empty when absent
	Pollster   string
	// PollsterID is pollster_rating_id where the vintage has it; else the
	// pollster's name, which is what the ratings of that vintage join on.
	PollsterID  string
	Methodology string // empty when the vintage has none
	Partisan    string // sponsor: D, R, I/IND or empty (nonpartisan)
	PollDate    time.Time
	Election    time.Time
	// SampleSize is as published; 538 imputes missing ones (from the margin
	// of error, similar polls, or 600) without a flag in either vintage.
	SampleSize float64
	Cand1      Candidate // the winner's rival or the winner; the Democrat when the top two are D and R
	Cand2      Candidate
	Cand3Poll  float64 // best other candidate in the poll; NaN when empty
	// DemRep says the top two finishers are a Democrat and a Republican: from
	// the parties where the vintage has them, else from the presence of
	// 538's bias, which it computes only for such races.
	DemRep bool
	// RightCall is 1 when the poll's leader won, 0.5 when the winner was
	// tied for the poll's lead, 0 otherwise: computed from the shares, or
	// taken from the file when the two actual shares are equal to the
	// hundredth (the file cannot say who won; see TieLines).
	RightCall float64
	Comment   string
}

// DaysBefore is the number of days from the poll's median field date to the election.
func (p *Poll) DaysBefore() int { return int(p.Election.Sub(p.PollDate).Hours()/24 + 0.5) }

// MarginPoll is the poll's lead of candidate 1 over candidate 2, in points.
func (p *Poll) MarginPoll() float64 { return p.Cand1.Poll - p.Cand2.Poll }

// MarginActual is the election's lead of candidate 1 over candidate 2, in points.
func (p *Poll) MarginActual() float64 { return p.Cand1.Actual - p.Cand2.Actual }

// Error is the absolute error on the margin between the two finishers, in points.
func (p *Poll) Error() float64 { return math.Abs(p.MarginPoll() - p.MarginActual()) }

// DemBias is the error on the Democrat's margin over the Republican (positive:
// the poll favoured the Democrat); NaN unless DemRep.
func (p *Poll) DemBias() float64 {
	switch {
	case !p.DemRep:
		return math.NaN()
	case p.Cand1.Party == "REP": // the codebook puts the Democrat first; do not rely on it
		return -(p.MarginPoll() - p.MarginActual())
	}
	return p.MarginPoll() - p.MarginActual()
}

// Polls is what Read returns.
type Polls struct {
	File    string
	Vintage string // "2016", "2023", or "other" for another layout of known columns
	Polls   []Poll
	// TieLines are the rows whose race's two actual shares are equal to the
	// hundredth, whose RightCall is the file's own.
	TieLines []int
}

// derivedTolerance is how far a derived column (margins, error, bias) may be
// from the value recomputed from the shares: both are rounded to hundredths.
const derivedTolerance = 0.0151

// Read reads raw-polls.csv. vintage is one of Vintages: a named vintage
// requires that layout exactly. Every row that cannot be read, or that
// contradicts another row of its race, is reported with its line and the
// read fails (a *sources.DataError): no row is dropped.
func Read(file string, b []byte, vintage string) (*Polls, error) {
	if _, ok := layouts[vintage]; !ok && vintage != "auto" {
		return nil, fmt.Errorf("unknown vintage %q (choose one of %s)", vintage, strings.Join(Vintages, ", "))
	}
	// Records are streamed, not all held: memory is the polls, not the file twice.
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, sources.DataErrorf(file, 0, "empty file: expected a header line")
	} else if err != nil {
		return nil, &sources.DataError{Errs: []error{sources.CSVError(file, 0, err)}}
	}
	names := slices.Clone(rec)
	h, v, err := header(file, names, vintage)
	if err != nil {
		return nil, err
	}
	out := &Polls{File: file, Vintage: v, Polls: make([]Poll, 0, bytes.Count(b, []byte("\n")))}
	var p sources.Problems
	parties := slices.Contains(names, "cand1_party")
	sources.ReadRecords(file, cr, 0, &p, func(line int, rec []string) {
		if poll, ok := readRow(file, line, h, parties, rec, &p); ok {
			out.Polls = append(out.Polls, poll)
		}
	})
	out.checkRaces(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// header checks the header row against vintage and returns the vintage found.
func header(file string, rec []string, vintage string) (*sources.Header, string, error) {
	got := strings.Join(rec, ",")
	found := "other"
	for name, l := range layouts {
		if got == l {
			found = name
		}
	}
	if vintage != "auto" && found != vintage {
		return nil, "", sources.DataErrorf(file, 1, "not the %s layout of raw-polls.csv: want the header %s (use --vintage auto to read another layout)", vintage, layouts[vintage])
	}
	h, err := sources.NewHeader(file, rec, required...)
	if err != nil {
		return nil, "", err
	}
	if unknown := h.Unknown(append(required, optional...)...); len(unknown) > 0 {
		return nil, "", sources.DataErrorf(file, 1, "unknown layout: column(s) %s are not FiveThirtyEight raw-polls columns this reader knows (it knows %s)",
			strings.Join(unknown, ", "), strings.Join(append(required, optional...), ", "))
	}
	if !slices.Contains(rec, "poll_id") && !slices.Contains(rec, "pollno") {
		return nil, "", sources.DataErrorf(file, 1, "unknown layout: no poll id column (poll_id or pollno)")
	}
	return h, found, nil
}

// readRow reads one data row; problems go to p and ok is false.
// parties says the vintage has the candidates' parties.
func readRow(file string, line int, h *sources.Header, parties bool, rec []string, p *sources.Problems) (poll Poll, ok bool) {
	n := 0
	bad := func(format string, args ...any) { p.Addf(file, line, format, args...); n++ }
	get := func(col string) string { return h.Get(rec, col) }
	share := func(col string) float64 {
		s := get(col)
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case s == "":
			bad("%s is empty", col)
		case err != nil || math.IsNaN(v):
			bad("%s %q is not a number", col, s)
		case v < 0 || v > 100:
			bad("%s %s is outside 0–100", col, s)
		}
		return v
	}
	date := func(col string) time.Time {
		s := get(col)
		t, err := parseDate(s)
		if err != nil {
			bad("%s %q: %v", col, s, err)
		}
		return t
	}
	poll = Poll{Line: line, PollID: cmpOr(get("poll_id"), get("pollno")), QuestionID: get("question_id"),
		RaceName: get("race"), Location: get("location"), Type: get("type_simple"), TypeDetail: get("type_detail"),
		Pollster: get("pollster"), PollsterID: cmpOr(get("pollster_rating_id"), get("pollster")),
		Methodology: get("methodology"), Partisan: get("partisan"), Comment: get("comment"), Cand3Poll: math.NaN()}
	poll.Race = cmpOr(get("race_id"), poll.RaceName)
	for _, c := range []struct{ col, v string }{{"poll id", poll.PollID}, {"race", poll.Race}, {"type_simple", poll.Type}, {"pollster", poll.Pollster}} {
		if c.v == "" {
			bad("%s is empty", c.col)
		}
	}
	if y, err := strconv.Atoi(get("year")); err != nil {
		bad("year %q is not a year", get("year"))
	} else {
		poll.Year = y
	}
	poll.PollDate, poll.Election = date("polldate"), date("electiondate")
	if !poll.PollDate.IsZero() && !poll.Election.IsZero() && poll.PollDate.After(poll.Election) {
		bad("polldate %s is after the election (%s)", get("polldate"), get("electiondate"))
	}
	if s := get("samplesize"); s == "" {
		bad("samplesize is empty: no sample size, no margin of error")
	} else if v, err := strconv.ParseFloat(s, 64); err != nil || !(v >= 1) || math.IsInf(v, 0) {
		bad("samplesize %q is not a positive number", s)
	} else {
		poll.SampleSize = v
	}
	poll.Cand1 = Candidate{Name: get("cand1_name"), ID: get("cand1_id"), Party: get("cand1_party"), Poll: share("cand1_pct"), Actual: share("cand1_actual")}
	poll.Cand2 = Candidate{Name: get("cand2_name"), ID: get("cand2_id"), Party: get("cand2_party"), Poll: share("cand2_pct"), Actual: share("cand2_actual")}
	if get("cand3_pct") != "" {
		poll.Cand3Poll = share("cand3_pct")
	}
	if n > 0 {
		return poll, false
	}
	if parties {
		poll.DemRep = poll.Cand1.Party == "DEM" && poll.Cand2.Party == "REP" || poll.Cand1.Party == "REP" && poll.Cand2.Party == "DEM"
	} else {
		poll.DemRep = get("bias") != ""
	}
	poll.RightCall = rightCall(&poll)
	// The derived columns, when present, must agree with the shares: a row
	// that contradicts itself cannot be rated from either.
	for _, d := range []struct {
		col  string
		want float64
	}{{"margin_poll", poll.MarginPoll()}, {"margin_actual", poll.MarginActual()}, {"error", poll.Error()}, {"bias", poll.DemBias()}} {
		s := get(d.col)
		if s == "" {
			if d.col == "bias" && poll.DemRep {
				bad("bias is empty, but the top two are a Democrat and a Republican")
			}
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil:
			bad("%s %q is not a number", d.col, s)
		case math.IsNaN(d.want):
			bad("%s %s given, but the top two are not a Democrat and a Republican", d.col, s)
		case math.Abs(v-d.want) > derivedTolerance:
			bad("%s %s disagrees with the shares, which give %.2f", d.col, s, d.want)
		}
	}
	if s := get("rightcall"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil || (v != 0 && v != 0.5 && v != 1):
			bad("rightcall %q is not 0, 0.5 or 1", s)
		case poll.Cand1.Actual == poll.Cand2.Actual:
			poll.RightCall = v
		case v != poll.RightCall:
			bad("rightcall %s disagrees with the shares, which give %g", s, poll.RightCall)
		}
	} else if poll.Cand1.Actual == poll.Cand2.Actual {
		bad("the two finishers' actual shares are equal and there is no rightcall to say who won")
	}
	return poll, n == 0
}

// rightCall is 538's rightcall recomputed from the shares: 0 when the best
// other candidate leads the poll, 0.5 when the poll's lead is tied (between
// the two finishers, or a finisher and the best other candidate), else 1 when
// the finisher the poll puts ahead won and 0 when not. The codebook
// (README_PRE2024.md) says 0.5 only "when one of the tied candidates won";
// the files give 0.5 to every tied lead (3 rows of the two vintages have a
// tie between the loser and a third candidate), and this rule reproduces
// every rightcall of both vintages whose result is not itself a tie.
func rightCall(p *Poll) float64 {
	lead := max(p.Cand1.Poll, p.Cand2.Poll)
	third := p.Cand3Poll
	switch {
	case third > lead: // false when NaN
		return 0
	case third == lead, p.Cand1.Poll == p.Cand2.Poll:
		return 0.5
	case (p.Cand1.Poll > p.Cand2.Poll) == (p.Cand1.Actual > p.Cand2.Actual):
		return 1
	}
	return 0
}

// parseDate reads 538's month/day/year dates, with a four-digit year
// ("10/13/1998") or a two-digit one ("10/13/98": 69–99 are 1969–1999, 00–68
// are 2000–2068, Go's rule, which covers every vintage's 1998–2022).
func parseDate(s string) (time.Time, error) {
	layout := "1/2/2006"
	if i := strings.LastIndexByte(s, '/'); i >= 0 && len(s)-i-1 == 2 {
		layout = "1/2/06"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return t, fmt.Errorf("not a month/day/year date")
	}
	return t, nil
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// RaceKey identifies a race: 538's race id, and the location, since one
// race label of the 2016 vintage (2016_Pres-D_OR) also holds California's
// primary.
func (p *Poll) RaceKey() string { return p.Race + "\x00" + p.Location }

// checkRaces checks that every row of a race gives the same election date and
// the same two finishers, and that no poll question appears twice. The
// actual shares may differ between the questions of a race: in Alaska's
// ranked-choice races of 2022, 538 compares each question with the round of
// the count it asked about (first choices, or the final two).
func (ps *Polls) checkRaces(p *sources.Problems) {
	first := map[string]*Poll{}
	seen := map[[3]string]int{}
	for i := range ps.Polls {
		q := &ps.Polls[i]
		key := [3]string{q.PollID, q.QuestionID, q.RaceKey()}
		if l, dup := seen[key]; dup {
			p.Addf(ps.File, q.Line, "poll %s is in race %s twice (first at line %d)", q.PollID, q.Race, l)
		}
		seen[key] = q.Line
		if q.Cand1.Actual == q.Cand2.Actual {
			ps.TieLines = append(ps.TieLines, q.Line)
		}
		f, ok := first[q.RaceKey()]
		if !ok {
			first[q.RaceKey()] = q
			continue
		}
		switch {
		case !q.Election.Equal(f.Election):
			p.Addf(ps.File, q.Line, "race %s: election date %s, but line %d has %s", q.Race, q.Election.Format(time.DateOnly), f.Line, f.Election.Format(time.DateOnly))
		case q.Cand1.Name != f.Cand1.Name || q.Cand2.Name != f.Cand2.Name:
			p.Addf(ps.File, q.Line, "race %s: the poll's two finishers are %s and %s, but line %d has the race's %s and %s", q.Race, q.Cand1.Name, q.Cand2.Name, f.Line, f.Cand1.Name, f.Cand2.Name)
		}
	}
}

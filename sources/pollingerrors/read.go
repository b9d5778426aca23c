// Package pollingerrors reads the poll dataset of Shirani-Mehr, Rothschild,
// Goel & Gelman (2018, "Disentangling bias and variance in election polls",
// JASA 113(522)): polls_main_dataset.tsv, 4,221 state-level polls of the
// final three weeks of 608 US presidential, senatorial and gubernatorial
// elections, 1998–2014, from the stanford-policylab/polling-errors
// repository. It also writes and reads the tidy layout `forecast import
// polling-errors` writes (one row per poll; data/README.md), which
// `forecast diagnose tse --data DIR` reads.
//
// The canonical election model of package sources holds one election per
// directory; this dataset has 608 races, so it keeps a layout of its own
// until the model holds many races.
package pollingerrors

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"forecast/sources"
)

// File is the name of the tidy file in the directory `forecast import
// polling-errors --out DIR` writes.
const File = "polls.csv"

// Poll is one poll of one race. Shares are the Republican candidate's share
// of the two-party vote, in points, as in the paper.
type Poll struct {
	// Race is STATE_YEAR_TYPE, as the paper's election_identifier; Type is
	// Sen, Gov or Pres (the dataset's election column).
	Race, Type  string
	Year        int
	State       string
	Pollster    string
	EndDate     string // last day of fieldwork, YYYY-MM-DD
	Election    string // election day, YYYY-MM-DD
	Days        int    // Election − EndDate, in days
	Respondents float64
	// N is the number of respondents who chose one of the two parties,
	// round(Respondents × (democratic + republican)/100), rounded half to
	// even like R's round (the paper's n_i).
	N float64
	// Share is 100 × republican/(democratic + republican); Result the
	// official Republican two-party share (finalTwoPartyVSRepublican).
	Share, Result float64
}

// upstream are the columns of polls_main_dataset.tsv that Read uses.
var upstream = []string{"state", "pollName", "year", "endDate", "numberOfRespondents", "democratic", "republican",
	"finalTwoPartyVSRepublican", "election", "electionDate"}

// Read reads polls_main_dataset.tsv (tab-separated, NA for missing
// values). Every row is read or reported, with file, line and reason, in a
// *sources.DataError: a missing or malformed date, size or share, an
// unknown election type, no two-party respondents, or an end date after
// the election. No row is filtered: `diagnose tse` chooses the window.
func Read(file string, b []byte) ([]Poll, error) {
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.Comma, cr.LazyQuotes = '\t', true
	head, err := cr.Read()
	if err != nil {
		return nil, sources.DataErrorf(file, 1, "no header line: %v", err)
	}
	h, err := sources.NewHeader(file, head, upstream...)
	if err != nil {
		return nil, err
	}
	var p sources.Problems
	var polls []Poll
	sources.ReadRecords(file, cr, 0, &p, func(line int, rec []string) {
		poll, err := parse(h, rec)
		if err != nil {
			p.Addf(file, line, "%v", err)
			return
		}
		polls = append(polls, poll)
	})
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(polls) == 0 {
		return nil, sources.DataErrorf(file, 0, "no polls")
	}
	return polls, nil
}

func parse(h *sources.Header, rec []string) (Poll, error) {
	get := func(name string) string { return h.Get(rec, name) }
	num := func(name string) (float64, error) {
		s := get(name)
		if s == "NA" || s == "" {
			return 0, fmt.Errorf("%s is missing", name)
		}
		v, err := sources.ParseNumber(s)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("%s: %q is not a non-negative number", name, s)
		}
		return v, nil
	}
	var x Poll
	x.State, x.Pollster, x.Type = get("state"), get("pollName"), get("election")
	if x.State == "" {
		return x, fmt.Errorf("state is missing")
	}
	if x.Type != "Sen" && x.Type != "Gov" && x.Type != "Pres" && x.Type != "House" {
		return x, fmt.Errorf("election %q is not Sen, Gov, Pres or House", x.Type)
	}
	year, err := strconv.Atoi(get("year"))
	if err != nil {
		return x, fmt.Errorf("year %q is not a whole number", get("year"))
	}
	x.Year = year
	end, err1 := time.Parse(time.DateOnly, get("endDate"))
	day, err2 := time.Parse(time.DateOnly, get("electionDate"))
	switch {
	case err1 != nil:
		return x, fmt.Errorf("endDate %q is not a date (YYYY-MM-DD)", get("endDate"))
	case err2 != nil:
		return x, fmt.Errorf("electionDate %q is not a date (YYYY-MM-DD)", get("electionDate"))
	case end.After(day):
		return x, fmt.Errorf("endDate %s is after the election (%s)", get("endDate"), get("electionDate"))
	}
	x.EndDate, x.Election, x.Days = get("endDate"), get("electionDate"), int(day.Sub(end).Hours()/24)
	var dem, rep float64
	if x.Respondents, err = num("numberOfRespondents"); err != nil {
		return x, err
	}
	if dem, err = num("democratic"); err != nil {
		return x, err
	}
	if rep, err = num("republican"); err != nil {
		return x, err
	}
	if x.Result, err = num("finalTwoPartyVSRepublican"); err != nil {
		return x, err
	}
	if x.Result > 100 {
		return x, fmt.Errorf("finalTwoPartyVSRepublican %v is above 100", x.Result)
	}
	x.N = math.RoundToEven(x.Respondents * (dem + rep) / 100)
	if !(dem+rep > 0) || !(x.N > 0) {
		return x, fmt.Errorf("no respondent chose either party (democratic %v, republican %v, %v respondents)", dem, rep, x.Respondents)
	}
	x.Share = 100 * rep / (dem + rep)
	x.Race = fmt.Sprintf("%s_%d_%s", x.State, x.Year, x.Type)
	return x, nil
}

// columns is the tidy layout, in order.
var columns = []string{"race", "type", "year", "state", "pollster", "end_date", "election_date", "days_before",
	"respondents", "n", "poll_share", "result_share"}

// Write writes polls in the tidy layout: a header, then one row per poll,
// numbers in the shortest form that reads back to the same float64.
func Write(w io.Writer, polls []Poll) error {
	cw := csv.NewWriter(w)
	cw.Write(columns)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, x := range polls {
		cw.Write([]string{x.Race, x.Type, strconv.Itoa(x.Year), x.State, x.Pollster, x.EndDate, x.Election,
			strconv.Itoa(x.Days), f(x.Respondents), f(x.N), f(x.Share), f(x.Result)})
	}
	cw.Flush()
	return cw.Error()
}

// ReadTidy reads the tidy layout Write writes; every bad row is reported
// with file, line and reason.
func ReadTidy(file string, b []byte) ([]Poll, error) {
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, err
	}
	h, err := sources.NewHeader(file, recs[0], columns...)
	if err != nil {
		return nil, err
	}
	var p sources.Problems
	var polls []Poll
	for i, rec := range recs[1:] {
		var x Poll
		get := func(name string) string { return h.Get(rec, name) }
		x.Race, x.Type, x.State, x.Pollster, x.EndDate, x.Election = get("race"), get("type"), get("state"), get("pollster"), get("end_date"), get("election_date")
		var errs []string
		atoi := func(name string) int {
			v, err := strconv.Atoi(get(name))
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s %q is not a whole number", name, get(name)))
			}
			return v
		}
		number := func(name string) float64 {
			v, err := sources.ParseNumber(get(name))
			if err != nil || math.IsNaN(v) || v < 0 {
				errs = append(errs, fmt.Sprintf("%s %q is not a non-negative number", name, get(name)))
			}
			return v
		}
		x.Year, x.Days = atoi("year"), atoi("days_before")
		x.Respondents, x.N, x.Share, x.Result = number("respondents"), number("n"), number("poll_share"), number("result_share")
		switch {
		case len(errs) > 0:
			p.Addf(file, lines[i+1], "%s", strings.Join(errs, "; "))
		case x.Race == "" || x.Type == "":
			p.Addf(file, lines[i+1], "race and type are required")
		case !(x.N > 0) || x.Share > 100 || x.Result > 100:
			p.Addf(file, lines[i+1], "n must be positive and shares at most 100 (n %v, poll_share %v, result_share %v)", x.N, x.Share, x.Result)
		default:
			polls = append(polls, x)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return polls, nil
}

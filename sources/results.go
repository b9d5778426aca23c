package sources

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Scopes of results. National and Department results add up (départements
// to the nation); a state or district result is the result of its own race
// (see Race).
const (
	National   = "national"
	Department = "departement"
	State      = "state"
	District   = "district"
)

// Scopes lists the scopes a result may have.
var Scopes = []string{National, Department, State, District}

// Result is one candidate's votes in one territorial unit and round, with the
// unit's turnout figures repeated on each of its rows (a tidy long table).
//
// Where only shares were published (FiveThirtyEight gives the two leading
// finishers' shares, not their votes), Share holds the candidate's share of
// the vote in percent and every count is Unknown: counts are never made up.
type Result struct {
	Round       int
	Scope       string // one of Scopes
	Code        string // unit code: "FR" for national, "01", "2A", "ZA", "WI", …
	Name        string // unit name
	Registered  int64
	Abstentions int64
	Voters      int64
	Blank       int64
	Null        int64
	Expressed   int64
	Candidate   string // candidate id
	Votes       int64
	// ShareOnly says the row gives only Share, the candidate's % of the
	// vote, because counts were not published; every count is then Unknown.
	// The zero value is a counted row.
	ShareOnly bool
	Share     float64
	SourceURL string
	Line      int // line it was read from (not written)
}

var resultColumns = []column[Result]{
	roundNo("round", func(r *Result) *int { return &r.Round }),
	str("scope", func(r *Result) *string { return &r.Scope }),
	str("code", func(r *Result) *string { return &r.Code }),
	str("name", func(r *Result) *string { return &r.Name }),
	count("registered", func(r *Result) *int64 { return &r.Registered }),
	count("abstentions", func(r *Result) *int64 { return &r.Abstentions }),
	count("voters", func(r *Result) *int64 { return &r.Voters }),
	count("blank", func(r *Result) *int64 { return &r.Blank }),
	count("null", func(r *Result) *int64 { return &r.Null }),
	count("expressed", func(r *Result) *int64 { return &r.Expressed }),
	str("candidate", func(r *Result) *string { return &r.Candidate }),
	count("votes", func(r *Result) *int64 { return &r.Votes }),
	optional(column[Result]{name: "share",
		get: func(r *Result) string {
			if !r.ShareOnly {
				return ""
			}
			return FormatNumber(r.Share)
		},
		set: func(r *Result, s string) error {
			v, err := ParseNumber(s)
			r.Share, r.ShareOnly = v, s != "" && err == nil
			return err
		}}),
	str("source_url", func(r *Result) *string { return &r.SourceURL }),
}

// WriteResults writes results in the canonical results.csv layout.
func WriteResults(w io.Writer, rs []Result) error { return writeTable(w, resultColumns, rs) }

// ReadResults reads results.csv and checks each row's arithmetic.
func ReadResults(file string, r io.Reader) ([]Result, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	return readResults(file, b)
}

// readResults is ReadResults on the file's bytes.
func readResults(file string, b []byte) ([]Result, error) {
	rs, err := readTable(file, b, resultColumns, func(x *Result, ln int) { x.Line = ln })
	if err != nil {
		return nil, err
	}
	var p Problems
	for i := range rs {
		if err := rs[i].Check(); err != nil {
			p.Addf(file, rs[i].Line, "%v", err)
		}
	}
	return rs, p.Err()
}

// Counted reports whether the row gives counts (votes, turnout) rather than
// a share.
func (r *Result) Counted() bool { return !r.ShareOnly }

// Check validates the turnout arithmetic of a row: registered = abstentions +
// voters, voters = blank + null + expressed, and votes within expressed. A
// row given as a share has a share within 0–100 and no count at all.
func (r *Result) Check() error {
	counts := []int64{r.Registered, r.Abstentions, r.Voters, r.Blank, r.Null, r.Expressed, r.Votes}
	switch {
	case !slices.Contains(Scopes, r.Scope):
		return fmt.Errorf("scope %s is not one of %s", Quote(r.Scope), strings.Join(Scopes, ", "))
	case r.Code == "" || r.Candidate == "":
		return fmt.Errorf("unit code or candidate is empty")
	case !r.Counted() && (r.Share < 0 || r.Share > 100):
		return fmt.Errorf("%s: share %v for %s is outside 0–100", r.Code, r.Share, r.Candidate)
	case !r.Counted() && slices.ContainsFunc(counts, func(n int64) bool { return n != Unknown }):
		return fmt.Errorf("%s: a result given as a share (%v for %s) has no counts: leave registered … votes empty", r.Code, r.Share, r.Candidate)
	case !r.Counted():
		return nil
	case slices.Contains(counts, Unknown):
		return fmt.Errorf("%s: a count is empty: give registered, abstentions, voters, blank, null, expressed and votes, or only the share when counts are not published", r.Code)
	case r.Registered != r.Abstentions+r.Voters:
		return fmt.Errorf("%s: registered %d ≠ abstentions %d + voters %d", r.Code, r.Registered, r.Abstentions, r.Voters)
	case r.Voters != r.Blank+r.Null+r.Expressed:
		return fmt.Errorf("%s: voters %d ≠ blank %d + null %d + expressed %d", r.Code, r.Voters, r.Blank, r.Null, r.Expressed)
	case r.Votes < 0 || r.Votes > r.Expressed:
		return fmt.Errorf("%s: %d votes for %s outside 0…%d expressed", r.Code, r.Votes, r.Candidate, r.Expressed)
	}
	return nil
}

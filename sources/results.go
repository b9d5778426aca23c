package sources

import (
	"fmt"
	"io"
)

// Scopes of results.
const (
	National   = "national"
	Department = "departement"
)

// Result is one candidate's votes in one territorial unit and round, with the
// unit's turnout figures repeated on each of its rows (a tidy long table).
type Result struct {
	Round       int
	Scope       string // "national" or "departement"
	Code        string // unit code: "FR" for national, "01", "2A", "ZA", …
	Name        string // unit name
	Registered  int64
	Abstentions int64
	Voters      int64
	Blank       int64
	Null        int64
	Expressed   int64
	Candidate   string // candidate id
	Votes       int64
	SourceURL   string
	Line        int // line it was read from (not written)
}

var resultColumns = []column[Result]{
	roundNo("round", func(r *Result) *int { return &r.Round }),
	str("scope", func(r *Result) *string { return &r.Scope }),
	str("code", func(r *Result) *string { return &r.Code }),
	str("name", func(r *Result) *string { return &r.Name }),
	integer("registered", func(r *Result) *int64 { return &r.Registered }),
	integer("abstentions", func(r *Result) *int64 { return &r.Abstentions }),
	integer("voters", func(r *Result) *int64 { return &r.Voters }),
	integer("blank", func(r *Result) *int64 { return &r.Blank }),
	integer("null", func(r *Result) *int64 { return &r.Null }),
	integer("expressed", func(r *Result) *int64 { return &r.Expressed }),
	str("candidate", func(r *Result) *string { return &r.Candidate }),
	integer("votes", func(r *Result) *int64 { return &r.Votes }),
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

// Check validates the turnout arithmetic of a row: registered = abstentions +
// voters, voters = blank + null + expressed, and votes within expressed.
func (r *Result) Check() error {
	switch {
	case r.Scope != National && r.Scope != Department:
		return fmt.Errorf("scope %s is not %s or %s", Quote(r.Scope), National, Department)
	case r.Code == "" || r.Candidate == "":
		return fmt.Errorf("unit code or candidate is empty")
	case r.Registered != r.Abstentions+r.Voters:
		return fmt.Errorf("%s: registered %d ≠ abstentions %d + voters %d", r.Code, r.Registered, r.Abstentions, r.Voters)
	case r.Voters != r.Blank+r.Null+r.Expressed:
		return fmt.Errorf("%s: voters %d ≠ blank %d + null %d + expressed %d", r.Code, r.Voters, r.Blank, r.Null, r.Expressed)
	case r.Votes < 0 || r.Votes > r.Expressed:
		return fmt.Errorf("%s: %d votes for %s outside 0…%d expressed", r.Code, r.Votes, r.Candidate, r.Expressed)
	}
	return nil
}

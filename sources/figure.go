package sources

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Family is the kind of forecaster behind a figure.
type Family string

// The families of forecasters.
const (
	Poll  Family = "poll"  // quota-sampled or random opinion polls
	Buzz  Family = "buzz"  // social-media and web attention measures, opt-in apps
	Model Family = "model" // statistical models and poll aggregates
)

// Families lists the families in their canonical order.
var Families = []Family{Poll, Buzz, Model}

// Measure says what a figure's number is, and so how it may be compared with
// votes (docs/METHODS.md §2).
type Measure string

// The measures.
const (
	VoteShare    Measure = "vote_share"    // % of the expressed vote, as published
	WeightShare  Measure = "weight_share"  // Filteris "poids numérique", % of total digital weight
	Approval     Measure = "approval"      // % favourable; does not sum to 100: rank metrics only
	Agreement    Measure = "agreement"     // % agreeing with a statement: not a candidate measure
	Volume       Measure = "volume"        // counts (tweets, likes): converted to shares of the set scored
	VoiceShare   Measure = "voice_share"   // share of conversation: attention, not support
	MentionShare Measure = "mention_share" // share of mentions: attention, not support
	Rank         Measure = "rank"          // 1 = first: rank metrics only
)

// Measures lists every measure.
var Measures = []Measure{VoteShare, WeightShare, Approval, Agreement, Volume, VoiceShare, MentionShare, Rank}

// Figure is one published number: one candidate's value in one snapshot (one
// poll, one buzz release). Text fields are kept exactly as the source gave
// them after normalisation, so that every figure can be traced to its source.
type Figure struct {
	Snapshot string // id of the snapshot the figure belongs to, unique in a dataset
	Round    int    // 1, 2
	// Race is the id of the race the figure forecasts, declared in
	// election.json; empty in a dataset without races (each round is one
	// national race).
	Race       string
	Family     Family  // poll, buzz, model
	Source     string  // slug of the pollster or predictor: "ifop-fiducial", "filteris"
	SourceName string  // display name: "Ifop-Fiducial"
	Series     string  // slug of the series within the source (one source may publish several measures)
	Measure    Measure //
	Forecast   bool    // false: kept and shown, never scored as a forecast
	// Published is the publication day, YYYY-MM-DD; a partial date (YYYY-MM)
	// or an empty one means the day is unknown. PublishedTime is HH:MM or empty.
	Published, PublishedTime string
	FieldStart, FieldEnd     string // fieldwork dates (polls), YYYY-MM-DD or empty
	// FieldMid is the middle day of fieldwork when a source gives only that
	// (FiveThirtyEight's polldate), YYYY-MM-DD; empty otherwise.
	FieldMid     string
	NInterviewed float64 // number of people interviewed; NaN if unknown
	NExpressed   float64 // base of those expressing a choice (may be weighted, so fractional); NaN if unknown
	Method       string  // "online", "telephone", …
	Population   string  // who the shares are computed on
	Rolling      string  // "yes", "no" or "" (unknown)
	Hypothesis   string  // the scenario (list of candidates) when a poll tested several
	Sponsors     string  // media that commissioned the poll, "/"-separated
	Candidate    string  // candidate id
	CandidateRaw string  // the candidate's name as the source spelled it
	Value        float64 // the figure, in the unit of Measure
	// Flag marks values that are not what they seem: "below_0.5" for a 0
	// that stands for "less than 0.5 %" (pollsposition forces sums to 100).
	Flag        string
	Description string // what the number measures, in the source's terms
	SampleNote  string // what the figure rests on: "35 million tweets", "no sample"
	SourceURL   string // where the figure was published or transcribed
	Note        string

	Line int // line in the file it was read from (not written)
}

// FlagBelowHalf marks a published 0 that stands for "below 0.5 %".
const FlagBelowHalf = "below_0.5"

var figureColumns = []column[Figure]{
	str("snapshot", func(f *Figure) *string { return &f.Snapshot }),
	roundNo("round", func(f *Figure) *int { return &f.Round }),
	optional(str("race", func(f *Figure) *string { return &f.Race })),
	str("family", func(f *Figure) *string { return (*string)(&f.Family) }),
	str("source", func(f *Figure) *string { return &f.Source }),
	str("source_name", func(f *Figure) *string { return &f.SourceName }),
	str("series", func(f *Figure) *string { return &f.Series }),
	str("measure", func(f *Figure) *string { return (*string)(&f.Measure) }),
	boolean("forecast", func(f *Figure) *bool { return &f.Forecast }),
	str("published_date", func(f *Figure) *string { return &f.Published }),
	str("published_time", func(f *Figure) *string { return &f.PublishedTime }),
	str("field_start", func(f *Figure) *string { return &f.FieldStart }),
	str("field_end", func(f *Figure) *string { return &f.FieldEnd }),
	optional(str("field_mid", func(f *Figure) *string { return &f.FieldMid })),
	number("n_interviewed", func(f *Figure) *float64 { return &f.NInterviewed }),
	number("n_expressed", func(f *Figure) *float64 { return &f.NExpressed }),
	str("method", func(f *Figure) *string { return &f.Method }),
	str("population_base", func(f *Figure) *string { return &f.Population }),
	str("rolling", func(f *Figure) *string { return &f.Rolling }),
	str("hypothesis", func(f *Figure) *string { return &f.Hypothesis }),
	str("sponsors", func(f *Figure) *string { return &f.Sponsors }),
	str("candidate", func(f *Figure) *string { return &f.Candidate }),
	str("candidate_raw", func(f *Figure) *string { return &f.CandidateRaw }),
	number("value", func(f *Figure) *float64 { return &f.Value }),
	str("flag", func(f *Figure) *string { return &f.Flag }),
	str("description", func(f *Figure) *string { return &f.Description }),
	str("sample_note", func(f *Figure) *string { return &f.SampleNote }),
	str("source_url", func(f *Figure) *string { return &f.SourceURL }),
	str("note", func(f *Figure) *string { return &f.Note }),
}

// WriteFigures writes figures in the canonical forecasts.csv layout.
func WriteFigures(w io.Writer, figs []Figure) error { return writeTable(w, figureColumns, figs) }

// ReadFigures reads forecasts.csv and checks every row (see Figure.Check) and
// the dataset-wide rules: one value per candidate in a snapshot, and the
// snapshot-level fields identical across a snapshot's rows.
func ReadFigures(file string, r io.Reader) ([]Figure, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	return readFigures(file, b)
}

// readFigures is ReadFigures on the file's bytes.
func readFigures(file string, b []byte) ([]Figure, error) {
	figs, err := readTable(file, b, figureColumns, func(f *Figure, ln int) { f.Line = ln })
	if err != nil {
		return nil, err
	}
	var p Problems
	for i := range figs {
		if err := figs[i].Check(); err != nil {
			p.Addf(file, figs[i].Line, "%v", err)
		}
	}
	for _, err := range CheckSnapshots(figs) {
		p.Add(Errorf(file, 0, "%v", err))
	}
	return figs, p.Err()
}

// isDay, isMonth and isClock match YYYY-MM-DD, YYYY-MM and HH:MM (00:00 to
// 23:59) by hand: every figure of every load goes through them, and a
// regular expression costs more than the rest of the row's checks.
func isDay(s string) bool {
	return len(s) == 10 && digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:])
}

func isMonth(s string) bool { return len(s) == 7 && digits(s[:4]) && s[4] == '-' && digits(s[5:]) }

func isClock(s string) bool {
	return len(s) == 5 && digits(s[:2]) && s[2] == ':' && digits(s[3:]) && s[:2] <= "23" && s[3] <= '5'
}

// digits reports whether s is made of ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func checkDay(what, s string, partialOK bool) error {
	switch {
	case s == "":
		return nil
	case isDay(s):
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fmt.Errorf("%s %s is not a real date", what, Quote(s))
		}
		return nil
	case partialOK && isMonth(s):
		return nil
	}
	return fmt.Errorf("%s %s is not a date (YYYY-MM-DD)", what, Quote(s))
}

// Check validates one figure on its own: known family and measure, real dates
// in order, positive sample sizes, and a value that can be what its measure says.
func (f *Figure) Check() error {
	switch {
	case f.Snapshot == "":
		return fmt.Errorf("snapshot id is empty")
	case !slices.Contains(Families, f.Family):
		return fmt.Errorf("unknown family %s (want poll, buzz or model)", Quote(string(f.Family)))
	case !slices.Contains(Measures, f.Measure):
		return fmt.Errorf("unknown measure %s", Quote(string(f.Measure)))
	case f.Source == "" || !IsSlug(f.Source):
		return fmt.Errorf("source %s is not a slug (lower case, hyphens)", Quote(f.Source))
	case f.Candidate == "":
		return fmt.Errorf("candidate id is empty")
	case f.Value < 0:
		return fmt.Errorf("negative value %v", f.Value)
	case math.IsNaN(f.Value):
		return fmt.Errorf("value is missing")
	}
	if isShare(f.Measure) && f.Value > 100 {
		return fmt.Errorf("share %v is above 100 %%", f.Value)
	}
	if f.Measure == Rank && (f.Value < 1 || f.Value != math.Trunc(f.Value)) {
		return fmt.Errorf("rank %v is not 1, 2, 3, …", f.Value)
	}
	for _, n := range []float64{f.NInterviewed, f.NExpressed} {
		if !math.IsNaN(n) && n <= 0 {
			return fmt.Errorf("sample size %v is not positive", n)
		}
	}
	if !math.IsNaN(f.NInterviewed) && !math.IsNaN(f.NExpressed) && f.NExpressed > f.NInterviewed {
		return fmt.Errorf("expressed base %v is larger than the number interviewed %v", f.NExpressed, f.NInterviewed)
	}
	if err := checkDay("published date", f.Published, true); err != nil {
		return err
	}
	if f.PublishedTime != "" && !isClock(f.PublishedTime) {
		return fmt.Errorf("published time %s is not HH:MM", Quote(f.PublishedTime))
	}
	for _, d := range []struct{ what, v string }{{"fieldwork start", f.FieldStart}, {"fieldwork end", f.FieldEnd}, {"middle of fieldwork", f.FieldMid}} {
		if err := checkDay(d.what, d.v, false); err != nil {
			return err
		}
	}
	if f.FieldStart != "" && f.FieldEnd != "" && f.FieldStart > f.FieldEnd {
		return fmt.Errorf("fieldwork starts (%s) after it ends (%s)", f.FieldStart, f.FieldEnd)
	}
	if f.FieldMid != "" && (f.FieldStart != "" && f.FieldMid < f.FieldStart || f.FieldEnd != "" && f.FieldMid > f.FieldEnd) {
		return fmt.Errorf("middle of fieldwork %s is outside the fieldwork %s–%s", f.FieldMid, f.FieldStart, f.FieldEnd)
	}
	if f.Rolling != "" && f.Rolling != "yes" && f.Rolling != "no" {
		return fmt.Errorf("rolling %s is not yes, no or empty", Quote(f.Rolling))
	}
	return nil
}

// isShare reports whether a measure is a percentage of a whole.
func isShare(m Measure) bool {
	switch m {
	case VoteShare, WeightShare, VoiceShare, MentionShare, Approval, Agreement:
		return true
	}
	return false
}

// IsShare reports whether figures of measure m are shares comparable with
// vote shares in points (docs/METHODS.md §2: vote, weight, voice and mention shares).
func IsShare(m Measure) bool {
	switch m {
	case VoteShare, WeightShare, VoiceShare, MentionShare:
		return true
	}
	return false
}

// snapshotKey is what every row of one snapshot must share.
type snapshotKey struct {
	round                                          int
	race                                           string
	family                                         Family
	source, series, sourceName                     string
	measure                                        Measure
	forecast                                       bool
	published, publishedTime, fieldStart, fieldEnd string
	fieldMid                                       string
	nInterviewed, nExpressed                       uint64 // numberKey
	population, hypothesis                         string
}

func (f *Figure) snapshotKey() snapshotKey {
	return snapshotKey{f.Round, f.Race, f.Family, f.Source, f.Series, f.SourceName, f.Measure, f.Forecast,
		f.Published, f.PublishedTime, f.FieldStart, f.FieldEnd, f.FieldMid,
		numberKey(f.NInterviewed), numberKey(f.NExpressed), f.Population, f.Hypothesis}
}

// numberKey is v's bits, every NaN (unknown: an empty field) having one key
// whatever its payload: two numbers have the same key exactly when
// FormatNumber writes them alike, and no text is built.
func numberKey(v float64) uint64 {
	if math.IsNaN(v) {
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(v)
}

// CheckSnapshots checks the rules that span rows: within a snapshot every row
// shares the snapshot-level fields and names each candidate once, and the
// shares of a snapshot of a share measure (IsShare) add up to no more than
// 100 % plus rounding (see shareSlack).
func CheckSnapshots(figs []Figure) []error {
	var errs []error
	first := map[string]*Figure{}
	var order []string
	sums := map[string]*shareSum{}
	seen := make(map[[2]string]int, len(figs))
	for i := range figs {
		f := &figs[i]
		if IsShare(f.Measure) {
			s := sums[f.Snapshot]
			if s == nil {
				s = &shareSum{}
				sums[f.Snapshot] = s
			}
			s.sum += f.Value
			s.lines = append(s.lines, f.Line)
		}
		if g, ok := first[f.Snapshot]; !ok {
			first[f.Snapshot] = f
			order = append(order, f.Snapshot)
		} else if g.snapshotKey() != f.snapshotKey() {
			errs = append(errs, fmt.Errorf("line %d: snapshot %s: round, source, series, measure, dates, sample sizes or hypothesis differ from line %d", f.Line, f.Snapshot, g.Line))
		}
		k := [2]string{f.Snapshot, f.Candidate}
		if ln, dup := seen[k]; dup {
			errs = append(errs, fmt.Errorf("line %d: snapshot %s gives %s twice (also line %d)", f.Line, f.Snapshot, f.Candidate, ln))
		}
		seen[k] = f.Line
	}
	for _, id := range order {
		if s := sums[id]; s != nil && s.sum > 100+shareSlack*float64(len(s.lines)) {
			errs = append(errs, fmt.Errorf("lines %s: snapshot %s: its %d shares add up to %s %%, more than 100 %% plus rounding (%s points per figure): a value or a candidate too many?",
				LineList(s.lines), id, len(s.lines), FormatNumber(s.sum), FormatNumber(shareSlack)))
		}
	}
	return errs
}

// shareSlack is how far, per figure, the shares of one snapshot may add up
// above 100: a share published rounded to the whole point is at most 0.5
// above the unrounded one, so k published shares of a whole add up to at
// most 100 + 0.5·k. Shares given to 0.5 or 0.1 point stay well within it.
// In the embedded data the largest sums are 100 (2017) and 101, over 13
// candidates (2022, poll 20220129_0201r_ow): far within 100 + 0.5·k.
const shareSlack = 0.5

// shareSum is what CheckSnapshots adds up for one snapshot.
type shareSum struct {
	sum   float64
	lines []int
}

// LineList writes line numbers for a message, "4, 5, 9", the first ten and
// then how many more.
func LineList(ls []int) string {
	var b strings.Builder
	for i, l := range ls {
		if i == 10 {
			fmt.Fprintf(&b, ", … (%d more)", len(ls)-10)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(l))
	}
	return b.String()
}

// Date returns the day a figure became public, for ordering and lead times:
// the publication day when known, else the end of fieldwork, else the
// middle of fieldwork when that is all the source gives (docs/METHODS.md §6).
// ok is false when none is a full date.
func (f *Figure) Date() (time.Time, bool) {
	for _, s := range []string{f.Published, f.FieldEnd, f.FieldMid} {
		if isDay(s) {
			t, err := time.Parse(time.DateOnly, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// DuplicatePolls finds poll snapshots published twice under different ids:
// same pollster, round, race, fieldwork dates and hypothesis, and the same value
// for every candidate. Merging two upstream files can bring the same poll in
// twice; scoring it twice would weigh that pollster double. A sample size or
// sponsor known on both sides and different tells two polls apart.
func DuplicatePolls(figs []Figure) []error {
	type value struct {
		candidate string
		v         float64
	}
	type poll struct {
		id, key string
		line    int
		values  []value
	}
	var polls []*poll
	byID := map[string]*poll{}
	for i := range figs {
		f := &figs[i]
		if f.Family != Poll {
			continue
		}
		p, ok := byID[f.Snapshot]
		if !ok {
			p = &poll{id: f.Snapshot, line: f.Line,
				key: fmt.Sprintf("%s|%d|%s|%s|%s|%s|%s|%s|%s", f.Source, f.Round, f.Race, f.FieldStart, f.FieldEnd, f.FieldMid, f.Hypothesis, FormatNumber(f.NInterviewed), f.Sponsors)}
			byID[f.Snapshot] = p
			polls = append(polls, p)
		}
		p.values = append(p.values, value{f.Candidate, f.Value})
	}
	seen := make(map[string]string, len(polls))
	var errs []error
	var key []byte
	for _, p := range polls {
		slices.SortFunc(p.values, func(a, b value) int { return cmp.Or(cmp.Compare(a.candidate, b.candidate), cmp.Compare(a.v, b.v)) })
		key = append(key[:0], p.key...)
		for _, v := range p.values {
			key = append(append(key, '|'), v.candidate...)
			key = strconv.AppendFloat(append(key, '='), v.v, 'f', -1, 64)
		}
		if first, dup := seen[string(key)]; dup {
			errs = append(errs, fmt.Errorf("line %d: poll %s duplicates poll %s (same pollster, round, race, fieldwork and figures)", p.line, p.id, first))
			continue
		}
		seen[string(key)] = p.id
	}
	return errs
}

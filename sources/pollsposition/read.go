package pollsposition

import (
	"bytes"
	"encoding/json"
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

// Options are what Read needs besides the file itself.
type Options struct {
	// FallbackURL is the source URL given to polls whose "source" is empty.
	// It should be the commit-pinned address of the file being read (for
	// 2017: https://github.com/pollsposition/data/blob/1051bd9f953601d0d403f6c41bcc2919a16d8c25/sondages/presidentielles_2017.json),
	// so that every figure can be traced to where it was transcribed. When it
	// is empty such polls get no URL, and a notice lists them.
	FallbackURL string
}

// populations maps pollsposition's base codes to the canonical wording of
// who the shares are computed on (the researched fr2017 files' wording).
var populations = map[string]string{
	"I":   "all interviewed with an intention",
	"SV":  "certain to vote",
	"SVC": "certain to vote and certain of choice",
}

// methods maps pollsposition's interview methods to the canonical ones;
// other methods are kept as written.
var methods = map[string]string{"internet": "online"}

// keyDays is how far, in days, fieldwork may end from the date in the
// poll's key. Keys are labels, sometimes a few days off (three 2017 keys are
// up to 4 days before the end of their fieldwork); a month off means the
// dates, or the year put right, are wrong.
const keyDays = 31

// blankNull is the certitude label of the blank and null vote: not a candidate.
const blankNull = "blancs nuls"

// poll is one value of the "sondages" object.
type poll struct {
	Institut       string       `json:"institut"`
	Commanditaires []string     `json:"commanditaires"`
	Source         string       `json:"source"`
	DateDebut      string       `json:"date_debut"`
	DateFin        string       `json:"date_fin"`
	Methode        string       `json:"methode"`
	Interroges     *float64     `json:"interroges"`
	PremierTour    []hypothesis `json:"premier_tour"`
	SecondTour     []hypothesis `json:"second_tour"`
}

// hypothesis is one tested list of candidates in one round of a poll. The
// shares and certitude detail are read from the token index, which keeps
// their order and lines.
type hypothesis struct {
	Base       string          `json:"base"`
	NSPP       *float64        `json:"nspp"`
	Expressed  *float64        `json:"intentions_exprimees"`
	Intentions json.RawMessage `json:"intentions"`
	Certitude  *struct {
		Ensemble *float64       `json:"ensemble"`
		Detail   map[string]any `json:"detail"`
	} `json:"certitude"`
}

// rawPoll is a poll as found in the file, before decoding.
type rawPoll struct {
	key  string
	line int   // line of the key
	off  int64 // offset of the value
	raw  []byte
}

// Read reads the pollsposition JSON (sondages/presidentielles_2017.json
// layout) into poll figures, one per (poll, hypothesis, candidate), in file
// order. With an election, candidates and pollsters resolve through its
// registry and aliases, and the election's year corrects the fieldwork
// dates; without one (e == nil) candidate ids are derived from the names and
// listed in Imported.Derived, and each poll's year comes from its key. Every
// problem is reported at once, with file:line, in a *sources.DataError; no
// figures are returned then, so that no poll is lost without a word.
func Read(file string, b []byte, e *sources.Election, opt Options) (*sources.Imported, error) {
	names, err := sources.NewResolver(e)
	if err != nil {
		return nil, err
	}
	if err := sources.CheckJSONText(file, b); err != nil {
		return nil, err
	}
	r := &reader{file: file, b: b, nl: newLines(b), e: e, opt: opt, names: names,
		im: &sources.Imported{}, fromYears: map[int]int{}, pollsters: map[string]bool{}, errSeen: map[string]bool{}}
	if e != nil {
		r.year = electionYear(e)
	}
	polls, candidats := r.top()
	if r.fatal {
		return nil, r.p.Err()
	}
	if r.year == 0 && len(polls) > 0 {
		if e == nil {
			r.im.Note(file, 0, "no election given: each poll's year is taken from the date at the start of its key (YYYYMMDD_…)")
		} else {
			r.im.Note(file, 0, "election %s has no valid round date: each poll's year is taken from the date at the start of its key", e.ID)
		}
	}
	if len(polls) == 0 {
		r.p.Addf(file, 0, `"sondages" holds no poll: nothing to import`)
	}
	count := map[string]int{}
	firstLine := map[string]int{}
	for _, rp := range polls {
		count[rp.key]++
		id := rp.key
		if n := count[rp.key]; n > 1 {
			id = fmt.Sprintf("%s~%d", rp.key, n)
			r.im.Note(file, rp.line, "key %s appears again (first at line %d): both polls are kept, this one as snapshot %s", sources.Quote(rp.key), firstLine[rp.key], id)
		} else {
			firstLine[rp.key] = rp.line
		}
		r.poll(rp, id)
	}
	if candidats != nil {
		r.candidats(*candidats)
	}
	r.finish()
	if err := r.p.Err(); err != nil {
		return nil, err
	}
	return r.im, nil
}

// electionYear is the year of the election's first round, or 0.
func electionYear(e *sources.Election) int {
	if len(e.Rounds) == 0 {
		return 0
	}
	t, err := time.Parse(time.DateOnly, e.Rounds[0].Date)
	if err != nil {
		return 0
	}
	return t.Year()
}

// reader holds the state of one Read.
type reader struct {
	file  string
	b     []byte
	nl    lines
	e     *sources.Election
	opt   Options
	im    *sources.Imported
	p     sources.Problems
	fatal bool // the JSON cannot be read further
	names *sources.Resolver
	year  int // the election's year; 0: take each poll's from its key

	dupKeys   map[string]bool // keys found more than once
	fromYears map[int]int     // year written → dates corrected
	corrected int             // polls with a corrected date
	noURL     []string        // polls without any source URL
	pollsters map[string]bool // unknown pollsters already noted
	errSeen   map[string]bool // snapshot-level check errors already reported

	pollsterOf map[string]cachedPollster // institut → pollster
	keys       map[string]string         // name → sources.NameKey
}

func (r *reader) addf(line int, format string, args ...any) {
	r.p.Add(sources.Errorf(r.file, line, format, args...))
}

// syntax reports a JSON syntax error or truncation and stops the read. The
// decoder's offsets are not reliable after an error, so the position comes
// from a whole-file validation.
func (r *reader) syntax(err error, dec *json.Decoder) {
	r.fatal = true
	off := dec.InputOffset()
	var v json.RawMessage
	var se *json.SyntaxError
	if uerr := json.Unmarshal(r.b, &v); errors.As(uerr, &se) {
		off = se.Offset
		err = se
	}
	line := r.nl.at(max(off-1, 0))
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		r.addf(line, "the JSON ends in the middle of a value: the file is truncated")
		return
	}
	r.addf(line, "not valid JSON: %v", err)
}

// delim reads the next token, which must be want; what names the value for
// the message.
func (r *reader) delim(dec *json.Decoder, want json.Delim, what string) bool {
	tok, err := dec.Token()
	if err != nil {
		r.syntax(err, dec)
		return false
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		r.fatal = true
		r.addf(r.nl.at(max(dec.InputOffset()-1, 0)), "%s should be a JSON %s, found %s", what, map[json.Delim]string{'{': "object", '[': "array"}[want], describe(tok))
		return false
	}
	return true
}

// top reads the outer object: the polls in file order, and the candidate list.
func (r *reader) top() (polls []rawPoll, candidats *rawPoll) {
	dec := json.NewDecoder(bytes.NewReader(r.b))
	if !r.delim(dec, '{', "the file") {
		return nil, nil
	}
	seen := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			r.syntax(err, dec)
			return nil, nil
		}
		key, _ := tok.(string)
		line := r.nl.at(dec.InputOffset() - 1)
		if prev, dup := seen[key]; dup {
			r.addf(line, "%s appears twice at the top level (also line %d)", sources.Quote(key), prev)
		}
		seen[key] = line
		switch key {
		case "sondages":
			ps, ok := r.sondages(dec)
			if !ok {
				return nil, nil
			}
			polls = append(polls, ps...)
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				r.syntax(err, dec)
				return nil, nil
			}
			if key == "candidats" {
				candidats = &rawPoll{key: key, line: line, off: dec.InputOffset() - int64(len(raw)), raw: raw}
			} else {
				r.addf(line, "unknown key %s at the top level (the format has sondages and candidats)", sources.Quote(key))
			}
		}
	}
	if !r.delim(dec, '}', "the file") {
		return nil, nil
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		r.fatal = true
		r.addf(r.nl.at(dec.InputOffset()), "more data after the end of the JSON object")
		return nil, nil
	}
	if _, ok := seen["sondages"]; !ok {
		r.fatal = true
		r.addf(0, "no \"sondages\" object: not a pollsposition polls file")
	}
	return polls, candidats
}

// sondages reads the polls object key by key, so that a key found twice
// keeps both polls (a map decode would keep one silently).
func (r *reader) sondages(dec *json.Decoder) ([]rawPoll, bool) {
	if !r.delim(dec, '{', `"sondages"`) {
		return nil, false
	}
	var polls []rawPoll
	seen := map[string]bool{}
	r.dupKeys = map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			r.syntax(err, dec)
			return nil, false
		}
		key, _ := tok.(string)
		line := r.nl.at(dec.InputOffset() - 1)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			r.syntax(err, dec)
			return nil, false
		}
		if seen[key] {
			r.dupKeys[key] = true
		}
		seen[key] = true
		polls = append(polls, rawPoll{key: key, line: line, off: dec.InputOffset() - int64(len(raw)), raw: raw})
	}
	return polls, r.delim(dec, '}', `"sondages"`)
}

// decodeError turns a struct-decoding error into a message with a line.
func (r *reader) decodeError(rp rawPoll, ix *index, err error) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		r.addf(r.nl.at(rp.off+te.Offset-1), "poll %s: %s is a JSON %s, not %s", rp.key, te.Field, te.Value, jsonType(te.Type.String()))
		return
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		line := rp.line
	find:
		for _, ms := range ix.members {
			for _, m := range ms {
				if m.key == name {
					line = r.nl.at(m.off)
					break find
				}
			}
		}
		r.addf(line, "poll %s: unknown field %s (not part of the pollsposition format)", rp.key, sources.Quote(name))
		return
	}
	r.addf(rp.line, "poll %s: %v", rp.key, err)
}

// jsonType names a Go type the way a JSON reader would.
func jsonType(t string) string {
	switch {
	case strings.Contains(t, "float"), strings.Contains(t, "int"):
		return "a number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "an object"
}

// tour is one round of a poll: its hypotheses, in file order.
type tour struct {
	name  string // "premier_tour"
	round int
	hyps  []hypothesis
	off   int64
}

// poll converts one poll.
func (r *reader) poll(rp rawPoll, id string) {
	ix, err := buildIndex(rp.raw, rp.off)
	if err != nil {
		r.addf(rp.line, "poll %s: %v", rp.key, err)
		return
	}
	for _, d := range ix.dups {
		where := "the poll"
		if d.path != "" {
			where = d.path
		}
		r.addf(r.nl.at(d.then), "poll %s: %s appears twice in %s (also line %d); a JSON reader would silently keep one", rp.key, sources.Quote(d.key), where, r.nl.at(d.first))
	}
	if len(ix.dups) > 0 {
		return
	}
	if _, isObj := ix.members[""]; !isObj {
		r.addf(rp.line, "poll %s is not a JSON object", rp.key)
		return
	}
	var p poll
	dec := json.NewDecoder(bytes.NewReader(rp.raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		r.decodeError(rp, ix, err)
		return
	}
	lineOf := func(path, key string) int {
		if m, ok := ix.member(path, key); ok {
			return r.nl.at(m.off)
		}
		return rp.line
	}
	ok := true
	if strings.TrimSpace(p.Institut) == "" {
		r.addf(lineOf("", "institut"), "poll %s: no institut (pollster)", rp.key)
		ok = false
	}
	var tours []tour
	for _, t := range []tour{{name: "premier_tour", round: 1, hyps: p.PremierTour}, {name: "second_tour", round: 2, hyps: p.SecondTour}} {
		m, present := ix.member("", t.name)
		if !present {
			continue
		}
		if len(t.hyps) == 0 {
			r.addf(r.nl.at(m.off), "poll %s: %s has no hypothesis", rp.key, t.name)
			ok = false
			continue
		}
		t.off = m.off
		tours = append(tours, t)
	}
	slices.SortFunc(tours, func(a, b tour) int { return int(a.off - b.off) })
	if len(tours) == 0 && ok {
		r.addf(rp.line, "poll %s has neither premier_tour nor second_tour", rp.key)
		ok = false
	}
	start, end, ok2 := r.dates(rp, p, lineOf, tours)
	if !ok || !ok2 {
		return
	}

	pollster, known := r.pollster(p.Institut)
	if !known && !r.pollsters[p.Institut] {
		r.pollsters[p.Institut] = true
		r.im.Note(r.file, lineOf("", "institut"), "pollster %s is not among election %s's pollsters: source id %s made from the name", sources.Quote(p.Institut), r.e.ID, sources.Quote(pollster.ID))
	}
	var sponsors []string
	for _, s := range p.Commanditaires {
		if s = strings.TrimSpace(s); s != "" {
			sponsors = append(sponsors, s)
		}
	}
	url := strings.TrimSpace(p.Source)
	if url == "" {
		url = r.opt.FallbackURL
		if url == "" {
			r.noURL = append(r.noURL, id)
		}
	}
	method := p.Methode
	if m, ok := methods[method]; ok {
		method = m
	}
	base := sources.Figure{
		Family:       sources.Poll,
		Source:       pollster.ID,
		SourceName:   pollster.Name,
		Series:       pollster.ID,
		Measure:      sources.VoteShare,
		Forecast:     true,
		FieldStart:   start,
		FieldEnd:     end,
		NInterviewed: orNaN(p.Interroges),
		Method:       method,
		Sponsors:     strings.Join(sponsors, "/"),
		SourceURL:    url,
	}
	for _, t := range tours {
		snap := id
		if t.round == 2 && len(tours) > 1 {
			snap += "/t2"
		}
		for i, h := range t.hyps {
			f := base
			f.Round = t.round
			f.Snapshot = snap
			if len(t.hyps) > 1 {
				f.Hypothesis = "H" + strconv.Itoa(i+1)
				if i > 0 {
					f.Snapshot += "/" + f.Hypothesis
				}
			}
			r.hypothesis(rp, ix, fmt.Sprintf("%s[%d]", t.name, i), h, f)
		}
	}
}

// dates reads the fieldwork dates, putting them in the election's year, and
// checks that they still make sense.
func (r *reader) dates(rp rawPoll, p poll, lineOf func(path, key string) int, tours []tour) (start, end string, ok bool) {
	keyDate, keyHasDate := time.Time{}, false
	if len(rp.key) >= 8 {
		if t, err := time.Parse("20060102", rp.key[:8]); err == nil {
			keyDate, keyHasDate = t, true
		}
	}
	year := r.year
	if year == 0 {
		if !keyHasDate {
			r.addf(rp.line, "poll %s: the key does not start with a date (YYYYMMDD) and no election is given: cannot tell the year of the fieldwork", rp.key)
			return "", "", false
		}
		year = keyDate.Year()
	}
	ok = true
	var fixed []int
	read := func(field, s string) (time.Time, string) {
		if s == "" {
			r.addf(lineOf("", field), "poll %s: no %s (fieldwork date)", rp.key, field)
			ok = false
			return time.Time{}, ""
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			r.addf(lineOf("", field), "poll %s: %s %s is not a date (YYYY-MM-DD)", rp.key, field, sources.Quote(s))
			ok = false
			return time.Time{}, ""
		}
		if t.Year() == year {
			return t, s
		}
		c := time.Date(year, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if c.Month() != t.Month() || c.Day() != t.Day() {
			r.addf(lineOf("", field), "poll %s: %s %s has no equivalent in %d", rp.key, field, s, year)
			ok = false
			return time.Time{}, ""
		}
		fixed = append(fixed, t.Year())
		return c, c.Format(time.DateOnly)
	}
	ts, start := read("date_debut", p.DateDebut)
	te, end := read("date_fin", p.DateFin)
	if !ok {
		return "", "", false
	}
	because := ""
	if len(fixed) > 0 {
		because = fmt.Sprintf(" (after reading the year %d as %d)", fixed[0], year)
	}
	if ts.After(te) {
		r.addf(lineOf("", "date_debut"), "poll %s: fieldwork starts %s, after it ends %s%s", rp.key, start, end, because)
		return "", "", false
	}
	if r.e != nil {
		for _, t := range tours {
			rd, err := r.e.Round(t.round)
			if err != nil {
				r.addf(r.nl.at(t.off), "poll %s: %v", rp.key, err)
				ok = false
				continue
			}
			if rd.Date != "" && end > rd.Date {
				r.addf(lineOf("", "date_fin"), "poll %s: fieldwork ends %s, after the vote of round %d (%s)%s", rp.key, end, t.round, rd.Date, because)
				ok = false
			}
		}
		if !ok {
			return "", "", false
		}
	}
	if keyHasDate {
		if d := te.Sub(keyDate).Hours() / 24; d > keyDays || d < -keyDays {
			r.addf(lineOf("", "date_fin"), "poll %s: fieldwork ends %s, more than %d days from the date in its key (%s): the dates cannot be right%s", rp.key, end, keyDays, keyDate.Format(time.DateOnly), because)
			return "", "", false
		}
	}
	if keyHasDate && te.After(keyDate) {
		also := ""
		if r.dupKeys[rp.key] {
			also = "; the key is used by more than one poll"
		}
		r.im.Note(r.file, lineOf("", "date_fin"), "poll %s: fieldwork ends %s, after the date in its key (%s); dates kept as given%s", rp.key, end, keyDate.Format(time.DateOnly), also)
	}
	for _, y := range fixed {
		r.fromYears[y]++
	}
	if len(fixed) > 0 {
		r.corrected++
	}
	return start, end, true
}

// pollster resolves an institute's spelling (an empty election resolves
// nothing and derives the slug from the name).
func (r *reader) pollster(name string) (sources.Pollster, bool) {
	if c, ok := r.pollsterOf[name]; ok {
		return c.p, c.known
	}
	var c cachedPollster
	if r.e == nil {
		c.p, _ = (&sources.Election{}).PollsterByName(name)
		c.known = true
	} else {
		c.p, c.known = r.e.PollsterByName(name)
	}
	if r.pollsterOf == nil {
		r.pollsterOf = map[string]cachedPollster{}
	}
	r.pollsterOf[name] = c
	return c.p, c.known
}

type cachedPollster struct {
	p     sources.Pollster
	known bool
}

// nameKey is sources.NameKey, remembered: the same few names recur in every poll.
func (r *reader) nameKey(s string) string {
	k, ok := r.keys[s]
	if !ok {
		if r.keys == nil {
			r.keys = map[string]string{}
		}
		k = sources.NameKey(s)
		r.keys[s] = k
	}
	return k
}

// hypothesis converts one hypothesis: f carries the poll-level fields.
func (r *reader) hypothesis(rp rawPoll, ix *index, path string, h hypothesis, f sources.Figure) {
	lineOf := func(key string) int {
		if m, ok := ix.member(path, key); ok {
			return r.nl.at(m.off)
		}
		return rp.line
	}
	ok := true
	pop, known := populations[h.Base]
	if !known {
		r.addf(lineOf("base"), "poll %s: unknown base %s in %s (want I, SV or SVC)", rp.key, sources.Quote(h.Base), path)
		ok = false
	}
	f.Population = pop
	f.NExpressed = orNaN(h.Expressed)

	ints, isObj := ix.members[path+".intentions"]
	if !isObj {
		what := "missing"
		if m, present := ix.member(path, "intentions"); present {
			what = describe(m.val)
		}
		r.addf(lineOf("intentions"), "poll %s: intentions of %s should be an object of shares, found %s", rp.key, path, what)
		return
	}
	if len(ints) == 0 {
		r.addf(lineOf("intentions"), "poll %s: %s has no intentions", rp.key, path)
		return
	}
	var figs []sources.Figure
	spelled := map[string]string{} // id → spelling in intentions
	lineOfID := map[string]int{}
	sum := 0.0
	var zeros []string
	for _, m := range ints {
		line := r.nl.at(m.off)
		v, err := share(m)
		if err != nil {
			r.addf(line, "poll %s: share of %s %v", rp.key, sources.Quote(m.key), err)
			ok = false
			continue
		}
		cand, err := r.names.Resolve(r.file, line, m.key, r.im)
		if err != nil {
			r.addf(line, "poll %s: %v", rp.key, err)
			ok = false
			continue
		}
		if prev, dup := lineOfID[cand]; dup {
			r.addf(line, "poll %s: %s and %s (line %d) are both %s", rp.key, sources.Quote(m.key), sources.Quote(spelled[cand]), prev, cand)
			ok = false
			continue
		}
		spelled[cand], lineOfID[cand] = m.key, line
		sum += v
		g := f
		g.Candidate, g.CandidateRaw, g.Value, g.Line = cand, m.key, v, line
		if v == 0 {
			g.Flag = sources.FlagBelowHalf
			zeros = append(zeros, cand)
		}
		figs = append(figs, g)
	}
	if ok && (sum < 99 || sum > 101) {
		r.addf(lineOf("intentions"), "poll %s: shares add up to %s, not 100 (pollsposition makes every poll add up to 100)", rp.key, sources.FormatNumber(math.Round(sum*1000)/1000))
		ok = false
	}
	if h.Certitude != nil {
		for _, m := range ix.members[path+".certitude.detail"] {
			if r.nameKey(m.key) == blankNull {
				continue
			}
			line := r.nl.at(m.off)
			cand, err := r.names.Lookup(m.key)
			if err != nil {
				r.addf(line, "poll %s: certitude: %v", rp.key, err)
				ok = false
				continue
			}
			sp, has := spelled[cand]
			switch {
			case !has && ok:
				r.addf(line, "poll %s: certitude names %s, who has no share in this hypothesis", rp.key, sources.Quote(m.key))
				ok = false
			case has && r.nameKey(sp) != r.nameKey(m.key):
				r.im.Note(r.file, line, "poll %s: certitude spells %s %s (intentions: %s)", rp.key, cand, sources.Quote(m.key), sources.Quote(sp))
			}
		}
	}
	if !ok {
		return
	}
	var notes []string
	if h.NSPP != nil {
		notes = append(notes, "undecided "+sources.FormatNumber(*h.NSPP)+" %")
	}
	if len(zeros) > 0 {
		notes = append(notes, "0 may mean '<0.5%' (pollsposition forces sums to 100): "+strings.Join(zeros, ","))
	}
	note := strings.Join(notes, "; ")
	for i := range figs {
		figs[i].Note = note
	}
	r.im.Figures = append(r.im.Figures, figs...)
}

// share reads one share: a number from 0 to 100.
func share(m entry) (float64, error) {
	n, isNum := m.val.(json.Number)
	if !m.scalar || !isNum {
		return 0, fmt.Errorf("is %s, not a number", describe(m.val))
	}
	v, err := strconv.ParseFloat(n.String(), 64)
	switch {
	case err != nil || math.IsInf(v, 0):
		return 0, fmt.Errorf("is %s, not a usable number", n)
	case v < 0:
		return 0, fmt.Errorf("is negative (%s)", n)
	case v > 100:
		return 0, fmt.Errorf("is above 100 (%s)", n)
	}
	return v, nil
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// candidats checks the file's list of candidates: every name must resolve.
func (r *reader) candidats(rp rawPoll) {
	var names []string
	if err := json.Unmarshal(rp.raw, &names); err != nil {
		r.addf(rp.line, "candidats should be a list of names: %v", err)
		return
	}
	for _, n := range names {
		if _, err := r.names.Resolve(r.file, rp.line, n, r.im); err != nil {
			r.addf(rp.line, "candidats: %v", err)
		}
	}
}

// finish checks every figure and writes the per-file notices.
func (r *reader) finish() {
	for i := range r.im.Figures {
		f := &r.im.Figures[i]
		if err := f.Check(); err != nil {
			k := f.Snapshot + "\x00" + err.Error()
			if !r.errSeen[k] {
				r.errSeen[k] = true
				r.addf(f.Line, "poll %s: %v", f.Snapshot, err)
			}
		}
	}
	for _, err := range sources.CheckSnapshots(r.im.Figures) {
		r.p.Add(sources.Errorf(r.file, 0, "%v", err))
	}
	if len(r.fromYears) > 0 {
		var years []int
		n := 0
		for y, c := range r.fromYears {
			years = append(years, y)
			n += c
		}
		slices.Sort(years)
		written := fmt.Sprint(years[0])
		for _, y := range years[1:] {
			written += ", " + fmt.Sprint(y)
		}
		if r.year != 0 {
			r.im.Note(r.file, 0, "%d fieldwork dates in %d polls are written with the year %s; the file is the %d election, so they were read in %d (month and day unchanged)", n, r.corrected, written, r.year, r.year)
		} else {
			r.im.Note(r.file, 0, "%d fieldwork dates in %d polls are written with the year %s; they were read in the year of each poll's key (month and day unchanged)", n, r.corrected, written)
		}
	}
	if len(r.noURL) > 0 {
		r.im.Note(r.file, 0, "%d polls have no source URL and no fallback URL was given: %s", len(r.noURL), strings.Join(r.noURL, ", "))
	}
}

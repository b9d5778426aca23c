package nsppolls

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"forecast/sources"
)

// Options are what Read needs besides the file itself.
type Options struct {
	// SourceURL is given to every figure, since the file has no per-row URL:
	// the commit-pinned address of the file read (NSPPolls asks to be
	// credited and linked). When empty, figures have no URL and a notice says so.
	SourceURL string
}

// required are the columns without which a row cannot be a figure.
var required = []string{"candidat", "intentions", "id", "nom_institut", "debut_enquete", "fin_enquete", "tour"}

// optional are the other columns of the format; when absent they read as empty.
var optional = []string{"parti", "erreur_sup", "erreur_inf", "commanditaire", "echantillon", "population",
	"rolling", "media", "hypothese", "sous_echantillon"}

// rounds maps the folded spellings of the tour column to round numbers.
var rounds = map[string]int{"premier tour": 1, "deuxieme tour": 2, "second tour": 2}

// other is the folded candidat of rows about an unnamed candidate of a party.
const other = "autre"

// escaped finds escape sequences written out as text ("\xa0").
var escaped = regexp.MustCompile(`\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})`)

// row is one data row, read and checked on its own.
type row struct {
	line                   int
	cand, parti            string
	value                  float64
	errSup, errInf         float64 // NaN when empty
	id, institut, sponsors string
	start, end             string
	n, nExp                float64
	population, rolling    string
	round                  int
	hyp                    string
	candID                 string
	snapshot               int       // index in reader.snaps
	pollFields             [8]string // for the per-poll consistency check
	pollster, pollsterName string
	note                   []string
}

// pollFieldNames are the columns every row of one poll must agree on.
var pollFieldNames = [8]string{"nom_institut", "commanditaire", "debut_enquete", "fin_enquete", "echantillon", "population", "rolling", "media"}

// snapshot is one (poll, round, hypothesis).
type snapshot struct {
	id        string
	poll, hyp string
	round     int
	rows      []int // indices in reader.rows
	nExp      float64
	firstLine int
	// offBallot says why the snapshot's candidates are not the round's
	// ballot (a hypothesis that did not happen); "" when they are, or when
	// the election declares no ballot for the round.
	offBallot string
}

// Read reads the NSPPolls long CSV (presidentielle.csv) into poll figures,
// one per row, in file order. Without an election (e == nil, the usual case
// while an election is not described yet) candidate ids are derived from the
// names with sources.DeriveID and listed in Imported.Derived; with one, names
// and pollsters resolve through its registry and aliases. Every problem is
// reported at once with file:line in a *sources.DataError, and no figures
// are returned then.
func Read(file string, b []byte, e *sources.Election, opt Options) (*sources.Imported, error) {
	names, err := sources.NewResolver(e)
	if err != nil {
		return nil, err
	}
	r := &reader{file: file, e: e, opt: opt, im: &sources.Imported{}, names: names,
		pollsters: map[string]sources.Pollster{}, escapes: map[string][]int{}, errSeen: map[string]bool{}, offBallot: map[int]int{}}
	recs, lines, err := sources.ReadCSV(file, b)
	if err != nil {
		return nil, err
	}
	h, err := sources.NewHeader(file, recs[0], required...)
	if err != nil {
		return nil, err
	}
	if unk := h.Unknown(append(slices.Clone(required), optional...)...); len(unk) > 0 {
		r.im.Note(file, 1, "column(s) %s are not part of the NSPPolls format and are not imported", strings.Join(unk, ", "))
	}
	r.cols = columns(recs[0])
	r.rows = make([]row, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		r.row(rec, lines[i+1])
	}
	r.group()
	r.figures()
	r.notices()
	if err := r.p.Err(); err != nil {
		return nil, err
	}
	return r.im, nil
}

// reader holds the state of one Read.
type reader struct {
	file  string
	e     *sources.Election
	opt   Options
	im    *sources.Imported
	p     sources.Problems
	names *sources.Resolver

	rows       []row
	snaps      []snapshot
	pollsters  map[string]sources.Pollster
	unknownPS  []string
	others     []int            // lines of "autre" rows
	negInf     []int            // lines with erreur_inf below 0
	badErr     []int            // lines whose interval is not the formula's
	escapes    map[string][]int // column → lines with an escape written as text
	offBallot  map[int]int      // round → snapshots whose candidates are not its ballot
	errSeen    map[string]bool
	cols       map[string]int    // column name → position
	tours      map[string]int    // tour as written → round
	isOtherOf  map[string]bool   // candidat as written → it is "autre"
	sponsorsOf map[string]string // commanditaire as written → sponsors
}

// isOther reports whether a candidat is "autre", the unnamed candidate of a party.
func (r *reader) isOther(cand string) bool {
	is, ok := r.isOtherOf[cand]
	if !ok {
		if r.isOtherOf == nil {
			r.isOtherOf = map[string]bool{}
		}
		is = sources.NameKey(cand) == other
		r.isOtherOf[cand] = is
	}
	return is
}

// sponsors turns the comma-separated commanditaire into the canonical
// "/"-separated list.
func (r *reader) sponsors(s string) string {
	out, ok := r.sponsorsOf[s]
	if !ok {
		if r.sponsorsOf == nil {
			r.sponsorsOf = map[string]string{}
		}
		var list []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		out = strings.Join(list, "/")
		r.sponsorsOf[s] = out
	}
	return out
}

// columns maps the header's names to their positions (sources.NewHeader
// has checked them; this only avoids its per-field lookups on 9,000 rows).
func columns(header []string) map[string]int {
	cols := make(map[string]int, len(header))
	for i, name := range header {
		cols[strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))] = i
	}
	return cols
}

// round reads the tour column: 0 when it is not a round.
func (r *reader) round(s string) int {
	n, ok := r.tours[s]
	if !ok {
		if r.tours == nil {
			r.tours = map[string]int{}
		}
		n = rounds[sources.NameKey(s)]
		r.tours[s] = n
	}
	return n
}

func (r *reader) addf(line int, format string, args ...any) {
	r.p.Add(sources.Errorf(r.file, line, format, args...))
}

// row reads and checks one record.
func (r *reader) row(rec []string, line int) {
	get := func(col string) string {
		if i, ok := r.cols[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	x := row{line: line, cand: get("candidat"), parti: get("parti"), id: get("id"), institut: get("nom_institut"),
		start: get("debut_enquete"), end: get("fin_enquete"), population: get("population"), hyp: get("hypothese")}
	for _, col := range []string{"candidat", "parti", "nom_institut", "commanditaire", "population", "hypothese"} {
		if v := get(col); strings.Contains(v, `\`) && escaped.MatchString(v) {
			r.escapes[col] = append(r.escapes[col], line)
		}
	}
	for i, col := range pollFieldNames {
		x.pollFields[i] = get(col)
	}
	ok := true
	bad := func(format string, args ...any) {
		r.addf(line, format, args...)
		ok = false
	}
	for _, col := range []string{"candidat", "id", "nom_institut"} {
		if get(col) == "" {
			bad("%s is empty", col)
		}
	}
	if v, err := sources.ParseShare(get("intentions")); err != nil {
		bad("intentions: %v", err)
	} else if v > 100 {
		bad("intentions: %s is above 100 %%", get("intentions"))
	} else {
		x.value = v
	}
	var err error
	for _, c := range []struct {
		col string
		v   *float64
	}{{"erreur_sup", &x.errSup}, {"erreur_inf", &x.errInf}, {"echantillon", &x.n}, {"sous_echantillon", &x.nExp}} {
		if *c.v, err = sources.ParseNumber(get(c.col)); err != nil {
			bad("%s: %v", c.col, err)
		}
	}
	var ts, te time.Time
	dates := true
	for _, c := range []struct {
		col string
		t   *time.Time
	}{{"debut_enquete", &ts}, {"fin_enquete", &te}} {
		if *c.t, err = time.Parse(time.DateOnly, get(c.col)); err != nil {
			bad("%s %s is not a date (YYYY-MM-DD)", c.col, sources.Quote(get(c.col)))
			dates = false
		}
	}
	if dates && ts.After(te) {
		bad("fieldwork starts %s, after it ends %s", x.start, x.end)
	}
	if x.round = r.round(get("tour")); x.round == 0 {
		bad("tour %s is not \"Premier tour\" or \"Deuxième tour\"", sources.Quote(get("tour")))
	} else if r.e != nil {
		if _, err := r.e.Round(x.round); err != nil {
			bad("%v", err)
		}
	}
	switch v := get("rolling"); v {
	case "True":
		x.rolling = "yes"
	case "False":
		x.rolling = "no"
	case "":
	default:
		bad("rolling %s is not True or False", sources.Quote(v))
	}
	switch v := get("media"); v {
	case "True", "":
	case "False":
		x.note = append(x.note, "media False")
	default:
		bad("media %s is not True or False", sources.Quote(v))
	}
	x.sponsors = r.sponsors(get("commanditaire"))
	if x.parti != "" {
		x.note = append([]string{"parti: " + x.parti}, x.note...)
	}
	if x.cand != "" {
		if x.candID, err = r.names.Resolve(r.file, line, x.cand, r.im); err != nil {
			bad("%v", err)
		} else if r.isOther(x.cand) {
			r.others = append(r.others, line)
		}
	}
	if x.institut != "" {
		p, seen := r.pollsters[x.institut]
		if !seen {
			var known bool
			if r.e != nil {
				p, known = r.e.PollsterByName(x.institut)
			} else {
				p, known = (&sources.Election{}).PollsterByName(x.institut)
				known = true
			}
			if !known {
				r.unknownPS = append(r.unknownPS, fmt.Sprintf("%s (line %d) as %s", sources.Quote(x.institut), line, p.ID))
			}
			r.pollsters[x.institut] = p
		}
		x.pollster, x.pollsterName = p.ID, p.Name
	}
	if ok {
		r.rows = append(r.rows, x)
	}
}

// group puts rows into polls and snapshots, checks what must agree within
// them, and gives the snapshots their ids.
func (r *reader) group() {
	type snapKey struct {
		poll  string
		round int
		hyp   string
	}
	firstOfPoll := map[string]int{}    // poll id → row index
	toursOf := map[string][2]bool{}    // poll id → has round 1, 2
	hypsOf := map[[2]string][]string{} // (poll, round) → hypothesis texts in order
	index := map[snapKey]int{}
	dup := map[[2]string]int{} // (snapshot key, candidate) → line
	for i := range r.rows {
		x := &r.rows[i]
		if j, seen := firstOfPoll[x.id]; !seen {
			firstOfPoll[x.id] = i
			r.idDates(x)
		} else {
			y := &r.rows[j]
			for k, name := range pollFieldNames {
				if x.pollFields[k] != y.pollFields[k] && !r.errSeen[x.id+"\x00"+name] {
					r.errSeen[x.id+"\x00"+name] = true
					r.addf(x.line, "poll %s: %s %s differs from line %d (%s)", x.id, name, sources.Quote(x.pollFields[k]), y.line, sources.Quote(y.pollFields[k]))
				}
			}
		}
		t := toursOf[x.id]
		t[x.round-1] = true
		toursOf[x.id] = t
		k := snapKey{x.id, x.round, x.hyp}
		s, seen := index[k]
		if !seen {
			s = len(r.snaps)
			index[k] = s
			r.snaps = append(r.snaps, snapshot{poll: x.id, round: x.round, hyp: x.hyp, firstLine: x.line})
			pr := [2]string{x.id, strconv.Itoa(x.round)}
			hypsOf[pr] = append(hypsOf[pr], x.hyp)
		}
		dk := [2]string{strconv.Itoa(s), x.candID}
		if prev, isDup := dup[dk]; isDup {
			r.addf(x.line, "poll %s, %s, %s: %s is given twice (also line %d)", x.id, tourName(x.round), hypName(x.hyp), x.candID, prev)
		} else {
			dup[dk] = x.line
		}
		x.snapshot = s
		r.snaps[s].rows = append(r.snaps[s].rows, i)
	}
	// Snapshot ids: deterministic (they depend only on the file) and unique.
	used := map[string]int{} // id → first line
	for i := range r.snaps {
		s := &r.snaps[i]
		id := s.poll
		if s.round == 2 && toursOf[s.poll][0] {
			id += "/t2"
		}
		if hyps := hypsOf[[2]string{s.poll, strconv.Itoa(s.round)}]; len(hyps) > 1 {
			slug := sources.Slug(s.hyp)
			if slug == "" {
				slug = "no-hypothesis"
			}
			id += "/" + slug
			base := id
			for n := 2; used[id] != 0; n++ {
				id = fmt.Sprintf("%s~%d", base, n)
			}
			if id != base {
				r.im.Note(r.file, s.firstLine, "poll %s: hypotheses %s and another one slug alike: this one is snapshot %s", s.poll, sources.Quote(s.hyp), id)
			}
		}
		if prev, taken := used[id]; taken {
			r.addf(s.firstLine, "snapshot id %s is also made for line %d", id, prev)
		}
		used[id] = s.firstLine
		s.id = id
		r.expressed(s)
		r.sum(s)
		r.checkBallot(s)
	}
}

// idDates compares the fieldwork dates with those the poll id is made of
// ("20220102_0105r_ow": 2 to 5 January 2022); a mismatch is noticed.
func (r *reader) idDates(x *row) {
	m := idRe.FindStringSubmatch(x.id)
	if m == nil {
		return
	}
	if start := m[1] + "-" + m[2] + "-" + m[3]; start != x.start || len(x.end) != 10 || m[4]+"-"+m[5] != x.end[5:] {
		r.im.Note(r.file, x.line, "poll %s: the id says fieldwork %s to %s-%s, the row %s to %s; dates kept as given", x.id, start, m[4], m[5], x.start, x.end)
	}
}

// idRe reads the dates in a poll id: YYYYMMDD_MMDD.
var idRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})`)

func tourName(round int) string {
	return map[int]string{1: "round 1", 2: "round 2"}[round]
}

func hypName(h string) string {
	if h == "" {
		return "no hypothesis"
	}
	return strconv.Quote(h)
}

// expressed sets a snapshot's expressed base. sous_echantillon is repeated on
// each row; when rows disagree, the snapshot keeps the value most of them
// give (the first row's on a tie) and the other rows keep theirs in their
// note, with a notice: the figures themselves do not depend on it.
func (r *reader) expressed(s *snapshot) {
	count := map[string]int{}
	best, bestN := "", 0
	for _, i := range s.rows {
		v := sources.FormatNumber(r.rows[i].nExp)
		count[v]++
		if count[v] > bestN {
			best, bestN = v, count[v]
		}
	}
	s.nExp, _ = sources.ParseNumber(best)
	if len(count) == 1 {
		return
	}
	var odd []string
	for _, i := range s.rows {
		x := &r.rows[i]
		if v := sources.FormatNumber(x.nExp); v != best {
			x.note = append(x.note, fmt.Sprintf("sous_echantillon %s on this row (the snapshot's other rows: %s)", v, best))
			odd = append(odd, fmt.Sprintf("line %d gives %s", x.line, v))
		}
	}
	r.im.Note(r.file, s.firstLine, "snapshot %s: sous_echantillon differs between rows: %s, %d rows give %s; the snapshot's expressed base is %s", s.id, strings.Join(odd, ", "), bestN, best, best)
}

// sum reports snapshots whose shares do not add up to 100. NSPPolls copies
// the published, rounded shares, so a point off is rounding; more is
// reported; more than 10 points cannot be rounding and is an error.
func (r *reader) sum(s *snapshot) {
	sum := 0.0
	for _, i := range s.rows {
		sum += r.rows[i].value
	}
	sum = math.Round(sum*1000) / 1000
	switch d := math.Abs(sum - 100); {
	case d > 10:
		r.addf(s.firstLine, "poll %s, %s, %s: shares add up to %s, not 100: a row is missing or wrong", s.poll, tourName(s.round), hypName(s.hyp), sources.FormatNumber(sum))
	case d > 1:
		r.im.Note(r.file, s.firstLine, "snapshot %s (%d rows): shares add up to %s, not 100; kept as published", s.id, len(s.rows), sources.FormatNumber(sum))
	}
}

// checkBallot compares a snapshot's candidates with the ballot the election
// declares for its round. NSPPolls records every candidate a hypothesis
// tested (its shares add up to 100), so a snapshot's candidates are the
// ballot it asked about: when they are not the real one — someone who was
// not on it, or someone missing who was — the snapshot is a hypothesis that
// did not happen, kept but not a forecast of the round.
func (r *reader) checkBallot(s *snapshot) {
	if r.e == nil {
		return
	}
	round, err := r.e.Round(s.round)
	if err != nil || len(round.Ballot) == 0 {
		return
	}
	var extra, missing []string
	have := map[string]bool{}
	for _, i := range s.rows {
		c := r.rows[i].candID
		have[c] = true
		if !slices.Contains(round.Ballot, c) {
			extra = append(extra, c)
		}
	}
	for _, c := range round.Ballot {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	var why []string
	if len(extra) > 0 {
		why = append(why, "with "+strings.Join(extra, ", ")+", not on it")
	}
	if len(missing) > 0 {
		why = append(why, "without "+strings.Join(missing, ", "))
	}
	if len(why) > 0 {
		s.offBallot = fmt.Sprintf("hypothesis that did not happen: not the round %d ballot (%s)", s.round, strings.Join(why, "; "))
		r.offBallot[s.round]++
	}
}

// figures builds one figure per row.
func (r *reader) figures() {
	r.im.Figures = make([]sources.Figure, 0, len(r.rows))
	for i := range r.rows {
		x := &r.rows[i]
		s := &r.snaps[x.snapshot]
		r.interval(x)
		f := sources.Figure{
			Snapshot:     s.id,
			Round:        x.round,
			Family:       sources.Poll,
			Source:       x.pollster,
			SourceName:   x.pollsterName,
			Series:       x.pollster,
			Measure:      sources.VoteShare,
			Forecast:     s.offBallot == "",
			FieldStart:   x.start,
			FieldEnd:     x.end,
			NInterviewed: x.n,
			NExpressed:   s.nExp,
			Population:   x.population,
			Rolling:      x.rolling,
			Hypothesis:   x.hyp,
			Sponsors:     x.sponsors,
			Candidate:    x.candID,
			CandidateRaw: x.cand,
			Value:        x.value,
			SourceURL:    r.opt.SourceURL,
			Note:         strings.Join(noteWith(s.offBallot, x.note), "; "),
			Line:         x.line,
		}
		if err := f.Check(); err != nil {
			if k := s.id + "\x00" + err.Error(); !r.errSeen[k] {
				r.errSeen[k] = true
				r.addf(x.line, "poll %s: %v", x.id, err)
			}
		}
		r.im.Figures = append(r.im.Figures, f)
	}
	for _, err := range sources.CheckSnapshots(r.im.Figures) {
		r.p.Add(sources.Errorf(r.file, 0, "%v", err))
	}
}

// noteWith puts the snapshot-level remark first (the scorer shows a left-out
// snapshot's first note), then the row's own.
func noteWith(first string, rest []string) []string {
	if first == "" {
		return rest
	}
	return append([]string{first}, rest...)
}

// interval checks NSPPolls' interval against its formula; an interval that
// does not follow it is kept in the row's note.
func (r *reader) interval(x *row) {
	if x.errInf < 0 {
		r.negInf = append(r.negInf, x.line)
	}
	if math.IsNaN(x.errSup) && math.IsNaN(x.errInf) {
		return
	}
	if !math.IsNaN(x.nExp) && x.nExp > 0 {
		p := x.value / 100
		m := 196 * math.Sqrt(p*(1-p)/x.nExp)
		const tol = 1.0001e-4 // the columns have 4 decimals
		if math.Abs(x.errSup-(x.value+m)) <= tol && math.Abs(x.errInf-(x.value-m)) <= tol {
			return
		}
	}
	r.badErr = append(r.badErr, x.line)
	x.note = append(x.note, fmt.Sprintf("erreur_inf %s, erreur_sup %s", sources.FormatNumber(x.errInf), sources.FormatNumber(x.errSup)))
}

// notices writes the per-file notices.
func (r *reader) notices() {
	if len(r.im.Figures) > 0 && r.opt.SourceURL == "" {
		r.im.Note(r.file, 0, "no source URL given: the figures have none (NSPPolls asks to be credited and linked)")
	}
	if len(r.unknownPS) > 0 {
		r.im.Note(r.file, 0, "pollsters not among election %s's pollsters, source ids made from the names: %s", r.e.ID, strings.Join(r.unknownPS, ", "))
	}
	for _, round := range slices.Sorted(maps.Keys(r.offBallot)) {
		r.im.Note(r.file, 0, "%d snapshots of round %d test candidates who are not the round's ballot: hypotheses that did not happen, kept with forecast no",
			r.offBallot[round], round)
	}
	if len(r.others) > 0 {
		r.im.Note(r.file, r.others[0], "%d rows name the candidate %s (lines %s): not a person but an unnamed candidate of the party in parti; kept under one id, with the party in the note",
			len(r.others), sources.Quote(other), sources.LineList(r.others))
	}
	if len(r.negInf) > 0 {
		r.im.Note(r.file, r.negInf[0], "%d rows give erreur_inf below 0 (lines %s): NSPPolls' normal-approximation interval; it is not imported", len(r.negInf), sources.LineList(r.negInf))
	}
	if len(r.badErr) > 0 {
		r.im.Note(r.file, r.badErr[0], "%d rows give an interval that is not intentions ± 1.96·√(p(1−p)/sous_echantillon) (lines %s): kept in their note", len(r.badErr), sources.LineList(r.badErr))
	}
	cols := make([]string, 0, len(r.escapes))
	for c := range r.escapes {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		ls := r.escapes[c]
		r.im.Note(r.file, ls[0], "column %s holds an escape sequence written out as text (such as \\xa0, a no-break space) on %d rows (lines %s); kept as written", c, len(ls), sources.LineList(ls))
	}
}

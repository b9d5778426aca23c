package ministere

import (
	"encoding/csv"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"forecast/sources"
)

// Options says how to read a Ministry file beyond what the file itself says.
type Options struct {
	// Round is the round the file holds. 0 means: tell it from the title
	// line or the file name ("Tour 2", "Tour_1", "-t1-"). A given round that
	// the file contradicts is an error.
	Round int
	// SourceURL is written in every result's SourceURL, so that each row
	// says where it comes from. Empty means the file's base name; importers
	// that know where the file was downloaded from should pass that URL.
	SourceURL string
}

// Read reads one Ministry results-by-département file holding one round (see
// the package documentation for the layout) and returns one result per
// (département, candidate), in file order, with the département's turnout on
// each. opt gives the round (0: tell it from the file) and the source URL
// (empty: the file's base name).
//
// e describes the election: every candidate name ("Prénom Nom") must resolve
// through its registry, and an unknown one is an error naming the nearest
// candidates. e may be nil for an election not described yet: candidate ids
// are then derived from the names with sources.DeriveID and listed in
// Imported.Derived.
//
// Errors caused by the data are *sources.DataError values listing every
// problem with its file and line; the rows that could be read are still
// returned with them, for diagnosis, and must not be written out. A round
// that cannot be told is a plain error asking for --round.
func Read(file string, b []byte, e *sources.Election, opt Options) (*sources.Imported, error) {
	if opt.Round < 0 {
		return nil, fmt.Errorf("%s: round %d: want 1, 2… or 0 to tell it from the file", file, opt.Round)
	}
	names, err := sources.NewResolver(e)
	if err != nil {
		return nil, fmt.Errorf("election %s: %w", e.ID, err)
	}
	text, latin1, err := decode(file, b)
	if err != nil {
		return nil, err
	}
	im := &sources.Imported{}
	if latin1 {
		im.Note(file, 0, "not valid UTF-8: read as Latin-1 (ISO-8859-1)")
	}

	// The header is the first line starting with "Code du département";
	// lines before it (a title) are skipped, with a notice.
	var titles []string
	var titleLines []int
	offset, headerLine := -1, 0
	for pos, ln := 0, 1; pos < len(text); ln++ {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text) - pos
		}
		line := strings.TrimSpace(text[pos : pos+end])
		if isHeader(line) {
			offset, headerLine = pos, ln
			break
		}
		if line != "" {
			titles = append(titles, line)
			titleLines = append(titleLines, ln)
		}
		pos += end + 1
	}
	if offset < 0 {
		if strings.TrimSpace(text) == "" {
			return nil, sources.DataErrorf(file, 0, "empty file: expected a header line starting with %q", headerStart)
		}
		return nil, sources.DataErrorf(file, 0, "no header line: no line starts with %q; is this a Ministry results-by-département file?", headerStart)
	}
	for i, t := range titles {
		im.Note(file, titleLines[i], "skipped the line before the header: %s", sources.Quote(t))
	}
	round, err := chooseRound(file, titles, titleLines, opt.Round)
	if err != nil {
		return nil, err
	}
	if e != nil {
		if _, err := e.Round(round); err != nil {
			return nil, sources.DataErrorf(file, 0, "%v", err)
		}
	}

	cr := csv.NewReader(strings.NewReader(text[offset:]))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, &sources.DataError{Errs: []error{sources.CSVError(file, headerLine-1, err)}}
	}
	lay, err := parseHeader(file, headerLine, header, im)
	if err != nil {
		return nil, err
	}
	rd := &reader{
		file: file, round: round, names: names, lay: lay, im: im,
		sourceURL: opt.SourceURL,
		codes:     map[string]int{},
	}
	if rd.sourceURL == "" {
		rd.sourceURL = filepath.Base(file)
	}
	sources.ReadRecords(file, cr, headerLine-1, &rd.p, rd.row)
	if rd.rows == 0 && rd.p.Err() == nil {
		rd.p.Addf(file, headerLine, "no département rows after the header")
	}
	if rd.rows > 0 && rd.rows < completeUnits {
		im.Note(file, 0, "%d départements or units where the Ministry's files for the whole of France have %d: is the file cut short?", rd.rows, completeUnits)
	}
	if rd.restored > 0 {
		im.Note(file, rd.restoredLine, "%d département codes had lost their leading zero (\"1\" → \"01\"): restored", rd.restored)
	}
	return im, rd.p.Err()
}

const headerStart = "Code du département"

// completeUnits is the number of units (rows) in a Ministry file for the
// whole of France: 107 in each of the 2017 and 2022 files of both rounds
// (96 metropolitan départements, the overseas départements and
// collectivities, French people abroad). Fewer is the sign of a file cut
// short at a line boundary, said in a notice.
const completeUnits = 107

// isHeader reports whether a line is the header: it starts with "Code du
// département", accents, case and punctuation aside.
func isHeader(line string) bool {
	return strings.HasPrefix(sources.NameKey(clip(line, 60)), sources.NameKey(headerStart))
}

// clip shortens s to at most n runes, for messages.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// The fixed columns, by sources.NameKey of their header name.
const (
	colCode       = "code du departement"
	colName       = "libelle du departement"
	colState      = "etat saisie"
	colRegistered = "inscrits"
	colAbst       = "abstentions"
	colVoters     = "votants"
	colBlank      = "blancs"
	colNull       = "nuls"
	colExpressed  = "exprimes"
)

var requiredCols = []string{colCode, colName, colRegistered, colAbst, colVoters, colBlank, colNull, colExpressed}

// fixedPercents are the fixed percentage columns the reader checks: key →
// numerator and denominator columns.
var fixedPercents = map[string][2]string{
	"abs ins":    {colAbst, colRegistered},
	"vot ins":    {colVoters, colRegistered},
	"blancs ins": {colBlank, colRegistered},
	"blancs vot": {colBlank, colVoters},
	"nuls ins":   {colNull, colRegistered},
	"nuls vot":   {colNull, colVoters},
	"exp ins":    {colExpressed, colRegistered},
	"exp vot":    {colExpressed, colVoters},
}

// The six columns of a candidate block, in their usual order.
const (
	bSexe = iota
	bNom
	bPrenom
	bVoix
	bVoixIns
	bVoixExp
	blockWidth
)

var blockKeys = [blockWidth]string{"sexe", "nom", "prenom", "voix", "voix ins", "voix exp"}

// fixedPercent is a fixed percentage column: its index and the indices, in
// the turnout array of a row, of its numerator and denominator.
type fixedPercent struct{ col, num, den int }

// turnoutCols are the count columns, in the order of a row's turnout array.
var turnoutCols = []string{colRegistered, colAbst, colVoters, colBlank, colNull, colExpressed}

// layout is where a file's columns are.
type layout struct {
	names []string       // header names, as written
	col   map[string]int // fixed column key → index
	pcts  []fixedPercent // the fixed percentage columns
	fixed int            // number of columns before the first block
	block [blockWidth]int
}

// parseHeader finds the columns by name. The candidate blocks start at the
// first "Sexe" column; the header may name any number of blocks (at least
// one), and those it names must repeat the first.
func parseHeader(file string, line int, rec []string, im *sources.Imported) (*layout, error) {
	var p sources.Problems
	lay := &layout{col: map[string]int{}}
	keys := make([]string, len(rec))
	for i, name := range rec {
		lay.names = append(lay.names, strings.TrimSpace(name))
		keys[i] = sources.NameKey(name)
	}
	lay.fixed = slices.Index(keys, blockKeys[bSexe])
	if lay.fixed < 0 {
		return nil, sources.DataErrorf(file, line, "the header names no candidate block (no %q column)", "Sexe")
	}
	var unknown []string
	for i, k := range keys[:lay.fixed] {
		if prev, dup := lay.col[k]; dup {
			p.Addf(file, line, "column %s appears twice (columns %d and %d)", sources.Quote(lay.names[i]), prev+1, i+1)
			continue
		}
		lay.col[k] = i
		switch _, pct := fixedPercents[k]; {
		case pct:
			nd := fixedPercents[k]
			lay.pcts = append(lay.pcts, fixedPercent{i, slices.Index(turnoutCols, nd[0]), slices.Index(turnoutCols, nd[1])})
		case k == "" || slices.Contains(requiredCols, k) || k == colState:
		default:
			unknown = append(unknown, lay.names[i])
		}
	}
	var missing []string
	for _, k := range requiredCols {
		if _, ok := lay.col[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		p.Addf(file, line, "missing column(s) %s before the first candidate block (the header has: %s)",
			strings.Join(missing, ", "), strings.Join(lay.names[:lay.fixed], ";"))
	}
	if len(unknown) > 0 {
		im.Note(file, line, "column(s) not read: %s", strings.Join(unknown, ", "))
	}

	// The first block: six columns, each block name once, in any order.
	first := keys[lay.fixed:]
	if len(first) < blockWidth {
		p.Addf(file, line, "the first candidate block has %d columns; want %d (%s)", len(first), blockWidth, strings.Join(blockKeys[:], ", "))
		return nil, p.Err()
	}
	for j, k := range blockKeys {
		at := slices.Index(first[:blockWidth], k)
		if at < 0 {
			p.Addf(file, line, "the first candidate block (columns %d–%d) has no %s column", lay.fixed+1, lay.fixed+blockWidth, sources.Quote(k))
			continue
		}
		lay.block[j] = at
	}
	// Further named columns must repeat the first block; trailing empty
	// names are padding.
	for i := lay.fixed + blockWidth; i < len(keys); i++ {
		if want := keys[lay.fixed+(i-lay.fixed)%blockWidth]; keys[i] != want && keys[i] != "" {
			p.Addf(file, line, "column %d is %s, where the candidate blocks repeat %s", i+1, sources.Quote(lay.names[i]), sources.Quote(lay.names[lay.fixed+(i-lay.fixed)%blockWidth]))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return lay, nil
}

// reader holds the state of one read.
type reader struct {
	file      string
	round     int
	names     *sources.Resolver
	lay       *layout
	im        *sources.Imported
	sourceURL string
	p         sources.Problems

	rows         int
	codes        map[string]int // département code → line
	firstSet     []string       // sorted candidate ids of the first good row
	firstLine    int
	restored     int
	restoredLine int
}

// row reads one département line. A row with any problem gives no result.
func (rd *reader) row(ln int, rec []string) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	if strings.Join(rec, "") == "" {
		rd.im.Note(rd.file, ln, "empty row (%d empty fields) skipped", len(rec))
		return
	}
	rd.rows++
	bad := false
	fail := func(format string, args ...any) {
		rd.p.Addf(rd.file, ln, format, args...)
		bad = true
	}
	lay := rd.lay

	// Drop trailing empty blocks (padding of ragged spreadsheet rows).
	n := len(rec)
	for n-blockWidth >= lay.fixed+blockWidth && strings.Join(rec[n-blockWidth:n], "") == "" {
		n -= blockWidth
	}
	if n < lay.fixed+blockWidth || (n-lay.fixed)%blockWidth != 0 {
		fail("%d fields; want %d fixed columns then %d per candidate (a truncated or shifted row?)", len(rec), lay.fixed, blockWidth)
		return
	}
	get := func(k string) string { return rec[lay.col[k]] }

	code, restored, err := departementCode(get(colCode))
	if err != nil {
		fail("%v", err)
	} else if prev, dup := rd.codes[code]; dup {
		fail("département %s appears twice (also line %d)", code, prev)
	} else {
		rd.codes[code] = ln
	}
	name := get(colName)
	if name == "" {
		fail("département %s has no name (%s is empty)", get(colCode), sources.Quote(lay.names[lay.col[colName]]))
	}
	if i, ok := lay.col[colState]; ok && rec[i] != "Complet" {
		rd.im.Note(rd.file, ln, "département %s: %s is %s, not \"Complet\": its count may be partial", get(colCode), sources.Quote(lay.names[i]), sources.Quote(rec[i]))
	}

	// Turnout.
	var t [6]int64
	turnoutOK := true
	for i, k := range turnoutCols {
		v, err := count(get(k))
		if err != nil {
			fail("column %s: %v", sources.Quote(lay.names[lay.col[k]]), err)
			turnoutOK = false
		}
		t[i] = v
	}
	reg, abst, voters, blank, null, expr := t[0], t[1], t[2], t[3], t[4], t[5]
	if turnoutOK {
		if reg != abst+voters {
			fail("registered %d ≠ abstentions %d + voters %d", reg, abst, voters)
		}
		if voters != blank+null+expr {
			fail("voters %d ≠ blank %d + null %d + expressed %d", voters, blank, null, expr)
		}
		for _, pc := range lay.pcts {
			if err := checkPercent(lay.names[pc.col], rec[pc.col], t[pc.num], t[pc.den]); err != nil {
				fail("%v", err)
			}
		}
	}

	// Candidate blocks.
	var rs []sources.Result
	var sum int64
	seen := map[string]int{}
	for b := 0; lay.fixed+b*blockWidth < n; b++ {
		start := lay.fixed + b*blockWidth
		f := func(j int) string { return rec[start+lay.block[j]] }
		where := blockName{b + 1, start + 1}
		if s := f(bSexe); s != "M" && s != "F" {
			fail("%s: Sexe %s is not M or F", where, sources.Quote(s))
		}
		nom, prenom := f(bNom), f(bPrenom)
		if nom == "" {
			fail("%s: Nom is empty", where)
			continue
		}
		cname := strings.TrimSpace(prenom + " " + nom)
		id, err := rd.names.Resolve(rd.file, ln, cname, rd.im)
		if err != nil {
			fail("%s: %v", where, err)
		} else if prev, dup := seen[id]; dup {
			fail("%s: %s is also in block %d", where, id, prev)
		} else {
			seen[id] = b + 1
		}
		votes, err := count(f(bVoix))
		if err != nil {
			fail("%s: Voix: %v", where, err)
			continue
		}
		sum += votes
		if turnoutOK {
			for _, c := range []struct {
				j   int
				den int64
			}{{bVoixIns, reg}, {bVoixExp, expr}} {
				if err := checkPercent(lay.names[lay.fixed+lay.block[c.j]], f(c.j), votes, c.den); err != nil {
					fail("%s: %v", where, err)
				}
			}
		}
		rs = append(rs, sources.Result{
			Round: rd.round, Scope: sources.Department, Code: code, Name: name,
			Registered: reg, Abstentions: abst, Voters: voters, Blank: blank, Null: null, Expressed: expr,
			Candidate: id, Votes: votes, SourceURL: rd.sourceURL, Line: ln,
		})
	}
	if bad {
		return
	}
	if sum != expr {
		fail("the candidates' votes add up to %d, expressed is %d", sum, expr)
		return
	}
	if !rd.sameCandidates(ln, rs) {
		return
	}
	for i := range rs {
		if err := rs[i].Check(); err != nil {
			fail("%v", err)
			return
		}
	}
	if restored {
		if rd.restored == 0 {
			rd.restoredLine = ln
		}
		rd.restored++
	}
	rd.im.Results = append(rd.im.Results, rs...)
}

// blockName says which candidate block a message is about. It is formatted
// only when there is a problem to report.
type blockName struct{ n, col int }

func (b blockName) String() string {
	return fmt.Sprintf("candidate block %d (columns %d–%d)", b.n, b.col, b.col+blockWidth-1)
}

// sameCandidates checks that a row lists the candidates the first good row
// lists: the Ministry gives every candidate in every département, with 0
// votes if need be, so a missing one is a damaged row.
func (rd *reader) sameCandidates(ln int, rs []sources.Result) bool {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.Candidate
	}
	slices.Sort(ids)
	if rd.firstSet == nil {
		rd.firstSet, rd.firstLine = ids, ln
		return true
	}
	if slices.Equal(ids, rd.firstSet) {
		return true
	}
	var missing, extra []string
	for _, id := range rd.firstSet {
		if !slices.Contains(ids, id) {
			missing = append(missing, id)
		}
	}
	for _, id := range ids {
		if !slices.Contains(rd.firstSet, id) {
			extra = append(extra, id)
		}
	}
	rd.p.Addf(rd.file, ln, "the candidates differ from line %d's: missing [%s], extra [%s]",
		rd.firstLine, strings.Join(missing, " "), strings.Join(extra, " "))
	return false
}

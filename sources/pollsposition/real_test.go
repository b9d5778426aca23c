package pollsposition

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// The real upstream file and the researched tidy files live outside the
// repository (they are not to be committed); the tests that need them skip
// when they are absent (see sourcestest).
const (
	realFile = "pollsposition/presidentielles_2017.json"
	// fallback is the commit-pinned address of the 2017 file, as the
	// researched files use it for polls without their own URL.
	fallback = "https://github.com/pollsposition/data/blob/1051bd9f953601d0d403f6c41bcc2919a16d8c25/sondages/presidentielles_2017.json"
)

func readReal(t testing.TB, e *sources.Election) *sources.Imported {
	t.Helper()
	b := sourcestest.Read(t, realFile)
	im, err := Read("presidentielles_2017.json", b, e, Options{FallbackURL: fallback})
	if err != nil {
		t.Fatalf("reading the real file: %v", err)
	}
	return im
}

// polls groups figures by snapshot, in order of appearance.
func polls(figs []sources.Figure) (order []string, by map[string][]sources.Figure) {
	by = map[string][]sources.Figure{}
	for _, f := range figs {
		if _, ok := by[f.Snapshot]; !ok {
			order = append(order, f.Snapshot)
		}
		by[f.Snapshot] = append(by[f.Snapshot], f)
	}
	return order, by
}

func TestRealCounts(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	order, by := polls(im.Figures)
	n := map[int]int{}
	figs := map[int]int{}
	for _, id := range order {
		n[by[id][0].Round]++
		figs[by[id][0].Round] += len(by[id])
	}
	if n[1] != 42 || figs[1] != 462 || n[2] != 18 || figs[2] != 36 {
		t.Errorf("round 1: %d polls, %d figures; round 2: %d polls, %d figures; want 42/462 and 18/36", n[1], figs[1], n[2], figs[2])
	}
	if len(im.Derived) != 0 {
		t.Errorf("with an election nothing should be derived, got %v", im.Derived)
	}
	if err := sources.CheckSnapshots(im.Figures); err != nil {
		t.Errorf("snapshot checks: %v", err)
	}
	// Output order is file order: the first poll of the file comes first,
	// the last one last.
	if order[0] != "20170505_ipsos" || order[len(order)-1] != "20170316_odoxa" {
		t.Errorf("order: first %s, last %s", order[0], order[len(order)-1])
	}
}

func TestRealDuplicateKey(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	_, by := polls(im.Figures)
	want := map[string]struct {
		start, end    string
		n, nExp       float64
		macron, lePen float64
		line          int
	}{
		"20170428_bva":   {"2017-05-01", "2017-05-02", 1435, 1012, 60, 40, 135},
		"20170428_bva~2": {"2017-04-26", "2017-04-28", 1438, 944, 59, 41, 346},
	}
	for id, w := range want {
		fs := by[id]
		if len(fs) != 2 {
			t.Fatalf("%s: %d figures, want 2", id, len(fs))
		}
		f := fs[0]
		got := fmt.Sprint(f.FieldStart, f.FieldEnd, f.NInterviewed, f.NExpressed, fs[0].Candidate, fs[0].Value, fs[1].Candidate, fs[1].Value, f.Line)
		exp := fmt.Sprint(w.start, w.end, w.n, w.nExp, "MACRON", w.macron, "LE_PEN", w.lePen, w.line)
		if got != exp {
			t.Errorf("%s: got %s, want %s", id, got, exp)
		}
	}
	if !sourcestest.HasNotice(im, 329, `key "20170428_bva" appears again (first at line 118)`) {
		t.Errorf("no notice naming both lines of the duplicated key; notices: %v", im.Notices)
	}
}

func TestRealDates(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	for _, f := range im.Figures {
		if !strings.HasPrefix(f.FieldStart, "2017-") || !strings.HasPrefix(f.FieldEnd, "2017-") {
			t.Fatalf("line %d: %s: fieldwork %s..%s is not in 2017", f.Line, f.Snapshot, f.FieldStart, f.FieldEnd)
		}
	}
	// One notice for the whole file, not one per row.
	var year []string
	for _, n := range im.Notices {
		if strings.Contains(n.Msg, "written with the year") {
			year = append(year, n.Msg)
		}
	}
	want := "120 fieldwork dates in 60 polls are written with the year 2021; the file is the 2017 election, so they were read in 2017 (month and day unchanged)"
	if len(year) != 1 || year[0] != want {
		t.Errorf("year notices: %q, want [%q]", year, want)
	}
	// Three keys are dated before the end of their fieldwork: noticed, not errors.
	var late []int
	for _, n := range im.Notices {
		if strings.Contains(n.Msg, "after the date in its key") {
			late = append(late, n.Line)
		}
	}
	if !slices.Equal(late, []int{126, 185, 487}) {
		t.Errorf("key-date notices at lines %v, want [126 185 487]", late)
	}
}

func TestRealSpotChecks(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	_, by := polls(im.Figures)
	get := func(id, cand string) sources.Figure {
		for _, f := range by[id] {
			if f.Candidate == cand {
				return f
			}
		}
		t.Fatalf("%s has no %s", id, cand)
		return sources.Figure{}
	}
	f := get("20170421_ifop", "MACRON")
	if f.Value != 24.5 || f.Source != "ifop-fiducial" || f.SourceName != "Ifop-Fiducial" || f.Series != "ifop-fiducial" ||
		f.Round != 1 || f.FieldStart != "2017-04-18" || f.FieldEnd != "2017-04-21" || f.NInterviewed != 2823 || f.NExpressed != 2115 ||
		f.Population != "certain to vote" || f.Method != "online" || f.Sponsors != "Paris Match/CNews/Sud Radio" ||
		f.Family != sources.Poll || f.Measure != sources.VoteShare || !f.Forecast || f.Hypothesis != "" || f.Line != 618 ||
		f.Note != "undecided 9.7 %; 0 may mean '<0.5%' (pollsposition forces sums to 100): CHEMINADE" {
		t.Errorf("20170421_ifop MACRON: %+v", f)
	}
	if f := get("20170421_odoxa", "LE_PEN"); f.Population != "certain to vote and certain of choice" {
		t.Errorf("SVC base: %q", f.Population)
	}
	if f := get("20170405_harris", "MACRON"); f.Population != "all interviewed with an intention" || f.SourceName != "Harris Interactive" {
		t.Errorf("Harris: %q %q", f.Population, f.SourceName)
	}
	// nspp null: no undecided in the note.
	if f := get("20170417_kantar", "MACRON"); strings.Contains(f.Note, "undecided") || f.SourceName != "Kantar Sofres-OnePoint" {
		t.Errorf("Kantar: note %q, pollster %q", f.Note, f.SourceName)
	}
	// The misspelled certitude name resolved to the right candidate; the
	// intentions keep their own spelling.
	if f := get("20170414_ifop", "MELENCHON"); f.CandidateRaw != "Jean-Luc Mélenchon" || f.Value != 19 {
		t.Errorf("20170414_ifop MELENCHON: %q %v", f.CandidateRaw, f.Value)
	}
	if !sourcestest.HasNotice(im, 1057, `certitude spells MELENCHON "Jena-Luc Mélenchon"`) {
		t.Errorf("no notice for the misspelled certitude name")
	}
	// Polls without a source URL get the fallback; others keep theirs.
	if f := get("20170505_ipsos", "MACRON"); f.SourceURL != fallback {
		t.Errorf("fallback URL: %q", f.SourceURL)
	}
}

func TestRealZeros(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	zeros := 0
	for _, f := range im.Figures {
		isZero := f.Value == 0
		if isZero != (f.Flag == sources.FlagBelowHalf) {
			t.Errorf("line %d: value %v with flag %q", f.Line, f.Value, f.Flag)
		}
		if isZero {
			zeros++
			if !strings.Contains(f.Note, "0 may mean '<0.5%'") || !strings.Contains(f.Note, f.Candidate) {
				t.Errorf("line %d: zero for %s without a note: %q", f.Line, f.Candidate, f.Note)
			}
		}
	}
	if zeros != 57 {
		t.Errorf("%d zeros, want 57 (counted in the file)", zeros)
	}
}

// TestRealWithoutElection reads the file with no election: the same figures,
// with candidate ids derived from the names and pollsters slugged as spelled.
func TestRealWithoutElection(t *testing.T) {
	with := readReal(t, sourcestest.Election2017(t))
	without := readReal(t, nil)
	if len(with.Figures) != len(without.Figures) {
		t.Fatalf("%d figures without an election, %d with", len(without.Figures), len(with.Figures))
	}
	for i, f := range without.Figures {
		g := with.Figures[i]
		if f.Candidate != g.Candidate || f.Value != g.Value || f.FieldStart != g.FieldStart || f.FieldEnd != g.FieldEnd || f.Snapshot != g.Snapshot {
			t.Fatalf("line %d: without an election %s %s=%v %s..%s, with %s %s=%v %s..%s", f.Line,
				f.Snapshot, f.Candidate, f.Value, f.FieldStart, f.FieldEnd, g.Snapshot, g.Candidate, g.Value, g.FieldStart, g.FieldEnd)
		}
	}
	want := map[string]string{"ARTHAUD": "Nathalie Arthaud", "ASSELINEAU": "François Asselineau", "CHEMINADE": "Jacques Cheminade",
		"DUPONT_AIGNAN": "Nicolas Dupont-Aignan", "FILLON": "François Fillon", "HAMON": "Benoît Hamon", "LASSALLE": "Jean Lassalle",
		"LE_PEN": "Marine Le Pen", "MACRON": "Emmanuel Macron", "MELENCHON": "Jean-Luc Mélenchon", "POUTOU": "Philippe Poutou"}
	if fmt.Sprint(without.Derived) != fmt.Sprint(want) {
		t.Errorf("derived ids %v", without.Derived)
	}
	if !sourcestest.HasNotice(without, 0, "no election given: each poll's year is taken from the date at the start of its key") {
		t.Errorf("no notice about the year's origin")
	}
	if f := without.Figures[0]; f.Source != "ipsos" || f.SourceName != "Ipsos" {
		t.Errorf("pollster without an election: %q %q", f.Source, f.SourceName)
	}
}

// TestRealAgainstResearched compares the import with the pollsposition rows
// of the researched tidy files, in which a political scientist normalised
// the same polls by hand. Every difference is listed; the expected list is
// exactly the differences the researched files document:
//   - 20170428_bva: the key names two polls. The researched file keeps the
//     26–28 April one under the key and takes the 1–2 May one from the FT
//     tracker (supp_20170502_bva); the import keeps the file's order, so the
//     1–2 May poll has the key and the 26–28 April one is 20170428_bva~2.
//   - 20170505_elabe: pollsposition's dates are copied from 20170502_elabe;
//     the researched file corrects them to 4 May.
//   - 20170425_ipsos: pollsposition's URL points to an Ifop notice; the
//     researched file does not keep it.
//
// The import keeps upstream values as they are: such fixes belong in a
// reviewed corrections file.
func TestRealAgainstResearched(t *testing.T) {
	im := readReal(t, sourcestest.Election2017(t))
	_, mine := polls(im.Figures)
	var diffs []string
	seen := map[string]bool{}
	for round := 1; round <= 2; round++ {
		path := fmt.Sprintf("research/fr2017/polls_round%d.csv", round)
		recs, err := csv.NewReader(strings.NewReader(string(sourcestest.Read(t, path)))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, name := range recs[0] {
			col[name] = i
		}
		done := map[string]bool{}
		for _, rec := range recs[1:] {
			get := func(name string) string { return rec[col[name]] }
			if get("source_dataset") != "pollsposition" {
				continue
			}
			id := get("poll_id")
			seen[id] = true
			fs, ok := mine[id]
			if !ok {
				diffs = append(diffs, id+": not in the import")
				continue
			}
			var f *sources.Figure
			for i := range fs {
				if fs[i].Candidate == get("candidate_id") {
					f = &fs[i]
				}
			}
			if f == nil {
				diffs = append(diffs, fmt.Sprintf("%s: no %s in the import", id, get("candidate_id")))
				continue
			}
			if v := sources.FormatNumber(f.Value); v != get("share_pct") {
				diffs = append(diffs, fmt.Sprintf("%s %s: share %s, researched %s", id, f.Candidate, v, get("share_pct")))
			}
			if done[id] {
				continue
			}
			done[id] = true
			if f.Round != round {
				diffs = append(diffs, fmt.Sprintf("%s: round %d, researched %d", id, f.Round, round))
			}
			if len(fs) != countRows(recs, col, id) {
				diffs = append(diffs, fmt.Sprintf("%s: %d candidates, researched %d", id, len(fs), countRows(recs, col, id)))
			}
			undecided, zeros := splitNote(f.Note)
			researchedZeros := ""
			if strings.HasPrefix(get("notes"), "0 may mean") {
				researchedZeros = get("notes")
			}
			for _, c := range []struct{ what, mine, theirs string }{
				{"pollster", f.SourceName, get("pollster")},
				{"sponsors", f.Sponsors, get("sponsors")},
				{"field_start", f.FieldStart, get("field_start")},
				{"field_end", f.FieldEnd, get("field_end")},
				{"sample_size", sources.FormatNumber(f.NInterviewed), get("sample_size")},
				{"sample_size_expressed", sources.FormatNumber(f.NExpressed), get("sample_size_expressed")},
				{"population_base", f.Population, get("population_base")},
				{"method", f.Method, get("method")},
				{"undecided", undecided, get("undecided_pct")},
				{"zeros note", zeros, researchedZeros},
				{"source_url", f.SourceURL, get("source_url")},
			} {
				if c.mine != c.theirs {
					diffs = append(diffs, fmt.Sprintf("%s: %s %q, researched %q", id, c.what, c.mine, c.theirs))
				}
			}
		}
	}
	for id := range mine {
		if !seen[id] {
			diffs = append(diffs, id+": not in the researched files")
		}
	}
	slices.Sort(diffs)
	want := []string{
		`20170425_ipsos: source_url "http://www.commission-des-sondages.fr/notices/files/notices/2017/avril/8467-rolling-61-ifopo-pm.pdf", researched "` + fallback + `"`,
		`20170428_bva LE_PEN: share 40, researched 41`,
		`20170428_bva MACRON: share 60, researched 59`,
		`20170428_bva: field_end "2017-05-02", researched "2017-04-28"`,
		`20170428_bva: field_start "2017-05-01", researched "2017-04-26"`,
		`20170428_bva: sample_size "1435", researched "1438"`,
		`20170428_bva: sample_size_expressed "1012", researched "944"`,
		`20170428_bva: source_url "http://www.commission-des-sondages.fr/notices/files/notices/2017/mai/8491-pres-bva-pqr.pdf", researched "http://www.commission-des-sondages.fr/notices/files/notices/2017/avril/8482-pres-bva-pqr.pdf"`,
		`20170428_bva: undecided "13", researched "16"`,
		`20170428_bva~2: not in the researched files`,
		`20170505_elabe: field_end "2017-05-02", researched "2017-05-04"`,
		`20170505_elabe: field_start "2017-04-28", researched "2017-05-04"`,
	}
	if !slices.Equal(diffs, want) {
		t.Errorf("differences with the researched files:\n%s\nwant:\n%s", strings.Join(diffs, "\n"), strings.Join(want, "\n"))
	}
}

func countRows(recs [][]string, col map[string]int, id string) int {
	n := 0
	for _, rec := range recs[1:] {
		if rec[col["poll_id"]] == id {
			n++
		}
	}
	return n
}

// splitNote takes the undecided share and the zeros remark out of a note.
func splitNote(note string) (undecided, zeros string) {
	for _, part := range strings.Split(note, "; ") {
		if u, ok := strings.CutPrefix(part, "undecided "); ok {
			undecided = strings.TrimSuffix(u, " %")
		} else if strings.HasPrefix(part, "0 may mean") {
			zeros = part
		}
	}
	return undecided, zeros
}

func BenchmarkReadPollsposition(b *testing.B) {
	data := sourcestest.Read(b, realFile)
	e := sourcestest.Election2017(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		im, err := Read("presidentielles_2017.json", data, e, Options{FallbackURL: fallback})
		if err != nil || len(im.Figures) != 498 {
			b.Fatal(err)
		}
	}
}

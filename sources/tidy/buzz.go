package tidy

import (
	"fmt"
	"slices"
	"strings"

	"forecast/sources"
)

// buzzColumns are the columns of the researched buzz layout (buzz.csv).
var buzzColumns = []string{"source", "series", "published_date", "published_time", "round", "candidate",
	"value", "measure", "forecast", "what_it_measures", "volume", "source_url", "note"}

// Profile is what the toolkit knows about one buzz source: what its numbers
// measure and the caveat a reader must see next to them.
type Profile struct {
	Source   string            // slug
	Measures []sources.Measure // what the source's figures may be
	Caveat   string
}

// Profiles are the buzz sources whose numbers the toolkit knows (SOURCES.md,
// "Buzz: what the columns mean"). Their rows must carry one of these measures.
var Profiles = []Profile{
	{"filteris", []sources.Measure{sources.WeightShare},
		"Filteris's \"poids numérique\" is each candidate's share of the total digital weight; Filteris said it is not a vote intention"},
	{"gov", []sources.Measure{sources.Approval, sources.Agreement},
		"Gov app: % of favourable votes among self-selected app users; does not sum to 100 and is not a vote share"},
	{"vigiglobe", []sources.Measure{sources.Volume},
		"Vigiglobe: number of tweets about each candidate; attention, not support"},
}

// ProfileOf returns the profile of a source slug.
func ProfileOf(source string) (Profile, bool) {
	i := slices.IndexFunc(Profiles, func(p Profile) bool { return p.Source == source })
	if i < 0 {
		return Profile{}, false
	}
	return Profiles[i], true
}

// BuzzOptions selects what ReadBuzz imports.
type BuzzOptions struct {
	// Source, when set ("filteris", "gov", "vigiglobe"), makes the reader
	// the importer of that one source: every row must be that source's, and
	// a missing measure is set from the source's profile.
	Source string
}

// ReadBuzz reads a researched buzz file. Rows of one snapshot share source,
// series, round, publication date and time, measure and what_it_measures; a
// snapshot's id is "source:series:date[Ttime]:rROUND" (date "undated" when
// unknown), with "~2", "~3" for further snapshots that would share it (the
// Gov app's three user-debate statements of 16 March). Rows of one release
// that name different candidates but differ in what_it_measures are an
// error, not two snapshots (see checkSplitReleases). Candidates resolve
// through e's registry; without e (nil) their ids are derived from the
// names (see sources.Resolver) and listed in Imported.Derived.
func ReadBuzz(file string, b []byte, e *sources.Election, opt BuzzOptions) (*sources.Imported, error) {
	names, err := sources.NewResolver(e)
	if err != nil {
		return nil, err
	}
	var profile *Profile
	if opt.Source != "" {
		p, ok := ProfileOf(opt.Source)
		if !ok {
			return nil, fmt.Errorf("no buzz profile for %s", sources.Quote(opt.Source))
		}
		profile = &p
	}
	required := slices.DeleteFunc(slices.Clone(buzzColumns), func(c string) bool { return profile != nil && c == "measure" })
	h, recs, lines, err := readFile(file, b, required, buzzColumns)
	if err != nil {
		return nil, err
	}
	im := &sources.Imported{}
	var p sources.Problems
	ids := snapshotIDs{groups: map[string]string{}, used: map[string]int{}}
	for i, rec := range recs[1:] {
		ln := lines[i+1]
		get := func(col string) string { return h.Get(rec, col) }
		f, err := buzzFigure(get, profile)
		if err == nil {
			f.Candidate, err = names.Resolve(file, ln, f.CandidateRaw, im)
		}
		if err != nil {
			p.Addf(file, ln, "%v", err)
			continue
		}
		f.Line = ln
		f.Snapshot = ids.of(f)
		if err := f.Check(); err != nil {
			p.Addf(file, ln, "%v", err)
			continue
		}
		im.Figures = append(im.Figures, f)
	}
	for _, err := range sources.CheckSnapshots(im.Figures) {
		p.Add(sources.Errorf(file, 0, "%v", err))
	}
	checkSplitReleases(file, im.Figures, &p)
	if n := sources.ShortLastSnapshot(file, im.Figures); n != nil {
		im.Notices = append(im.Notices, n)
	}
	return im, p.Err()
}

// checkSplitReleases reports one release split into several snapshots by a
// difference in what_it_measures. Rows of one source, series, round,
// publication date and time and measure whose descriptions differ form
// separate snapshots, which is right when they measure different things
// about the same people (the Gov app's three statements about Fillon on
// 16 March); but when the snapshots name different candidates, they are
// one release whose description was mistyped on some rows, and scoring the
// pieces apart would drop the source from the ranking (no piece has the
// headline candidates).
func checkSplitReleases(file string, figs []sources.Figure, p *sources.Problems) {
	type snapshot struct {
		id, desc   string
		lines      []int
		candidates map[string]bool
	}
	var order []string
	releases := map[string][]*snapshot{}
	byID := map[string]*snapshot{}
	for _, f := range figs {
		s := byID[f.Snapshot]
		if s == nil {
			s = &snapshot{id: f.Snapshot, desc: f.Description, candidates: map[string]bool{}}
			byID[f.Snapshot] = s
			key := strings.Join([]string{f.Source, f.Series, fmt.Sprint(f.Round), f.Published, f.PublishedTime, string(f.Measure)}, "\x00")
			if releases[key] == nil {
				order = append(order, key)
			}
			releases[key] = append(releases[key], s)
		}
		s.lines = append(s.lines, f.Line)
		s.candidates[f.Candidate] = true
	}
	disjoint := func(a, b map[string]bool) bool {
		for c := range a {
			if b[c] {
				return false
			}
		}
		return true
	}
	for _, key := range order {
		snaps := releases[key]
		for j := 1; j < len(snaps); j++ {
			// Each later piece is reported once, with the first piece it completes.
			for i := range j {
				a, b := snaps[i], snaps[j]
				if disjoint(a.candidates, b.candidates) {
					at := firstDifference(a.desc, b.desc)
					p.Addf(file, b.lines[0], "lines %s and %s are one release of %s (same source, series, round, date, time and measure, different candidates) split in two by what_it_measures, which differs from character %d: %s and %s; write it the same on every row",
						sources.LineList(a.lines), sources.LineList(b.lines), strings.SplitN(key, "\x00", 2)[0], at, from(a.desc, at), from(b.desc, at))
					break
				}
			}
		}
	}
}

// from quotes s from a few characters before character at, where it
// differs from another text, so that the difference shows in the message.
func from(s string, at int) string {
	r := []rune(s)
	start := min(max(at-16, 0), len(r))
	if start == 0 {
		return sources.Quote(s)
	}
	return "…" + sources.Quote(string(r[start:]))
}

// firstDifference is the position, in characters from 1, of the first
// character where a and b differ.
func firstDifference(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n + 1
}

// buzzFigure reads one row but its candidate id.
func buzzFigure(get func(string) string, profile *Profile) (sources.Figure, error) {
	f := sources.Figure{
		Family:        sources.Buzz,
		Source:        sources.Slug(get("source")),
		SourceName:    get("source"),
		Series:        sources.Slug(get("series")),
		Measure:       sources.Measure(get("measure")),
		Published:     get("published_date"),
		PublishedTime: get("published_time"),
		CandidateRaw:  get("candidate"),
		Description:   get("what_it_measures"),
		SampleNote:    get("volume"),
		SourceURL:     get("source_url"),
		Note:          get("note"),
	}
	f.NInterviewed, f.NExpressed = nan(), nan()
	if f.Source == "" || f.Series == "" {
		return f, fmt.Errorf("source or series is empty")
	}
	var err error
	if f.Round, err = roundOf(get("round")); err != nil {
		return f, err
	}
	switch get("forecast") {
	case "yes":
		f.Forecast = true
	case "no":
	default:
		return f, fmt.Errorf("forecast %s is not yes or no", sources.Quote(get("forecast")))
	}
	if profile != nil && f.Source != profile.Source {
		return f, fmt.Errorf("a row of %s in a %s file", f.Source, profile.Source)
	}
	if p, ok := ProfileOf(f.Source); ok {
		if f.Measure == "" {
			f.Measure = p.Measures[0]
		}
		if !slices.Contains(p.Measures, f.Measure) {
			return f, fmt.Errorf("%s figures measure %v, not %s", f.Source, p.Measures, f.Measure)
		}
		if f.Description == "" {
			f.Description = p.Caveat
		}
	}
	if f.Value, err = sources.ParseShare(get("value")); err != nil {
		return f, fmt.Errorf("value: %v", err)
	}
	return f, nil
}

// snapshotIDs gives each group of rows that form one snapshot a readable,
// unique id, in order of first appearance.
type snapshotIDs struct {
	groups map[string]string // group key → id
	used   map[string]int    // base id → groups using it
}

func (s *snapshotIDs) of(f sources.Figure) string {
	key := strings.Join([]string{f.Source, f.Series, fmt.Sprint(f.Round), f.Published, f.PublishedTime, string(f.Measure), f.Description}, "\x00")
	if id, ok := s.groups[key]; ok {
		return id
	}
	date := f.Published
	if date == "" {
		date = "undated"
	}
	if f.PublishedTime != "" {
		date += "T" + f.PublishedTime
	}
	base := fmt.Sprintf("%s:%s:%s:r%d", f.Source, f.Series, date, f.Round)
	s.used[base]++
	id := base
	if n := s.used[base]; n > 1 {
		id = fmt.Sprintf("%s~%d", base, n)
	}
	s.groups[key] = id
	return id
}

package fivethirtyeight

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"forecast/sources"
)

// DatasetOptions choose the polls of one election in raw-polls.csv and name
// the canonical dataset made of them.
type DatasetOptions struct {
	Year      int    // the year column: 2016
	Type      string // the type_simple column: Pres-G
	ID        string // the election's id: "us-2016-presidential"
	Name      string // for people: "US presidential election, 2016"
	NameFr    string // in French, for French charts and reports; empty: Name
	SourceURL string // where the file was published, recorded on every row
}

// DefaultSourceURL is the published raw-polls.csv, recorded on every row
// when no other URL is given.
const DefaultSourceURL = "https://github.com/fivethirtyeight/data/blob/master/pollster-ratings/raw-polls.csv"

// Dataset turns the polls of one election (one year and one race type) into
// a dataset in the canonical format, with one race per location: every poll
// question becomes a snapshot of its race, and each race's result is the
// two leading finishers' shares, which is all the file gives (counts are
// never made up; sources.Result.ShareOnly).
//
// The file gives the middle day of fieldwork (polldate), kept as field_mid;
// the sample size as published or imputed by FiveThirtyEight, which does not
// say which, so every row says so in sample_note; the partisan sponsor and
// the best other candidate's share in note. A race whose questions disagree
// on the result (Alaska's ranked-choice races of 2022) cannot have one
// result, and is an error naming its lines.
func Dataset(ps *Polls, o DatasetOptions) (*sources.Dataset, error) {
	var polls []*Poll
	for i := range ps.Polls {
		if p := &ps.Polls[i]; p.Year == o.Year && p.Type == o.Type {
			polls = append(polls, p)
		}
	}
	if len(polls) == 0 {
		if types := ps.types(o.Year); len(types) > 0 {
			return nil, fmt.Errorf("%s: %w of type %s in %d (types there: %s)", ps.File, ErrNoPolls, o.Type, o.Year, strings.Join(types, ", "))
		}
		return nil, fmt.Errorf("%s: %w in %d (years there: %s)", ps.File, ErrNoPolls, o.Year, ps.years())
	}
	url := cmp.Or(o.SourceURL, DefaultSourceURL)
	b := &builder{o: o, url: url, file: ps.File, ids: map[string]string{}, bySlug: map[string]string{}, races: map[string]*raceOf{}, raceIDs: raceIDs(polls)}
	for _, p := range polls {
		b.add(p)
	}
	if err := b.p.Err(); err != nil {
		return nil, err
	}
	d := &sources.Dataset{Election: b.election()}
	for _, key := range b.order {
		r := b.races[key]
		d.Results = append(d.Results, b.result(r, r.first.Cand1), b.result(r, r.first.Cand2))
	}
	for _, p := range polls {
		d.Figures = append(d.Figures, b.figures(p)...)
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// ErrNoPolls is the error of a choice of year and type that selects no poll.
var ErrNoPolls = errors.New("no poll")

// years says which years the file holds, for an error message: "1998–2022".
func (ps *Polls) years() string {
	if len(ps.Polls) == 0 {
		return "none"
	}
	lo, hi := ps.Polls[0].Year, ps.Polls[0].Year
	for _, p := range ps.Polls {
		lo, hi = min(lo, p.Year), max(hi, p.Year)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// types lists the race types of a year, for an error message.
func (ps *Polls) types(year int) []string {
	seen := map[string]bool{}
	for _, p := range ps.Polls {
		if p.Year == year {
			seen[p.Type] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// raceOf is one race as the polls give it.
type raceOf struct {
	id    string // see raceIDs; also the unit code of its result rows
	first *Poll
	pair  [2]string // the candidate ids of the two finishers
}

// name names the race for people, in French when french: its place, and
// its detailed type when the place has other races ("Minnesota (Sen-GS)").
func (r *raceOf) name(french bool) string {
	place := placeName(r.first.Location, french)
	if r.id == r.first.Location {
		return place
	}
	return place + " (" + cmp.Or(r.first.TypeDetail, r.first.RaceName) + ")"
}

// nameFr is the race's French name where it differs from its English one.
func (r *raceOf) nameFr() string {
	if fr := r.name(true); fr != r.name(false) {
		return fr
	}
	return ""
}

type builder struct {
	o         DatasetOptions
	url, file string
	p         sources.Problems
	ids       map[string]string // candidate name → id
	cands     []sources.Candidate
	pollsters []sources.Pollster
	bySlug    map[string]string  // pollster slug → the name it was made from
	races     map[string]*raceOf // by RaceKey
	raceIDs   map[string]string  // RaceKey → race id
	order     []string
}

// raceIDs names each race: by its location ("WI") when the location has one
// race among the polls; else by its location and detailed type ("MN-Sen-GS",
// Minnesota's special Senate election of 2018 beside the regular one); else
// by FiveThirtyEight's race label.
func raceIDs(polls []*Poll) map[string]string {
	keys := map[string][]string{}  // location → its race keys
	details := map[[2]string]int{} // location and detailed type → races
	for _, p := range polls {
		if !slices.Contains(keys[p.Location], p.RaceKey()) {
			keys[p.Location] = append(keys[p.Location], p.RaceKey())
			details[[2]string{p.Location, p.TypeDetail}]++
		}
	}
	ids := map[string]string{}
	for _, p := range polls {
		switch {
		case len(keys[p.Location]) == 1:
			ids[p.RaceKey()] = p.Location
		case p.TypeDetail != "" && details[[2]string{p.Location, p.TypeDetail}] == 1:
			ids[p.RaceKey()] = p.Location + "-" + p.TypeDetail
		default:
			ids[p.RaceKey()] = p.RaceName
		}
	}
	return ids
}

// add records a poll's race, candidates and pollster.
func (b *builder) add(p *Poll) {
	r, ok := b.races[p.RaceKey()]
	if !ok {
		r = &raceOf{id: b.raceIDs[p.RaceKey()], first: p, pair: [2]string{b.candidate(p.Cand1), b.candidate(p.Cand2)}}
		b.races[p.RaceKey()] = r
		b.order = append(b.order, p.RaceKey())
	} else if p.Cand1.Actual != r.first.Cand1.Actual || p.Cand2.Actual != r.first.Cand2.Actual {
		b.p.Addf(b.file, p.Line, "race %s: the result differs from line %d's (%v and %v, not %v and %v): one race has one result",
			p.Race, r.first.Line, p.Cand1.Actual, p.Cand2.Actual, r.first.Cand1.Actual, r.first.Cand2.Actual)
	}
	switch slug := sources.Slug(p.Pollster); b.bySlug[slug] {
	case p.Pollster: // known
	case "":
		b.bySlug[slug] = p.Pollster
		b.pollsters = append(b.pollsters, sources.Pollster{ID: slug, Name: p.Pollster})
	default:
		b.p.Addf(b.file, p.Line, "pollsters %q and %q have the same slug %s", b.bySlug[slug], p.Pollster, slug)
	}
}

// candidate returns the id of a finisher, describing it the first time:
// the surname in capitals ("Hillary Rodham Clinton" → CLINTON), or the
// whole name (sources.DeriveID) when two candidates share a surname.
func (b *builder) candidate(c Candidate) string {
	if id, ok := b.ids[c.Name]; ok {
		return id
	}
	words := strings.Fields(c.Name)
	id := strings.ToUpper(strings.ReplaceAll(sources.NameKey(words[len(words)-1]), " ", "_"))
	if slices.ContainsFunc(b.cands, func(x sources.Candidate) bool { return x.ID == id }) {
		id = sources.DeriveID(c.Name)
	}
	b.ids[c.Name] = id
	b.cands = append(b.cands, sources.Candidate{ID: id, Name: c.Name, Party: partyName(c.Party), Colour: partyColour(c.Party), Ran: true})
	return id
}

// partyName spells out FiveThirtyEight's party codes.
func partyName(code string) string {
	switch code {
	case "DEM":
		return "Democratic"
	case "REP":
		return "Republican"
	case "LIB":
		return "Libertarian"
	case "GRE":
		return "Green"
	case "IND":
		return "Independent"
	}
	return code
}

// partyColour is the conventional colour of a party: blue for the
// Democrats, red for the Republicans, grey otherwise.
func partyColour(code string) string {
	switch code {
	case "DEM":
		return "#1f5ba8"
	case "REP":
		return "#d0312d"
	}
	return "#8c8c8c"
}

// election is the election.json of the dataset: one round on the commonest
// election day of its races (the latest of equals), whose headline is the commonest pair of finishers; races
// dated or headlined otherwise say so.
func (b *builder) election() *sources.Election {
	var day string
	pairs, days := map[[2]string]int{}, map[string]int{}
	for _, key := range b.order {
		r := b.races[key]
		d := r.first.Election.Format(time.DateOnly)
		days[d]++
		if days[d] > days[day] || days[d] == days[day] && d > day {
			day = d
		}
		pairs[r.pair]++
	}
	var head [2]string
	for _, key := range b.order { // the commonest pair, the first met on a tie
		if r := b.races[key]; pairs[r.pair] > pairs[head] {
			head = r.pair
		}
	}
	e := &sources.Election{ID: b.o.ID, Name: b.o.Name, NameFr: b.o.NameFr, Candidates: b.cands, Pollsters: b.pollsters,
		Rounds: []sources.Round{{Number: 1, Date: day, BlackoutFrom: day, Headline: head[:],
			HeadlineReason: "The two leading finishers, the only candidates whose shares FiveThirtyEight's raw-polls.csv gives."}},
		Provenance: []string{
			fmt.Sprintf("Every %s poll question of %d in FiveThirtyEight's raw-polls.csv (%s; CC BY 4.0, credit FiveThirtyEight), imported by 'forecast import fivethirtyeight' (sources/fivethirtyeight): one race per location.", b.o.Type, b.o.Year, b.url),
			"The file holds the polls whose middle day of fieldwork fell in the last 21 days before the election, and gives that middle day only (field_mid), the two leading finishers' shares in the poll and in the election (results.csv gives shares, not counts), and a sample size that FiveThirtyEight imputed where none was published, without saying which.",
			"There is no publication blackout: blackout_from is election day."}}
	slices.SortStableFunc(e.Pollsters, func(x, y sources.Pollster) int { return cmp.Compare(x.ID, y.ID) })
	for _, key := range b.order {
		r := b.races[key]
		race := sources.Race{ID: r.id, Round: 1, Scope: scopeOf(r.first.Location), Code: r.id, Name: r.name(false), NameFr: r.nameFr(), Type: b.o.Type}
		if d := r.first.Election.Format(time.DateOnly); d != day {
			race.Date = d
		}
		if r.pair != head {
			race.Headline = r.pair[:]
		}
		e.Races = append(e.Races, race)
	}
	slices.SortStableFunc(e.Races, func(x, y sources.Race) int {
		return cmp.Or(cmp.Compare(scopeRank(x.Scope), scopeRank(y.Scope)), cmp.Compare(x.Name, y.Name))
	})
	return e
}

// result is one finisher's row of a race's result.
func (b *builder) result(r *raceOf, c Candidate) sources.Result {
	u := sources.Unknown
	return sources.Result{Round: 1, Scope: scopeOf(r.first.Location), Code: r.id, Name: r.name(false),
		Registered: u, Abstentions: u, Voters: u, Blank: u, Null: u, Expressed: u, Votes: u,
		Candidate: b.ids[c.Name], ShareOnly: true, Share: c.Actual, SourceURL: b.url}
}

// figures are a poll question's two rows.
func (b *builder) figures(p *Poll) []sources.Figure {
	id := "538-" + p.PollID
	hyp := ""
	if p.QuestionID != "" {
		id += "-" + p.QuestionID
		hyp = "FiveThirtyEight question " + p.QuestionID
	}
	var notes []string
	if p.Partisan != "" {
		notes = append(notes, "partisan sponsor: "+p.Partisan)
	}
	if !math.IsNaN(p.Cand3Poll) {
		notes = append(notes, fmt.Sprintf("best other candidate %v %%", p.Cand3Poll))
	}
	if p.Comment != "" {
		notes = append(notes, p.Comment)
	}
	pl := sources.Pollster{ID: sources.Slug(p.Pollster), Name: p.Pollster}
	f := sources.Figure{Snapshot: id, Round: 1, Race: b.races[p.RaceKey()].id, Family: sources.Poll, Source: pl.ID, SourceName: pl.Name,
		Series: pl.ID, Measure: sources.VoteShare, Forecast: true, FieldMid: p.PollDate.Format(time.DateOnly),
		NInterviewed: p.SampleSize, NExpressed: math.NaN(), Method: p.Methodology, Hypothesis: hyp,
		Description: "share of the respondents for each of the race's two leading finishers (FiveThirtyEight's cand1_pct, cand2_pct)",
		SampleNote:  "sample size as published, or imputed by FiveThirtyEight (which does not say which)",
		SourceURL:   b.url, Note: strings.Join(notes, "; ")}
	out := make([]sources.Figure, 2)
	for i, c := range []Candidate{p.Cand1, p.Cand2} {
		out[i] = f
		out[i].Candidate, out[i].CandidateRaw, out[i].Value = b.ids[c.Name], c.Name, c.Poll
	}
	return out
}

// scopeOf is the scope of a location: the nation ("US"), a state (two
// letters), or a district (Maine's and Nebraska's, "M1", "N2"; a House
// district, "ID-1").
func scopeOf(loc string) string {
	switch {
	case loc == "US":
		return sources.National
	case states[loc] != "":
		return sources.State
	}
	return sources.District
}

// scopeRank orders the races: the nation, the states, the districts.
func scopeRank(scope string) int { return slices.Index(sources.Scopes, scope) }

// placeName names a location for people, in French when french.
func placeName(loc string, french bool) string {
	if loc == "US" {
		return map[bool]string{false: "United States", true: "États-Unis"}[french]
	}
	if s := states[loc]; s != "" {
		if fr := statesFr[loc]; french && fr != "" {
			return fr
		}
		return s
	}
	district := func(state, n string) string {
		if french {
			return state + ", circonscription " + n
		}
		return state + "'s district " + n
	}
	if len(loc) == 2 && (loc[0] == 'M' || loc[0] == 'N') && loc[1] >= '1' && loc[1] <= '9' {
		return district(map[byte]string{'M': "Maine", 'N': "Nebraska"}[loc[0]], loc[1:])
	}
	if st, n, ok := strings.Cut(loc, "-"); ok && states[st] != "" {
		return district(placeName(st, french), n)
	}
	return loc
}

// statesFr are the French names of the states whose name is not the same
// in French.
var statesFr = map[string]string{
	"CA": "Californie", "DC": "District de Columbia", "FL": "Floride", "GA": "Géorgie", "HI": "Hawaï",
	"LA": "Louisiane", "NM": "Nouveau-Mexique", "NY": "État de New York", "NC": "Caroline du Nord",
	"ND": "Dakota du Nord", "PA": "Pennsylvanie", "SC": "Caroline du Sud", "SD": "Dakota du Sud",
	"VA": "Virginie", "WA": "État de Washington", "WV": "Virginie-Occidentale",
}

// states are the USPS codes of the states and the District of Columbia.
var states = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
	"CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
	"HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
	"KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
	"MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
	"NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
	"NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
	"OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
	"WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

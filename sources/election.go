package sources

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Election is the metadata of one election: what was voted on, when, by whom,
// and which candidates form the fair common ground for comparing forecasts.
type Election struct {
	ID   string `json:"id"`   // e.g. "fr-2017-presidential"
	Name string `json:"name"` // for people: "French presidential election, 2017"
	// NameFr is the name French charts and reports give the election where
	// Name is not French ("Élection présidentielle américaine, 2016");
	// empty: Name.
	NameFr     string      `json:"name_fr,omitempty"`
	Rounds     []Round     `json:"rounds"`
	Candidates []Candidate `json:"candidates"`
	// Pollsters maps the spellings of pollsters found in upstream files to one
	// display name and slug, so that "Ifop" and "Ifop-Fiducial" are one source.
	Pollsters []Pollster `json:"pollsters"`
	// Series gives the buzz and model series their display names
	// ("dentsu-media" is "Dentsu Consulting (media)"): their ids are slugs,
	// and a source may publish several series. Charts, tables and notes
	// name a series by it; CSV and JSON keep the ids.
	Series []SeriesName `json:"series,omitempty"`
	// Races are the contests of the election when a round has more than
	// one (the 2016 US presidential vote, nationally and in every state):
	// each forecast names its race, and each race has its result in
	// results.csv. Empty: each round is one race, the national result.
	Races []Race `json:"races,omitempty"`
	// Provenance says, in prose, where the dataset comes from and how it was built.
	Provenance []string `json:"provenance"`
	// View is set on the election of one race's dataset (Dataset.Race),
	// so that titles can name the race; it is not part of election.json.
	View *RaceView `json:"-"`
}

// RaceView says which race a one-race dataset is (Dataset.Race), and how
// many rounds the whole election has.
type RaceView struct {
	Race   Race
	Rounds int
}

// OneRound reports whether the election is decided in a single round (a
// race of such an election too): its titles need not say "round 1".
func (e *Election) OneRound() bool {
	if e.View != nil {
		return e.View.Rounds == 1
	}
	return len(e.Rounds) == 1
}

// RaceName names the race of a one-race dataset ("Wisconsin"), in French
// when french (Race.NameIn); "" for a whole election.
func (e *Election) RaceName(french bool) string {
	if e.View == nil {
		return ""
	}
	return e.View.Race.NameIn(french)
}

// NameIn is the race's name, in French when french and it has one.
func (r Race) NameIn(french bool) string {
	if french && r.NameFr != "" {
		return r.NameFr
	}
	return r.Name
}

// NameIn is the election's name, in French when french and it has one.
func (e *Election) NameIn(french bool) string {
	if french && e.NameFr != "" {
		return e.NameFr
	}
	return e.Name
}

// NoBlackout reports whether a round had no publication blackout before
// the vote: its blackout_from is election day.
func (r Round) NoBlackout() bool { return r.BlackoutFrom >= r.Date }

// Round is one round of voting.
type Round struct {
	Number int    `json:"round"`
	Date   string `json:"date"` // election day, YYYY-MM-DD
	// BlackoutFrom is the first day on which polls could no longer be
	// published (French law: from the Saturday before the vote, 00:00). A poll
	// whose fieldwork ended before it can be a final forecast (docs/METHODS.md §6).
	BlackoutFrom string `json:"blackout_from"`
	// Ballot lists the candidates on the ballot in this round, as the
	// official list of candidates names them. Importers that read several
	// hypotheses per poll use it to tell the hypothesis that happened from
	// those that did not; when results are loaded, the round's national
	// result must name exactly these candidates. Empty when not declared.
	Ballot []string `json:"ballot,omitempty"`
	// Headline is the candidate set declared as the fair common ground for
	// comparing sources in this round (docs/METHODS.md §1): every serious forecast
	// reported these candidates.
	Headline []string `json:"headline"`
	// HeadlineReason says why this set was chosen.
	HeadlineReason string `json:"headline_reason"`
}

// Race is one contest at one place and round: the French round 1
// nationally, the 2016 presidential vote in Wisconsin. Its result is the
// results.csv rows of its round, scope and code.
type Race struct {
	ID    string `json:"id"` // unique in the dataset, named by forecasts.csv's race column: "WI"
	Round int    `json:"round"`
	Scope string `json:"scope"` // scope of its result rows: national, state, district
	Code  string `json:"code"`  // unit code of its result rows: "WI"
	Name  string `json:"name"`  // for people: "Wisconsin"
	// NameFr is its name in French where it differs ("Caroline du Nord").
	NameFr string `json:"name_fr,omitempty"`
	// Date is the race's election day when it differs from its round's
	// (a dataset of races of several elections); empty: the round's.
	Date string `json:"date,omitempty"`
	// Headline is the race's candidate set when it differs from its
	// round's (races with other candidates); empty: the round's.
	Headline []string `json:"headline,omitempty"`
	// Type is the kind of contest in the source's terms ("Pres-G").
	Type string `json:"type,omitempty"`
}

// Candidate is a person on the ballot (or polled as if they were).
type Candidate struct {
	ID      string   `json:"id"`     // stable upper-case id: "MELENCHON", "LE_PEN"
	Name    string   `json:"name"`   // display name with accents: "Jean-Luc Mélenchon"
	Party   string   `json:"party"`  // party or movement at the time
	Colour  string   `json:"colour"` // conventional party colour, "#rrggbb"
	Aliases []string `json:"aliases,omitempty"`
	// Ran is false for people polled who were not on the ballot: their
	// figures are kept but never scored against the result.
	Ran bool `json:"ran"`
}

// Pollster is one polling organisation and the spellings it goes by.
type Pollster struct {
	ID      string   `json:"id"`   // slug: "ifop-fiducial"
	Name    string   `json:"name"` // display name: "Ifop-Fiducial"
	Aliases []string `json:"aliases,omitempty"`
}

// SeriesName is the display name of a series.
type SeriesName struct {
	ID   string `json:"id"`   // the series slug of forecasts.csv: "dentsu-media"
	Name string `json:"name"` // for readers: "Dentsu Consulting (media)"
	// NameFr is the name for French readers where it is not Name:
	// "Dentsu Consulting (médias)". Omitted when empty.
	NameFr string `json:"name_fr,omitempty"`
}

// SeriesName returns the display name of a series, or "" when election.json
// gives it none.
func (e *Election) SeriesName(id string) string { return e.seriesName(id).Name }

// SeriesNameFr returns the display name of a series for French readers:
// its French name, else its name; "" when election.json gives it none.
func (e *Election) SeriesNameFr(id string) string {
	s := e.seriesName(id)
	if s.NameFr != "" {
		return s.NameFr
	}
	return s.Name
}

func (e *Election) seriesName(id string) SeriesName {
	for _, s := range e.Series {
		if s.ID == id {
			return s
		}
	}
	return SeriesName{}
}

// ParseElection decodes election.json and checks it for consistency.
func ParseElection(file string, b []byte) (*Election, error) {
	if err := CheckJSONText(file, b); err != nil {
		return nil, err
	}
	var e Election
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, DataErrorf(file, 0, "not valid election metadata: %v", err)
	}
	if err := e.check(file); err != nil {
		return nil, err
	}
	return &e, nil
}

// MarshalElection encodes e as indented JSON with a final newline, writing
// "&", "<" and ">" as themselves ("Redfield & Wilton Strategies"). It is the
// inverse of ParseElection, byte for byte on files it wrote.
func MarshalElection(e *Election) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (e *Election) check(file string) error {
	var p Problems
	if e.ID == "" {
		p.Addf(file, 0, "election id is empty")
	}
	ids := map[string]bool{}
	ran := map[string]bool{}
	for _, c := range e.Candidates {
		if c.ID == "" || c.Name == "" {
			p.Addf(file, 0, "candidate %s has no id or name", Quote(c.ID+c.Name))
		}
		if ids[c.ID] {
			p.Addf(file, 0, "candidate id %s is listed twice", c.ID)
		}
		ids[c.ID] = true
		ran[c.ID] = c.Ran
	}
	for _, r := range e.Rounds {
		for _, d := range []string{r.Date, r.BlackoutFrom} {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				p.Addf(file, 0, "round %d: date %s is not YYYY-MM-DD", r.Number, Quote(d))
			}
		}
		for _, id := range r.Headline {
			if !ids[id] {
				p.Addf(file, 0, "round %d: headline candidate %s is not among the candidates", r.Number, id)
			}
		}
		for i, id := range r.Ballot {
			switch {
			case !ids[id]:
				p.Addf(file, 0, "round %d: ballot candidate %s is not among the candidates", r.Number, id)
			case !ran[id]:
				p.Addf(file, 0, "round %d: ballot candidate %s is marked as not having run (ran: false)", r.Number, id)
			case slices.Contains(r.Ballot[:i], id):
				p.Addf(file, 0, "round %d: ballot candidate %s is listed twice", r.Number, id)
			}
		}
	}
	e.checkRaces(file, ids, &p)
	series := map[string]bool{}
	for _, s := range e.Series {
		switch {
		case s.ID == "" || s.Name == "":
			p.Addf(file, 0, "series %s has no id or name", Quote(s.ID+s.Name))
		case series[s.ID]:
			p.Addf(file, 0, "series %s is named twice", s.ID)
		}
		series[s.ID] = true
	}
	if _, err := NewRegistry(e.Candidates); err != nil {
		p.Add(Errorf(file, 0, "%v", err))
	}
	return p.Err()
}

// checkRaces checks the declared races: unique ids and places, known
// rounds, scopes and candidates, real dates.
func (e *Election) checkRaces(file string, candidates map[string]bool, p *Problems) {
	ids := map[string]bool{}
	places := map[[3]string]string{}
	for _, r := range e.Races {
		place := [3]string{fmt.Sprint(r.Round), r.Scope, r.Code}
		switch {
		case r.ID == "" || r.Name == "" || r.Code == "":
			p.Addf(file, 0, "race %s has no id, name or code", Quote(r.ID+r.Name))
		case ids[r.ID]:
			p.Addf(file, 0, "race id %s is listed twice", r.ID)
		case !slices.Contains(Scopes, r.Scope):
			p.Addf(file, 0, "race %s: scope %s is not one of %v", r.ID, Quote(r.Scope), Scopes)
		case places[place] != "":
			p.Addf(file, 0, "races %s and %s have the same round, scope and code", places[place], r.ID)
		}
		ids[r.ID] = true
		places[place] = r.ID
		if _, err := e.Round(r.Round); err != nil {
			p.Addf(file, 0, "race %s: %v", r.ID, err)
		}
		if _, err := time.Parse(time.DateOnly, r.Date); r.Date != "" && err != nil {
			p.Addf(file, 0, "race %s: date %s is not YYYY-MM-DD", r.ID, Quote(r.Date))
		}
		for _, id := range r.Headline {
			if !candidates[id] {
				p.Addf(file, 0, "race %s: headline candidate %s is not among the candidates", r.ID, id)
			}
		}
	}
}

// Race returns the declared race with this id, or an error naming them.
func (e *Election) Race(id string) (Race, error) {
	for _, r := range e.Races {
		if r.ID == id {
			return r, nil
		}
	}
	var have []string
	for _, r := range e.Races {
		have = append(have, r.ID)
	}
	if len(have) == 0 {
		return Race{}, fmt.Errorf("election %s declares no races: each round is one national race", e.ID)
	}
	if len(have) > 12 {
		have = append(have[:12], "…")
	}
	return Race{}, fmt.Errorf("election %s has no race %s (races: %s)", e.ID, Quote(id), strings.Join(have, ", "))
}

// DefaultRace is the race commands use when none is named: the first
// national race declared. ok is false when the election declares no races
// or no national one.
func (e *Election) DefaultRace() (r Race, ok bool) {
	for _, r := range e.Races {
		if r.Scope == National {
			return r, true
		}
	}
	return Race{}, false
}

// Round returns round n, or an error naming the rounds there are.
func (e *Election) Round(n int) (Round, error) {
	for _, r := range e.Rounds {
		if r.Number == n {
			return r, nil
		}
	}
	var have []int
	for _, r := range e.Rounds {
		have = append(have, r.Number)
	}
	return Round{}, fmt.Errorf("election %s has no round %d (rounds: %v)", e.ID, n, have)
}

// Candidate returns the candidate with this id.
func (e *Election) Candidate(id string) (Candidate, bool) {
	i := slices.IndexFunc(e.Candidates, func(c Candidate) bool { return c.ID == id })
	if i < 0 {
		return Candidate{}, false
	}
	return e.Candidates[i], true
}

// PollsterByName resolves a pollster's spelling to its entry. Unknown names
// are returned as a new entry whose slug is derived from the name, so that a
// new pollster needs no code change; ok reports whether it was known. A nil
// election (not described yet) knows no pollster.
func (e *Election) PollsterByName(name string) (p Pollster, ok bool) {
	key := NameKey(name)
	if e == nil {
		return Pollster{ID: Slug(name), Name: name}, false
	}
	for _, p := range e.Pollsters {
		if NameKey(p.Name) == key || NameKey(p.ID) == key {
			return p, true
		}
		for _, a := range p.Aliases {
			if NameKey(a) == key {
				return p, true
			}
		}
	}
	return Pollster{ID: Slug(name), Name: name}, false
}

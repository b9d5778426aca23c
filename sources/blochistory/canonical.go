package blochistory

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"forecast/sources"
)

// SourceURL is the file as published at the commit vendored in
// data/upstream/pollsposition, recorded on every row.
const SourceURL = "https://github.com/pollsposition/data/blob/1051bd9f953601d0d403f6c41bcc2919a16d8c25/sondages/tour1_complet_unitedfl.csv"

// BlocNames are the blocs' names for people, in English.
var BlocNames = map[string]string{
	"farleft": "Far left", "left": "Left", "green": "Greens", "centerleft": "Centre left", "center": "Centre",
	"centerright": "Centre right", "right": "Right", "souverainistes": "Sovereigntists",
	"cpnt": "CPNT (hunting, fishing, nature, traditions)", "farright": "Far right", "other": "Other",
}

// blocColours are the blocs' conventional colours, from red on the left to
// dark blue on the far right.
var blocColours = map[string]string{
	"farleft": "#8b0000", "left": "#e4002b", "green": "#2e8b57", "centerleft": "#f08080", "center": "#ff8c00",
	"centerright": "#87ceeb", "right": "#0055a4", "souverainistes": "#6a5acd", "cpnt": "#8b7355",
	"farright": "#0d1f4d", "other": "#8c8c8c",
}

// BlocID is the candidate id a bloc has in the canonical dataset: "farleft" → "FARLEFT".
func BlocID(bloc string) string { return strings.ToUpper(bloc) }

// RaceID is the race id of an election of the file: its type and day,
// "president-2002-04-21".
func RaceID(typ, day string) string { return typ + "-" + day }

// typeNames name the election types for people.
var typeNames = map[string]string{
	"president": "Presidential election", "legislatives": "Legislative elections",
	"europeennes": "European elections", "regionales": "Regional elections",
}

// Dataset turns the file into one canonical dataset of many races: every
// election of the file is a race (its type and first-round day, Race.Date),
// the blocs are its candidates, its result row gives the result as shares
// (counts are not in the file: sources.Result.ShareOnly), and every poll is
// a snapshot of its race dated by the end of its fieldwork, one figure per
// bloc it gives. A race's headline is the blocs its result has. The seats
// rows, which are not votes, are left out and counted in left. Everything
// else is kept; Read has already refused what cannot be read.
func Dataset(f *File, sourceURL string) (d *sources.Dataset, left int, err error) {
	type race struct {
		sources.Race
		result *Row
	}
	var races []*race
	byID := map[string]*race{}
	var pollsters []sources.Pollster
	seen := map[string]bool{} // pollster names met
	for i := range f.Rows {
		r := &f.Rows[i]
		id := RaceID(r.Type, r.Election)
		rc := byID[id]
		if rc == nil {
			day, _ := time.Parse(time.DateOnly, r.Election)
			rc = &race{Race: sources.Race{ID: id, Round: 1, Scope: sources.National, Code: id, Date: r.Election, Type: r.Type,
				Name: fmt.Sprintf("%s, %d, first round", typeNames[r.Type], day.Year())}}
			byID[id] = rc
			races = append(races, rc)
		}
		switch r.Kind {
		case Result:
			rc.result = r
		case Seats:
			left++
		case Poll:
			if !seen[r.Pollster] {
				seen[r.Pollster] = true
				pollsters = append(pollsters, sources.Pollster{ID: sources.Slug(r.Pollster), Name: r.Pollster})
			}
		}
	}
	slices.SortStableFunc(races, func(a, b *race) int {
		return cmp.Or(cmp.Compare(slices.Index(Types, a.Type), slices.Index(Types, b.Type)), cmp.Compare(a.Date, b.Date))
	})
	slices.SortStableFunc(pollsters, func(a, b sources.Pollster) int { return cmp.Compare(a.ID, b.ID) })
	e := &sources.Election{ID: "fr-blocs-1965-2019", Name: "French elections by political bloc, 1965–2019 (pollsposition)",
		Pollsters: pollsters,
		Provenance: []string{
			fmt.Sprintf("pollsposition's tour1_complet_unitedfl.csv (%s; MIT), imported by 'forecast import pollsposition-history' (sources/blochistory): every election of the file is a race, dated by its first round, and the political blocs are its candidates.", sourceURL),
			"Results are the blocs' shares of the votes cast as the file gives them (no counts). Polls are dated by the file's date, the end of fieldwork; a bloc a poll did not report has no figure.",
			fmt.Sprintf("Left out: %d seats rows (seats won at the européennes: not votes).", left),
			"There is no publication blackout in the file: each race's blackout is its election day.",
		}}
	for _, b := range Blocs {
		e.Candidates = append(e.Candidates, sources.Candidate{ID: BlocID(b), Name: BlocNames[b], Party: "bloc " + b, Colour: blocColours[b], Ran: true})
	}
	d = &sources.Dataset{Election: e}
	last := ""
	for _, rc := range races {
		if rc.result == nil {
			continue // only seats: Read refuses polls without a result
		}
		for i, b := range Blocs {
			if v := rc.result.Shares[i]; !math.IsNaN(v) {
				rc.Headline = append(rc.Headline, BlocID(b))
				u := sources.Unknown
				d.Results = append(d.Results, sources.Result{Round: 1, Scope: rc.Scope, Code: rc.Code, Name: rc.Name,
					Registered: u, Abstentions: u, Voters: u, Blank: u, Null: u, Expressed: u, Votes: u,
					Candidate: BlocID(b), ShareOnly: true, Share: v, SourceURL: sourceURL})
			}
		}
		e.Races = append(e.Races, rc.Race)
		last = max(last, rc.Date)
	}
	e.Rounds = []sources.Round{{Number: 1, Date: last, BlackoutFrom: last, Headline: e.Races[0].Headline,
		HeadlineReason: "Each race's blocs are those its result gives (races[].headline where they differ from these)."}}
	for i := range e.Races { // say only what differs from the round
		r := &e.Races[i]
		if r.Date == last {
			r.Date = ""
		}
		if slices.Equal(r.Headline, e.Rounds[0].Headline) {
			r.Headline = nil
		}
	}
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.Kind != Poll {
			continue
		}
		n := math.NaN()
		if r.N > 0 {
			n = r.N
		}
		note := ""
		if !math.IsNaN(r.Undecided) {
			note = fmt.Sprintf("undecided %v %%", r.Undecided)
		}
		pl := sources.Pollster{ID: sources.Slug(r.Pollster), Name: r.Pollster}
		fig := sources.Figure{Snapshot: fmt.Sprintf("pp-%d", r.Line), Round: 1, Race: RaceID(r.Type, r.Election), Family: sources.Poll,
			Source: pl.ID, SourceName: pl.Name, Series: pl.ID, Measure: sources.VoteShare, Forecast: true, FieldEnd: r.Date,
			NInterviewed: n, NExpressed: math.NaN(), Description: "the bloc's share of the votes cast, summed over its candidates by pollsposition",
			SourceURL: sourceURL, Note: note}
		for i, b := range Blocs {
			if v := r.Shares[i]; !math.IsNaN(v) {
				fig.Candidate, fig.CandidateRaw, fig.Value = BlocID(b), "nb"+b, v
				d.Figures = append(d.Figures, fig)
			}
		}
	}
	if err := d.Check(); err != nil {
		return nil, left, err
	}
	return d, left, nil
}

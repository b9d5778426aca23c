package sources

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// racesMeta is a toy election of two races in one round: the nation and a
// state, the state dated like its round.
const racesMeta = `{"id":"toy","name":"Toy","rounds":[{"round":1,"date":"2020-11-03","blackout_from":"2020-11-03","headline":["A","B"],"headline_reason":"x"}],` +
	`"candidates":[{"id":"A","name":"Ann A","party":"","colour":"","ran":true},{"id":"B","name":"Bob B","party":"","colour":"","ran":true}],"pollsters":[],` +
	`"races":[{"id":"US","round":1,"scope":"national","code":"US","name":"United States"},{"id":"WI","round":1,"scope":"state","code":"WI","name":"Wisconsin"}],"provenance":[]}`

// racesResults gives both races' results as shares only.
const racesResults = "round,scope,code,name,registered,abstentions,voters,blank,null,expressed,candidate,votes,share,source_url\n" +
	"1,national,US,United States,,,,,,,A,,48.2,u\n1,national,US,United States,,,,,,,B,,46.1,u\n" +
	"1,state,WI,Wisconsin,,,,,,,B,,47.22,u\n1,state,WI,Wisconsin,,,,,,,A,,46.45,u\n"

// racesHeader is forecasts.csv with both optional columns.
const racesHeader = "snapshot,round,race,family,source,source_name,series,measure,forecast,published_date,published_time,field_start,field_end,field_mid,n_interviewed,n_expressed,method,population_base,rolling,hypothesis,sponsors,candidate,candidate_raw,value,flag,description,sample_note,source_url,note\n"

// racePoll is one figure of a poll of race race, its fieldwork's middle on mid.
func racePoll(id, race, mid, cand, v string) string {
	return id + ",1," + race + ",poll,x,X,x,vote_share,yes,,,,," + mid + ",800,,online,,,,," + cand + "," + cand + "," + v + ",,,,u,\n"
}

func racesFS(meta, results, figs string) fstest.MapFS {
	return fstest.MapFS{ElectionFile: {Data: []byte(meta)}, ResultsFile: {Data: []byte(results)}, ForecastsFile: {Data: []byte(figs)}}
}

// loadRaces loads the toy election with one poll in each race, and returns
// its forecasts.csv too.
func loadRaces(t *testing.T) (*Dataset, string) {
	t.Helper()
	figs := racesHeader + racePoll("p1", "US", "2020-10-30", "A", "50") + racePoll("p1", "US", "2020-10-30", "B", "44") +
		racePoll("p2", "WI", "2020-10-28", "A", "51") + racePoll("p2", "WI", "2020-10-28", "B", "43.5")
	d, err := Load(racesFS(racesMeta, racesResults, figs))
	if err != nil {
		t.Fatal(err)
	}
	return d, figs
}

// TestRacesRoundTrip: a dataset of races, with shares for results and the
// middle of fieldwork for dates, reads and writes back byte for byte; the
// optional columns are written because rows fill them.
func TestRacesRoundTrip(t *testing.T) {
	d, figs := loadRaces(t)
	files, err := d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files[ResultsFile]); got != racesResults {
		t.Errorf("results.csv does not round-trip:\n%s", got)
	}
	if got := string(files[ForecastsFile]); got != figs {
		t.Errorf("forecasts.csv does not round-trip:\n%s", got)
	}
	again, err := Load(racesFS(string(files[ElectionFile]), racesResults, figs))
	if err != nil {
		t.Fatal(err)
	}
	e2, _ := MarshalElection(again.Election)
	if !bytes.Equal(e2, files[ElectionFile]) {
		t.Errorf("election.json does not round-trip")
	}
	if r := d.Results[2]; r.Counted() || r.Share != 47.22 || r.Votes != Unknown || r.Expressed != Unknown {
		t.Errorf("a share row reads as %+v", r)
	}
	if day, ok := d.Figures[0].Date(); !ok || day.Format("2006-01-02") != "2020-10-30" {
		t.Errorf("a poll dated by the middle of its fieldwork has date %v, %v", day, ok)
	}
}

// TestRaceView: Dataset.Race keeps one race's figures and makes its result
// the national result of a one-round election.
func TestRaceView(t *testing.T) {
	d, _ := loadRaces(t)
	wi, err := d.Race("WI")
	if err != nil {
		t.Fatal(err)
	}
	if len(wi.Figures) != 2 || wi.Figures[0].Snapshot != "p2" || wi.Figures[0].Race != "" {
		t.Errorf("WI figures: %+v", wi.Figures)
	}
	if len(wi.Results) != 2 || wi.Results[0].Scope != National || wi.Results[0].Code != "WI" || wi.Results[0].Share != 47.22 {
		t.Errorf("WI results: %+v", wi.Results)
	}
	if len(wi.Election.Races) != 0 || len(wi.Election.Rounds) != 1 || wi.Election.Name != "Toy: Wisconsin" {
		t.Errorf("WI election: %+v", wi.Election)
	}
	if r, ok := d.Election.DefaultRace(); !ok || r.ID != "US" {
		t.Errorf("default race %v, %v", r, ok)
	}
	if _, err := d.Race("XX"); err == nil || !strings.Contains(err.Error(), "no race \"XX\" (races: US, WI)") {
		t.Errorf("unknown race: %v", err)
	}
	if err := d.Check(); err != nil {
		t.Errorf("the whole dataset no longer checks after a view: %v", err)
	}
}

// TestRacesBadInput: every inconsistency of races, shares and field_mid is
// refused with its file, line and reason.
func TestRacesBadInput(t *testing.T) {
	ok := racePoll("p1", "US", "2020-10-30", "A", "50") + racePoll("p1", "US", "2020-10-30", "B", "44")
	plain := strings.Replace(racesMeta, `"races":[{"id":"US","round":1,"scope":"national","code":"US","name":"United States"},{"id":"WI","round":1,"scope":"state","code":"WI","name":"Wisconsin"}],`, "", 1)
	for _, c := range []struct{ name, meta, results, figs, want string }{
		{"undeclared race", racesMeta, racesResults, racesHeader + racePoll("p", "OH", "2020-10-30", "A", "50"), `forecasts.csv:2: election toy has no race "OH" (races: US, WI)`},
		{"no race named", racesMeta, racesResults, racesHeader + racePoll("p", "", "2020-10-30", "A", "50"), "forecasts.csv:2: snapshot p names no race: election.json declares races"},
		{"race in a dataset without races", plain, racesResults, racesHeader + racePoll("p", "US", "2020-10-30", "A", "50"), `forecasts.csv:2: race "US": election.json declares no races`},
		{"race with no result", racesMeta, strings.Join(strings.SplitAfter(racesResults, "\n")[:3], ""), racesHeader + ok, "race WI (Wisconsin) has no result: no row of round 1, scope state, code WI"},
		{"poll after the race", racesMeta, racesResults, racesHeader + racePoll("p", "WI", "2020-11-04", "A", "50"), "forecasts.csv:2: poll p: fieldwork ends 2020-11-04, after round 1 (2020-11-03)"},
		{"share above 100", racesMeta, strings.Replace(racesResults, "48.2", "148.2", 1), racesHeader + ok, "results.csv:2: US: share 148.2 for A is outside 0–100"},
		{"shares add up above 100", racesMeta, strings.Replace(racesResults, "48.2", "58.2", 1), racesHeader + ok, "round 1, national US: shares add up to 104.30 %, above 100"},
		{"share with counts", racesMeta, strings.Replace(racesResults, "1,national,US,United States,,", "1,national,US,United States,100,", 1), racesHeader + ok, "a result given as a share (48.2 for A) has no counts"},
		{"counts missing", racesMeta, strings.Replace(racesResults, "A,,48.2", "A,,", 1), racesHeader + ok, "results.csv:2: US: a count is empty"},
		{"negative count", racesMeta, strings.Replace(racesResults, "A,,48.2", "A,-3,", 1), racesHeader + ok, `results.csv:2: column votes: "-3" is not a whole number of 0 or more`},
		{"field_mid outside fieldwork", racesMeta, racesResults, racesHeader + "p,1,US,poll,x,X,x,vote_share,yes,,,2020-10-01,2020-10-03,2020-10-05,800,,online,,,,,A,A,50,,,,u,\n", "middle of fieldwork 2020-10-05 is outside the fieldwork 2020-10-01–2020-10-03"},
		{"optional column out of place", racesMeta, racesResults, strings.Replace(racesHeader, "round,race", "race,round", 1) + ok, "forecasts.csv:1: unexpected header: want snapshot,round,race,"},
		{"race declared twice", strings.Replace(racesMeta, `"id":"WI"`, `"id":"US"`, 1), racesResults, racesHeader + ok, "race id US is listed twice"},
		{"race of no round", strings.Replace(racesMeta, `"id":"WI","round":1`, `"id":"WI","round":2`, 1), racesResults, racesHeader + ok, "race WI: election toy has no round 2"},
		{"race of an unknown scope", strings.Replace(racesMeta, `"scope":"state"`, `"scope":"county"`, 1), racesResults, racesHeader + ok, `race WI: scope "county" is not one of`},
	} {
		_, err := Load(racesFS(c.meta, c.results, c.figs))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: want %q, got %v", c.name, c.want, err)
		}
	}
}

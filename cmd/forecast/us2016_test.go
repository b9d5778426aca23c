package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// usElection is the embedded election of one round and many races.
const usElection = "us-2016-presidential"

// TestOneRoundTitles checks the first line of the text outputs on a race of
// an election of one round: the race is named, and no "round 1" is said of
// an election that has no round 2.
func TestOneRoundTitles(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"score", "--race", "WI"}, "US presidential election, 2016: Wisconsin: final forecasts (family all) scored against the official result"},
		{[]string{"score"}, "US presidential election, 2016: United States: final forecasts"},
		{[]string{"diagnose", "polls", "--race", "PA"}, "US presidential election, 2016: Pennsylvania: diagnostics of the quota polls"},
		{[]string{"diagnose", "buzz", "--race", "FL"}, "US presidential election, 2016: Florida: self-selection diagnostics"},
		{[]string{"diagnose", "tse", "--race", "WI", "--format", "csv"}, "group,polls,races,rmse,srs_rmse,coverage,mean_abs_bias,mean_sd\nus-2016-presidential WI,"},
	}
	for _, tc := range cases {
		args := append(tc.args, "--election", usElection)
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.HasPrefix(out, tc.want) {
			first, _, _ := strings.Cut(out, "\n")
			t.Errorf("%v: first line %q, want it to begin %q", args, first, tc.want)
		}
	}
}

// TestOneRoundConventions checks that the notes of score and diagnose on a
// round with no publication blackout and results as published say so, in
// terms that come from the data and hold outside France.
func TestOneRoundConventions(t *testing.T) {
	cases := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"score", "--race", "WI"},
			[]string{"fieldwork ended before the round's blackout_from, 2016-11-08, election day: there was no blackout;", "Official result: round 1 of us-2016-presidential (race WI, Wisconsin), shares as published (the source gives no counts)."},
			[]string{"in France", "Saturday"}},
		{[]string{"diagnose", "tse", "--race", "PA"},
			[]string{"the winner's share of the two leading candidates for the rounds or races of an election"},
			[]string{"French rounds"}},
		{[]string{"diagnose", "polls"},
			[]string{"Margin of error (the simple-random-sample formula that poll notices publish"},
			[]string{"French law"}},
	}
	for _, tc := range cases {
		args := append(tc.args, "--election", usElection)
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q", args, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(out, n) {
				t.Errorf("%v: output says %q", args, n)
			}
		}
	}
}

// TestSharesOnlyPopulation checks that the self-selection notes of a result
// given as shares say that N is unknown, rather than print NaN.
func TestSharesOnlyPopulation(t *testing.T) {
	code, out, errs := run(t, "diagnose", "buzz", "--election", usElection)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "NaN") || !strings.Contains(out, "N = the expressed votes, unknown here (the result gives shares, not votes: ρ is undefined)") {
		t.Errorf("the notes do not say N is unknown:\n%s", out[strings.Index(out, "Conventions:"):])
	}
}

// TestTooFewPollsForHouseEffects checks a race with too few polls for a
// poll average (Illinois: 4): the house-effects table says why it has no
// row rather than that no pollster differed, the chart says why it cannot
// be drawn, in the language of the chart, and the left-out average names
// its candidate once.
func TestTooFewPollsForHouseEffects(t *testing.T) {
	const why = "they are measured from the poll average, and it could not be estimated (4 polls: at least 5 are needed to estimate the average's variances)"
	code, out, errs := run(t, "diagnose", "polls", "--election", usElection, "--race", "IL", "--table", "house_effects")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "- Donald Trump: no house effect measured: "+why+".") || strings.Contains(out, "no pollster differed") {
		t.Errorf("the house-effects summary does not say why it is empty:\n%s", out)
	}
	_, out, _ = run(t, "diagnose", "polls", "--election", usElection, "--race", "IL", "--table", "average_fit")
	if !strings.Contains(out, "\nCLINTON: 4 polls: at least 5") {
		t.Errorf("the left-out averages do not name their candidate once:\n%s", out)
	}
	for lang, want := range map[string]string{
		"en": "no house effect could be measured: they are measured from the poll average, which needs at least 5 polls, and there are 4",
		"fr": "aucun effet maison n’a pu être mesuré\u00a0: ils se mesurent par rapport à la moyenne des sondages, qui en demande au moins 5, et il n’y en a que 4",
	} {
		code, _, errs = run(t, "chart", "house-effects", "--election", usElection, "--race", "IL", "--lang", lang, "--out", "-")
		if code != 2 || !strings.Contains(errs, want) {
			t.Errorf("chart house-effects (%s): exit %d, %q", lang, code, errs)
		}
	}
}

// TestJSONNamesRace checks that the JSON of score and diagnose on one race
// of an election of several names the race beside the election, and that
// of a whole election none.
func TestJSONNamesRace(t *testing.T) {
	for _, tc := range []struct {
		args []string
		race any
	}{
		{[]string{"score", "--election", usElection, "--race", "FL"}, "FL"},
		{[]string{"diagnose", "polls", "--election", usElection}, "US"},
		{[]string{"score"}, nil},
	} {
		code, out, errs := run(t, append(tc.args, "--format", "json")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc["race"] != tc.race {
			t.Errorf("%v: race %v, want %v", tc.args, doc["race"], tc.race)
		}
	}
}

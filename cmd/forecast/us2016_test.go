package main

import (
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

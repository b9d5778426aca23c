package proclamation_test

import (
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/ministere"
	"forecast/sources/proclamation"
	"forecast/sources/sourcestest"
)

// TestDepartementsAddUpToProclamation reads the Ministry's département files
// of both rounds and the proclamation, and checks with
// sources.CheckResultTotals that the départements add up exactly to the
// proclaimed national counts — and that one vote moved in one département is
// caught.
func TestDepartementsAddUpToProclamation(t *testing.T) {
	for _, c := range []struct {
		year        string
		e           *sources.Election
		t1, t2, nat string
	}{
		{"2017", sourcestest.Election2017(t),
			"ministere/Presidentielle_2017_Resultats_Tour_1_departements.csv",
			"ministere/Presidentielle_2017_Resultats_Tour_2_departements.csv",
			"research/fr2017/results_national.csv"},
		{"2022", nil, // not described yet: both readers make the same ids (MACRON, LE_PEN, PECRESSE…)
			"ministere/resultats-par-niveau-dpt-t1-france-entiere-2022.csv",
			"ministere/resultats-par-niveau-dpt-t2-france-entiere-2022.csv",
			"research/fr2022/results_national.csv"},
	} {
		t.Run(c.year, func(t *testing.T) {
			var rs []sources.Result
			for _, f := range []string{c.t1, c.t2} {
				path, b := upstreamFile(t, f)
				im, err := ministere.Read(path, b, c.e, ministere.Options{})
				if err != nil {
					t.Fatal(err)
				}
				rs = append(rs, im.Results...)
			}
			path, b := upstreamFile(t, c.nat)
			im, err := proclamation.Read(path, b, c.e)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, im.Results...)
			for _, round := range []int{1, 2} {
				for _, scope := range []string{sources.National, sources.Department} {
					if !slices.ContainsFunc(rs, func(r sources.Result) bool { return r.Round == round && r.Scope == scope }) {
						t.Fatalf("no %s result for round %d: the check would compare nothing", scope, round)
					}
				}
			}
			if errs := sources.CheckResultTotals(rs); len(errs) != 0 {
				t.Fatalf("the départements do not add up to the proclamation:\n%v", errs)
			}

			// One more vote for Macron in one département of round 1.
			i := slices.IndexFunc(rs, func(r sources.Result) bool {
				return r.Round == 1 && r.Scope == sources.Department && r.Candidate == "MACRON"
			})
			rs[i].Votes++
			var msgs []string
			for _, err := range sources.CheckResultTotals(rs) {
				msgs = append(msgs, err.Error())
			}
			want := "round 1: départements give MACRON " // …N+1 votes, the national result N
			if !slices.ContainsFunc(msgs, func(m string) bool { return strings.HasPrefix(m, want) }) {
				t.Errorf("one vote moved in %s was not caught: %q", rs[i].Code, msgs)
			}
		})
	}
}

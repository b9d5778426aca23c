package quota

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"forecast/scoring"
)

// TestJointHerdingMatchesR compares the joint herding test of the 2017
// final first-round polls (headline candidates and Others) with R's
// chisq.test on the same counts (testdata/herding_joint_r1.R, its output
// committed beside it), and checks that R was given the polls and sizes
// Diagnose uses; and the Holm-adjusted per-candidate p-values with Holm
// applied by hand to the per-candidate p-values.
func TestJointHerdingMatchesR(t *testing.T) {
	f, err := os.Open("testdata/herding_joint_r1.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, polls := map[string]float64{}, map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 3 && fields[0] == "poll":
			polls[fields[1]], err = strconv.ParseFloat(fields[2], 64)
		case len(fields) == 2:
			want[fields[0]], err = strconv.ParseFloat(fields[1], 64)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	dg, err := Diagnose(load(t), Options{Round: 1, At: "final", Candidates: scoring.CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	j := dg.Joint
	if strings.Join(j.IDs, " ") != "MACRON LE_PEN FILLON MELENCHON OTHERS" || j.Categories != 5 || len(j.Snapshots) != len(polls) {
		t.Fatalf("joint test over %v (%d categories), polls %v; R had %v", j.IDs, j.Categories, j.Snapshots, polls)
	}
	for _, p := range dg.Polls {
		if p.Final && polls[p.Snapshot.Snapshot] != p.N {
			t.Errorf("final poll %s, n %v: R had n %v", p.Snapshot.Snapshot, p.N, polls[p.Snapshot.Snapshot])
		}
	}
	for name, got := range map[string]float64{"x2": j.X2, "df": float64(j.DF), "p_lower": j.PLower, "p_upper": j.PUpper} {
		if w, ok := want[name]; !ok || !near(got, w, 1e-9*max(1, math.Abs(w))) {
			t.Errorf("%s = %.17g, R %.17g", name, got, w)
		}
	}
	// Holm by hand on the sorted lower-tail p: Macron 0.036 × 4, then
	// max(that, Mélenchon 0.042 × 3), max(that, Le Pen 0.065 × 2), Fillon × 1.
	by := map[string]HerdingRow{}
	for _, h := range dg.Herding {
		by[h.Candidate] = h
	}
	m, mel, lp, fi := by["MACRON"], by["MELENCHON"], by["LE_PEN"], by["FILLON"]
	first := 4 * m.PLower
	for name, c := range map[string][2]float64{
		"MACRON": {m.PLowerHolm, first}, "MELENCHON": {mel.PLowerHolm, max(first, 3*mel.PLower)},
		"LE_PEN": {lp.PLowerHolm, max(first, 3*mel.PLower, 2*lp.PLower)}, "FILLON": {fi.PLowerHolm, max(first, 3*mel.PLower, 2*lp.PLower, fi.PLower)},
	} {
		if !near(c[0], c[1], 1e-15) {
			t.Errorf("%s p_lower_holm = %v, want %v", name, c[0], c[1])
		}
	}
	if j.PLower >= m.PLower {
		t.Errorf("joint lower-tail p %v not below the smallest per-candidate p %v", j.PLower, m.PLower)
	}
}

package scoring

import (
	"math"
	"strings"
	"testing"

	"forecast/sources"
)

// A small made-up election: three candidates, two rounds.
func toyElection() *sources.Election {
	return &sources.Election{
		ID: "toy", Name: "Toy election",
		Rounds: []sources.Round{
			{Number: 1, Date: "2020-04-12", BlackoutFrom: "2020-04-11", Headline: []string{"A", "B"}},
			{Number: 2, Date: "2020-04-26", BlackoutFrom: "2020-04-25", Headline: []string{"A", "B"}},
		},
		Candidates: []sources.Candidate{{ID: "A", Name: "Ann A"}, {ID: "B", Name: "Bob B"}, {ID: "C", Name: "Cy C"}},
	}
}

func toyResults() []sources.Result {
	r := func(round int, c string, v int64) sources.Result {
		return sources.Result{Round: round, Scope: sources.National, Code: "FR", Registered: 1000, Abstentions: 0,
			Voters: 1000, Expressed: 1000, Candidate: c, Votes: v}
	}
	return []sources.Result{r(1, "A", 500), r(1, "B", 300), r(1, "C", 200), r(2, "A", 600), r(2, "B", 400)}
}

// fig makes the figures of one snapshot; values are given per candidate.
func fig(id string, family sources.Family, m sources.Measure, source, published, fieldStart, fieldEnd string, n float64, vals map[string]float64) []sources.Figure {
	var out []sources.Figure
	for _, c := range []string{"A", "B", "C"} {
		v, ok := vals[c]
		if !ok {
			continue
		}
		out = append(out, sources.Figure{Snapshot: id, Round: 1, Family: family, Measure: m, Source: source, Series: source,
			Forecast: true, Published: published, FieldStart: fieldStart, FieldEnd: fieldEnd,
			NInterviewed: math.NaN(), NExpressed: n, Candidate: c, Value: v})
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 || (math.IsNaN(a) && math.IsNaN(b)) }

func TestScoreSnapshotSharesWithOthers(t *testing.T) {
	e := toyElection()
	out, err := NationalOutcome(toyResults(), e, 1)
	if err != nil {
		t.Fatal(err)
	}
	snaps := Snapshots(fig("p", sources.Poll, sources.VoteShare, "x", "", "2020-04-01", "2020-04-02", 1000, map[string]float64{"A": 45, "B": 35, "C": 20}))
	r := ScoreSnapshot(e, &snaps[0], []string{"A", "B"}, out, false)
	// By hand: errors −5 and +5; Others 20 on both sides.
	aA := math.Log((0.45 / 0.55) / (0.5 / 0.5))
	aB := math.Log((0.35 / 0.65) / (0.3 / 0.7))
	for name, c := range map[string][2]float64{
		"mae": {r.MAE, 5}, "rmse": {r.RMSE, 5}, "max": {r.MaxAbsError, 5}, "margin": {r.MarginError, (45 - 35) - (50 - 30)},
		"winner": {r.WinnerOK, 1}, "top2": {r.Top2OK, 1}, "tau": {r.KendallTau, 1},
		"B": {r.B, (math.Abs(aA) + math.Abs(aB) + 0) / 3}, "Bw": {r.Bw, 0.5*math.Abs(aA) + 0.3*math.Abs(aB)},
	} {
		if !near(c[0], c[1]) {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
	if !r.Others || r.DF != 2 || len(r.Detail) != 3 || r.Detail[2].Candidate != OthersID || r.K != 2 || r.NBasis != "expressed" {
		t.Errorf("Others category: %+v", r)
	}
	// Pearson χ² by hand: O = p·n, E = q·n.
	chi := math.Pow(450-500, 2)/500 + math.Pow(350-300, 2)/300 + 0
	if !near(r.Chi2, chi) {
		t.Errorf("chi2 = %v, want %v", r.Chi2, chi)
	}
}

func TestScoreSnapshotMeasures(t *testing.T) {
	e := toyElection()
	out, _ := NationalOutcome(toyResults(), e, 1)
	score := func(m sources.Measure, vals map[string]float64, set []string) Row {
		s := Snapshots(fig("s", sources.Buzz, m, "b", "2020-04-10", "", "", math.NaN(), vals))
		return ScoreSnapshot(e, &s[0], set, out, false)
	}
	// Volumes become shares of the set: 600/1000 and 400/1000 against 500/800 and 300/800.
	r := score(sources.Volume, map[string]float64{"A": 600, "B": 400}, []string{"A", "B"})
	if !near(r.MAE, math.Abs(60-62.5)) || r.Others || !math.IsNaN(r.Chi2) || !strings.Contains(strings.Join(r.Reasons, ";"), "no sample size") {
		t.Errorf("volume: mae %v, others %v, chi2 %v, reasons %v", r.MAE, r.Others, r.Chi2, r.Reasons)
	}
	// Approval: order measures only. B leads: wrong winner; τ-b = −1 over two candidates.
	r = score(sources.Approval, map[string]float64{"A": 30, "B": 55}, []string{"A", "B"})
	if !math.IsNaN(r.MAE) || !math.IsNaN(r.B) || r.WinnerOK != 0 || r.KendallTau != -1 {
		t.Errorf("approval: %+v", r)
	}
	// Rank: smaller is better.
	r = score(sources.Rank, map[string]float64{"A": 1, "B": 2, "C": 3}, []string{"A", "B", "C"})
	if r.WinnerOK != 1 || r.Top2OK != 1 || r.KendallTau != 1 {
		t.Errorf("rank: winner %v top2 %v tau %v", r.WinnerOK, r.Top2OK, r.KendallTau)
	}
	// A snapshot without a candidate of the set is not scored, and says why.
	r = score(sources.VoteShare, map[string]float64{"A": 50}, []string{"A", "B"})
	if !math.IsNaN(r.MAE) || !math.IsNaN(r.WinnerOK) || !strings.Contains(r.Reasons[0], "does not report B") {
		t.Errorf("missing candidate: %+v", r)
	}
	// A zero that stands for "below 0.5 %" keeps A' undefined, with the reason.
	s := Snapshots(fig("z", sources.Poll, sources.VoteShare, "p", "", "2020-04-01", "2020-04-02", 900, map[string]float64{"A": 60, "B": 40, "C": 0}))
	s[0].Flags["C"] = sources.FlagBelowHalf
	r = ScoreSnapshot(e, &s[0], nil, out, false)
	if !math.IsNaN(r.B) || !near(r.MAE, (10+10+20)/3.0) || !strings.Contains(strings.Join(r.Reasons, ";"), "below 0.5 %") {
		t.Errorf("flagged zero: %+v", r)
	}
}

func TestFinalSnapshots(t *testing.T) {
	e := toyElection()
	var figs []sources.Figure
	add := func(f []sources.Figure) { figs = append(figs, f...) }
	v := map[string]float64{"A": 50, "B": 30, "C": 20}
	add(fig("p-early", sources.Poll, sources.VoteShare, "pol", "", "2020-04-01", "2020-04-03", 1000, v))
	add(fig("p-final", sources.Poll, sources.VoteShare, "pol", "", "2020-04-08", "2020-04-10", 1000, v))
	add(fig("p-blackout", sources.Poll, sources.VoteShare, "pol", "", "2020-04-10", "2020-04-11", 1000, v)) // ends on the blackout day
	add(fig("b-day", sources.Buzz, sources.WeightShare, "buz", "2020-04-10", "", "", math.NaN(), v))
	timed := fig("b-night", sources.Buzz, sources.WeightShare, "buz", "2020-04-10", "", "", math.NaN(), v)
	for i := range timed {
		timed[i].PublishedTime = "23:50"
	}
	add(timed)
	add(fig("b-undated", sources.Buzz, sources.WeightShare, "buz", "", "", "", math.NaN(), v))
	add(fig("solo-undated", sources.Buzz, sources.VoteShare, "solo", "", "", "", math.NaN(), v))
	add(fig("eday", sources.Buzz, sources.VoteShare, "late", "2020-04-12", "", "", math.NaN(), v))
	notForecast := fig("nf", sources.Buzz, sources.VoteShare, "nf", "2020-04-05", "", "", math.NaN(), v)
	for i := range notForecast {
		notForecast[i].Forecast = false
	}
	add(notForecast)
	d := &sources.Dataset{Election: e, Results: toyResults(), Figures: figs}

	ids := func(lb *Leaderboard) map[string]bool {
		m := map[string]bool{}
		for _, r := range lb.Rows {
			m[r.Snapshot] = true
		}
		return m
	}
	lb, err := Score(d, Options{Round: 1, At: "final", Candidates: CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(lb)
	if len(got) != 3 || !got["p-final"] || !got["b-night"] || !got["solo-undated"] {
		t.Errorf("final snapshots: %v", got)
	}
	reasons := map[string]string{}
	for _, l := range lb.LeftOut {
		reasons[l.Snapshot] = l.Reason
	}
	for id, want := range map[string]string{
		"p-early": "superseded by p-final", "p-blackout": "during the blackout", "b-day": "superseded by b-night",
		"b-undated": "publication day unknown", "eday": "on or after election day", "nf": "not a forecast",
	} {
		if !strings.Contains(reasons[id], want) {
			t.Errorf("%s left out because %q, want %q", id, reasons[id], want)
		}
	}
	lb, _ = Score(d, Options{Round: 1, At: "2020-04-05", Candidates: CandidateSet{Kind: "headline"}})
	if got := ids(lb); len(got) != 1 || !got["p-early"] {
		t.Errorf("as of 5 April: %v", got)
	}
	lb, _ = Score(d, Options{Round: 1, At: "all", Candidates: CandidateSet{Kind: "headline"}})
	if got := ids(lb); len(got) != 8 || got["nf"] {
		t.Errorf("all: %v", got)
	}
}

func TestHypotheticalRunOffIsNotFinal(t *testing.T) {
	e := toyElection()
	v := map[string]float64{"A": 55, "B": 45}
	early := fig("hyp", sources.Poll, sources.VoteShare, "pol", "", "2020-03-01", "2020-03-02", 1000, v)
	late := fig("real", sources.Poll, sources.VoteShare, "pol", "", "2020-04-14", "2020-04-15", 1000, v)
	figs := append(early, late...)
	for i := range figs {
		figs[i].Round = 2
	}
	lb, err := Score(&sources.Dataset{Election: e, Results: toyResults(), Figures: figs[:2]}, Options{Round: 2, At: "final", Candidates: CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lb.Rows) != 0 || !strings.Contains(lb.LeftOut[0].Reason, "hypothetical run-off") {
		t.Errorf("a run-off poll fielded before round 1 must not be final: %+v", lb)
	}
	lb, _ = Score(&sources.Dataset{Election: e, Results: toyResults(), Figures: figs}, Options{Round: 2, At: "final", Candidates: CandidateSet{Kind: "headline"}})
	if len(lb.Rows) != 1 || lb.Rows[0].Snapshot != "real" || !math.IsNaN(lb.Rows[0].Top2OK) {
		t.Errorf("run-off: %+v", lb.Rows)
	}
}

func TestCandidateSets(t *testing.T) {
	e := toyElection()
	v := map[string]float64{"A": 50, "B": 30, "C": 20}
	figs := append(fig("p", sources.Poll, sources.VoteShare, "pol", "", "2020-04-01", "2020-04-02", 1000, v),
		fig("q", sources.Buzz, sources.VoteShare, "buz", "2020-04-01", "", "", math.NaN(), map[string]float64{"A": 40, "C": 30})...)
	d := &sources.Dataset{Election: e, Results: toyResults(), Figures: figs}
	for flag, want := range map[string]string{"headline": "A,B", "top3": "A,B,C", "top2": "A,B", "C,A": "C,A", "common": "A,C"} {
		cs, err := ParseCandidateSet(flag)
		if err != nil {
			t.Fatal(err)
		}
		lb, err := Score(d, Options{Round: 1, At: "final", Candidates: cs})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(lb.Set, ","); got != want {
			t.Errorf("--candidates %s: %s, want %s", flag, got, want)
		}
	}
	for _, bad := range []string{"top1", "topx", "A", "A,,B"} {
		if _, err := ParseCandidateSet(bad); err == nil {
			t.Errorf("--candidates %s: want an error", bad)
		}
	}
}

func TestTieBrokenByIDIsSaid(t *testing.T) {
	e := toyElection()
	v := map[string]float64{"A": 50, "B": 30, "C": 20}
	figs := append(fig("pol-a", sources.Poll, sources.VoteShare, "pol", "", "2020-04-09", "2020-04-10", 1000, v),
		fig("pol-b", sources.Poll, sources.VoteShare, "pol", "", "2020-04-09", "2020-04-10", 1000, v)...)
	lb, err := Score(&sources.Dataset{Election: e, Results: toyResults(), Figures: figs}, Options{Round: 1, At: "final", Candidates: CandidateSet{Kind: "headline"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lb.Rows) != 1 || lb.Rows[0].Snapshot != "pol-b" || !strings.Contains(strings.Join(lb.Rows[0].Reasons, ";"), "as recent as pol-a") {
		t.Errorf("a tie broken by id must be said: %+v", lb.Rows)
	}
}

// TestSameDayLargerSampleIsFinal: two same-day polls of one series, with
// nothing but their sizes to tell them apart: the larger sample is final,
// whatever the ids, and no tie is reported.
func TestSameDayLargerSampleIsFinal(t *testing.T) {
	e := toyElection()
	v := map[string]float64{"A": 50, "B": 30, "C": 20}
	for _, c := range []struct{ na, nb float64 }{{7549, 928}, {928, 7549}} {
		figs := append(fig("pol-a", sources.Poll, sources.VoteShare, "pol", "", "2020-04-10", "2020-04-10", c.na, v),
			fig("pol-b", sources.Poll, sources.VoteShare, "pol", "", "2020-04-10", "2020-04-10", c.nb, v)...)
		lb, err := Score(&sources.Dataset{Election: e, Results: toyResults(), Figures: figs}, Options{Round: 1, At: "final", Candidates: CandidateSet{Kind: "headline"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(lb.Rows) != 1 || lb.Rows[0].N != 7549 || len(lb.Rows[0].Reasons) != 0 {
			t.Errorf("n %g and %g: final %+v, want the 7549 sample with no tie note", c.na, c.nb, lb.Rows)
		}
	}
}

package reports

import (
	"fmt"
	"strings"

	"forecast/scoring"
	"forecast/scoring/races"
)

// RacesColumns and RacesSummaryColumns are the columns of the races and
// summary tables of 'forecast diagnose races', the documented interface.
var (
	RacesColumns = []Column{{"race", Text}, {"scope", Text}, {"a", Text}, {"b", Text}, {"polls", Integer}, {"pollsters", Integer},
		{"result_margin", Signed2}, {"winner", Text}, {"average_margin", Signed2},
		{"bias", Signed2}, {"bias_se", Fixed2}, {"bias_lo", Signed2}, {"bias_hi", Signed2}, {"mean_abs_error", Fixed2},
		{"wrong_winner_polls", Fixed2}, {"average_wrong_winner", YesNo},
		{"final_polls", Integer}, {"final_bias", Signed2}, {"final_mean_abs_error", Fixed2}, {"final_wrong_winner_polls", Fixed2}}
	RacesSummaryColumns = []Column{{"group", Text}, {"scopes", Text}, {"races", Integer}, {"polls", Integer}, {"mean_abs_error", Fixed2},
		{"bias", Signed2}, {"bias_se", Fixed2}, {"bias_lo", Signed2}, {"bias_hi", Signed2}, {"se_cluster", Text},
		{"race_bias", Signed2}, {"race_bias_se", Fixed2}, {"race_bias_lo", Signed2}, {"race_bias_hi", Signed2},
		{"races_favouring_a", Integer}, {"wrong_winner_races", Integer}, {"wrong_winner_race_ids", Text}, {"wrong_winner_polls", Fixed2}}
)

// RaceDiagnostics lays out the races of a dataset side by side (`forecast
// diagnose races`): one row per race, the summary of the national against
// the state and district races, and the long table of every poll.
func RaceDiagnostics(a *races.Analysis) *Diagnostics {
	e := a.Election
	d := &Diagnostics{Election: e, Title: e.Name + ": the races side by side, error and bias of the polls on the margin, wrong winners"}
	t := Table{Name: "races", Title: "Each race's polls on the margin between its two headline candidates A and B, points", Columns: RacesColumns}
	for _, r := range a.Races {
		t.Rows = append(t.Rows, []any{r.ID, r.Scope, r.A, r.B, r.Polls, r.Pollsters, r.ResultMargin, r.Winner, r.AverageMargin,
			r.Bias, r.BiasSE, r.BiasLo, r.BiasHi, r.MeanError, r.WrongPolls, r.AverageWrong,
			r.FinalPolls, r.FinalBias, r.FinalMeanError, r.FinalWrongPolls})
	}
	s := Table{Name: "summary", Title: "The national race against the state and district races, points", Columns: RacesSummaryColumns}
	toward := "A"
	if a.A != "" {
		toward = candidateName(e, a.A)
	}
	for _, x := range a.Summary {
		s.Rows = append(s.Rows, []any{x.Group, strings.Join(x.Scopes, " "), x.Races, x.Polls, x.MeanError,
			x.Bias, x.BiasSE, x.BiasLo, x.BiasHi, x.SECluster, x.RaceBias, x.RaceBiasSE, x.RaceBiasLo, x.RaceBiasHi,
			x.FavouredA, len(x.WrongRaces), strings.Join(x.WrongRaces, " "), x.WrongPolls})
		s.Summary = append(s.Summary, racesSentence(x, toward))
	}
	p := Table{Name: "polls", Title: "Every poll of every race, points", Long: true,
		Columns: []Column{{"race", Text}, {"snapshot", Text}, {"source", Text}, {"date", Text}, {"n", Fixed0}, {"final", YesNo},
			{"a_share", Fixed2}, {"b_share", Fixed2}, {"margin", Signed2}, {"error", Fixed2}, {"bias", Signed2}, {"call", Fixed3}}}
	for _, x := range a.Polls {
		p.Rows = append(p.Rows, []any{x.Race, x.Snapshot, x.Source, x.Date, x.N, x.Final, x.A, x.B, x.Margin, x.Error, x.Bias, x.Call})
	}
	for _, x := range a.Excluded {
		d.LeftOut = append(d.LeftOut, scoring.LeftOut{Snapshot: x.Snapshot, Kind: "not scored", Reason: fmt.Sprintf("race %s, line %d: %s", x.Race, x.Line, x.Reason)})
	}
	d.Tables = []Table{t, s, p}
	d.Conventions = []string{
		"A and B are each race's two headline candidates in the order election.json declares them (the race's headline, else its round's). Margins are A − B in points; bias = poll margin − result margin, signed toward A (positive: the polls favoured A); error = |bias|, FiveThirtyEight's simple error (docs/METHODS.md §14, §17).",
		"Every poll forecast of a race counts once (polls, average_margin, bias, mean_abs_error, wrong_winner_polls); the final_* columns take each pollster's final poll in the race, as 'forecast score' picks it (docs/METHODS.md §6). average_margin is the mean of the polls' margins, the poll average's.",
		"wrong_winner_polls: polls whose leader of A and B lost, a poll with A and B tied counting half (scoring.WinnerOK, FiveThirtyEight's rightcall; a third candidate leading the poll is not seen: the canonical data hold the two finishers' shares). average_wrong_winner: the poll average named the loser.",
		"Uncertainty: a race's bias_se is clustered by pollster (CR1, Cameron & Miller 2015) and its interval uses Student's t on pollsters − 1 df; undefined with one pollster. Summary, per poll (each poll weighs the same): bias_se clustered by race (polls of one race share its surprise), or by pollster in a group of one race (se_cluster); per race (each race's poll average weighs the same): race_bias_se = sd/√races. Intervals: 95 %, t on clusters − 1 df.",
	}
	return d
}

// racesSentence says what a summary row found, in plain words.
func racesSentence(x races.Summary, toward string) string {
	what := map[string]string{races.National: "The national race", races.Subnational: "The " + strings.Join(x.Scopes, " and ") + " races", races.All: "All races"}[x.Group]
	n := "1 race"
	if x.Races != 1 {
		n = fmt.Sprintf("%d races", x.Races)
	}
	s := fmt.Sprintf("%s: %s of %s erred by %s points on the margin on average and favoured %s by %s points (95 %% interval %s to %s, clustered by %s)",
		what, polls(x.Polls), n, fixed(x.MeanError, 1), toward, fixed(x.Bias, 1), fixed(x.BiasLo, 1), fixed(x.BiasHi, 1), x.SECluster)
	if x.Races > 1 {
		s += fmt.Sprintf("; race by race, the poll averages favoured %s in %d of %d, by %s points on average (%s to %s)",
			toward, x.FavouredA, x.Races, fixed(x.RaceBias, 1), fixed(x.RaceBiasLo, 1), fixed(x.RaceBiasHi, 1))
	}
	switch len(x.WrongRaces) {
	case 0:
		s += ". No poll average named the wrong winner"
	default:
		s += fmt.Sprintf(". The poll average named the wrong winner in %d: %s", len(x.WrongRaces), strings.Join(x.WrongRaces, ", "))
	}
	return s + fmt.Sprintf("; %s polls had the wrong winner (a tie counts half).", fixed(x.WrongPolls, 1))
}

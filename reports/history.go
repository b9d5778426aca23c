package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"forecast/scoring/history"
	"forecast/sources"
)

// HistoryDiagnostics lays out the polling error of many elections
// (`forecast history`): one row per election, and the long tables of its
// blocs and pollsters. file names the data read.
func HistoryDiagnostics(a *history.Analysis, file string) *Diagnostics {
	d := &Diagnostics{Election: &sources.Election{ID: "history", Name: file},
		Title:   "Polling error across elections (Jennings & Wlezien 2018): " + file,
		Options: [][2]string{{"final_days", fmt.Sprint(a.Options.FinalDays)}, {"types", strings.Join(a.Options.Types, ",")}}}
	t := Table{Name: "elections", Title: fmt.Sprintf("Mean absolute error of the poll average of the final %d days, by election, points", a.Options.FinalDays),
		Columns: []Column{{"type", Text}, {"election", Text}, {"year", Integer}, {"polls", Integer}, {"all_polls", Integer},
			{"last_poll_days", Integer}, {"pollsters", Integer}, {"blocs", Integer}, {"mae", Fixed2}, {"mae_large", Fixed2}, {"rank", Integer}, {"ranked", Integer},
			{"largest_bloc", Text}, {"largest_error", Signed2}, {"top_two_missed", YesNo},
			{"pollster_mae_min", Fixed2}, {"pollster_mae_max", Fixed2}, {"pollster_mae_sd", Fixed2}, {"unscored", Text}}}
	blocs := Table{Name: "blocs", Title: "Each bloc's final poll average against the result, %", Long: true,
		Columns: []Column{{"type", Text}, {"election", Text}, {"bloc", Text}, {"polls", Integer}, {"poll_average", Fixed2}, {"result", Fixed2}, {"error", Signed2}}}
	pollsters := Table{Name: "pollsters", Title: "Each pollster's mean absolute error over its final polls, points", Long: true,
		Columns: []Column{{"type", Text}, {"election", Text}, {"pollster", Text}, {"polls", Integer}, {"mae", Fixed2}}}
	var noFinal []string
	for _, e := range a.Elections {
		bloc, largest := "", math.NaN()
		if e.Largest >= 0 {
			bloc, largest = e.Blocs[e.Largest].Bloc, e.Blocs[e.Largest].Error
		}
		t.Rows = append(t.Rows, []any{e.Type, e.Date, e.Year, e.Polls, e.AllPolls, e.LastDays, len(e.Pollsters), len(e.Blocs), e.MAE, e.MAELarge, e.Rank, e.Ranked,
			bloc, largest, e.TopTwoMissed, e.PollsterMin, e.PollsterMax, e.PollsterSD, strings.Join(e.Unscored, "; ")})
		for _, b := range e.Blocs {
			blocs.Rows = append(blocs.Rows, []any{e.Type, e.Date, b.Bloc, b.Polls, b.Average, b.Result, b.Error})
		}
		for _, p := range e.Pollsters {
			pollsters.Rows = append(pollsters.Rows, []any{e.Type, e.Date, p.Pollster, p.Polls, p.MAE})
		}
		if e.Polls == 0 {
			last := "no poll at all"
			if e.LastDays >= 0 {
				last = fmt.Sprintf("latest poll %d days before", e.LastDays)
			}
			noFinal = append(noFinal, fmt.Sprintf("%s %s (%s)", e.Type, e.Date, last))
		}
	}
	t.Summary = historySummary(a)
	var excluded []string
	if a.OutOfWindow > 0 {
		excluded = append(excluded, fmt.Sprintf("%d polls taken more than %d days before their election", a.OutOfWindow, a.Options.FinalDays))
	}
	if a.Seats > 0 {
		excluded = append(excluded, fmt.Sprintf("%d seats rows (seats won, not votes)", a.Seats))
	}
	if a.OtherTypes > 0 {
		excluded = append(excluded, fmt.Sprintf("%d rows of the election types not selected", a.OtherTypes))
	}
	if len(noFinal) > 0 {
		excluded = append(excluded, fmt.Sprintf("%d elections with no poll in the final %d days, listed without an error: %s", len(noFinal), a.Options.FinalDays, strings.Join(noFinal, ", ")))
	}
	if len(excluded) > 0 {
		t.Summary = append(t.Summary, "Not scored: "+strings.Join(excluded, "; ")+". Blocs in the result but in no final poll, or the reverse, are listed in the unscored column.")
	}
	d.Tables = []Table{t, blocs, pollsters}
	d.Conventions = []string{
		fmt.Sprintf("Final polls: polls whose day (the end of fieldwork) is 0 to %d days before the election; a bloc's poll average is the mean of its share over the final polls that give it one.", a.Options.FinalDays),
		fmt.Sprintf("mae: mean over the blocs in both the result and a final poll of |poll average − result|, in points (Jennings & Wlezien 2018, the absolute error of the final week's polls averaged over the parties); mae_large: the same over the blocs with %d %% of the vote or more (Jennings's \"large parties\", 2.3 points on average over 139 elections); largest_error: the bloc with the largest |error|, signed (positive: the polls overstated it).", history.LargeShare),
		"Spread of pollsters: each pollster's MAE, from the mean of its own final polls on the same blocs; pollster_mae_sd is their sample standard deviation (n − 1). rank: 1 is the largest MAE among the elections of the type.",
		"top_two_missed: the two blocs with the largest poll averages are not the two with the largest results (docs/METHODS.md §15).",
	}
	return d
}

// historySummary says, for each type, the range of errors and where the
// latest election stands, and names the elections whose final polls did
// not have the result's two leading blocs.
func historySummary(a *history.Analysis) []string {
	var out []string
	var types []string
	for _, e := range a.Elections {
		if !slices.Contains(types, e.Type) {
			types = append(types, e.Type)
		}
	}
	for _, typ := range types {
		var es []history.Election
		for _, e := range a.Elections {
			if e.Type == typ && !math.IsNaN(e.MAE) {
				es = append(es, e)
			}
		}
		if len(es) == 0 {
			out = append(out, fmt.Sprintf("%s: no election has a poll in the final %d days.", typ, a.Options.FinalDays))
			continue
		}
		lo := slices.MinFunc(es, func(x, y history.Election) int { return cmp.Compare(x.MAE, y.MAE) })
		hi := slices.MaxFunc(es, func(x, y history.Election) int { return cmp.Compare(x.MAE, y.MAE) })
		last := es[len(es)-1]
		s := fmt.Sprintf("%s: %d elections scored; the final polls' mean absolute error ran from %.2f points (%d) to %.2f (%d). The latest, %d, erred by %.2f, rank %d of %d (1 is the largest error); its largest miss: %s %+.2f.",
			typ, len(es), lo.MAE, lo.Year, hi.MAE, hi.Year, last.Year, last.MAE, last.Rank, last.Ranked, last.Blocs[last.Largest].Bloc, last.Blocs[last.Largest].Error)
		var missed []string
		for _, e := range es {
			if e.TopTwoMissed {
				missed = append(missed, fmt.Sprintf("%d (largest miss %s %+.2f)", e.Year, e.Blocs[e.Largest].Bloc, e.Blocs[e.Largest].Error))
			}
		}
		if len(missed) > 0 {
			s += " The final polls' two leading blocs were not the result's in " + strings.Join(missed, ", ") + "."
		}
		out = append(out, s)
	}
	return out
}

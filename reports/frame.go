package reports

import (
	"math"
	"strconv"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"forecast/scoring"
	"forecast/scoring/rating"
	"forecast/sources/fivethirtyeight"
)

// textColumnsOfFrames are the columns kept as strings in the DataFrames; the
// others are numbers (float, NaN where undefined) or, for round, k and line,
// integers.
var textColumnsOfFrames = map[string]bool{
	"election": true, "source": true, "series": true, "family": true, "measure": true, "published": true,
	"snapshot": true, "source_name": true, "final": true, "n_basis": true, "others": true, "candidates": true,
	"source_url": true, "reasons": true, "candidate": true, "flag": true, "df": true, "line": true,
	// ratings, and FiveThirtyEight's poll questions
	"pollster": true, "pollster_id": true, "poll_id": true, "question_id": true, "race": true, "location": true,
	"type": true, "methodology": true, "partisan": true, "polldate": true, "electiondate": true,
	"cand1_name": true, "cand1_party": true, "cand2_name": true, "cand2_party": true,
}

// LeaderboardFrame returns the leaderboard as a gota DataFrame with the
// columns of LeaderboardColumns, for notebooks and people who think in tables.
// It is a view of the same records as the CSV output.
func LeaderboardFrame(lb *scoring.Leaderboard) dataframe.DataFrame {
	var recs [][]string
	for i := range lb.Rows {
		recs = append(recs, leaderboardRecord(&lb.Rows[i]))
	}
	return frame(LeaderboardColumns, recs)
}

// DetailFrame returns the per-candidate detail rows (DetailColumns) as a gota DataFrame.
func DetailFrame(lb *scoring.Leaderboard) dataframe.DataFrame {
	var recs [][]string
	for i := range lb.Rows {
		recs = append(recs, detailRecords(&lb.Rows[i])...)
	}
	return frame(DetailColumns, recs)
}

// RatingFrame returns pollster ratings as a gota DataFrame with the columns
// of RatingColumns, full precision: the records of `forecast rate --format csv`.
func RatingFrame(r *rating.Rating) dataframe.DataFrame {
	recs := make([][]string, len(r.Rows))
	for i := range r.Rows {
		recs[i] = ratingRecord(&r.Rows[i])
	}
	return frame(RatingColumns, recs)
}

// RawPollsColumns are the columns of RawPollsFrame: FiveThirtyEight's
// poll-question rows as read, with the quantities the ratings derive from
// them (days before the election, margins, the error on the margin, the
// signed error toward the Democrat, the call and the 95 % margin of error
// on the margin, docs/METHODS.md §14).
var RawPollsColumns = []string{"line", "poll_id", "question_id", "race", "year", "location", "type", "pollster", "pollster_id",
	"methodology", "partisan", "polldate", "electiondate", "days_before", "samplesize", "cand1_name", "cand1_party",
	"cand1_pct", "cand1_actual", "cand2_name", "cand2_party", "cand2_pct", "cand2_actual", "cand3_pct",
	"margin_poll", "margin_actual", "error", "dem_bias", "rightcall", "moe"}

// RawPollsFrame returns the poll questions that sources/fivethirtyeight read
// as a gota DataFrame (RawPollsColumns), one row per poll question in file
// order; undefined numbers (no third candidate, no Democrat–Republican
// bias) are NaN.
func RawPollsFrame(ps *fivethirtyeight.Polls) dataframe.DataFrame {
	recs := make([][]string, len(ps.Polls))
	for i := range ps.Polls {
		p := &ps.Polls[i]
		recs[i] = []string{strconv.Itoa(p.Line), p.PollID, p.QuestionID, p.Race, strconv.Itoa(p.Year), p.Location, p.Type,
			p.Pollster, p.PollsterID, p.Methodology, p.Partisan, p.PollDate.Format(time.DateOnly), p.Election.Format(time.DateOnly),
			strconv.Itoa(p.DaysBefore()), num(p.SampleSize), p.Cand1.Name, p.Cand1.Party, num(p.Cand1.Poll), num(p.Cand1.Actual),
			p.Cand2.Name, p.Cand2.Party, num(p.Cand2.Poll), num(p.Cand2.Actual), num(p.Cand3Poll),
			num(p.MarginPoll()), num(p.MarginActual()), num(p.Error()), num(p.DemBias()), num(p.RightCall), num(rating.MOE(p))}
	}
	return frame(RawPollsColumns, recs)
}

// frame builds typed series column by column (gota's own CSV reader would
// guess types and round; see STYLE.md).
func frame(cols []string, recs [][]string) dataframe.DataFrame {
	ss := make([]series.Series, len(cols))
	for j, name := range cols {
		switch {
		case name == "round" || name == "k":
			v := make([]int, len(recs))
			for i, r := range recs {
				v[i], _ = strconv.Atoi(r[j])
			}
			ss[j] = series.New(v, series.Int, name)
		case textColumnsOfFrames[name]:
			v := make([]string, len(recs))
			for i, r := range recs {
				v[i] = r[j]
			}
			ss[j] = series.New(v, series.String, name)
		default:
			v := make([]float64, len(recs))
			for i, r := range recs {
				v[i] = math.NaN()
				if r[j] != "" {
					v[i], _ = strconv.ParseFloat(r[j], 64)
				}
			}
			ss[j] = series.New(v, series.Float, name)
		}
	}
	return dataframe.New(ss...)
}

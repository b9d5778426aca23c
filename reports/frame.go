package reports

import (
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"forecast/scoring"
)

// textColumnsOfFrames are the columns kept as strings in the DataFrames; the
// others are numbers (float, NaN where undefined) or, for round, k and line,
// integers.
var textColumnsOfFrames = map[string]bool{
	"election": true, "source": true, "series": true, "family": true, "measure": true, "published": true,
	"snapshot": true, "source_name": true, "final": true, "n_basis": true, "others": true, "candidates": true,
	"source_url": true, "reasons": true, "candidate": true, "flag": true, "df": true, "line": true,
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

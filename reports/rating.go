package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"forecast/reports/safe"
	"forecast/scoring/rating"
)

// RatingColumns are the CSV columns of the pollster ratings, in order. The
// first 11 are the documented interface (FiveThirtyEight's measures); the
// rest give their uncertainty.
var RatingColumns = []string{"pollster", "pollster_id", "polls", "races", "simple_average_error",
	"races_called_correctly", "misses_outside_moe", "bias", "bias_polls", "simple_expected_error", "simple_plus_minus",
	"simple_average_error_se", "bias_se", "simple_plus_minus_se", "simple_plus_minus_low", "simple_plus_minus_high"}

// ratingRecord is one row of the ratings as CSV fields, full precision.
func ratingRecord(r *rating.Row) []string {
	return []string{r.Pollster, r.PollsterID, strconv.Itoa(r.Polls), strconv.Itoa(r.Races), num(r.SimpleAverageError),
		num(r.RacesCalledCorrectly), num(r.MissesOutsideMOE), num(r.Bias), strconv.Itoa(r.BiasPolls),
		num(r.SimpleExpectedError), num(r.SimplePlusMinus), num(r.SimpleAverageErrorSE), num(r.BiasSE),
		num(r.SimplePlusMinusSE), num(r.PlusMinusLow), num(r.PlusMinusHigh)}
}

// WriteRating writes pollster ratings in one of Formats, through the
// package's safe writers (CSV cells neutralised for spreadsheets, no
// control character in text), and returns the first write error.
func WriteRating(w io.Writer, r *rating.Rating, format string) error {
	switch format {
	case "csv":
		recs := make([][]string, len(r.Rows))
		for i := range r.Rows {
			recs[i] = ratingRecord(&r.Rows[i])
		}
		return safe.WriteCSV(w, RatingColumns, recs)
	case "json":
		return writeRatingJSON(w, r)
	case "table", "markdown":
		sw := safe.NewTextWriter(w)
		writeRatingText(sw, r, format == "markdown")
		return sw.Err()
	}
	return fmt.Errorf("unknown format %q (choose one of %s)", format, strings.Join(Formats, ", "))
}

// writeRatingJSON writes the options, the expected-error model, every row
// (numbers as numbers, undefined as null) and every poll left out with its line.
func writeRatingJSON(w io.Writer, r *rating.Rating) error {
	rows := make([]map[string]any, 0, len(r.Rows))
	for i := range r.Rows {
		m := map[string]any{}
		for j, s := range ratingRecord(&r.Rows[i]) {
			col := RatingColumns[j]
			switch {
			case col == "pollster" || col == "pollster_id":
				m[col] = s
			case s == "":
				m[col] = nil
			default:
				v, _ := strconv.ParseFloat(s, 64)
				m[col] = jsonNumber(v)
			}
		}
		rows = append(rows, m)
	}
	excluded := make([]map[string]any, 0, len(r.Excluded))
	for _, e := range r.Excluded {
		excluded = append(excluded, map[string]any{"line": e.Line, "pollster_id": e.PollsterID, "reason": e.Reason})
	}
	coef := map[string]jsonNumber{}
	for i, c := range r.Model.Coef {
		coef[r.Model.Terms[i]] = jsonNumber(c)
	}
	doc := map[string]any{
		"file":        r.File,
		"vintage":     r.Vintage,
		"types":       nonNil(r.Options.Types),
		"locations":   nonNil(r.Options.Locations),
		"since":       dateOrEmpty(r.Options.Since.IsZero(), r.Options.Since.Format("2006-01-02")),
		"until":       dateOrEmpty(r.Options.Until.IsZero(), r.Options.Until.Format("2006-01-02")),
		"final_days":  r.Options.FinalDays,
		"sort":        r.Options.Sort,
		"model":       map[string]any{"coefficients": coef, "polls": r.Model.Polls, "rmse": jsonNumber(r.Model.RMSE), "note": r.Model.Note},
		"conventions": RatingConventions(r),
		"rows":        rows,
		"excluded":    excluded,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func dateOrEmpty(zero bool, s string) string {
	if zero {
		return ""
	}
	return s
}

// ratingText are the columns of the human-readable ratings.
var ratingText = []struct {
	head string
	cell func(r *rating.Row) string
}{
	{"polls", func(r *rating.Row) string { return strconv.Itoa(r.Polls) }},
	{"races", func(r *rating.Row) string { return strconv.Itoa(r.Races) }},
	{"avg err (pt)", func(r *rating.Row) string { return fixed(r.SimpleAverageError, 2) }},
	{"called", func(r *rating.Row) string { return fixed(r.RacesCalledCorrectly, 2) }},
	{"out of MOE", func(r *rating.Row) string { return fixed(r.MissesOutsideMOE, 2) }},
	{"bias D−R (pt)", func(r *rating.Row) string { return signed(r.Bias) }},
	{"bias polls", func(r *rating.Row) string { return strconv.Itoa(r.BiasPolls) }},
	{"exp err (pt)", func(r *rating.Row) string { return fixed(r.SimpleExpectedError, 2) }},
	{"+/− (pt)", func(r *rating.Row) string { return signed(r.SimplePlusMinus) }},
	{"95 % CI of +/−", func(r *rating.Row) string {
		if math.IsNaN(r.SimplePlusMinusSE) { // fewer than two races
			return "–"
		}
		return fmt.Sprintf("[%+.2f, %+.2f]", r.PlusMinusLow, r.PlusMinusHigh)
	}},
}

// writeRatingText writes the ratings as an aligned table (or Markdown) with a
// title, the polls left out by reason and the conventions.
func writeRatingText(w io.Writer, r *rating.Rating, markdown bool) {
	// The id column is shown only where ids are not the names (2016 has no ids).
	showID := slices.ContainsFunc(r.Rows, func(row rating.Row) bool { return row.PollsterID != row.Pollster })
	g := grid{head: []string{"#", "pollster"}, right: []bool{true, false}}
	if showID {
		g.head, g.right = append(g.head, "id"), append(g.right, false)
	}
	for _, c := range ratingText {
		g.head, g.right = append(g.head, c.head), append(g.right, true)
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		cells := []string{strconv.Itoa(i + 1), row.Pollster}
		if showID {
			cells = append(cells, row.PollsterID)
		}
		for _, c := range ratingText {
			cells = append(cells, c.cell(row))
		}
		g.cells = append(g.cells, cells)
	}
	polls := 0
	for i := range r.Rows {
		polls += r.Rows[i].Polls
	}
	title := fmt.Sprintf("Pollster ratings from %s (%s vintage): %d pollsters, %d polls, best first by %s", r.File, r.Vintage, len(r.Rows), polls, r.Options.Sort)
	if markdown {
		fmt.Fprintf(w, "**%s**\n\n", title)
		g.writeMarkdown(w)
	} else {
		fmt.Fprintln(w, title)
		fmt.Fprintln(w)
		g.writeText(w, "", true)
	}
	if len(r.Excluded) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Not rated (%d polls; the JSON output lists every one with its line):\n", len(r.Excluded))
		counts, order := map[string]int{}, []string{}
		for _, e := range r.Excluded {
			if counts[e.Reason] == 0 {
				order = append(order, e.Reason)
			}
			counts[e.Reason]++
		}
		for _, reason := range order {
			fmt.Fprintf(w, "- %d: %s\n", counts[reason], reason)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Conventions:")
	for _, c := range RatingConventions(r) {
		fmt.Fprintf(w, "- %s\n", c)
	}
}

// RatingConventions says, in prose, how to read the ratings.
func RatingConventions(r *rating.Rating) []string {
	model := r.Model.Note
	if model == "" {
		var terms []string
		for i, t := range r.Model.Terms {
			terms = append(terms, fmt.Sprintf("%s %.4g", t, r.Model.Coef[i]))
		}
		model = fmt.Sprintf("expected error = %s (least squares over the %d polls rated; RMSE %.2f pt)", strings.Join(terms, " + "), r.Model.Polls, r.Model.RMSE)
	}
	window := fmt.Sprintf("polls at most %d days before the election", r.Options.FinalDays)
	if r.Options.FinalDays <= 0 {
		window = "polls of any date"
	}
	return []string{
		"Data: FiveThirtyEight pollster ratings raw polls (CC BY 4.0, https://github.com/fivethirtyeight/data/tree/master/pollster-ratings); " + window + ". Method: docs/METHODS.md §14.",
		"avg err: mean |(poll margin) − (actual margin)| between the race's two leading finishers, in points. called: mean of the polls' calls (1 right, 0.5 tied lead, 0 wrong).",
		"out of MOE: share of polls whose error on the margin exceeds 1.96·√((p₁+p₂−(p₁−p₂)²)/n), the 95 % margin of error of the margin.",
		"bias: mean signed error on the Democrat's margin over the Republican (positive: polls favoured the Democrat), over the bias polls, those of races whose top two were a Democrat and a Republican.",
		"exp err: mean error expected from race type, days before the election and sample size: " + model + ". +/−: avg err − exp err (negative: better than expected).",
		"Standard errors and the 95 % interval are clustered by race (CR1): polls of one race share its surprises. Undefined values are –.",
	}
}

// Package scoring computes how far forecasts were from the official result:
// errors in points (MAE, RMSE, largest error, error on the margin), the
// multinomial bias of Arzheimer & Evans (2014) with its tests, Martin,
// Traugott & Kennedy's (2005) A, and whether a forecast put the right
// candidates in the right order (winner, top two, Kendall's τ-b).
//
// The functions are pure: they take float64 slices and return numbers.
// Shares are in percentage points unless a function says otherwise. Each
// function states its formula, its source, its sign convention and what it
// does with edge cases; the formulas are those of docs/METHODS.md,
// and the tests reproduce published reference values (testdata/golden).
//
// Programmer errors (slices of different lengths, an index out of range)
// panic with a "scoring: " prefix; data the measure cannot be computed on is
// reported as an error (Bias, MTKA) or as NaN (the others).
package scoring

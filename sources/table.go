package sources

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// column binds one CSV column of a canonical file to a field of T.
type column[T any] struct {
	name string
	get  func(*T) string
	set  func(*T, string) error
	// optional columns extend the format for datasets that need them (the
	// race of a figure, a result published as a share): a file holds such a
	// column only when one of its rows has a value there, so that files
	// without it keep the layout, and the bytes, they always had.
	optional bool
}

// optional marks a column as optional (see column.optional).
func optional[T any](c column[T]) column[T] {
	c.optional = true
	return c
}

// present returns the columns a file of rows holds: every required column,
// and the optional ones that some row fills, in the canonical order.
func present[T any](cols []column[T], rows []T) []column[T] {
	var out []column[T]
	for _, c := range cols {
		if !c.optional || slices.ContainsFunc(rows, func(r T) bool { return c.get(&r) != "" }) {
			out = append(out, c)
		}
	}
	return out
}

// writeTable writes rows as CSV with a header, "\n" line ends and fields
// quoted only where needed: the canonical byte layout. Optional columns are
// written only when a row fills them.
func writeTable[T any](w io.Writer, cols []column[T], rows []T) error {
	cols = present(cols, rows)
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range rows {
		for j, c := range cols {
			rec[j] = c.get(&rows[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readTable reads a canonical CSV file. The header must name exactly the
// expected columns, in order, with any optional column present or not; every row that cannot be read is reported with
// its line, and no row is dropped silently. line receives each row's line.
//
// It is the hot path of every command (the 2022 forecasts.csv has 8,864
// rows): the rows are allocated once, sized by the number of lines, and
// each row is decoded in place; the CSV reader reuses its record slice (the
// field strings are new for every record, so the rows may keep them).
func readTable[T any](file string, b []byte, cols []column[T], line func(*T, int)) ([]T, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, DataErrorf(file, 0, "empty file: expected a header line")
	}
	if err != nil {
		return nil, &DataError{Errs: []error{CSVError(file, 0, err)}}
	}
	all := cols
	cols, err = headerColumns(file, header, cols)
	if err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(cols)
	// An optional column the file does not hold is an empty field on every row.
	var absent []column[T]
	for _, c := range all {
		if !slices.ContainsFunc(cols, func(g column[T]) bool { return g.name == c.name }) {
			absent = append(absent, c)
		}
	}
	rows := make([]T, 0, bytes.Count(b, []byte{'\n'}))
	var p Problems
	ReadRecords(file, cr, 0, &p, func(ln int, rec []string) {
		rows = append(rows, *new(T))
		row := &rows[len(rows)-1]
		ok := true
		for _, c := range absent {
			_ = c.set(row, "") // optional columns are text, numbers or counts: all read ""
		}
		for i, c := range cols {
			if err := c.set(row, rec[i]); err != nil {
				p.Addf(file, ln, "column %s: %v", c.name, err)
				ok = false
			}
		}
		if !ok {
			rows = rows[:len(rows)-1]
			return
		}
		if line != nil {
			line(row, ln)
		}
	})
	return rows, p.Err()
}

// headerColumns matches a file's header against the columns of its layout:
// the required ones in order, with optional ones in their places or absent.
func headerColumns[T any](file string, header []string, cols []column[T]) ([]column[T], error) {
	var got []column[T]
	i := 0
	for _, c := range cols {
		if i < len(header) && header[i] == c.name {
			got = append(got, c)
			i++
		} else if !c.optional {
			break
		}
	}
	if i == len(header) && len(got) == len(header) && !slices.ContainsFunc(cols, func(c column[T]) bool {
		return !c.optional && !slices.ContainsFunc(got, func(g column[T]) bool { return g.name == c.name })
	}) {
		return got, nil
	}
	var want, opt []string
	for _, c := range cols {
		want = append(want, c.name)
		if c.optional {
			opt = append(opt, c.name)
		}
	}
	msg := "unexpected header: want " + strings.Join(want, ",")
	if len(opt) > 0 {
		msg += " (" + strings.Join(opt, ", ") + " only when used)"
	}
	return nil, DataErrorf(file, 1, "%s", msg)
}

// Field codecs shared by the canonical tables.

func str[T any](name string, f func(*T) *string) column[T] {
	return column[T]{name: name,
		get: func(t *T) string { return *f(t) },
		set: func(t *T, s string) error { *f(t) = s; return nil }}
}

// Unknown is a count that was not published (a result given only as
// shares): an empty field in the file.
const Unknown int64 = -1

// count is a column of non-negative whole numbers; an empty field is Unknown.
func count[T any](name string, f func(*T) *int64) column[T] {
	return column[T]{name: name,
		get: func(t *T) string {
			if *f(t) == Unknown {
				return ""
			}
			return strconv.FormatInt(*f(t), 10)
		},
		set: func(t *T, s string) error {
			if s == "" {
				*f(t) = Unknown
				return nil
			}
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || v < 0 {
				return fmt.Errorf("%s is not a whole number of 0 or more", Quote(s))
			}
			*f(t) = v
			return nil
		}}
}

func roundNo[T any](name string, f func(*T) *int) column[T] {
	return column[T]{name: name,
		get: func(t *T) string { return strconv.Itoa(*f(t)) },
		set: func(t *T, s string) error {
			v, err := strconv.Atoi(s)
			if err != nil || v < 1 {
				return fmt.Errorf("%s is not a round number (1, 2, …)", Quote(s))
			}
			*f(t) = v
			return nil
		}}
}

// FormatNumber writes v with the fewest digits that read back as v; NaN (an
// unknown value) is written as an empty field.
func FormatNumber(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// ParseNumber reads a number written with a decimal point; an empty field is
// NaN (unknown). Infinities and NaN spelled out are refused.
func ParseNumber(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%s is not a number", Quote(s))
	}
	return v, nil
}

func number[T any](name string, f func(*T) *float64) column[T] {
	return column[T]{name: name,
		get: func(t *T) string { return FormatNumber(*f(t)) },
		set: func(t *T, s string) error {
			v, err := ParseNumber(s)
			*f(t) = v
			return err
		}}
}

func boolean[T any](name string, f func(*T) *bool) column[T] {
	return column[T]{name: name,
		get: func(t *T) string {
			if *f(t) {
				return "yes"
			}
			return "no"
		},
		set: func(t *T, s string) error {
			switch s {
			case "yes":
				*f(t) = true
			case "no":
				*f(t) = false
			default:
				return fmt.Errorf("%s is not yes or no", Quote(s))
			}
			return nil
		}}
}

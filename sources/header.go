package sources

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Header maps the column names of an upstream CSV file to their positions, so
// that importers find columns by name, not by position, and can say which
// required ones are missing.
type Header struct {
	File  string
	index map[string]int
}

// NewHeader reads a header record. Every name in required must be present;
// duplicated names are an error.
func NewHeader(file string, rec []string, required ...string) (*Header, error) {
	h := &Header{File: file, index: map[string]int{}}
	for i, name := range rec {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		if _, dup := h.index[name]; dup {
			return nil, Errorf(file, 1, "column %q appears twice in the header", name)
		}
		h.index[name] = i
	}
	var missing []string
	for _, name := range required {
		if _, ok := h.index[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, Errorf(file, 1, "missing column(s) %s (the header has: %s)", strings.Join(missing, ", "), strings.Join(rec, ","))
	}
	return h, nil
}

// Has reports whether the header has a column.
func (h *Header) Has(name string) bool { _, ok := h.index[name]; return ok }

// Get returns the named field of rec, or "" when the column is absent.
func (h *Header) Get(rec []string, name string) string {
	i, ok := h.index[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// Unknown lists the header's columns that are not in known, for importers
// that refuse columns they do not understand.
func (h *Header) Unknown(known ...string) []string {
	var out []string
	for name := range h.index {
		if !slices.Contains(known, name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// ReadCSV reads a whole comma-separated upstream file into records with their
// line numbers; a malformed record is an error with its line.
func ReadCSV(file string, b []byte) (records [][]string, lines []int, err error) {
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	cr.FieldsPerRecord = 0
	for {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, nil, &DataError{Errs: []error{csvError(file, err)}}
		}
		ln, _ := cr.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, ln)
	}
	if len(records) == 0 {
		return nil, nil, &DataError{Errs: []error{Errorf(file, 0, "empty file: expected a header line")}}
	}
	return records, lines, nil
}

// ParseShare reads a percentage or count written with a decimal point (or a
// decimal comma), refusing empty, negative and non-numeric values.
func ParseShare(s string) (float64, error) {
	v, err := ParseNumber(strings.Replace(s, ",", ".", 1))
	switch {
	case s == "":
		return 0, fmt.Errorf("value is missing")
	case err != nil:
		return 0, err
	case v < 0:
		return 0, fmt.Errorf("negative value %s", s)
	}
	return v, nil
}

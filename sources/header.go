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
// duplicated names are an error (a *DataError).
func NewHeader(file string, rec []string, required ...string) (*Header, error) {
	h := &Header{File: file, index: map[string]int{}}
	for i, name := range rec {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		if _, dup := h.index[name]; dup {
			return nil, DataErrorf(file, 1, "column %s appears twice in the header", Quote(name))
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
		return nil, DataErrorf(file, 1, "missing column(s) %s (the header has: %s)", strings.Join(missing, ", "), Quote(strings.Join(rec, ",")))
	}
	return h, nil
}

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
// line numbers; a malformed record is an error with its line, and so is a
// field that fails CheckText (every such field is listed). A file with a
// header and no row is an error too: there is nothing to import.
func ReadCSV(file string, b []byte) (records [][]string, lines []int, err error) {
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	cr.FieldsPerRecord = 0
	var p Problems
	for {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, nil, &DataError{Errs: []error{CSVError(file, 0, err)}}
		}
		ln, _ := cr.FieldPos(0)
		if err := checkRecord(rec); err != nil {
			p.Addf(file, ln, "%v", err)
		}
		records = append(records, rec)
		lines = append(lines, ln)
	}
	switch {
	case p.Err() != nil:
		return nil, nil, p.Err()
	case len(records) == 0:
		return nil, nil, DataErrorf(file, 0, "empty file: expected a header line")
	case len(records) == 1:
		return nil, nil, DataErrorf(file, 1, "no rows after the header: nothing to import (is the file cut short?)")
	}
	return records, lines, nil
}

// ReadRecords reads the records left in cr and calls row with each one and
// the line of the file it starts on; skipped is the number of lines of the
// file before the part cr reads (title lines above a header). A malformed
// record is reported in p: one with the wrong number of fields, or with a
// field that fails CheckText, is skipped and the read goes on, but after any
// other the rest of the file cannot be trusted and the read stops. It
// returns how many records it skipped.
func ReadRecords(file string, cr *csv.Reader, skipped int, p *Problems, row func(line int, rec []string)) (ragged int) {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return ragged
		}
		if err != nil {
			p.Add(CSVError(file, skipped, err))
			if !errors.Is(err, csv.ErrFieldCount) {
				return ragged
			}
			ragged++
			continue
		}
		ln, _ := cr.FieldPos(0)
		if err := checkRecord(rec); err != nil {
			p.Addf(file, skipped+ln, "%v", err)
			ragged++
			continue
		}
		row(skipped+ln, rec)
	}
}

// CSVError turns an encoding/csv error into a *LineError at the line where
// the record starts, the line a reader reports the record's other problems
// at; skipped is as for ReadRecords.
func CSVError(file string, skipped int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Errorf(file, skipped+pe.StartLine, "%v", pe.Err)
	}
	return Errorf(file, 0, "%v", err)
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

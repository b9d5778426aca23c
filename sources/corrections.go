package sources

import (
	"fmt"
	"math"
)

// A correction changes one field of one snapshot that an upstream file got
// wrong, with the reason and the evidence. Corrections are data, kept in a
// reviewed file (corrections.csv) next to the dataset they apply to, so that
// the upstream file stays untouched and every change to it is visible.
//
// The file has the columns snapshot,field,from,to,reason,source_url. A
// correction applies only if the field currently holds exactly `from`: a
// correction that no longer matches is an error, never silently skipped.
// Corrections apply in file order, so a snapshot can be renamed and then
// corrected under its new id.
type correction struct {
	Snapshot, Field, From, To, Reason, SourceURL string
	Line                                         int
}

var correctionColumns = []column[correction]{
	str("snapshot", func(c *correction) *string { return &c.Snapshot }),
	str("field", func(c *correction) *string { return &c.Field }),
	str("from", func(c *correction) *string { return &c.From }),
	str("to", func(c *correction) *string { return &c.To }),
	str("reason", func(c *correction) *string { return &c.Reason }),
	str("source_url", func(c *correction) *string { return &c.SourceURL }),
}

// correctable lists the snapshot-level fields a correction may change.
var correctable = map[string]func(*Figure) *string{
	"snapshot":        func(f *Figure) *string { return &f.Snapshot },
	"published_date":  func(f *Figure) *string { return &f.Published },
	"field_start":     func(f *Figure) *string { return &f.FieldStart },
	"field_end":       func(f *Figure) *string { return &f.FieldEnd },
	"source_url":      func(f *Figure) *string { return &f.SourceURL },
	"population_base": func(f *Figure) *string { return &f.Population },
}

var correctableNumbers = map[string]func(*Figure) *float64{
	"n_interviewed": func(f *Figure) *float64 { return &f.NInterviewed },
	"n_expressed":   func(f *Figure) *float64 { return &f.NExpressed },
}

// ApplyCorrections reads a corrections file and applies it to figs in place.
// Every corrected figure gets "corrected: FIELD FROM → TO (REASON)" appended
// to its note, so that the change travels with the figure; the returned
// notices say what was changed, for the importer's report.
func ApplyCorrections(file string, b []byte, figs []Figure) ([]*LineError, error) {
	cs, err := readTable(file, b, correctionColumns, func(c *correction, ln int) { c.Line = ln })
	if err != nil {
		return nil, err
	}
	var p Problems
	var notices []*LineError
	for _, c := range cs {
		if c.Reason == "" {
			p.Addf(file, c.Line, "correction of %s %s has no reason", c.Snapshot, c.Field)
			continue
		}
		n, err := applyOne(c, figs)
		if err != nil {
			p.Addf(file, c.Line, "%v", err)
			continue
		}
		notices = append(notices, Errorf(file, c.Line, "%s: %s %q → %q on %d figures (%s)", c.Snapshot, c.Field, c.From, c.To, n, c.Reason))
	}
	return notices, p.Err()
}

func applyOne(c correction, figs []Figure) (int, error) {
	get, isStr := correctable[c.Field]
	getNum, isNum := correctableNumbers[c.Field]
	if !isStr && !isNum {
		return 0, fmt.Errorf("field %q cannot be corrected", c.Field)
	}
	var want, to float64
	if isNum {
		var err1, err2 error
		want, err1 = ParseNumber(c.From)
		to, err2 = ParseNumber(c.To)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("%s: from and to must be numbers", c.Field)
		}
	}
	n := 0
	for i := range figs {
		f := &figs[i]
		if f.Snapshot != c.Snapshot {
			continue
		}
		if isStr {
			if *get(f) != c.From {
				return 0, fmt.Errorf("%s: %s is %q, not %q: the correction no longer applies", c.Snapshot, c.Field, *get(f), c.From)
			}
			*get(f) = c.To
		} else {
			if v := *getNum(f); !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
				return 0, fmt.Errorf("%s: %s is %s, not %s: the correction no longer applies", c.Snapshot, c.Field, FormatNumber(v), c.From)
			}
			*getNum(f) = to
		}
		note := fmt.Sprintf("corrected: %s %q → %q (%s; %s)", c.Field, c.From, c.To, c.Reason, c.SourceURL)
		if f.Note != "" {
			note = f.Note + "; " + note
		}
		f.Note = note
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("no snapshot %s to correct", c.Snapshot)
	}
	return n, nil
}

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
// A corrected figure must pass the checks of an imported one (Figure.Check:
// real dates, positive sample sizes…), and the corrections file's fields
// those of any input (CheckText).
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
	lastFix := map[int]correction{} // corrected figure → the last correction that changed it
	for _, c := range cs {
		if c.Reason == "" {
			p.Addf(file, c.Line, "correction of %s %s has no reason", c.Snapshot, c.Field)
			continue
		}
		changed, err := applyOne(c, figs)
		if err != nil {
			p.Addf(file, c.Line, "%v", err)
			continue
		}
		for _, i := range changed {
			lastFix[i] = c
		}
		notices = append(notices, Errorf(file, c.Line, "%s: %s %s → %s on %d figures (%s)", c.Snapshot, c.Field, Quote(c.From), Quote(c.To), len(changed), c.Reason))
	}
	// Check each corrected figure once every correction is applied: two
	// corrections may move field_start and field_end together.
	// Each problem is reported once, at the last correction of the figure.
	reported := map[string]bool{}
	for i := range figs {
		c, ok := lastFix[i]
		if !ok {
			continue
		}
		if err := figs[i].Check(); err != nil {
			msg := fmt.Sprintf("snapshot %s, as corrected: %v", figs[i].Snapshot, err)
			if !reported[msg] {
				reported[msg] = true
				p.Addf(file, c.Line, "%s", msg)
			}
		}
	}
	return notices, p.Err()
}

// applyOne applies one correction and returns the indices of the figures it changed.
func applyOne(c correction, figs []Figure) ([]int, error) {
	get, isStr := correctable[c.Field]
	getNum, isNum := correctableNumbers[c.Field]
	if !isStr && !isNum {
		return nil, fmt.Errorf("field %s cannot be corrected", Quote(c.Field))
	}
	var want, to float64
	if isNum {
		var err1, err2 error
		want, err1 = ParseNumber(c.From)
		to, err2 = ParseNumber(c.To)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s: from and to must be numbers", c.Field)
		}
	}
	var changed []int
	for i := range figs {
		f := &figs[i]
		if f.Snapshot != c.Snapshot {
			continue
		}
		if isStr {
			if *get(f) != c.From {
				return nil, fmt.Errorf("%s: %s is %s, not %s: the correction no longer applies", c.Snapshot, c.Field, Quote(*get(f)), Quote(c.From))
			}
			*get(f) = c.To
		} else {
			if v := *getNum(f); !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
				return nil, fmt.Errorf("%s: %s is %s, not %s: the correction no longer applies", c.Snapshot, c.Field, FormatNumber(v), c.From)
			}
			*getNum(f) = to
		}
		// The note is data, not a message: it keeps the values in full.
		note := fmt.Sprintf("corrected: %s %q → %q (%s; %s)", c.Field, c.From, c.To, c.Reason, c.SourceURL)
		if f.Note != "" {
			note = f.Note + "; " + note
		}
		f.Note = note
		changed = append(changed, i)
	}
	if len(changed) == 0 {
		return nil, fmt.Errorf("no snapshot %s to correct", c.Snapshot)
	}
	return changed, nil
}

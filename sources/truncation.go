package sources

// ShortLastSnapshot looks for the sign of a file cut at a line boundary in
// what an importer read from it: the snapshot of the file's last row has
// fewer figures than every other snapshot of its source, series and round.
// It returns a notice saying so, or nil. It cannot be an error: a source may
// report fewer candidates in one release.
func ShortLastSnapshot(file string, figs []Figure) *LineError {
	if len(figs) == 0 {
		return nil
	}
	last := &figs[0]
	for i := range figs {
		if figs[i].Line > last.Line {
			last = &figs[i]
		}
	}
	count := map[string]int{}
	for _, f := range figs {
		if f.Source == last.Source && f.Series == last.Series && f.Round == last.Round {
			count[f.Snapshot]++
		}
	}
	n := count[last.Snapshot]
	fewest := -1
	for id, c := range count {
		if id != last.Snapshot && (fewest < 0 || c < fewest) {
			fewest = c
		}
	}
	if fewest < 0 || n >= fewest {
		return nil
	}
	return Errorf(file, last.Line, "the last snapshot of the file, %s, has %d figures where every other snapshot of %s in round %d has at least %d: is the file cut short?", last.Snapshot, n, last.Source, last.Round, fewest)
}

// Package frhistory assembles what `forecast history` analyses:
// pollsposition's French first-round polls by political bloc, 1965–2019
// (data.BlocHistory, or another copy of the file), with round 1 of every
// embedded election that has a bloc table (data/blocs) added to it as a
// presidential election. The command, the notebooks and the tests share it,
// so that they analyse the same rows (docs/METHODS.md §15).
package frhistory

import (
	"forecast/data"
	"forecast/sources/blochistory"
)

// Read reads the bloc file b, named name in messages, and, when embedded
// is true, adds the embedded elections that have a bloc table
// (data.BlocElections). It returns the rows and what they are: name, then
// " + ID" for each election added.
func Read(name string, b []byte, embedded bool) (*blochistory.File, string, error) {
	f, err := blochistory.Read(name, b)
	if err != nil {
		return nil, "", err
	}
	if embedded {
		for _, id := range data.BlocElections() {
			if err := Add(f, id); err != nil {
				return nil, "", err
			}
			name += " + " + id
		}
	}
	return f, name, nil
}

// Add adds round 1 of the embedded election id to f as a presidential
// election, its candidates put in blocs by the election's bloc table
// (blochistory.FromDataset); an election f already holds is refused.
func Add(f *blochistory.File, id string) error {
	d, err := data.Load(id)
	if err != nil {
		return err
	}
	file, b, err := data.Blocs(id)
	if err != nil {
		return err
	}
	blocs, err := blochistory.ReadBlocs(file, b, d.Election)
	if err != nil {
		return err
	}
	rows, err := blochistory.FromDataset(d, "president", blocs)
	if err != nil {
		return err
	}
	return f.Add(id, rows)
}

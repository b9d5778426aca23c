package data

import (
	"embed"
	"fmt"
)

// BlocHistory is pollsposition's history of French first-round polls by
// political bloc, 1965–2019 (upstream/pollsposition/tour1_complet_unitedfl.csv,
// MIT; README.md): embedded so that `forecast history` works anywhere with
// no flags. Package sources/blochistory reads it.
//
//go:embed upstream/pollsposition/tour1_complet_unitedfl.csv
var BlocHistory []byte

// BlocHistoryFile names BlocHistory in messages: its path in the repository.
const BlocHistoryFile = "data/upstream/pollsposition/tour1_complet_unitedfl.csv"

//go:embed blocs
var blocFiles embed.FS

// Blocs returns the table that puts the candidates of an embedded election
// in pollsposition's blocs (blocs/ID.csv: candidate,bloc,reason), with its
// name for messages; an election without one is an error.
func Blocs(id string) (string, []byte, error) {
	name := "blocs/" + id + ".csv"
	b, err := blocFiles.ReadFile(name)
	if err != nil {
		return "", nil, fmt.Errorf("no bloc table for %q (data/%s)", id, name)
	}
	return "data/" + name, b, nil
}

// BlocElections lists the embedded elections that have a bloc table, in
// the order of Elections.
func BlocElections() []string {
	var ids []string
	for _, id := range Elections() {
		if _, err := blocFiles.Open("blocs/" + id + ".csv"); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

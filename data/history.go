package data

import _ "embed"

// BlocHistory is pollsposition's history of French first-round polls by
// political bloc, 1965–2019 (upstream/pollsposition/tour1_complet_unitedfl.csv,
// MIT; README.md): embedded so that `forecast history` works anywhere with
// no flags. Package sources/blochistory reads it.
//
//go:embed upstream/pollsposition/tour1_complet_unitedfl.csv
var BlocHistory []byte

// BlocHistoryFile names BlocHistory in messages: its path in the repository.
const BlocHistoryFile = "data/upstream/pollsposition/tour1_complet_unitedfl.csv"

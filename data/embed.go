// Package data embeds the toolkit's elections in the canonical format (see
// README.md in this directory), so that the binary works anywhere with no
// flags. Each directory holds election.json, results.csv and forecasts.csv.
package data

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed fr2017
var files embed.FS

// elections maps election ids to their directories.
var elections = map[string]string{
	"fr-2017-presidential": "fr2017",
}

// Default is the election commands use when none is named.
const Default = "fr-2017-presidential"

// Elections lists the ids of the embedded elections.
func Elections() []string { return []string{"fr-2017-presidential"} }

// Election returns the files of an embedded election.
func Election(id string) (fs.FS, error) {
	dir, ok := elections[id]
	if !ok {
		return nil, fmt.Errorf("no embedded election %q (embedded: %s)", id, strings.Join(Elections(), ", "))
	}
	return fs.Sub(files, dir)
}

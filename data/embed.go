// Package data embeds the toolkit's elections in the canonical format (see
// README.md in this directory), so that the binary works anywhere with no
// flags. Each directory holds election.json, results.csv and forecasts.csv.
package data

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"forecast/sources"
)

//go:embed fr2017 fr2022 us2016
var files embed.FS

// embedded lists the embedded elections in order: id and directory.
var embedded = []struct{ id, dir string }{
	{"fr-2017-presidential", "fr2017"},
	{"fr-2022-presidential", "fr2022"},
	{"us-2016-presidential", "us2016"},
}

// Default is the election commands use when none is named.
const Default = "fr-2017-presidential"

// Elections lists the ids of the embedded elections, oldest first.
func Elections() []string {
	ids := make([]string, len(embedded))
	for i, e := range embedded {
		ids[i] = e.id
	}
	return ids
}

// Election returns the files of an embedded election.
func Election(id string) (fs.FS, error) {
	for _, e := range embedded {
		if e.id == id {
			return fs.Sub(files, e.dir)
		}
	}
	return nil, fmt.Errorf("no embedded election %q (embedded: %s)", id, strings.Join(Elections(), ", "))
}

// Load reads and checks an embedded election (see sources.Load).
func Load(id string) (*sources.Dataset, error) {
	fsys, err := Election(id)
	if err != nil {
		return nil, err
	}
	return sources.Load(fsys)
}

// LoadRace reads an embedded election as the commands score it: when it
// holds several races, the dataset of one (sources.Dataset.Race), race or
// by default its national race; else the election whole (race must then
// be empty).
func LoadRace(id, race string) (*sources.Dataset, error) {
	d, err := Load(id)
	if err != nil || (race == "" && len(d.Election.Races) == 0) {
		return d, err
	}
	if race == "" {
		r, ok := d.Election.DefaultRace()
		if !ok {
			return nil, fmt.Errorf("election %s has no national race: name one", id)
		}
		race = r.ID
	}
	return d.Race(race)
}

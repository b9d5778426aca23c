// Package sources reads and writes the toolkit's canonical, tidy data format
// and holds the pieces every importer shares.
//
// An election directory in the canonical format has three files:
//
//	election.json   metadata: rounds, blackout dates, headline candidate sets,
//	                candidates (id, name, party, colour, aliases), pollsters
//	results.csv     official results, one row per (round, scope, unit, candidate)
//	forecasts.csv   one row per published figure (poll or buzz)
//
// The format is documented in data/README.md. Reading a canonical file and
// writing it again gives the same bytes (see the round-trip tests), so the
// files can be diffed and reviewed like code.
//
// Importers for upstream formats live in sub-packages named after the format
// (sources/pollsposition, sources/nsppolls, sources/ministere,
// sources/proclamation, sources/tidy); they turn a real upstream file into
// these types, resolve candidate names with a Resolver, and report every row
// they cannot read with its file, line and reason.
//
// What every input must be, imported or loaded (--data): at most
// MaxFileSize (64 MiB), checked before it is read; every text field valid
// UTF-8 without control characters but tab (CheckText, CheckJSONText), so
// that nothing read can corrupt a CSV, JSON or SVG file written from it; a
// CSV file at least one row beyond its header; the shares of a snapshot
// adding up to no more than 100 plus rounding (CheckSnapshots). Messages
// quote input fields through Quote, cut to 80 bytes, and a problem's
// message is cut at 1000 bytes (Errorf).
package sources

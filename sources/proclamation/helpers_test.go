package proclamation_test

import (
	"os"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// sharedFile reads a researched file (path relative to the shared data
// directory), skipping the test when it is absent (failing under CI).
func sharedFile(tb testing.TB, rel string) (path string, b []byte) {
	tb.Helper()
	return sourcestest.Path(tb, rel), sourcestest.Read(tb, rel)
}

// election2017 loads the project's description of the 2017 election.
func election2017(tb testing.TB) *sources.Election {
	tb.Helper()
	const path = "../../data/fr2017/election.json"
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := sources.ParseElection(path, b)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

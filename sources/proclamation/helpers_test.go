package proclamation_test

import (
	"testing"

	"forecast/sources/sourcestest"
)

// sharedFile reads a researched file (path relative to the shared data
// directory), skipping the test when it is absent (failing under CI).
func sharedFile(tb testing.TB, rel string) (path string, b []byte) {
	tb.Helper()
	return sourcestest.Path(tb, rel), sourcestest.Read(tb, rel)
}

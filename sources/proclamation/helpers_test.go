package proclamation_test

import (
	"testing"

	"forecast/sources/sourcestest"
)

// upstreamFile reads a researched file vendored in the repository (path
// relative to data/upstream, see sourcestest).
func upstreamFile(tb testing.TB, rel string) (path string, b []byte) {
	tb.Helper()
	return sourcestest.Path(tb, rel), sourcestest.Read(tb, rel)
}

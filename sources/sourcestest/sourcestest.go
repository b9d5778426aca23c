// Package sourcestest gives tests access to the researched and upstream data
// files, which sit beside the repository in ../shared/data and are not
// committed (their licences and sizes keep them out; see data/README.md).
//
// Where the files are absent a test skips with the reason; under CI
// (CI=true) it fails instead, because CI has the files and must run every test.
package sourcestest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the shared data directory: $FORECAST_SHARED_DATA, or ../shared/data
// beside the repository.
func Dir() string {
	if d := os.Getenv("FORECAST_SHARED_DATA"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data")
}

// Path returns the path of a shared file (rel is relative to Dir, like
// "raw/ministere/…"), skipping the test when it is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is absent, and CI must run every test: %v", p, err)
		}
		tb.Skipf("%s is absent (the shared data sit beside the repository in ../shared/data; set FORECAST_SHARED_DATA to point elsewhere)", p)
	}
	return p
}

// Read returns the bytes of a shared file, skipping the test when it is absent.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

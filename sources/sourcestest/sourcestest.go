// Package sourcestest gives tests access to the upstream and researched data
// files vendored in the repository under data/upstream (see data/README.md),
// and to the few files whose licence keeps them out of it, which sit beside
// the repository in ../shared/data (SharedOnly).
//
// A vendored file is committed: if it is missing the test fails. A
// SharedOnly file may be absent: the test then skips with the reason, and
// under CI (CI=true) it fails instead, because CI has the files and must run
// every test.
//
// It also holds what the importers' tests share: the project's description
// of the 2017 election, a look-up of notices, and checks of malformed input.
// Package sources's own tests cannot use it, since it imports sources.
package sourcestest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"forecast/sources"
)

// Dir is the directory of the vendored upstream and researched files,
// data/upstream in the repository.
func Dir() string {
	return filepath.Join(repo(), "data", "upstream")
}

// SharedDir is the directory of the files that cannot be redistributed with
// the repository: $FORECAST_SHARED_DATA, or ../shared/data beside it. The
// variable lets a clone that keeps them elsewhere run their tests, and
// setting it to a missing directory shows what a clone without them skips.
func SharedDir() string {
	if d := os.Getenv("FORECAST_SHARED_DATA"); d != "" {
		return d
	}
	return filepath.Join(repo(), "..", "shared", "data")
}

// repo is the repository's root directory.
func repo() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Election2017 loads the project's description of the 2017 election,
// data/fr2017/election.json, which is committed: it is never skipped.
func Election2017(tb testing.TB) *sources.Election {
	tb.Helper()
	return Election(tb, "fr2017")
}

// Election loads the description of an embedded election from its
// directory under data/ ("fr2017", "fr2022"); it is committed, so it is
// never skipped.
func Election(tb testing.TB, dir string) *sources.Election {
	tb.Helper()
	path := filepath.Join(repo(), "data", dir, sources.ElectionFile)
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

// HasNotice reports whether im has a notice at line whose message contains text.
func HasNotice(im *sources.Imported, line int, text string) bool {
	for _, n := range im.Notices {
		if n.Line == line && strings.Contains(n.Msg, text) {
			return true
		}
	}
	return false
}

// CheckRead checks what a Read returned against the contract of the
// importers that give figures or an error, never both (nsppolls,
// pollsposition): an error is a data error and comes without figures; the
// figures of a read without error pass sources.Figure.Check and
// sources.CheckSnapshots.
func CheckRead(tb testing.TB, im *sources.Imported, err error) {
	tb.Helper()
	if err != nil {
		if !sources.IsDataError(err) {
			tb.Errorf("error is not a data error: %v", err)
		}
		if im != nil {
			tb.Errorf("figures returned with an error")
		}
		return
	}
	for _, f := range im.Figures {
		if err := f.Check(); err != nil {
			tb.Errorf("figure fails its check: %v: %+v", err, f)
			return
		}
	}
	if errs := sources.CheckSnapshots(im.Figures); len(errs) > 0 {
		tb.Errorf("snapshots: %v", errs)
	}
}

// Change is one malformed variant of a good file: Old replaced by New, once.
// Reading it must fail with an error that contains Want.
type Change struct {
	Name, Old, New string
	Want           string // expected in the error
}

// Malformed runs a subtest for each change to good: read, given the changed
// text, must fail with the change's error.
func Malformed(t *testing.T, good string, changes []Change, read func(t *testing.T, text string) error) {
	for _, c := range changes {
		t.Run(c.Name, func(t *testing.T) {
			text := strings.Replace(good, c.Old, c.New, 1)
			if text == good {
				t.Fatalf("%q is not in the file", c.Old)
			}
			if err := read(t, text); err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, c.Want)
			}
		})
	}
}

// Path returns the path of a vendored file (rel is relative to Dir, like
// "ministere/…" or "research/fr2017/buzz.csv"). The file is committed, so
// its absence fails the test.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), rel)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("%s is missing from the repository (data/upstream is committed; see data/README.md): %v", p, err)
	}
	return p
}

// SharedOnly returns the path of a file that only ../shared/data holds (rel
// is relative to SharedDir, like "raw/polling-errors/…"), such as the
// polling-errors dataset, whose lack of a licence statement keeps it out of
// the repository. Where it is absent the test skips, saying why; under CI,
// which has ../shared beside the clone, it fails instead.
func SharedOnly(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(SharedDir(), rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is absent, and CI must run every test: %v", p, err)
		}
		tb.Skipf("%s is absent: it is not redistributed with the repository (no licence allows it), and sits beside it in ../shared/data; set FORECAST_SHARED_DATA to point elsewhere", p)
	}
	return p
}

// Read returns the bytes of a vendored file (rel is relative to Dir).
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// ReadCSV reads a CSV file (a test's expected values, a reference output)
// whole, failing the test if it cannot.
func ReadCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return recs
}

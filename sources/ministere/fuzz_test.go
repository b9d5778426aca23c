package ministere_test

import (
	"testing"

	"forecast/sources"
	"forecast/sources/ministere"
	"forecast/sources/sourcestest"
)

// FuzzRead checks that no input makes Read panic, and that whatever it
// accepts without error is sound: every result passes sources.Result.Check
// and carries its line.
func FuzzRead(f *testing.F) {
	f.Add([]byte(file2017T2()), 0)
	f.Add(latin1(header(false, 2)+"\r\n"+reunion.line(true, false)+"\r\n"), 1)
	f.Add([]byte(header(true, 1)+"\n"+ain.line(true, true)+";;;;;;\n"), 1)
	f.Add([]byte(""), 0)
	e := sourcestest.Election2017(f)
	f.Fuzz(func(t *testing.T, b []byte, round int) {
		round %= 4
		for _, e := range []*sources.Election{nil, e} {
			im, err := ministere.Read("fuzz-t2.csv", b, e, ministere.Options{Round: round})
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error message")
				}
				continue
			}
			if len(im.Results) == 0 {
				t.Fatal("no error and no result")
			}
			for _, r := range im.Results {
				if err := r.Check(); err != nil {
					t.Fatalf("accepted an unsound result: %v", err)
				}
				if r.Line < 1 {
					t.Fatalf("result without a line: %+v", r)
				}
			}
		}
	})
}

package sources

import (
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestQuote(t *testing.T) {
	if got := Quote("Le Pen\x00"); got != `"Le Pen\x00"` {
		t.Errorf("short field: %s", got)
	}
	long := strings.Repeat("é", 5<<20) // 10 MiB
	got := Quote(long)
	if want := `"` + strings.Repeat("é", 40) + `"… (10485760 bytes)`; got != want {
		t.Errorf("10 MiB field quoted as %.200s", got)
	}
	// A cut inside a character moves back to its start.
	if got := Quote("x" + strings.Repeat("é", 50)); got != `"x`+strings.Repeat("é", 39)+`"… (101 bytes)` {
		t.Errorf("cut inside a character: %s", got)
	}
}

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"", "Jean-Luc Mélenchon", "a\tb", "« 50 % »"} {
		if err := CheckText(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for in, want := range map[string]string{
		"Mac\x00ron":   "character 4 is the control character U+0000",
		"é\x1b[31m":    "character 2 is the control character U+001B",
		"two\nlines":   "character 4 is the control character U+000A",
		"Le Pen\r":     "character 7 is the control character U+000D",
		"M\xe9lenchon": "character 2 is not valid UTF-8 (byte 0xE9)",
		"x\uffff":      "character 2 is the non-character U+FFFF",
	} {
		if err := CheckText(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %s", in, err, want)
		}
	}
}

// sparse makes a file of size bytes that takes no disk space and is never
// read into memory by the test.
func sparse(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

func TestReadFileRefusesLargeFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "presidentielle.csv")
	sparse(t, big, 1<<30)
	_, err := ReadFile(big)
	if err == nil || !IsDataError(err) || !strings.Contains(err.Error(), "presidentielle.csv: the file is 1 GiB; forecast reads files up to 64 MiB") {
		t.Errorf("1 GiB file: %v", err)
	}
	if CheckSize("f", MaxFileSize) != nil || CheckSize("f", MaxFileSize+1) == nil {
		t.Error("the limit is MaxFileSize bytes, included")
	}
}

const toyElection = `{"id":"toy","name":"Toy","rounds":[{"round":1,"date":"2020-04-12","blackout_from":"2020-04-11","headline":["A","B"],"headline_reason":"x"}],` +
	`"candidates":[{"id":"A","name":"Ann A","party":"","colour":"","ran":true},{"id":"B","name":"Bob B","party":"","colour":"","ran":true}],"pollsters":[],"provenance":[]}`

const toyResults = "round,scope,code,name,registered,abstentions,voters,blank,null,expressed,candidate,votes,source_url\n" +
	"1,national,FR,France,100,20,80,5,5,70,A,40,u\n1,national,FR,France,100,20,80,5,5,70,B,30,u\n"

func toyPoll(cand, value, note string) string {
	return "p,1,poll,x,X,x,vote_share,yes,,,2020-04-01,2020-04-10,1000,900,online,,,,," + cand + "," + cand + "," + value + ",,,,u," + note + "\n"
}

// TestLoadRefusesBadText: a hand-edited --data directory is checked like an
// imported file: control characters and invalid UTF-8 are refused with
// file, line and column.
func TestLoadRefusesBadText(t *testing.T) {
	good := toyPoll("A", "50", "") + toyPoll("B", "50", "")
	for want, c := range map[string]struct{ election, forecasts string }{
		"": {toyElection, good},
		"forecasts.csv:3: column 27: character 2 is the control character U+0000":         {toyElection, toyPoll("A", "50", "") + toyPoll("B", "50", "a\x00")},
		"forecasts.csv:2: column 27: character 1 is not valid UTF-8":                      {toyElection, toyPoll("A", "50", "\xff") + toyPoll("B", "50", "")},
		`election.json:1: string "Ann\x1bA": character 4 is the control character U+001B`: {strings.Replace(toyElection, "Ann A", `Ann\u001bA`, 1), good},
		"election.json:1: byte 0xE9 is not valid UTF-8":                                   {strings.Replace(toyElection, "Ann A", "Ann \xe9", 1), good},
		`election.json:1: string "Ann \uffff": character 5 is the non-character U+FFFF`:   {strings.Replace(toyElection, "Ann A", "Ann \uffff", 1), good},
	} {
		fsys := fstest.MapFS{ElectionFile: {Data: []byte(c.election)}, ResultsFile: {Data: []byte(toyResults)}, ForecastsFile: {Data: []byte(figureHeader + c.forecasts)}}
		_, err := Load(fsys)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}

// TestLoadRefusesLargeFiles: --data with an oversized file fails with a data
// error before reading it.
func TestLoadRefusesLargeFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{ElectionFile: toyElection, ResultsFile: toyResults} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sparse(t, filepath.Join(dir, ForecastsFile), 1<<30)
	_, err := Load(os.DirFS(dir))
	if err == nil || !IsDataError(err) || !strings.Contains(err.Error(), "forecasts.csv: the file is 1 GiB; forecast reads files up to 64 MiB") {
		t.Errorf("got %v", err)
	}
}

// TestShareSums: shares of one snapshot adding up to more than 100 plus
// rounding (0.5 point per figure) are an error naming snapshot, lines and
// sum; up to the slack they are rounding.
func TestShareSums(t *testing.T) {
	for want, figs := range map[string]string{
		"": toyPoll("A", "50.5", "") + toyPoll("B", "50.5", ""), // 101 = 100 + 0.5·2
		"lines 2, 3: snapshot p: its 2 shares add up to 101.5 %, more than 100 % plus rounding (0.5 points per figure)": toyPoll("A", "51", "") + toyPoll("B", "50.5", ""),
		"lines 2, 3: snapshot p: its 2 shares add up to 300 %":                                                          toyPoll("A", "100", "") + toyPoll("B", "200", ""),
	} {
		_, err := ReadFigures("f.csv", strings.NewReader(figureHeader+figs))
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
	// Approval and volumes need not add up to 100.
	approval := strings.ReplaceAll(toyPoll("A", "90", "")+toyPoll("B", "80", ""), "vote_share", "approval")
	if _, err := ReadFigures("f.csv", strings.NewReader(figureHeader+approval)); err != nil {
		t.Errorf("approval: %v", err)
	}
}

// BenchmarkCheckText measures the text check every field of every input
// goes through, on the largest real input (the 2022 forecasts.csv).
func BenchmarkCheckText(b *testing.B) {
	raw, err := os.ReadFile("../data/fr2022/forecasts.csv")
	if err != nil {
		b.Fatal(err)
	}
	s := strings.ReplaceAll(string(raw), "\n", " ") // the line ends are not in any field
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if err := CheckText(s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadRecordsRefusesBadText: the readers built on ReadRecords (the
// Ministry's and the proclamation's files, the canonical tables) report a
// field with a control character with file, line and column, skip its
// record and read on.
func TestReadRecordsRefusesBadText(t *testing.T) {
	cr := csv.NewReader(strings.NewReader("a,b\nc,\"d\x00\"\ne,\"two\nlines\"\nf,g\n"))
	var p Problems
	var got []int
	skipped := ReadRecords("r.csv", cr, 3, &p, func(line int, rec []string) { got = append(got, line) })
	err := p.Err()
	if skipped != 2 || !slices.Equal(got, []int{4, 8}) || err == nil ||
		!strings.Contains(err.Error(), "r.csv:5: column 2: character 2 is the control character U+0000") ||
		!strings.Contains(err.Error(), "r.csv:6: column 2: character 4 is the control character U+000A") {
		t.Errorf("skipped %d, read lines %v, error %v", skipped, got, err)
	}
}

// TestMessagesAreBounded: a problem's message is cut at 1000 bytes, whatever
// input it names unquoted.
func TestMessagesAreBounded(t *testing.T) {
	id := strings.Repeat("é", 5<<20)
	err := Errorf("f.csv", 2, "snapshot %s: its shares add up to 300 %%", id)
	if s := err.Error(); len(s) > 1100 || !strings.HasPrefix(s, "f.csv:2: snapshot éé") || !strings.HasSuffix(s, "… (message cut: 10485797 bytes)") {
		t.Errorf("%d bytes: %.100s…%s", len(s), s, s[max(0, len(s)-60):])
	}
}

// endless is a file of unknown size (as a pipe's, 0) that never ends.
type endless struct{}

func (endless) Stat() (fs.FileInfo, error) { return fstest.MapFS{"p": {}}.Stat("p") }
func (endless) Read(b []byte) (int, error) { clear(b); return len(b), nil }
func (endless) Close() error               { return nil }

// TestReadAllStopsAtTheLimit: a file whose size is not known beforehand is
// read up to the limit, not until memory runs out.
func TestReadAllStopsAtTheLimit(t *testing.T) {
	_, err := readAll("/dev/stdin", endless{})
	if err == nil || !IsDataError(err) || !strings.Contains(err.Error(), "/dev/stdin: the file is larger than 64 MiB, the most forecast reads") {
		t.Errorf("got %v", err)
	}
}

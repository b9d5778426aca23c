package report

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// version is a report whose every file says which version it is.
func version(v int) []File {
	files := []File{{"index.html", fmt.Appendf(nil, "v%d", v)}}
	for i := range 40 {
		files = append(files, File{fmt.Sprintf("charts/c%02d.svg", i), fmt.Appendf(nil, "v%d %s", v, strings.Repeat("x", 2000))})
	}
	return files
}

// whole returns the version of the report in dir, or an error when dir is
// not one whole report: missing, without its marker, files missing or of
// two versions.
func whole(dir string) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return 0, fmt.Errorf("no whole report: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(strings.TrimPrefix(string(b), "v"))
	if err != nil {
		return 0, err
	}
	want := version(v)
	for _, f := range want {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || string(b) != string(f.Data) {
			return 0, fmt.Errorf("%s is not version %d's: %v", f.Name, v, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "charts"))
	if len(entries) != len(want)-1 {
		return 0, fmt.Errorf("%d charts, want %d", len(entries), len(want)-1)
	}
	return v, nil
}

// leftovers lists what is beside the report in its parent directory.
func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != "out" {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestWriteDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := WriteDir(dir, version(1), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, version(2), WriteOptions{}); !errors.Is(err, ErrExists) {
		t.Errorf("an existing directory was not refused: %v", err)
	}
	if v, err := whole(dir); v != 1 || err != nil {
		t.Errorf("a refused write changed the directory: version %d, %v", v, err)
	}
	os.WriteFile(filepath.Join(dir, "charts", "extra.png"), nil, 0o644)
	if err := WriteDir(dir, version(2), WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if v, err := whole(dir); v != 2 || err != nil {
		t.Errorf("--force did not replace the report: version %d, %v", v, err)
	}
	if l := leftovers(t, parent); len(l) != 0 {
		t.Errorf("left beside the report: %v", l)
	}
}

// TestWriteDirRefuses gives --force what is not a report of its own: each
// must be refused, and left as it was.
func TestWriteDirRefuses(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "notes.txt")
	os.WriteFile(file, []byte("mine"), 0o644)
	other := filepath.Join(parent, "thesis")
	os.MkdirAll(filepath.Join(other, "chapters"), 0o755)
	os.WriteFile(filepath.Join(other, "chapters", "one.tex"), []byte("mine"), 0o644)
	report := filepath.Join(parent, "report")
	if err := WriteDir(report, version(1), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(report, "data") // the user put the --data directory in a report
	os.Mkdir(data, 0o755)
	os.WriteFile(filepath.Join(data, "forecasts.csv"), []byte("mine"), 0o644)
	t.Chdir(t.TempDir())
	os.WriteFile(Marker, nil, 0o644)
	wd, _ := os.Getwd()
	for _, c := range []struct {
		name, dir string
		keep      []string
		check     string // a file that must survive
	}{
		{"a file", file, nil, file},
		{"a directory that is not a report", other, nil, filepath.Join(other, "chapters", "one.tex")},
		{"a report that holds the --data directory", report, []string{data}, filepath.Join(data, "forecasts.csv")},
		{"a report that is the --data directory", report, []string{report}, filepath.Join(data, "forecasts.csv")},
		{"the current directory", ".", nil, filepath.Join(wd, Marker)},
		{"a directory that holds the current one", filepath.Dir(wd), nil, filepath.Join(wd, Marker)},
	} {
		err := WriteDir(c.dir, version(2), WriteOptions{Force: true, Keep: c.keep})
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s: not refused: %v", c.name, err)
		}
		if _, err := os.Stat(c.check); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestWriteDirKilledAtEachStep kills a run of WriteDir after each of its
// steps, swapping the directories and moving the old one aside: the
// directory must then hold a whole report, old or new, or — moved aside,
// between the two renames — get the old one back from the next run.
func TestWriteDirKilledAtEachStep(t *testing.T) {
	for _, c := range []struct {
		swap  bool
		step  string
		gap   bool // the old report is aside, not in place
		after int  // the version in place after the kill (and the next run's recovery)
	}{
		{true, "written", false, 1},
		{true, "swapped", false, 2},
		{false, "written", false, 1},
		{false, "aside", true, 1},
		{false, "renamed", false, 2},
	} {
		t.Run(fmt.Sprintf("swap=%v/%s", c.swap, c.step), func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			if err := WriteDir(dir, version(1), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			child(t, dir, 2, c.swap, c.step, 0)
			v, err := whole(dir)
			if c.gap && err == nil {
				t.Errorf("the old report is in place after a kill between the renames")
			}
			if !c.gap && (err != nil || v != c.after) {
				t.Errorf("after the kill: version %d, %v; want %d", v, err, c.after)
			}
			if len(leftovers(t, parent)) == 0 {
				t.Error("a killed run left nothing beside the report: was it killed?")
			}
			// The next run, refused for want of --force, puts things right.
			if err := WriteDir(dir, version(3), WriteOptions{}); !errors.Is(err, ErrExists) {
				t.Errorf("the next run: %v", err)
			}
			if v, err := whole(dir); err != nil || v != c.after {
				t.Errorf("after the next run: version %d, %v; want %d", v, err, c.after)
			}
			if l := leftovers(t, parent); len(l) != 0 {
				t.Errorf("left beside the report after the next run: %v", l)
			}
		})
	}
}

// TestWriteDirKilled kills 30 runs of WriteDir --force with SIGKILL at
// different moments: after every kill the directory holds a whole report.
func TestWriteDirKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 30 processes: not in -short mode")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := WriteDir(dir, version(0), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 30; i++ {
		child(t, dir, i, true, "", i*3%46)
		if _, err := whole(dir); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
	}
	if err := WriteDir(dir, version(99), WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if v, err := whole(dir); err != nil || v != 99 {
		t.Errorf("version %d, %v", v, err)
	}
	if l := leftovers(t, parent); len(l) != 0 {
		t.Errorf("left beside the report: %v", l)
	}
}

// child runs WriteDir(dir, version(v), Force) in a new process of this test
// binary, killed with SIGKILL after the step named killAt, or, with no
// step, once it has said it started and then written yieldFiles files (or
// finished), and waits for it.
func child(t *testing.T, dir string, v int, swap bool, killAt string, yieldFiles int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteDirChild$")
	cmd.Env = append(os.Environ(), "WRITEDIR_CHILD="+dir, "WRITEDIR_VERSION="+strconv.Itoa(v),
		"WRITEDIR_SWAP="+strconv.FormatBool(swap), "WRITEDIR_KILL_AT="+killAt)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if killAt == "" {
		// Kill it once it has started writing, at a point that varies.
		r := bufio.NewReader(stdout)
		for n := 0; n <= yieldFiles; n++ {
			if _, err := r.ReadString('\n'); err != nil {
				break
			}
		}
		cmd.Process.Kill()
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		if killAt != "" || err != nil {
			t.Fatalf("the child was not killed: %v", err)
		}
	}
}

// TestWriteDirChild is the child process of child.
func TestWriteDirChild(t *testing.T) {
	dir := os.Getenv("WRITEDIR_CHILD")
	if dir == "" {
		t.Skip("the child process of TestWriteDirKilled")
	}
	v, _ := strconv.Atoi(os.Getenv("WRITEDIR_VERSION"))
	if os.Getenv("WRITEDIR_SWAP") == "false" {
		exchangeDirs = func(a, b string) error { return errors.ErrUnsupported }
	}
	killAt := os.Getenv("WRITEDIR_KILL_AT")
	afterStep = func(step string) {
		fmt.Println(step)
		if step == killAt {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	fmt.Println("start")
	if err := WriteDir(dir, version(v), WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"forecast/sources/sourcestest"
)

// TestReadmeExample keeps the README honest: each example output it shows
// must be the first lines of what its command prints today.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"score"}, {"score", "--election", "fr-2022-presidential"}} {
		cmd := "forecast " + strings.Join(args, " ")
		_, after, ok := strings.Cut(string(b), "<!-- README example: "+cmd+" (first lines); checked by TestReadmeExample -->\n```\n")
		if !ok {
			t.Fatalf("README.md has lost its example block of %s", cmd)
		}
		example, _, _ := strings.Cut(after, "```\n")
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
		if !strings.HasPrefix(out, example) {
			t.Errorf("README.md shows output that `%s` no longer prints; update it with:\n  go run ./cmd/%s | head -%d\ngot:\n%s",
				cmd, cmd, strings.Count(example, "\n"), out[:min(len(out), len(example))])
		}
	}
}

// TestReadmeCommands runs every command of the README's sh blocks, as a
// reader of a fresh clone would from the repository's root, and checks that
// each succeeds and that what they write lands in out/, which .gitignore
// lists: the examples must work without anything beside the clone and must
// not litter the working tree. They run in a temporary directory that sees
// the repository's data/ (the only directory the examples read), so that
// the test itself writes nothing into the repository.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every README example: not in -short mode")
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ignore, err := os.ReadFile("../../.gitignore")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(strings.Split(string(ignore), "\n"), "/out/") {
		t.Fatal(".gitignore does not list /out/, where the README examples write")
	}
	data, err := filepath.Abs("../../data")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(data, filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	cmds := readmeCommands(string(b))
	if len(cmds) < 20 {
		t.Fatalf("found %d commands in the README's sh blocks; has the layout changed?", len(cmds))
	}
	var absent []string // outputs of commands that could not run: what reads them cannot either
	for _, line := range cmds {
		line, ok := withSharedData(t, line)
		if !ok || slices.ContainsFunc(absent, func(o string) bool { return strings.Contains(line, o) }) {
			if fields := strings.Fields(line); slices.Contains(fields, "--out") {
				absent = append(absent, fields[slices.Index(fields, "--out")+1])
			}
			continue
		}
		fields := strings.Fields(line)
		switch {
		case line == "go test ./...":
			// The test command: this is it.
		case line == "mkdir -p out":
			if err := os.MkdirAll("out", 0o755); err != nil {
				t.Fatal(err)
			}
		case len(fields) > 2 && fields[0] == "go" && fields[1] == "run" && fields[2] == "./cmd/forecast":
			if code, _, errs := run(t, fields[3:]...); code != 0 {
				t.Errorf("README.md: %s: exit %d: %s", line, code, errs)
			}
		default:
			t.Errorf("README.md: %s: the test does not know how to run this command; teach TestReadmeCommands", line)
		}
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "data" && e.Name() != "out" {
			t.Errorf("a README example wrote %s outside out/", e.Name())
		}
	}
	for _, f := range []string{"out/final.png", "out/campagne.pdf", "out/errors.svg", "out/rapport/index.html", "out/campaign-2022.png", "out/final-us-2016.png", "out/report-us-2016/index.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("a README example should have written %s: %v", f, err)
		}
	}
}

// readmeCommands returns the commands of the README's sh blocks, one per
// line, without their trailing comments.
func readmeCommands(readme string) []string {
	var cmds []string
	for _, block := range strings.Split(readme, "```sh\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		for line := range strings.Lines(block) {
			line, _, _ = strings.Cut(line, " #")
			if line = strings.TrimSpace(line); line != "" {
				cmds = append(cmds, line)
			}
		}
	}
	return cmds
}

// withSharedData returns a README command with its path into
// ../shared/data (files that no licence lets the repository hold) made
// absolute, and whether that file is there; where it is absent the command
// is logged and left out, except under CI, which has ../shared and fails.
func withSharedData(t *testing.T, line string) (string, bool) {
	t.Helper()
	const prefix = "../shared/data/"
	i := strings.Index(line, prefix)
	if i < 0 {
		return line, true
	}
	rel := strings.Fields(line[i+len(prefix):])[0]
	path := filepath.Join(sourcestest.SharedDir(), rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Errorf("README.md: %s: %v, and CI must run every example", line, err)
		} else {
			t.Logf("README.md: %s: left out: %s is not redistributed with the repository and is absent", line, path)
		}
		return line, false
	}
	return line[:i] + path + line[i+len(prefix)+len(rel):], true
}

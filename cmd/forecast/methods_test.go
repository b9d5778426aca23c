package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// methodsDoc is the methods document, relative to the repository root: every
// "METHODS" citation in the code, the documentation and the notebooks must
// name it and one of its sections.
const methodsDoc = "docs/METHODS.md"

var (
	// citationRe finds a mention of the methods document, with the path it
	// is written with (a run of path characters ending in METHODS or
	// METHODS.md).
	citationRe = regexp.MustCompile(`[A-Za-z0-9_./-]*METHODS(?:\.md)?`)
	// sectionRe reads what follows a mention: ", Notation", "§6", "§7.4",
	// "§§1–5".
	sectionRe = regexp.MustCompile(`^(?:\s*,\s*([Nn]otation)|\s*§§?\s*(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?)`)
	// headingRe reads a section heading of the methods document: "## 6. Time",
	// "### 7.4 House effects", "## Notation".
	headingRe = regexp.MustCompile(`^#{2,4}\s+§?(?:(\d+(?:\.\d+)*)\.?\s|(Notation)\b)`)
)

// methodsSections returns the section ids of the methods document ("1",
// "7.4", "notation").
func methodsSections(doc string) map[string]bool {
	ids := map[string]bool{}
	for _, line := range strings.Split(doc, "\n") {
		if m := headingRe.FindStringSubmatch(line); m != nil {
			ids[strings.ToLower(m[1]+m[2])] = true
		}
	}
	return ids
}

// citationProblems checks the citations of the methods document in text, the
// contents of the file rel (slash-separated, relative to the repository
// root): each must name docs/METHODS.md by a path that leads to it (from the
// root or from the file's directory), and every section it cites must have a
// heading there. It returns one message per bad citation, with its line.
func citationProblems(rel, text string, sections map[string]bool) []string {
	var problems []string
	for i, line := range strings.Split(text, "\n") {
		for _, loc := range citationRe.FindAllStringIndex(line, -1) {
			cited := line[loc[0]:loc[1]]
			bad := func(format string, args ...any) {
				problems = append(problems, fmt.Sprintf("%s:%d: %q: %s", rel, i+1, strings.TrimSpace(line), fmt.Sprintf(format, args...)))
			}
			if !strings.HasSuffix(cited, ".md") || !leadsToMethods(rel, cited) {
				bad("cite the methods as %s (a path from the repository root), not %q", methodsDoc, cited)
				continue
			}
			m := sectionRe.FindStringSubmatch(line[loc[1]:])
			if m == nil {
				continue // the document as a whole
			}
			if m[1] != "" {
				if !sections["notation"] {
					bad("%s has no Notation heading", methodsDoc)
				}
				continue
			}
			for _, s := range sectionRange(m[2], m[3]) {
				if !sections[s] {
					bad("%s has no section §%s", methodsDoc, s)
				}
			}
		}
	}
	return problems
}

// leadsToMethods reports whether path, cited in the file rel, is the
// methods document: from the repository root or from the file's directory.
func leadsToMethods(rel, path string) bool {
	return filepath.ToSlash(filepath.Clean(path)) == methodsDoc ||
		filepath.ToSlash(filepath.Join(filepath.Dir(rel), path)) == methodsDoc
}

// sectionRange lists the sections of a citation "§a" or "§§a–b": every
// whole section from a to b when both are whole, else a and b.
func sectionRange(a, b string) []string {
	if b == "" {
		return []string{a}
	}
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA != nil || errB != nil || y < x {
		return []string{a, b}
	}
	var out []string
	for s := x; s <= y; s++ {
		out = append(out, strconv.Itoa(s))
	}
	return out
}

// citedText returns what a file says in its own words: the whole file, or
// for a notebook the sources of its cells (its outputs are what the code
// prints, which is checked where the code is).
func citedText(path string, b []byte) (string, error) {
	if filepath.Ext(path) != ".ipynb" {
		return string(b), nil
	}
	var nb struct {
		Cells []struct {
			Source json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, c := range nb.Cells {
		var lines []string
		if err := json.Unmarshal(c.Source, &lines); err != nil {
			var s string
			if err := json.Unmarshal(c.Source, &s); err != nil {
				return "", err
			}
			lines = []string{s}
		}
		sb.WriteString(strings.Join(lines, ""))
		sb.WriteString("\n")
	}
	return sb.String(), nil
}

// TestMethodsCitations scans the repository's Go, Markdown, Python and
// notebook files for citations of the methods ("docs/METHODS.md §6") and
// fails on any that does not name docs/METHODS.md or names a section it does
// not have.
func TestMethodsCitations(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, methodsDoc))
	if err != nil {
		t.Fatal(err)
	}
	sections := methodsSections(string(doc))
	for _, s := range []string{"notation", "1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		if !sections[s] {
			t.Errorf("%s has no heading for section %s, which the code and the documentation cite", methodsDoc, s)
		}
	}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".py", ".ipynb":
		default:
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "cmd/forecast/methods_test.go" { // this file's cases are bad on purpose
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text, err := citedText(path, b)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		files++
		for _, p := range citationProblems(rel, text, sections) {
			t.Error(p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned %d files: the walk missed the repository", files)
	}
}

// TestMethodsCitationChecks checks the checker on citations good and bad.
func TestMethodsCitationChecks(t *testing.T) {
	sections := methodsSections("# Methods\n## Notation\n## 1. Sets\n## 2. Measures\n## 7. Polls\n### 7.4 House effects\n")
	for _, c := range []struct {
		rel, text string
		bad       int
	}{
		{"scoring/a.go", "// (docs/METHODS.md §1)", 0},
		{"scoring/a.go", "// docs/METHODS.md §§1–2 and §7.4", 0},
		{"scoring/a.go", "// (docs/METHODS.md, Notation)", 0},
		{"README.md", "[docs/METHODS.md](docs/METHODS.md)", 0},
		{"data/README.md", "see [the methods](../docs/METHODS.md) or docs/METHODS.md §2", 0},
		{"docs/OTHER.md", "see METHODS.md §7", 0},
		{"scoring/a.go", "// order measures only (docs/METHODS.md §2)", 0}, // pending
		{"scoring/a.go", "// (METHODS §1)", 1},
		{"scoring/a.go", "// see METHODS.md §1", 1},
		{"scoring/a.go", "// see METHODS in the documentation", 1},
		{"scoring/a.go", "// ../shared/design/METHODS.md §1", 1},
		{"scoring/a.go", "// docs/METHODS.md §3", 1},
		{"scoring/a.go", "// docs/METHODS.md §7.5", 1},
		{"scoring/a.go", "// docs/METHODS.md §§1–3", 1},
		{"scoring/a.go", "// docs/METHODS.md §§1–9, docs/METHODS.md §8", 7},
		{"data/README.md", "docs/METHODS.md §1 and ../docs/METHODS.md §2, docs/METHODS.md", 0},
		{"scoring/a.go", "line one\n// docs/METHODS.md §6", 1},
	} {
		got := citationProblems(c.rel, c.text, sections)
		if len(got) != c.bad {
			t.Errorf("%s: %q: %d problems, want %d: %q", c.rel, c.text, len(got), c.bad, got)
		}
	}
	if got := citationProblems("scoring/a.go", "x\n// docs/METHODS.md §6", sections); len(got) != 1 || !strings.HasPrefix(got[0], "scoring/a.go:2: ") {
		t.Errorf("problem %q does not name the file and line 2", got)
	}
}

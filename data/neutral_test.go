package data

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
)

// ordinaryWords are spellings from the elections' metadata that are also
// ordinary words, and so may appear in generic code.
var ordinaryWords = map[string]string{
	"autre":             `NSPPolls' "autre" (an unnamed candidate of a party) is French for "other"`,
	"unnamed candidate": "not a person: the entry for NSPPolls' unnamed candidates",
	"candidate":         `the "surname" of that entry`,
	"poisson":           "a 2022 non-runner's surname, and a distribution",
}

// TestScoringAndReportsNameNoElection reads the non-test Go files of
// scoring/ and reports/ for what is specific to an election: the years of
// the embedded elections, their candidates (ids, names, surnames, spellings)
// and their pollsters (ids, names, spellings), in any identifier, number or
// string of the code. What is specific to an election is data
// (election.json); the engine and the outputs must work unchanged on the
// next one. Comments are not read: documentation may illustrate with a real
// example (a date spelled in French, an accented name).
func TestScoringAndReportsNameNoElection(t *testing.T) {
	var ids []string
	folded := map[string][]string{} // NameKey of a spelling → what it names
	add := func(spelling, what string) {
		if k := sources.NameKey(spelling); k != "" && ordinaryWords[k] == "" && !slices.Contains(folded[k], what) {
			folded[k] = append(folded[k], what)
		}
	}
	for _, id := range Elections() {
		fsys, _ := Election(id)
		b, err := fs.ReadFile(fsys, sources.ElectionFile)
		if err != nil {
			t.Fatal(err)
		}
		e, err := sources.ParseElection(id, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range e.Rounds {
			add(r.Date[:4], "the year of "+id)
		}
		for _, c := range e.Candidates {
			ids = append(ids, c.ID)
			what := "candidate " + c.ID
			add(c.Name, what)
			if _, surname, ok := strings.Cut(c.Name, " "); ok {
				add(surname, what)
			}
			for _, a := range c.Aliases {
				add(a, what)
			}
		}
		for _, p := range e.Pollsters {
			what := "pollster " + p.ID
			add(p.ID, what)
			add(p.Name, what)
			for _, a := range p.Aliases {
				add(a, what)
			}
		}
	}
	spellings := slices.Sorted(maps.Keys(folded))
	slices.Sort(ids)
	idRe := regexp.MustCompile(`\b(` + strings.Join(slices.Compact(ids), "|") + `)\b`)
	names := func(lit string) []string {
		var named []string
		if m := idRe.FindString(lit); m != "" {
			named = append(named, "the candidate id "+m)
		}
		key := " " + sources.NameKey(lit) + " "
		for _, k := range spellings {
			if strings.Contains(key, " "+k+" ") {
				named = append(named, fmt.Sprintf("%q (%s)", k, strings.Join(folded[k], ", ")))
			}
		}
		return named
	}
	for _, dir := range []string{"../scoring", "../reports"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fset := token.NewFileSet()
			var sc scanner.Scanner
			sc.Init(fset.AddFile(path, -1, len(src)), src, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, 0)
			for {
				pos, tok, lit := sc.Scan()
				if tok == token.EOF {
					return nil
				}
				if lit == "" || tok == token.SEMICOLON {
					continue
				}
				if named := names(lit); len(named) > 0 {
					t.Errorf("%s names %s: %s", fset.Position(pos), strings.Join(named, ", "), lit)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

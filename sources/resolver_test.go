package sources

import (
	"maps"
	"strings"
	"testing"
)

func TestResolverWithElection(t *testing.T) {
	r, err := NewResolver(loadElection2017(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Registry() == nil {
		t.Fatal("a described election must give a registry")
	}
	im := &Imported{}
	for line, name := range []string{"Jean-Luc Mélenchon", "MÉLENCHON Jean-Luc", "Jena-Luc Mélenchon"} {
		if id, err := r.Resolve("f", line+1, name, im); err != nil || id != "MELENCHON" {
			t.Errorf("Resolve(%q) = %q, %v", name, id, err)
		}
	}
	for range 2 { // the second time from the cache, with the same error
		if _, err := r.Resolve("f", 4, "Jean-Luc Melanchon", im); err == nil || !strings.Contains(err.Error(), `unknown candidate "Jean-Luc Melanchon" (did you mean MELENCHON`) {
			t.Errorf("unknown name: got %v", err)
		}
	}
	if id, err := r.Lookup("Marine Le Pen"); err != nil || id != "LE_PEN" {
		t.Errorf("Lookup = %q, %v", id, err)
	}
	if im.Derived != nil || len(im.Notices) != 0 {
		t.Errorf("with a registry nothing is derived or noted: derived %v, notices %v", im.Derived, im.Notices)
	}
}

func TestResolverDerives(t *testing.T) {
	r, err := NewResolver(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Registry() != nil {
		t.Fatal("no election, no registry")
	}
	im := &Imported{}
	resolve := func(line int, name, want string) {
		t.Helper()
		if id, err := r.Resolve("f.csv", line, name, im); err != nil || id != want {
			t.Errorf("line %d: Resolve(%q) = %q, %v; want %s", line, name, id, err, want)
		}
	}
	resolve(2, "Marine Le Pen", "LE_PEN")
	resolve(3, "Éric Zemmour", "ZEMMOUR")
	resolve(4, "Eric Zemmour", "ZEMMOUR") // another spelling: noted once
	resolve(5, "Eric Zemmour", "ZEMMOUR")
	resolve(6, "Marine Le Pen", "LE_PEN")
	want := map[string]string{"LE_PEN": "Marine Le Pen", "ZEMMOUR": "Éric Zemmour"}
	if !maps.Equal(im.Derived, want) {
		t.Errorf("derived %v, want %v (the first spellings)", im.Derived, want)
	}
	if len(im.Notices) != 1 || im.Notices[0].Error() != `f.csv:4: "Eric Zemmour" and "Éric Zemmour" (line 3) are spellings of one name: both read as ZEMMOUR` {
		t.Errorf("notices %v", im.Notices)
	}

	for range 2 {
		_, err := r.Resolve("f.csv", 7, "Jean-Marie Le Pen", im)
		if err == nil || err.Error() != `"Jean-Marie Le Pen" and "Marine Le Pen" (line 2) would both get the id LE_PEN: they may be different people; describe the election's candidates to tell them apart` {
			t.Errorf("two people, one id: got %v", err)
		}
	}
	if _, err := r.Resolve("f.csv", 8, "-", im); err == nil || !strings.Contains(err.Error(), `cannot make a candidate id from "-"`) {
		t.Errorf("no id: got %v", err)
	}
	if id, err := r.Lookup("Jean-Luc Mélenchon"); err != nil || id != "MELENCHON" {
		t.Errorf("Lookup = %q, %v", id, err)
	}
	if !maps.Equal(im.Derived, want) || len(im.Notices) != 1 {
		t.Errorf("failed resolutions and lookups must record nothing: derived %v, notices %v", im.Derived, im.Notices)
	}
}

func TestResolverRefusesSharedSpelling(t *testing.T) {
	e := &Election{Candidates: []Candidate{{ID: "A", Name: "Jean Dupont"}, {ID: "B", Name: "Marie Curie", Aliases: []string{"jean dupont"}}}}
	if _, err := NewResolver(e); err == nil || !strings.Contains(err.Error(), "claimed by both A and B") {
		t.Errorf("got %v", err)
	}
}

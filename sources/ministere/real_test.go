package ministere_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/ministere"
	"forecast/sources/sourcestest"
)

// total is what a whole file must add up to: the proclaimed national result
// (SOURCES.md, "Known facts worth a test").
type total struct {
	file                                       string
	round                                      int
	registered, voters, blank, null, expressed int64
	votes                                      map[string]int64
}

var realTotals = []total{
	{"Presidentielle_2017_Resultats_Tour_1_departements.csv", 1,
		47582183, 37003728, 659997, 289337, 36054394, map[string]int64{
			"MACRON": 8656346, "LE_PEN": 7678491, "FILLON": 7212995, "MELENCHON": 7059951, "HAMON": 2291288,
			"DUPONT_AIGNAN": 1695000, "LASSALLE": 435301, "POUTOU": 394505, "ASSELINEAU": 332547,
			"ARTHAUD": 232384, "CHEMINADE": 65586}},
	{"Presidentielle_2017_Resultats_Tour_2_departements.csv", 2,
		47568693, 35467327, 3021499, 1064225, 31381603, map[string]int64{"MACRON": 20743128, "LE_PEN": 10638475}},
	{"resultats-par-niveau-dpt-t1-france-entiere-2022.csv", 1,
		48747876, 35923707, 543609, 247151, 35132947, map[string]int64{
			"MACRON": 9783058, "LE_PEN": 8133828, "MELENCHON": 7712520, "ZEMMOUR": 2485226, "PECRESSE": 1679001,
			"JADOT": 1627853, "LASSALLE": 1101387, "ROUSSEL": 802422, "DUPONT_AIGNAN": 725176, "HIDALGO": 616478,
			"POUTOU": 268904, "ARTHAUD": 197094}},
	{"resultats-par-niveau-dpt-t2-france-entiere-2022.csv", 2,
		48752339, 35096478, 2233904, 805249, 32057325, map[string]int64{"MACRON": 18768639, "LE_PEN": 13288686}},
}

// TestRealFiles reads the Ministry's four real files, telling the round from
// each file, and checks that the départements add up to the proclamation to
// the vote. Each file is read both with its election's registry and without
// a description (derived ids).
func TestRealFiles(t *testing.T) {
	registries := map[string]*sources.Election{"2017": sourcestest.Election2017(t), "2022": sourcestest.Election(t, "fr2022")}
	for _, want := range realTotals {
		elections := map[string]*sources.Election{"undescribed": nil}
		for year, e := range registries {
			if strings.Contains(want.file, year) {
				elections[year+" registry"] = e
			}
		}
		for desc, e := range elections {
			t.Run(want.file+"/"+desc, func(t *testing.T) {
				path, b := rawFile(t, want.file)
				im, err := ministere.Read(path, b, e, ministere.Options{})
				if err != nil {
					t.Fatal(err)
				}
				checkTotals(t, im.Results, want)
				for _, n := range im.Notices {
					if strings.Contains(n.Msg, "cut short") {
						t.Errorf("a complete file noticed as cut: %v", n)
					}
				}
				if e == nil {
					if got := slices.Sorted(maps.Keys(im.Derived)); !slices.Equal(got, slices.Sorted(maps.Keys(want.votes))) {
						t.Errorf("derived ids %v, want %v", got, slices.Sorted(maps.Keys(want.votes)))
					}
				} else if im.Derived != nil {
					t.Errorf("with a registry, derived ids %v", im.Derived)
				}
			})
		}
	}
}

func checkTotals(t *testing.T, rs []sources.Result, want total) {
	t.Helper()
	var got total
	got.votes = map[string]int64{}
	seen := map[string]bool{}
	var codes []string
	for _, r := range rs {
		if r.Round != want.round || r.Scope != sources.Department {
			t.Fatalf("line %d: round %d scope %q, want round %d scope %q", r.Line, r.Round, r.Scope, want.round, sources.Department)
		}
		if err := r.Check(); err != nil {
			t.Errorf("line %d: %v", r.Line, err)
		}
		got.votes[r.Candidate] += r.Votes
		if seen[r.Code] {
			continue
		}
		seen[r.Code] = true
		codes = append(codes, r.Code)
		got.registered += r.Registered
		got.voters += r.Voters
		got.blank += r.Blank
		got.null += r.Null
		got.expressed += r.Expressed
	}
	if len(codes) != 107 {
		t.Errorf("%d départements, want 107", len(codes))
	}
	if len(rs) != 107*len(want.votes) {
		t.Errorf("%d results, want 107 × %d candidates", len(rs), len(want.votes))
	}
	for _, c := range []string{"01", "09", "2A", "2B", "95", "ZA", "ZZ"} {
		if !seen[c] {
			t.Errorf("no département %s (have %v)", c, codes)
		}
	}
	turnout := [][3]any{
		{"registered", got.registered, want.registered},
		{"voters", got.voters, want.voters},
		{"blank", got.blank, want.blank},
		{"null", got.null, want.null},
		{"expressed", got.expressed, want.expressed},
	}
	for _, x := range turnout {
		if x[1] != x[2] {
			t.Errorf("%s add up to %d, want %d", x[0], x[1], x[2])
		}
	}
	if !maps.Equal(got.votes, want.votes) {
		t.Errorf("votes %v\nwant %v", got.votes, want.votes)
	}
}

// TestRealEncodings checks that accented names come out right from the
// Latin-1 file (2017 round 1) and the UTF-8 ones, with a notice saying which
// encoding was assumed.
func TestRealEncodings(t *testing.T) {
	for _, c := range []struct {
		file   string
		latin1 bool
	}{
		{"Presidentielle_2017_Resultats_Tour_1_departements.csv", true},
		{"resultats-par-niveau-dpt-t1-france-entiere-2022.csv", false},
	} {
		t.Run(c.file, func(t *testing.T) {
			path, b := rawFile(t, c.file)
			im, err := ministere.Read(path, b, nil, ministere.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := im.Derived["MELENCHON"]; got != "Jean-Luc MÉLENCHON" {
				t.Errorf("MELENCHON is spelled %q, want %q", got, "Jean-Luc MÉLENCHON")
			}
			names := map[string]string{}
			for _, r := range im.Results {
				names[r.Code] = r.Name
			}
			if got := names["ZZ"]; got != "Français établis hors de France" {
				t.Errorf("ZZ is named %q", got)
			}
			noted := false
			for _, n := range im.Notices {
				noted = noted || n.Msg == "not valid UTF-8: read as Latin-1 (ISO-8859-1)"
			}
			if noted != c.latin1 {
				t.Errorf("Latin-1 notice: %v, want %v (notices %v)", noted, c.latin1, im.Notices)
			}
		})
	}
}

// BenchmarkReadMinistere2017T1 reads the real 2017 round-1 file (Latin-1, 107
// départements × 11 candidates) with the 2017 registry.
func BenchmarkReadMinistere2017T1(b *testing.B) {
	path, data := rawFile(b, "Presidentielle_2017_Resultats_Tour_1_departements.csv")
	e := sourcestest.Election2017(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ministere.Read(path, data, e, ministere.Options{Round: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

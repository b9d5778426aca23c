package ministere_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"forecast/sources/sourcestest"
)

// rawFile reads one of the Ministry's real files, vendored in the
// repository under data/upstream (see sourcestest).
func rawFile(tb testing.TB, name string) (path string, b []byte) {
	tb.Helper()
	path = sourcestest.Path(tb, filepath.Join("ministere", name))
	return path, sourcestest.Read(tb, filepath.Join("ministere", name))
}

// cand is one candidate block of a test row.
type cand struct {
	sexe, nom, prenom string
	votes             int64
}

// dep is one test row; voters and expressed follow from the other counts.
type dep struct {
	code, name             string
	reg, abst, blank, null int64
	cands                  []cand
	state                  string // "Etat saisie", for the 2022 layout
}

// pct writes 100·a/b with two decimals, as the Ministry does.
func pct(a, b int64, comma bool) string {
	if b == 0 {
		return "0"
	}
	s := strconv.FormatFloat(100*float64(a)/float64(b), 'f', 2, 64)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// line writes a row in the 2017 layout (16 fixed columns), or the 2022 one
// when withState (17, with "Etat saisie").
func (d dep) line(comma, withState bool) string {
	voters := d.reg - d.abst
	expr := voters - d.blank - d.null
	f := []string{d.code, d.name}
	if withState {
		st := d.state
		if st == "" {
			st = "Complet"
		}
		f = append(f, st)
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	f = append(f, n(d.reg), n(d.abst), pct(d.abst, d.reg, comma), n(voters), pct(voters, d.reg, comma),
		n(d.blank), pct(d.blank, d.reg, comma), pct(d.blank, voters, comma),
		n(d.null), pct(d.null, d.reg, comma), pct(d.null, voters, comma),
		n(expr), pct(expr, d.reg, comma), pct(expr, voters, comma))
	for _, c := range d.cands {
		f = append(f, c.sexe, c.nom, c.prenom, n(c.votes), pct(c.votes, d.reg, comma), pct(c.votes, expr, comma))
	}
	return strings.Join(f, ";")
}

const block = "Sexe;Nom;Prénom;Voix;% Voix/Ins;% Voix/Exp"

// header writes a header in the 2017 layout, or the 2022 one when
// withState; named is how many candidate blocks it names.
func header(withState bool, named int) string {
	h := "Code du département;Libellé du département;"
	if withState {
		h += "Etat saisie;"
	}
	h += "Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;% Exp/Vot"
	for range named {
		h += ";" + block
	}
	return h
}

// Two small départements of a run-off, for inline files.
var (
	ain = dep{code: "1", name: "Ain", reg: 1000, abst: 200, blank: 50, null: 30, cands: []cand{
		{"M", "MACRON", "Emmanuel", 500}, {"F", "LE PEN", "Marine", 220}}}
	corse = dep{code: "2A", name: "Corse-du-Sud", reg: 100, abst: 10, cands: []cand{
		{"F", "LE PEN", "Marine", 60}, {"M", "MACRON", "Emmanuel", 30}}}
	reunion = dep{code: "974", name: "La Réunion", reg: 600, abst: 100, blank: 20, null: 10, cands: []cand{
		{"M", "MÉLENCHON", "Jean-Luc", 300}, {"M", "MACRON", "Emmanuel", 170}}}
)

// file2017T2 is a small file in the 2017 round-2 layout: title line, decimal points, LF.
func file2017T2() string {
	return "Résultats par départements - Tour 2\n" + header(false, 2) + "\n" +
		ain.line(false, false) + "\n" + corse.line(false, false) + "\n"
}

// latin1 encodes s (which must hold only runes below 256) as Latin-1.
func latin1(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xff {
			panic("not Latin-1: " + string(r))
		}
		b = append(b, byte(r))
	}
	return b
}

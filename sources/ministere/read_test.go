package ministere_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/ministere"
	"forecast/sources/sourcestest"
)

// TestReadSmall reads a small file in each of the layouts met upstream and
// checks every field of the results.
func TestReadSmall(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	reunion2 := dep{code: "974", name: "La Réunion", reg: 600, abst: 100, blank: 20, null: 10, cands: []cand{
		{"F", "LE PEN", "Marine", 300}, {"M", "MACRON", "Emmanuel", 170}}}
	cases := []struct {
		name  string
		file  string
		data  []byte
		round int
		codes []string
		ids   []string // in file order, first département
	}{
		{"2017 round 2: title line, decimal points, LF", "Presidentielle_2017_Resultats_Tour_2_departements.csv",
			[]byte(file2017T2()), 2, []string{"01", "2A"}, []string{"MACRON", "LE_PEN"}},
		{"2017 round 1: Latin-1, decimal commas, CRLF", "Presidentielle_2017_Resultats_Tour_1_departements.csv",
			latin1(crlf(header(false, 2) + "\n" + ain.line(true, false) + "\n" + reunion2.line(true, false) + "\n")),
			1, []string{"01", "974"}, []string{"MACRON", "LE_PEN"}},
		{"2022: UTF-8 with BOM, Etat saisie, one named block, CRLF", "resultats-par-niveau-dpt-t1-france-entiere-2022.csv",
			[]byte("\ufeff" + crlf(header(true, 1)+"\n"+
				dep{code: "01", name: "Ain", reg: 1000, abst: 200, blank: 50, null: 30, cands: ain.cands}.line(true, true)+"\n"+
				reunion2.line(true, true)+"\n")),
			1, []string{"01", "974"}, []string{"MACRON", "LE_PEN"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := ministere.Read(c.file, c.data, nil, ministere.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var codes, ids []string
			for _, r := range im.Results {
				if !slices.Contains(codes, r.Code) {
					codes = append(codes, r.Code)
				}
				if r.Code == c.codes[0] {
					ids = append(ids, r.Candidate)
				}
				if r.Round != c.round || r.Scope != sources.Department || r.SourceURL != c.file {
					t.Errorf("round %d scope %q source %q", r.Round, r.Scope, r.SourceURL)
				}
				if err := r.Check(); err != nil {
					t.Error(err)
				}
			}
			if !slices.Equal(codes, c.codes) || !slices.Equal(ids, c.ids) {
				t.Errorf("codes %v ids %v, want %v %v", codes, ids, c.codes, c.ids)
			}
			first := im.Results[0]
			want := sources.Result{Round: c.round, Scope: "departement", Code: "01", Name: "Ain",
				Registered: 1000, Abstentions: 200, Voters: 800, Blank: 50, Null: 30, Expressed: 720,
				Candidate: "MACRON", Votes: 500, SourceURL: c.file, Line: first.Line}
			if first != want {
				t.Errorf("first result\n %+v\nwant %+v", first, want)
			}
			wantLine := 2
			if strings.HasPrefix(string(c.data), "Résultats") {
				wantLine = 3
			}
			if first.Line != wantLine {
				t.Errorf("first result read from line %d, want %d", first.Line, wantLine)
			}
		})
	}
}

// TestLatin1 checks that Latin-1 bytes come out as the letters they stand for
// (0xC9 is É), not as mojibake and not as an error.
func TestLatin1(t *testing.T) {
	data := latin1(header(false, 2) + "\n" + reunion.line(true, false) + "\n")
	if !slices.Contains(data, 0xc9) {
		t.Fatal("the test file has no É byte")
	}
	im, err := ministere.Read("t1.csv", data, nil, ministere.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := im.Derived["MELENCHON"]; got != "Jean-Luc MÉLENCHON" {
		t.Errorf("got %q, want Jean-Luc MÉLENCHON", got)
	}
	if got := im.Results[0].Name; got != "La Réunion" {
		t.Errorf("got %q, want La Réunion", got)
	}
}

// TestOptions checks the round given by the caller and the source URL.
func TestOptions(t *testing.T) {
	const url = "https://www.data.gouv.fr/fr/datasets/example/"
	im, err := ministere.Read("results.csv", []byte(header(false, 2)+"\n"+ain.line(false, false)+"\n"), nil,
		ministere.Options{Round: 2, SourceURL: url})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range im.Results {
		if r.Round != 2 || r.SourceURL != url {
			t.Errorf("round %d source %q", r.Round, r.SourceURL)
		}
	}
}

// TestRegistry reads a file with the 2017 registry: names resolve to the
// described ids and nothing is derived.
func TestRegistry(t *testing.T) {
	im, err := ministere.Read("t.csv", []byte(file2017T2()), sourcestest.Election2017(t), ministere.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.Derived != nil || im.Results[0].Candidate != "MACRON" || im.Results[1].Candidate != "LE_PEN" {
		t.Errorf("derived %v, results %+v", im.Derived, im.Results)
	}
}

// TestNotices checks what the reader says it did: skipped title line, restored
// leading zeros, a département not fully counted, empty rows, padding blocks.
func TestNotices(t *testing.T) {
	partial := ain
	partial.code, partial.state = "01", "Partiel"
	data := "Résultats provisoires\nPremier tour\n" + header(true, 1) + "\n" + partial.line(true, true) + ";;;;;;\n;;;\n"
	im, err := ministere.Read("x.csv", []byte(data), nil, ministere.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Results) != 2 || im.Results[0].Round != 1 {
		t.Fatalf("results %+v", im.Results)
	}
	var got []string
	for _, n := range im.Notices {
		got = append(got, n.Error())
	}
	for _, want := range []string{
		`x.csv:1: skipped the line before the header: "Résultats provisoires"`,
		`x.csv:2: skipped the line before the header: "Premier tour"`,
		`x.csv:4: département 01: "Etat saisie" is "Partiel", not "Complet": its count may be partial`,
		`x.csv:5: empty row (4 empty fields) skipped`,
		// One unit of 107: a file cut at a line boundary looks like this.
		`x.csv: 1 départements or units where the Ministry's files for the whole of France have 107: is the file cut short?`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no notice %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// TestMalformed feeds damaged files and checks that each gives a clear error
// with its file and line, and no panic.
func TestMalformed(t *testing.T) {
	h := header(false, 2)
	good := ain.line(false, false)
	e := sourcestest.Election2017(t)
	replace := func(s, old, new string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("%q not in %q", old, s)
		}
		return strings.Replace(s, old, new, 1)
	}
	cases := []struct {
		name string
		file string // t2.csv when empty
		data string
		e    *sources.Election
		// round is the round passed; the file is named t2.csv, so 0 means 2.
		round int
		want  []string
		// usage marks errors that are not caused by the data.
		usage bool
	}{
		{name: "empty file", data: "", want: []string{"t2.csv: empty file"}},
		{name: "only spaces", data: " \r\n\n", want: []string{"t2.csv: empty file"}},
		{name: "no header", data: "Département;Inscrits\n1;100\n", want: []string{`t2.csv: no header line: no line starts with "Code du département"`}},
		{name: "header only", data: h + "\n", want: []string{"t2.csv:1: no département rows"}},
		{name: "missing column", data: strings.Replace(h, ";Nuls;", ";Nul;", 1) + "\n" + good + "\n",
			want: []string{"t2.csv:1: missing column(s) nuls"}},
		{name: "no candidate block", data: strings.SplitN(h, ";Sexe", 2)[0] + "\n", want: []string{`t2.csv:1: the header names no candidate block`}},
		{name: "header block garbled", data: header(false, 1) + ";Sexe;Nom;Prénom;Votes\n" + good + "\n",
			want: []string{`t2.csv:1: column 26 is "Votes", where the candidate blocks repeat "Voix"`}},
		{name: "truncated row", data: h + "\n" + good[:strings.LastIndex(good, ";Marine")] + "\n",
			want: []string{"t2.csv:2: 24 fields; want 16 fixed columns then 6 per candidate"}},
		{name: "non-numeric Voix", data: h + "\n" + replace(good, ";500;", ";5OO;") + "\n",
			want: []string{`t2.csv:2: candidate block 1 (columns 17–22): Voix: "5OO" is not a whole number`}},
		{name: "non-numeric count", data: h + "\n" + replace(good, ";1000;", ";1 000;") + "\n",
			want: []string{`t2.csv:2: column "Inscrits": "1 000" is not a whole number`}},
		{name: "bad Sexe", data: h + "\n" + replace(good, ";F;", ";X;") + "\n",
			want: []string{`t2.csv:2: candidate block 2 (columns 23–28): Sexe "X" is not M or F`}},
		{name: "unknown candidate", data: h + "\n" + replace(good, "MACRON", "MACRONN") + "\n", e: e,
			want: []string{`t2.csv:2: candidate block 1 (columns 17–22): unknown candidate "Emmanuel MACRONN" (did you mean MACRON`}},
		{name: "registered ≠ abstentions + voters", data: h + "\n" + replace(good, ";200;", ";201;") + "\n",
			want: []string{"t2.csv:2: registered 1000 ≠ abstentions 201 + voters 800"}},
		{name: "voters ≠ blank + null + expressed", data: h + "\n" + replace(good, ";50;", ";51;") + "\n",
			want: []string{"t2.csv:2: voters 800 ≠ blank 51 + null 30 + expressed 720"}},
		{name: "votes ≠ expressed", data: h + "\n" + (dep{code: "1", name: "Ain", reg: 1000, abst: 200, blank: 50, null: 30,
			cands: []cand{{"M", "MACRON", "Emmanuel", 500}, {"F", "LE PEN", "Marine", 219}}}).line(false, false) + "\n",
			want: []string{"t2.csv:2: the candidates' votes add up to 719, expressed is 720"}},
		{name: "percentage does not match", data: h + "\n" + replace(good, ";69.44;", ";59.44;") + "\n",
			want: []string{`t2.csv:2: candidate block 1 (columns 17–22): column "% Voix/Exp" is 59.44, but 500 / 720 is 69.4444 %`}},
		{name: "percentage not a number", data: h + "\n" + replace(good, ";20.00;", ";vingt;") + "\n",
			want: []string{`t2.csv:2: column "% Abs/Ins": "vingt" is not a percentage`}},
		{name: "bad code", data: h + "\n" + replace(good, "1;Ain", "100;Ain") + "\n",
			want: []string{`t2.csv:2: département code "100" is not one of`}},
		{name: "duplicate département", data: h + "\n" + good + "\n" + replace(good, "1;Ain", "01;Ain") + "\n",
			want: []string{"t2.csv:3: département 01 appears twice (also line 2)"}},
		{name: "candidate twice", data: h + "\n" + replace(good, "LE PEN;Marine", "MACRON;Emmanuel") + "\n",
			want: []string{"t2.csv:2: candidate block 2 (columns 23–28): MACRON is also in block 1"}},
		{name: "candidates differ between rows", data: h + "\n" + good + "\n" + replace(corse.line(false, false), "LE PEN;Marine", "FILLON;François") + "\n",
			want: []string{"t2.csv:3: the candidates differ from line 2's: missing [LE_PEN], extra [FILLON]"}},
		{name: "two names, one derived id", data: h + "\n" + replace(good, "MACRON;Emmanuel", "LE PEN;Jean-Marie") + "\n",
			want: []string{`t2.csv:2: candidate block 2 (columns 23–28): "Marine LE PEN" and "Jean-Marie LE PEN" (line 2) would both get the id LE_PEN`}},
		{name: "every bad row reported", data: h + "\n" + replace(good, ";500;", ";x;") + "\n" + good[:40] + "\n" + replace(corse.line(false, false), ";10;", ";11;") + "\n",
			want: []string{"t2.csv:2: candidate block 1", "t2.csv:3: 10 fields", "t2.csv:4: registered 100 ≠ abstentions 11"}},
		{name: "bare quote", data: h + "\n" + replace(good, "Ain", `A"in`) + "\n",
			want: []string{`t2.csv:2: bare " in non-quoted-field`}},
		{name: "round contradicted", data: file2017T2(), round: 1,
			want: []string{"t2.csv: round 1 was asked for, but the title on line 1 says round 2"}},
		{name: "round asked for not in the file", data: h + "\n" + good + "\n", round: 3,
			want: []string{"t2.csv: round 3 was asked for, but the file name says round 2"}},
		{name: "round not in election", file: "x.csv", data: h + "\n" + good + "\n", round: 3, e: e,
			want: []string{"x.csv: election fr-2017-presidential has no round 3 (rounds: [1 2])"}},
		{name: "Windows-1252", data: string(append(latin1(h+"\n"), []byte("1;Ain\x9c\n")...)),
			want: []string{"t2.csv:2: not UTF-8, and byte 0x9C is a control character in Latin-1: the file is probably Windows-1252"}},
		{name: "converted twice", data: strings.ReplaceAll(file2017T2(), "é", "Ã©"),
			want: []string{`t2.csv:1: the text looks converted to UTF-8 twice ("Ã©")`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "t2.csv"
			}
			_, err := ministere.Read(file, []byte(c.data), c.e, ministere.Options{Round: c.round})
			if err == nil {
				t.Fatal("no error")
			}
			if sources.IsDataError(err) == c.usage {
				t.Errorf("IsDataError = %v: %v", !c.usage, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

// TestRound checks how the round is told from the file and when it cannot be.
func TestRound(t *testing.T) {
	body := header(false, 2) + "\n" + ain.line(false, false) + "\n"
	for _, c := range []struct {
		file, title string
		given, want int
		err         string
	}{
		{file: "Presidentielle_2017_Resultats_Tour_1_departements.csv", want: 1},
		{file: "resultats-par-niveau-dpt-t2-france-entiere-2022.csv", want: 2},
		{file: "x.csv", title: "Résultats par départements - Tour 2", want: 2},
		{file: "x.csv", title: "Second tour", want: 2},
		{file: "x.csv", title: "1er tour", want: 1},
		{file: "x.csv", given: 2, want: 2},
		{file: "tour-2.csv", given: 2, want: 2},
		{file: "x.csv", err: "cannot tell the round of x.csv (no title line or file name says \"Tour 1\", \"t2\"…): pass --round"},
		{file: "t1.csv", title: "Tour 2", err: "cannot tell the round of t1.csv (the title on line 1 says 2, the file name says 1): pass --round"},
		{file: "x.csv", given: -1, err: "x.csv: round -1: want 1, 2… or 0 to tell it from the file"},
	} {
		data := body
		if c.title != "" {
			data = c.title + "\n" + body
		}
		im, err := ministere.Read(c.file, []byte(data), nil, ministere.Options{Round: c.given})
		switch {
		case c.err != "":
			if err == nil || err.Error() != c.err || sources.IsDataError(err) {
				t.Errorf("%s %q: error %v, want the usage error %q", c.file, c.title, err, c.err)
			}
		case err != nil:
			t.Errorf("%s %q: %v", c.file, c.title, err)
		case im.Results[0].Round != c.want:
			t.Errorf("%s %q: round %d, want %d", c.file, c.title, im.Results[0].Round, c.want)
		}
	}
}

// TestRowErrorsKeepGoodRows checks that a bad row gives no result while the
// good rows are still returned, for diagnosis, with the error.
func TestRowErrorsKeepGoodRows(t *testing.T) {
	data := header(false, 2) + "\n" + strings.Replace(ain.line(false, false), ";F;", ";?;", 1) + "\n" + corse.line(false, false) + "\n"
	im, err := ministere.Read("t2.csv", []byte(data), nil, ministere.Options{})
	var de *sources.DataError
	if !errors.As(err, &de) || len(de.Errs) != 1 {
		t.Fatalf("error %v, want one problem", err)
	}
	if len(im.Results) != 2 || im.Results[0].Code != "2A" {
		t.Errorf("results %+v, want Corse-du-Sud's two", im.Results)
	}
}

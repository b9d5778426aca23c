package pollsposition

import (
	"errors"
	"math"
	"strings"
	"testing"

	"forecast/sources"
	"forecast/sources/sourcestest"
)

// okFile is a small valid file in the upstream layout; the malformed cases
// below each break one thing in it. Line numbers matter: keep the layout.
const okFile = `{
  "sondages": {
    "20170420_ifop": {
      "institut": "Ifop",
      "commanditaires": ["Paris Match", "CNews"],
      "source": "",
      "date_debut": "2021-04-18",
      "date_fin": "2021-04-20",
      "methode": "internet",
      "interroges": 1000,
      "premier_tour": [
        {
          "base": "SV",
          "nspp": 10,
          "intentions_exprimees": 800,
          "intentions": {
            "Emmanuel Macron": 30,
            "Marine Le Pen": 30,
            "François Fillon": 20,
            "Jean-Luc Mélenchon": 20
          },
          "certitude": {
            "ensemble": 70,
            "detail": {
              "Jena-Luc Mélenchon": 60,
              "Blancs/nuls": 50
            }
          }
        }
      ]
    }
  },
  "candidats": ["Emmanuel Macron", "Marine Le Pen", "François Fillon", "Jean-Luc Mélenchon"]
}
`

const testURL = "https://example.org/presidentielles_2017.json"

func read(t *testing.T, text string, e *sources.Election) (*sources.Imported, error) {
	t.Helper()
	im, err := Read("in.json", []byte(text), e, Options{FallbackURL: testURL})
	sourcestest.CheckRead(t, im, err)
	return im, err
}

func TestReadOK(t *testing.T) {
	im, err := read(t, okFile, sourcestest.Election2017(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Figures) != 4 {
		t.Fatalf("%d figures, want 4", len(im.Figures))
	}
	f := im.Figures[3]
	if f.Snapshot != "20170420_ifop" || f.Candidate != "MELENCHON" || f.Value != 20 || f.Line != 20 ||
		f.FieldStart != "2017-04-18" || f.FieldEnd != "2017-04-20" || f.SourceURL != testURL || f.Sponsors != "Paris Match/CNews" ||
		f.NInterviewed != 1000 || f.NExpressed != 800 || f.Note != "undecided 10 %" || f.Flag != "" {
		t.Errorf("figure: %+v", f)
	}
	if !sourcestest.HasNotice(im, 25, `certitude spells MELENCHON "Jena-Luc Mélenchon"`) {
		t.Errorf("notices: %v", im.Notices)
	}
}

// TestReadMalformed: every malformed input is an error naming the file and
// the line of the problem, never a panic and never a silent drop.
func TestReadMalformed(t *testing.T) {
	e := sourcestest.Election2017(t)
	cases := []sourcestest.Change{
		{Name: "share abc", Old: `"François Fillon": 20`, New: `"François Fillon": "abc"`,
			Want: `in.json:19: poll 20170420_ifop: share of "François Fillon" is "abc", not a number`},
		{Name: "share null", Old: `"François Fillon": 20`, New: `"François Fillon": null`,
			Want: `in.json:19: poll 20170420_ifop: share of "François Fillon" is null, not a number`},
		{Name: "negative share", Old: `"François Fillon": 20`, New: `"François Fillon": -20`,
			Want: `in.json:19: poll 20170420_ifop: share of "François Fillon" is negative (-20)`},
		{Name: "share above 100", Old: `"François Fillon": 20`, New: `"François Fillon": 120`,
			Want: `in.json:19: poll 20170420_ifop: share of "François Fillon" is above 100 (120)`},
		{Name: "sum 80", Old: `"François Fillon": 20`, New: `"François Fillon": 0`,
			Want: `in.json:16: poll 20170420_ifop: shares add up to 80, not 100`},
		{Name: "unknown candidate", Old: `"Jean-Luc Mélenchon": 20`, New: `"Jean-Luc Melenchin": 20`,
			Want: `in.json:20: poll 20170420_ifop: unknown candidate "Jean-Luc Melenchin" (did you mean MELENCHON`},
		{Name: "two spellings of one candidate", Old: `"François Fillon": 20`, New: `"Jean-Luc Melenchon": 20`,
			Want: `in.json:20: poll 20170420_ifop: "Jean-Luc Mélenchon" and "Jean-Luc Melenchon" (line 19) are both MELENCHON`},
		{Name: "duplicated share key", Old: `"François Fillon": 20`, New: `"Jean-Luc Mélenchon": 20`,
			Want: `in.json:20: poll 20170420_ifop: "Jean-Luc Mélenchon" appears twice in premier_tour[0].intentions (also line 19)`},
		{Name: "unknown base", Old: `"base": "SV"`, New: `"base": "XX"`,
			Want: `in.json:13: poll 20170420_ifop: unknown base "XX" in premier_tour[0] (want I, SV or SVC)`},
		{Name: "start after end", Old: `"date_debut": "2021-04-18"`, New: `"date_debut": "2021-04-21"`,
			Want: `in.json:7: poll 20170420_ifop: fieldwork starts 2017-04-21, after it ends 2017-04-20 (after reading the year 2021 as 2017)`},
		{Name: "ends after the vote", Old: `"date_fin": "2021-04-20"`, New: `"date_fin": "2021-04-24"`,
			Want: `in.json:8: poll 20170420_ifop: fieldwork ends 2017-04-24, after the vote of round 1 (2017-04-23) (after reading the year 2021 as 2017)`},
		{Name: "far from the key", Old: `"20170420_ifop": {`, New: `"20170601_ifop": {`,
			Want: `in.json:8: poll 20170601_ifop: fieldwork ends 2017-04-20, more than 31 days from the date in its key (2017-06-01): the dates cannot be right (after reading the year 2021 as 2017)`},
		{Name: "not a date", Old: `"date_fin": "2021-04-20"`, New: `"date_fin": "20/04/2021"`,
			Want: `in.json:8: poll 20170420_ifop: date_fin "20/04/2021" is not a date (YYYY-MM-DD)`},
		{Name: "no end date", Old: `"date_fin": "2021-04-20",`, New: ``,
			Want: `in.json:3: poll 20170420_ifop: no date_fin (fieldwork date)`},
		{Name: "no institut", Old: `"institut": "Ifop",`, New: ``,
			Want: `in.json:3: poll 20170420_ifop: no institut (pollster)`},
		{Name: "unknown field", Old: `"methode": "internet",`, New: `"methode": "internet", "mode": "x",`,
			Want: `in.json:9: poll 20170420_ifop: unknown field "mode"`},
		{Name: "wrong type", Old: `"interroges": 1000`, New: `"interroges": "1000"`,
			Want: `in.json:10: poll 20170420_ifop: interroges is a JSON string, not a number`},
		{Name: "no tour", Old: `"premier_tour"`, New: `"troisieme_tour"`,
			Want: `in.json:11: poll 20170420_ifop: unknown field "troisieme_tour"`},
		{Name: "certitude names a stranger", Old: `"Jena-Luc Mélenchon": 60`, New: `"Benoît Hamon": 60`,
			Want: `in.json:25: poll 20170420_ifop: certitude names "Benoît Hamon", who has no share in this hypothesis`},
		{Name: "certitude unknown name", Old: `"Jena-Luc Mélenchon": 60`, New: `"Jena-Luc Melanchon": 60`,
			Want: `in.json:25: poll 20170420_ifop: certitude: unknown candidate "Jena-Luc Melanchon" (did you mean MELENCHON`},
		{Name: "expressed above interviewed", Old: `"intentions_exprimees": 800`, New: `"intentions_exprimees": 1800`,
			Want: `in.json:17: poll 20170420_ifop: expressed base 1800 is larger than the number interviewed 1000`},
		{Name: "syntax error", Old: `"interroges": 1000,`, New: `"interroges": 1000,,`,
			Want: `in.json:10: not valid JSON: invalid character ','`},
		{Name: "unknown top-level key", Old: `"candidats": [`, New: `"candidates": [`,
			Want: `in.json:33: unknown key "candidates" at the top level`},
		{Name: "unknown name in candidats", Old: `"Jean-Luc Mélenchon"]`, New: `"Jean-Luc Melanchon"]`,
			Want: `in.json:33: candidats: unknown candidate "Jean-Luc Melanchon"`},
		{Name: "data after the end", Old: "]\n}\n", New: "]\n}\n{}",
			Want: `in.json:35: more data after the end of the JSON object`},
		{Name: "sondages not an object", Old: `"sondages": {`, New: `"sondages": [{`,
			Want: `in.json:2: "sondages" should be a JSON object, found an array`},
		{Name: "poll not an object", Old: `"20170420_ifop": {`, New: `"20170420_ifop": 3, "x": {`,
			Want: `in.json:3: poll 20170420_ifop is not a JSON object`},
		// Control characters spelled as JSON escapes, and invalid UTF-8,
		// which a JSON decoder would pass on or replace without a word.
		{Name: "NUL in a name", Old: `"Marine Le Pen": 30`, New: `"Marine\u0000 Le Pen": 30`,
			Want: `in.json:18: string "Marine\x00 Le Pen": character 7 is the control character U+0000`},
		{Name: "escape in a value", Old: `"methode": "internet"`, New: `"methode": "inter\u001b[2Jnet"`,
			Want: `in.json:9: string "inter\x1b[2Jnet": character 6 is the control character U+001B`},
		{Name: "invalid UTF-8", Old: `"François Fillon": 20`, New: "\"Fran\xe7ois Fillon\": 20",
			Want: `in.json:19: byte 0xE7 is not valid UTF-8`},
	}
	sourcestest.Malformed(t, okFile, cases, func(t *testing.T, text string) error {
		_, err := read(t, text, e)
		return err
	})
}

// TestReadMalformedShapes: values of the wrong shape, in one-line files.
func TestReadMalformedShapes(t *testing.T) {
	e := sourcestest.Election2017(t)
	poll := func(rest string) string {
		return `{"sondages": {"20170420_x": {"institut": "BVA", "date_debut": "2017-04-18", "date_fin": "2017-04-20"` + rest + `}}}`
	}
	cases := []struct{ text, want string }{
		{poll(``), `in.json:1: poll 20170420_x has neither premier_tour nor second_tour`},
		{poll(`, "premier_tour": []`), `in.json:1: poll 20170420_x: premier_tour has no hypothesis`},
		{poll(`, "second_tour": null`), `in.json:1: poll 20170420_x: second_tour has no hypothesis`},
		{poll(`, "premier_tour": [{"base": "I", "intentions": []}]`), `in.json:1: poll 20170420_x: intentions of premier_tour[0] should be an object of shares, found an array`},
		{poll(`, "premier_tour": [{"base": "I"}]`), `in.json:1: poll 20170420_x: intentions of premier_tour[0] should be an object of shares, found missing`},
		{poll(`, "premier_tour": [{"base": "I", "intentions": {}}]`), `in.json:1: poll 20170420_x: premier_tour[0] has no intentions`},
		{poll(`, "premier_tour": [{"base": "I", "intentions": {"Marine Le Pen": {"x": 1}}}]`), `in.json:1: poll 20170420_x: share of "Marine Le Pen" is an object, not a number`},
		{poll(`, "premier_tour": [{"base": "I", "intentions": {"Marine Le Pen": 1e999}}]`), `in.json:1: poll 20170420_x: share of "Marine Le Pen" is 1e999, not a usable number`},
		{poll(`, "premier_tour": [3]`), `in.json:1: poll 20170420_x: premier_tour is a JSON number, not an object`},
		{`{"sondages": {"20170420_x": []}}`, `in.json:1: poll 20170420_x is not a JSON object`},
		{`{"sondages": {"20170420_x": {"institut": "BVA", "institut": "Ifop"}}}`, `in.json:1: poll 20170420_x: "institut" appears twice in the poll (also line 1)`},
		{`{"sondages": {}, "sondages": {}}`, `in.json:1: "sondages" appears twice at the top level (also line 1)`},
		{`{"sondages": {}, "candidats": {}}`, `in.json:1: candidats should be a list of names`},
		{`"sondages"`, `in.json:1: the file should be a JSON object, found "sondages"`},
		{``, `in.json:1: the JSON ends in the middle of a value: the file is truncated`},
	}
	for _, c := range cases {
		_, err := read(t, c.text, e)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\ngot error:\n%v\nwant it to contain:\n%s", c.text, err, c.want)
		}
	}
}

func TestReadTruncated(t *testing.T) {
	e := sourcestest.Election2017(t)
	for _, n := range []int{0, 1, 30, 200, 400, len(okFile) - 3} {
		text := okFile[:n]
		_, err := read(t, text, e)
		want := "the JSON ends in the middle of a value: the file is truncated"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("truncated at %d: %v", n, err)
			continue
		}
		var le *sources.LineError
		if !errors.As(err, &le) || le.File != "in.json" || le.Line != strings.Count(text, "\n")+1 {
			t.Errorf("truncated at %d: error %v not at the last line %d", n, err, strings.Count(text, "\n")+1)
		}
	}
}

func TestReadNoSondages(t *testing.T) {
	_, err := read(t, `{"candidats": []}`, nil)
	if err == nil || !strings.Contains(err.Error(), `in.json: no "sondages" object`) {
		t.Errorf("got %v", err)
	}
	// The JSON counterpart of a header-only CSV file: an error, not an empty success.
	_, err = read(t, `{"sondages": {}}`, nil)
	if err == nil || !strings.Contains(err.Error(), `in.json: "sondages" holds no poll: nothing to import`) {
		t.Errorf("no poll: got %v", err)
	}
}

func TestReadEveryProblemAtOnce(t *testing.T) {
	text := strings.Replace(okFile, `"base": "SV"`, `"base": "XX"`, 1)
	text = strings.Replace(text, `"François Fillon": 20`, `"François Fillon": -20`, 1)
	_, err := read(t, text, sourcestest.Election2017(t))
	var de *sources.DataError
	if !errors.As(err, &de) || len(de.Errs) != 2 {
		t.Errorf("want two problems, got %v", err)
	}
}

// TestReadZeros: a zero is kept, flagged and listed in the note.
func TestReadZeros(t *testing.T) {
	text := strings.Replace(okFile, `"François Fillon": 20`, `"François Fillon": 0`, 1)
	text = strings.Replace(text, `"Jean-Luc Mélenchon": 20`, `"Jean-Luc Mélenchon": 40`, 1)
	im, err := read(t, text, sourcestest.Election2017(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range im.Figures {
		if (f.Value == 0) != (f.Flag == sources.FlagBelowHalf) {
			t.Errorf("%s: value %v, flag %q", f.Candidate, f.Value, f.Flag)
		}
		if f.Note != "undecided 10 %; 0 may mean '<0.5%' (pollsposition forces sums to 100): FILLON" {
			t.Errorf("note %q", f.Note)
		}
	}
}

// TestReadDuplicateKeys: every poll under a repeated key is kept, the first
// under the key, the others numbered, each with a notice naming both lines.
func TestReadDuplicateKeys(t *testing.T) {
	poll := okFile[strings.Index(okFile, `    "20170420_ifop"`):strings.Index(okFile, "\n  },\n  \"candidats\"")]
	second := strings.Replace(poll, `"Emmanuel Macron": 30`, `"Emmanuel Macron": 31`, 1)
	second = strings.Replace(second, `"Marine Le Pen": 30`, `"Marine Le Pen": 29`, 1)
	text := strings.Replace(okFile, poll, poll+",\n"+second+",\n"+poll, 1)
	im, err := read(t, text, sourcestest.Election2017(t))
	if err != nil {
		t.Fatal(err)
	}
	_, by := polls(im.Figures)
	if len(by) != 3 || by["20170420_ifop"][0].Value != 30 || by["20170420_ifop~2"][0].Value != 31 || by["20170420_ifop~3"][0].Value != 30 {
		t.Errorf("snapshots: %v", by)
	}
	if !sourcestest.HasNotice(im, 32, `key "20170420_ifop" appears again (first at line 3): both polls are kept, this one as snapshot 20170420_ifop~2`) ||
		!sourcestest.HasNotice(im, 61, `this one as snapshot 20170420_ifop~3`) {
		t.Errorf("notices: %v", im.Notices)
	}
	// Identical polls under one key stay two snapshots; finding that they
	// are one poll is the job of sources.DuplicatePolls.
	if errs := sources.DuplicatePolls(im.Figures); len(errs) != 1 {
		t.Errorf("duplicate polls: %v", errs)
	}
}

// TestReadHypothesesAndTours: several hypotheses and both rounds in one poll.
func TestReadHypothesesAndTours(t *testing.T) {
	text := `{"sondages": {"20170405_x": {
  "institut": "Vox Populi", "commanditaires": [], "source": "https://example.org/x",
  "date_debut": "2017-04-01", "date_fin": "2017-04-04", "methode": "téléphone", "interroges": 900,
  "premier_tour": [
    {"base": "I", "nspp": null, "intentions_exprimees": null, "intentions": {"Emmanuel Macron": 50, "Marine Le Pen": 50}},
    {"base": "SVC", "intentions": {"Emmanuel Macron": 40, "François Fillon": 60}}
  ],
  "second_tour": [
    {"base": "SV", "intentions": {"Emmanuel Macron": 60, "Marine Le Pen": 40}}
  ]}}}`
	im, err := read(t, text, sourcestest.Election2017(t))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		snap, hyp, cand, pop string
		round                int
	}
	want := []got{
		{"20170405_x", "H1", "MACRON", "all interviewed with an intention", 1},
		{"20170405_x", "H1", "LE_PEN", "all interviewed with an intention", 1},
		{"20170405_x/H2", "H2", "MACRON", "certain to vote and certain of choice", 1},
		{"20170405_x/H2", "H2", "FILLON", "certain to vote and certain of choice", 1},
		{"20170405_x/t2", "", "MACRON", "certain to vote", 2},
		{"20170405_x/t2", "", "LE_PEN", "certain to vote", 2},
	}
	if len(im.Figures) != len(want) {
		t.Fatalf("%d figures", len(im.Figures))
	}
	for i, f := range im.Figures {
		if g := (got{f.Snapshot, f.Hypothesis, f.Candidate, f.Population, f.Round}); g != want[i] {
			t.Errorf("figure %d: %+v, want %+v", i, g, want[i])
		}
		if f.Method != "téléphone" || f.Sponsors != "" || f.SourceURL != "https://example.org/x" || f.Source != "vox-populi" || !math.IsNaN(f.NExpressed) || f.Note != "" {
			t.Errorf("figure %d: %+v", i, f)
		}
	}
	if !sourcestest.HasNotice(im, 2, `pollster "Vox Populi" is not among election fr-2017-presidential's pollsters: source id "vox-populi"`) {
		t.Errorf("notices %v", im.Notices)
	}
}

// TestReadWithoutElection: ids derived from names; the year from the keys.
func TestReadWithoutElection(t *testing.T) {
	im, err := read(t, okFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	if im.Figures[3].Candidate != "MELENCHON" || im.Figures[0].FieldStart != "2017-04-18" || im.Derived["LE_PEN"] != "Marine Le Pen" || len(im.Derived) != 4 {
		t.Errorf("figures %+v, derived %v", im.Figures[3], im.Derived)
	}
	// Two spellings of one name: one id and a notice.
	text := strings.Replace(okFile, `"Jean-Luc Mélenchon"]`, `"Jean-Luc Melenchon"]`, 1)
	if im, err = read(t, text, nil); err != nil || !sourcestest.HasNotice(im, 33, `"Jean-Luc Melenchon" and "Jean-Luc Mélenchon" (line 20) are spellings of one name: both read as MELENCHON`) {
		t.Errorf("%v %v", err, im)
	}
	// Two names, one id: an error, not a guess.
	text = strings.Replace(okFile, `"Jean-Luc Mélenchon"]`, `"Jean-Luc Mélenchon", "Jean-Marie Le Pen"]`, 1)
	if _, err = read(t, text, nil); err == nil || !strings.Contains(err.Error(), `in.json:33: candidats: "Jean-Marie Le Pen" and "Marine Le Pen" (line 18) would both get the id LE_PEN`) {
		t.Errorf("got %v", err)
	}
	// No election and no date in the key: the year is unknown.
	text = strings.Replace(okFile, `"20170420_ifop"`, `"ifop_20avril"`, 1)
	if _, err = read(t, text, nil); err == nil || !strings.Contains(err.Error(), "in.json:3: poll ifop_20avril: the key does not start with a date") {
		t.Errorf("got %v", err)
	}
}

func TestReadNoURL(t *testing.T) {
	im, err := Read("in.json", []byte(okFile), sourcestest.Election2017(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.Figures[0].SourceURL != "" || !sourcestest.HasNotice(im, 0, "1 polls have no source URL and no fallback URL was given: 20170420_ifop") {
		t.Errorf("notices %v", im.Notices)
	}
}

// FuzzRead: no input makes Read panic; every error is a data error; every
// figure it returns passes the canonical checks.
func FuzzRead(f *testing.F) {
	f.Add([]byte(okFile))
	f.Add([]byte(`{"sondages": {}}`))
	f.Add([]byte(`{"sondages": {"a": {}, "a": {"premier_tour": [{}]}}}`))
	f.Add([]byte(`{"sondages": {"20170101_x": {"institut": "x", "date_debut": "2021-02-29", "date_fin": "2021-03-01", "second_tour": [{"base": "I", "intentions": {"A B": 100}}]}}}`))
	f.Add([]byte(`[`))
	e := sourcestest.Election2017(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, el := range []*sources.Election{e, nil} {
			im, err := Read("fuzz.json", b, el, Options{FallbackURL: testURL})
			sourcestest.CheckRead(t, im, err)
		}
	})
}

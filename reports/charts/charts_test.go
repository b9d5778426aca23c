package charts

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"

	"forecast/data"
	"forecast/reports/locale"
	"forecast/scoring"
)

// The golden images are drawn from the embedded default election at a low
// resolution (goldenDPI), to keep them small; regenerate them with
//
//	go test ./reports/charts -regen
//
// and look at every one before committing it.
const goldenDPI = 72

// pngTolerance is the colour distance cmpimg.EqualApprox allows per pixel
// (0: identical, 1: anything): enough for anti-aliasing that differs between
// processors, not for a moved mark or a changed label.
const pngTolerance = 0.02

var embedded = sync.OnceValues(func() (*Data, error) {
	d, err := data.Load(data.Default)
	if err != nil {
		return nil, err
	}
	return Prepare(d, Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}})
})

func testData(tb testing.TB) *Data {
	tb.Helper()
	d, err := embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func render(tb testing.TB, c *Chart, format string, dpi int) []byte {
	tb.Helper()
	return renderAt(tb, c, format, dpi, 0)
}

// renderAt draws c at width w (0: the default width).
func renderAt(tb testing.TB, c *Chart, format string, dpi int, w vg.Length) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := c.Write(&buf, Options{Format: format, DPI: dpi, Width: w}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden draws every chart in both languages, at the default width and
// at a phone's (9 cm, suffix _9cm), as PNG and SVG, and compares it with its golden image (checkGolden).
func TestGolden(t *testing.T) {
	d := testData(t)
	for _, kind := range Kinds {
		for _, l := range locale.Langs {
			c, err := Build(kind, d, l)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, l, err)
			}
			checkGoldens(t, c, string(kind)+"_"+string(l))
		}
	}
}

// checkGoldens is checkGolden at the default width and at a phone's (9 cm,
// suffix _9cm).
func checkGoldens(t *testing.T, c *Chart, name string) {
	t.Helper()
	checkGolden(t, c, name, 0)
	checkGolden(t, c, name+"_9cm", 9*vg.Centimeter)
}

// TestGoldenOneRound compares two charts of the 2016 US election with
// their golden images, as TestGolden does: the final forecasts of the
// national race on a phone (33 pollsters, long names cut), and the
// Wisconsin campaign in French (polls at the middle of fieldwork, election
// day shaded as such).
func TestGoldenOneRound(t *testing.T) {
	for _, tc := range []struct {
		election string
		kind     Kind
		lang     locale.Lang
		width    vg.Length
		name     string
	}{
		{electionUS, Final, locale.EN, 9 * vg.Centimeter, "us2016_final_en_9cm"},
		{electionUSState, Campaign, locale.FR, 0, "us2016_wi_campaign_fr"},
	} {
		c, err := Build(tc.kind, roundData(t, tc.election, 1, time.Time{}), tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, c, tc.name, tc.width)
	}
}

// checkGolden draws c at width w (0: the default) as PNG and SVG and
// compares each with testdata/NAME_golden.FORMAT, in the manner of
// gonum/plot's cmpimg (-regen writes them).
func checkGolden(t *testing.T, c *Chart, name string, w vg.Length) {
	t.Helper()
	for _, format := range []string{"png", "svg"} {
		golden := filepath.Join("testdata", name+"_golden."+format)
		got := renderAt(t, c, format, goldenDPI, w)
		if *cmpimg.GenerateTestData {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -regen to create the golden images)", err)
		}
		ok, err := cmpimg.EqualApprox(format, got, want, pngTolerance)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			path := filepath.Join(t.ArtifactDir(), name+"."+format)
			os.WriteFile(path, got, 0o644)
			t.Errorf("%s differs from %s (drawn: %s); if the change is wanted, run go test -regen and look at the images", name, golden, path)
		}
	}
}

// TestDeterministic draws every chart twice in every format: the bytes must
// be the same (fpdf would stamp PDFs with the time and order resources by
// map iteration).
func TestDeterministic(t *testing.T) {
	d := testData(t)
	for _, kind := range Kinds {
		a, err := Build(kind, d, locale.FR)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Build(kind, d, locale.FR)
		for _, format := range Formats {
			if !bytes.Equal(render(t, a, format, 50), render(t, b, format, 50)) {
				t.Errorf("%s in %s: two drawings differ", kind, format)
			}
		}
	}
}

// needTool returns the path of a command line tool, skipping the test when
// it is absent, unless under CI (CI=true), which installs it and must run
// every test.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is absent, and CI must run this test (.ci/run installs Debian's %s)", name, pkg)
		}
		t.Skipf("%s is absent (apt-get install %s)", name, pkg)
	}
	return p
}

// TestPDFText extracts the text of every chart's PDF with pdftotext
// (poppler-utils) and looks for what the PNG shows: the title, every
// candidate's name with its accents, and numbers written in the chart's
// language; and reads the title in its metadata with pdfinfo. gonum's own PDF backend garbles every non-ASCII letter.
func TestPDFText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	pdfinfo := needTool(t, "pdfinfo", "poppler-utils")
	d := testData(t)
	dir := t.TempDir()
	for _, kind := range Kinds {
		for _, l := range locale.Langs {
			c, err := Build(kind, d, l)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, string(kind)+"_"+string(l)+".pdf")
			if err := os.WriteFile(file, render(t, c, "pdf", 0), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", file, err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			want := []string{strings.Join(strings.Fields(c.Title), " ")}
			if kind != Runoff && kind != NEff && kind != LeadTime && kind != Leaderboard {
				for _, id := range d.Final.Set {
					want = append(want, d.candidate(id, l).name)
				}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s (%s): the PDF's text lacks %q:\n%s", kind, l, w, text)
				}
			}
			info, err := exec.Command(pdfinfo, "-enc", "UTF-8", file).Output()
			if err != nil {
				t.Fatalf("pdfinfo %s: %v", file, err)
			}
			if title := "Title: " + strings.Join(strings.Fields(c.Title), " ") + " Producer:"; !strings.Contains(strings.Join(strings.Fields(string(info)), " "), title) {
				t.Errorf("%s (%s): the PDF's metadata lack the title %q:\n%s", kind, l, c.Title, info)
			}
			if strings.Contains(text, "Ã") {
				t.Errorf("%s (%s): UTF-8 read as Windows-1252 in the PDF:\n%s", kind, l, text)
			}
		}
	}
}

// TestPNGSize checks --width, --height and --dpi: 16 cm at 150 dpi is 945
// pixels.
func TestPNGSize(t *testing.T) {
	c, err := Build(Leaderboard, testData(t), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, Options{Format: "png", Width: 16 * 72 / 2.54, Height: 10 * 72 / 2.54, DPI: 150}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got != image.Rect(0, 0, 945, 591) {
		t.Errorf("16 × 10 cm at 150 dpi: %v", got)
	}
}

// TestTables checks that every chart's CSV has a header and rows of its
// width, and that the final chart's table holds every candidate's official
// share in full precision.
func TestTables(t *testing.T) {
	d := testData(t)
	for _, kind := range Kinds {
		c, err := Build(kind, d, locale.EN)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := c.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if len(recs) < 2 {
			t.Errorf("%s: %d records", kind, len(recs))
		}
	}
	c, _ := Build(Final, d, locale.EN)
	for _, id := range d.Final.Set {
		want := num(d.Final.Outcome.Shares[id])
		found := false
		for _, r := range c.Table.Rows {
			found = found || (r[1] == id && r[10] == want)
		}
		if !found {
			t.Errorf("final.csv lacks %s's result %s", id, want)
		}
	}
}

// TestLegendRows checks that a legend wider than the chart wraps onto more
// lines instead of running off it, and that a row holds the entries that
// fit it.
func TestLegendRows(t *testing.T) {
	entries := []legendEntry{{label: "a long entry of the legend"}, {label: "another"}}
	sty := style(sansFont, legendSize, ink)
	rows := legendRows(entries, sty, 60)
	if len(rows) != 2 {
		t.Errorf("entries wider than the line must wrap: %d rows", len(rows))
	}
	// The last entry of a row needs no gap after it.
	fits := entryWidth(entries[0], sty) + entryWidth(entries[1], sty) - legendGap
	for _, c := range []struct {
		width vg.Length
		rows  int
	}{{fits, 1}, {fits - 1, 2}} {
		if got := len(legendRows(entries, sty, c.width)); got != c.rows {
			t.Errorf("at %.1f pt: %d rows, want %d", c.width, got, c.rows)
		}
	}
}

func TestWrap(t *testing.T) {
	sty := style(sansFont, 10, ink)
	lines := wrap(sty, "one two three four five six seven", sty.Width("one two three"))
	if len(lines) < 2 || sty.Width(lines[0]) > sty.Width("one two three") {
		t.Errorf("wrap: %q", lines)
	}
	if got := wrap(sty, "24,01\u00a0%", 1); len(got) != 1 {
		t.Errorf("a no-break space must not break: %q", got)
	}
}

func BenchmarkCharts(b *testing.B) {
	d := testData(b)
	for b.Loop() {
		for _, kind := range Kinds {
			c, err := Build(kind, d, locale.FR)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range Formats {
				var buf bytes.Buffer
				if err := c.Write(&buf, Options{Format: f}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

func BenchmarkPrepare(b *testing.B) {
	d, err := data.Load(data.Default)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Prepare(d, Config{Round: 1, Candidates: scoring.CandidateSet{Kind: "headline"}}); err != nil {
			b.Fatal(err)
		}
	}
}

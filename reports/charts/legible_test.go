package charts

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"forecast/data"
	"forecast/reports/locale"
	"forecast/scoring/quota"
)

// layout draws c at width w (its natural height) and returns what text it
// drew where.
func layout(c *Chart, w vg.Length) (*textLog, vg.Rectangle) {
	o := c.fig.size(Options{Width: w})
	canvas := vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(36))
	log := newTextLog()
	c.fig.draw(draw.New(textCanvas{CanvasSizer: canvas, log: log}))
	return log, vg.Rectangle{Max: vg.Point{X: o.Width, Y: o.Height}}
}

// TestLegible lays every chart of the embedded elections out (the 2016 US
// one nationally and in several states, and its races chart), in both
// languages, at article width and
// at phone width (NarrowWidth, 8.5 cm, and 9 cm), and checks what a reader
// would see first: no two strings overlap, none runs off the canvas, and no
// text is smaller than MinTextSize (11 CSS px when the chart is shown at its
// nominal size).
func TestLegible(t *testing.T) {
	for _, election := range []string{data.Default, election2022, electionUS, electionUSState, "us-2016-presidential/PA", "us-2016-presidential/FL"} {
		d := roundData(t, election, 1, time.Time{})
		for _, kind := range Kinds {
			for _, l := range locale.Langs {
				c, err := Build(kind, d, l)
				if kind == Runoff && d.Dataset.Election.OneRound() {
					if err == nil {
						t.Errorf("%s: a run-off chart of an election of one round", election)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				checkWidths(t, fmt.Sprintf("%s %s", election, kind), c, l)
			}
		}
	}
	// The races chart, of the election of many races.
	for _, l := range locale.Langs {
		c, err := RacesChart(racesAnalysis(t), l)
		if err != nil {
			t.Fatal(err)
		}
		checkWidths(t, "us-2016-presidential races", c, l)
	}
}

// checkWidths checks a chart at article width and at phone widths
// (NarrowWidth, 8.5 cm, and 9 cm).
func checkWidths(t *testing.T, what string, c *Chart, l locale.Lang) {
	t.Helper()
	for _, w := range []vg.Length{DefaultWidth, 9 * vg.Centimeter, NarrowWidth} {
		name := fmt.Sprintf("%s (%s) at %.1f cm", what, l, w/vg.Centimeter)
		log, page := layout(c, w)
		checkLegible(t, name, log, page)
	}
}

// slack is how far boxes may overlap: the ascent and descent of a font
// are those of its tallest accented letters, and gonum's axis labels sit a
// fraction of a point from their ticks' labels.
const slack = 0.5

func checkLegible(t *testing.T, name string, log *textLog, page vg.Rectangle) {
	t.Helper()
	if len(log.texts) == 0 {
		t.Fatalf("%s: no text recorded", name)
	}
	for i, a := range log.texts {
		if a.size < MinTextSize-1e-9 {
			t.Errorf("%s: %q is %.2f pt (%.1f px), under %.2f pt", name, a.s, a.size, a.size*4/3, MinTextSize)
		}
		if a.box.Min.X < page.Min.X-slack || a.box.Max.X > page.Max.X+slack || a.box.Min.Y < page.Min.Y-slack || a.box.Max.Y > page.Max.Y+slack {
			t.Errorf("%s: %q runs off the chart: %v", name, a.s, a.box)
		}
		for _, b := range log.texts[i+1:] {
			if overlap(a.box, b.box) {
				t.Errorf("%s: %q %v overlaps %q %v", name, a.s, a.box, b.s, b.box)
			}
		}
	}
}

func overlap(a, b vg.Rectangle) bool {
	return a.Min.X+slack < b.Max.X && b.Min.X+slack < a.Max.X && a.Min.Y+slack < b.Max.Y && b.Min.Y+slack < a.Max.Y
}

// TestTextLogBoxes checks the record TestLegible relies on: a string's box
// from its baseline, a rotated string's box, blank strings left out, and
// the overlap test.
func TestTextLogBoxes(t *testing.T) {
	log := newTextLog()
	canvas := vgimg.NewWith(vgimg.UseWH(100, 100), vgimg.UseDPI(36))
	c := textCanvas{CanvasSizer: canvas, log: log}
	f := font.DefaultCache.Lookup(sansFont, 10)
	c.FillString(f, vg.Point{X: 10, Y: 10}, "abc")
	c.Push()
	c.Translate(vg.Point{X: 50, Y: 20})
	c.Rotate(3.14159265358979 / 2)
	c.FillString(f, vg.Point{}, "rotated")
	c.Pop()
	c.FillString(f, vg.Point{X: 10, Y: 10}, "   ")
	if len(log.texts) != 2 {
		t.Fatalf("texts recorded: %+v", log.texts)
	}
	a, r := log.texts[0].box, log.texts[1].box
	if a.Min.X != 10 || a.Max.X != 10+f.Width("abc") || a.Max.Y <= 10 || a.Min.Y >= 10 {
		t.Errorf("box of abc: %v", a)
	}
	// Rotated a quarter turn about (50, 20): the string runs up from y=20,
	// its ascent to the left of x=50.
	if r.Min.Y < 20-0.01 || r.Max.Y-r.Min.Y < f.Width("rotated")-0.01 || r.Max.X > 50+f.Extents().Descent+0.01 || r.Min.X >= 50 {
		t.Errorf("box of the rotated string: %v", r)
	}
	if log.texts[1].size != 10 {
		t.Errorf("size %v", log.texts[1].size)
	}
	if overlap(a, r) {
		t.Errorf("%v and %v do not overlap", a, r)
	}
	if !overlap(a, vg.Rectangle{Min: vg.Point{X: 12, Y: 8}, Max: vg.Point{X: 14, Y: 12}}) {
		t.Error("an overlap is missed")
	}
}

// TestDisplayNames checks that the charts name buzz series by their display
// names (election.json's series[]) and never by their ids, which stay in
// the tables: every series a chart's table holds is named in its drawing,
// in French by its French name where it has one, and then never by its
// English name.
func TestDisplayNames(t *testing.T) {
	d := testData(t)
	e := d.Dataset.Election
	french := 0
	for _, s := range e.Series {
		if s.NameFr != "" {
			french++
		}
	}
	if french == 0 {
		t.Fatal("no series of the 2017 data has a French name: the test proves nothing in French")
	}
	for _, l := range locale.Langs {
		for _, kind := range []Kind{Final, Errors, Leaderboard, NEff, LeadTime, Campaign} {
			checkDisplayNames(t, d, kind, l)
		}
	}
}

func checkDisplayNames(t *testing.T, d *Data, kind Kind, l locale.Lang) {
	t.Helper()
	e := d.Dataset.Election
	c, err := Build(kind, d, l)
	if err != nil {
		t.Fatal(err)
	}
	log, _ := layout(c, DefaultWidth)
	drawn := map[string]bool{}
	var all strings.Builder
	for _, tx := range log.texts {
		drawn[tx.s] = true
		all.WriteString(tx.s + " ")
	}
	text := strings.Join(strings.Fields(all.String()), " ")
	shown := 0
	for _, s := range e.Series {
		name := s.Name
		if l == locale.FR && s.NameFr != "" {
			name = s.NameFr
			if strings.Contains(text, s.Name) {
				t.Errorf("%s (fr): %s is named %q, in English", kind, s.ID, s.Name)
			}
		}
		if drawn[s.ID] {
			t.Errorf("%s (%s): series %s is named by its id, not %q", kind, l, s.ID, name)
		}
		if !slices.ContainsFunc(c.Table.Rows, func(row []string) bool { return slices.Contains(row, s.ID) }) {
			continue
		}
		shown++
		if !strings.Contains(text, name) {
			t.Errorf("%s (%s): %s is in the table but %q is not drawn", kind, l, s.ID, name)
		}
	}
	if shown == 0 {
		t.Errorf("%s: no named series in the table", kind)
	}
}

// TestFindings checks the titles of the final and errors charts against the
// numbers of their own tables, computed here from the CSV cells: the
// largest miss of any poll and the range of the buzz series' largest
// misses; and the candidate every poll erred on in one direction, with the
// mean of those errors.
func TestFindings(t *testing.T) {
	d := testData(t)
	final, err := Build(Final, d, locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	worst := map[string]float64{} // series → largest |value − result|
	family := map[string]string{}
	for _, row := range final.Table.Rows {
		v, _ := strconv.ParseFloat(row[9], 64)
		res, _ := strconv.ParseFloat(row[10], 64)
		worst[row[3]] = math.Max(worst[row[3]], math.Abs(v-res))
		family[row[3]] = row[5]
	}
	pollMax, buzzLo, buzzHi := 0.0, math.Inf(1), 0.0
	for s, w := range worst {
		if family[s] == "poll" {
			pollMax = math.Max(pollMax, w)
		} else {
			buzzLo, buzzHi = math.Min(buzzLo, w), math.Max(buzzHi, w)
		}
	}
	want := fmt.Sprintf("Polls missed by at most %.1f\u00a0points; buzz series missed by %.1f to %.1f\u00a0points", pollMax, buzzLo, buzzHi)
	if final.Title != want {
		t.Errorf("final: %q, want %q", final.Title, want)
	}

	errs, err := Build(Errors, d, locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	type acc struct {
		sum      float64
		n, signs int
	}
	by := map[string]*acc{}
	for _, row := range errs.Table.Rows {
		if row[6] != "poll" {
			continue
		}
		e, _ := strconv.ParseFloat(row[12], 64)
		a := by[row[2]]
		if a == nil {
			a = &acc{}
			by[row[2]] = a
		}
		a.sum += e
		a.n++
		if e > 0 {
			a.signs++
		} else if e < 0 {
			a.signs--
		}
	}
	best, mean := "", 0.0
	for name, a := range by {
		if (a.signs == a.n || a.signs == -a.n) && math.Abs(a.sum/float64(a.n)) > math.Abs(mean) {
			best, mean = name, a.sum/float64(a.n)
		}
	}
	if best == "" {
		t.Fatal("the test expects a candidate every 2017 poll erred on in one direction")
	}
	dir := "under"
	if mean > 0 {
		dir = "over"
	}
	want = fmt.Sprintf("Every poll %s-stated %s, by %.1f\u00a0points on average", dir, best, math.Abs(mean))
	if errs.Title != want {
		t.Errorf("errors: %q, want %q", errs.Title, want)
	}
	// The two charts draw the same series.
	series := func(c *Chart, col int) map[string]bool {
		m := map[string]bool{}
		for _, row := range c.Table.Rows {
			m[row[col]] = true
		}
		return m
	}
	if f, e := series(final, 3), series(errs, 4); !maps.Equal(f, e) {
		t.Errorf("final draws %v, errors %v", f, e)
	}
}

// TestNEffFinding checks the n-eff chart's title against its table: the
// range of n_eff of the polls and of the buzz series, the poll average
// left out.
func TestNEffFinding(t *testing.T) {
	c, err := Build(NEff, testData(t), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := map[string]float64{}, map[string]float64{}
	for _, row := range c.Table.Rows {
		if row[2] == quota.AverageSource {
			continue
		}
		v, _ := strconv.ParseFloat(row[8], 64)
		f := row[3]
		if _, ok := lo[f]; !ok {
			lo[f], hi[f] = v, v
		}
		lo[f], hi[f] = math.Min(lo[f], v), math.Max(hi[f], v)
	}
	want := fmt.Sprintf("Polls were worth %s to %s people; buzz predictors were worth %s to %s people",
		locale.EN.Number(lo["poll"], 0), locale.EN.Number(hi["poll"], 0), locale.EN.Number(lo["buzz"], 0), locale.EN.Number(hi["buzz"], 0))
	if c.Title != want {
		t.Errorf("%q, want %q", c.Title, want)
	}
}

// TestRunoffFinding checks the run-off chart's title against its table:
// the lowest and highest poll of the winner, and the result.
func TestRunoffFinding(t *testing.T) {
	c, err := Build(Runoff, testData(t), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi, result, name := math.Inf(1), math.Inf(-1), "", ""
	for _, row := range c.Table.Rows {
		name, result = row[2], row[13]
		if row[5] == "poll" {
			v, _ := strconv.ParseFloat(row[12], 64)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	r, _ := strconv.ParseFloat(result, 64)
	want := fmt.Sprintf("Polls gave %s %.0f%% to %.0f%%; the result was %.2f%%", name, lo, hi, r)
	if c.Title != want {
		t.Errorf("%q, want %q", c.Title, want)
	}
}

// TestLeaderboardAndHouseFindings checks the titles of the leaderboard and
// house-effects charts against their tables: the series of least mean
// absolute error and the best buzz series; the largest house effect.
func TestLeaderboardAndHouseFindings(t *testing.T) {
	d := testData(t)
	c, err := Build(Leaderboard, d, locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	e := d.Dataset.Election
	name := func(row []string) string { return Label(e, locale.EN, row[1], row[2], row[1]) }
	var best, buzz []string
	for _, row := range c.Table.Rows { // in rank order
		if row[7] == "" {
			continue
		}
		if best == nil {
			best = row
		}
		if buzz == nil && row[3] == "buzz" {
			buzz = row
		}
	}
	value := func(row []string) float64 { v, _ := strconv.ParseFloat(row[7], 64); return v }
	want := fmt.Sprintf("%s came closest, %.2f\u00a0points off on average; the best buzz series, %s, %.2f\u00a0points", name(best), value(best), name(buzz), value(buzz))
	if c.Title != want {
		t.Errorf("leaderboard: %q, want %q", c.Title, want)
	}

	h, err := Build(HouseEffects, d, locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	var far []string
	farV := 0.0
	for _, row := range h.Table.Rows {
		v, _ := strconv.ParseFloat(row[6], 64)
		if math.Abs(v) > math.Abs(farV) {
			far, farV = row, v
		}
	}
	dir := "more"
	if farV < 0 {
		dir = "less"
	}
	want = fmt.Sprintf("%s leaned furthest: %.1f\u00a0point", far[4], math.Abs(farV))
	if math.Abs(farV) >= 1.05 || math.Abs(farV) < 0.95 {
		want += "s"
	}
	want += fmt.Sprintf(" %s for %s", dir, far[2])
	if h.Title != want {
		t.Errorf("house effects: %q, want %q", h.Title, want)
	}
}

// TestCampaignEndLabels checks that the campaign chart names each line at
// its end at article width, and gives the result alone on a phone, where
// the figure keeps no room for the names (endNames; the legend names the
// lines there).
func TestCampaignEndLabels(t *testing.T) {
	c, err := Build(Campaign, testData(t), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w    vg.Length
		want string
	}{{DefaultWidth, "Emmanuel Macron 24.01%"}, {9 * vg.Centimeter, "24.01%"}} {
		log, _ := layout(c, tc.w)
		if !slices.ContainsFunc(log.texts, func(tx drawnText) bool { return tx.s == tc.want }) {
			t.Errorf("at %.0f cm: no end label %q", tc.w/vg.Centimeter, tc.want)
		}
	}
}

// TestPanelTitlesWrap checks that the panels' titles of the final and
// errors charts (candidates' names, results) are wrapped only where they do
// not fit their panel: every line of a title that is no wider than its
// panel, as laid out at that width, is drawn whole.
func TestPanelTitlesWrap(t *testing.T) {
	d := testData(t)
	for _, kind := range []Kind{Final, Errors} {
		for _, l := range locale.Langs {
			c, err := Build(kind, d, l)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, row := range c.fig.panels {
				for _, p := range row {
					titles = append(titles, p.Title.Text)
				}
			}
			for _, w := range []vg.Length{DefaultWidth, 9 * vg.Centimeter, NarrowWidth} {
				log, page := layout(c, w)
				panels := c.fig.grid(w)
				area := draw.Crop(draw.Canvas{Rectangle: page}, margin, -margin-c.fig.pad(w), 0, 0)
				canvases := align(panels, area, padX, padY)
				k := 0
				for i, row := range panels {
					for j, p := range row {
						width := canvases[i][j].Max.X - canvases[i][j].Min.X
						for _, line := range strings.Split(titles[k], "\n") {
							fits := p.Title.TextStyle.Width(line) <= width
							whole := slices.ContainsFunc(log.texts, func(tx drawnText) bool { return tx.s == line })
							if fits && !whole {
								t.Errorf("%s (%s) at %.1f cm: %q fits its panel (%.1f pt of %.1f) but is wrapped", kind, l, w/vg.Centimeter, line, p.Title.TextStyle.Width(line), width)
							}
						}
						k++
					}
				}
			}
		}
	}
}

// TestBanLabelled checks that the charts that shade the publication ban
// name it once, above its band, at every width and in both languages,
// rather than in the legend.
func TestBanLabelled(t *testing.T) {
	d := testData(t)
	for _, kind := range []Kind{Campaign, Runoff, LeadTime} {
		for _, l := range locale.Langs {
			c, err := Build(kind, d, l)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []vg.Length{DefaultWidth, 9 * vg.Centimeter, NarrowWidth} {
				log, _ := layout(c, w)
				n := 0
				for _, tx := range log.texts {
					if tx.s == l.T("legend.ban") {
						n++
						if tx.size == legendSize {
							t.Errorf("%s (%s) at %.1f cm: the ban is named in the legend", kind, l, w/vg.Centimeter)
						}
					}
				}
				if n != 1 {
					t.Errorf("%s (%s) at %.1f cm: the ban is named %d times", kind, l, w/vg.Centimeter, n)
				}
			}
		}
	}
}

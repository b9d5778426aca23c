package report

import (
	"bufio"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"forecast/reports/charts"
	"forecast/reports/locale"
)

// chromium returns Debian's Chromium, skipping the test when it is absent,
// unless under CI (CI=true), which installs it (.ci/run) and must run
// every test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is absent, and CI must run the browser test (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium is absent (apt-get install chromium): the report is not checked in a browser")
	return ""
}

// pageState is what the browser test reads off a page at one width.
type pageState struct {
	Images []struct {
		Src   string
		Width int
	}
	Charts []struct {
		ID    string
		Width float64
		Texts int
	}
	LeaderboardRows int
	Font            bool
	FontsLoaded     int
	Height, Width   int
	InnerWidth      int
	Wider           []string // elements that stick out of the page at the right
	// The smallest and largest text a visible chart draws, in CSS px on
	// screen (font size × the chart's scale), and the smallest text of a
	// table; the size of the section headings.
	ChartTextMin, ChartTextMax float64
	ChartTextMinText           string
	TableTextMin               float64
	HeadingSize                float64
	// Whether the leaderboard scrolls in its box, and how far its series
	// column moves when it is scrolled to the end.
	LeaderboardScrolls bool
	SeriesMoved        float64
}

// widths are the screens the browser test lays the report out on: the
// narrowest and widest common phones, the most common one, and a laptop.
var widths = []int{320, 390, 430, 1280}

// screenshotWidths are the widths whose screenshots the test keeps.
var screenshotWidths = []int{390, 1280}

// minText is the smallest text a reader should meet on screen, in CSS px,
// less a hundredth for the rounding of the scale (8.25 pt × 4/3 comes out
// at 10.999…).
const minText = 11 - 0.01

// TestBrowser opens the report's index.html, in each language, from disk in headless Chromium,
// driven through the DevTools protocol, and checks what a reader would see:
// no console error or uncaught exception, no failed request and no request
// to any network, every chart drawn and every image loaded, the leaderboard
// there, the embedded font in use. At each of widths, as a phone or a
// laptop shows it, the page must not scroll sideways (wide tables scroll in
// their box), exactly one variant of each chart must show, no text of a
// chart or a table may be smaller than minText, and no chart text as large
// as a section heading. It keeps screenshots of the whole page at
// screenshotWidths (artefacts: $FORECAST_ARTEFACTS if set, else the test's
// artifact directory, which go test -artifacts keeps).
//
// It does so for the default election in each language, and for the 2016
// US election (one round, no buzz, 33 pollsters with long names) in
// English.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	for _, l := range locale.Langs {
		t.Run(string(l), func(t *testing.T) { browse(t, bin, l, load(t, nil), "") })
	}
	t.Run("us-2016", func(t *testing.T) { browse(t, bin, locale.EN, loadRace(t, "us-2016-presidential", ""), "us-2016-") })
}

// browse is TestBrowser on d in one language; prefix starts the names of
// its screenshots.
func browse(t *testing.T, bin string, l locale.Lang, d *charts.Data, prefix string) {
	dir := filepath.Join(t.TempDir(), "report")
	files, err := Build(d, Options{Lang: l})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, files, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	views, problems := inspect(t, bin, filepath.Join(dir, "index.html"), widths...)
	for _, p := range problems {
		t.Error(p)
	}
	kinds := 0
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".svg") {
			kinds++
		}
	}
	artefacts := cmp.Or(os.Getenv("FORECAST_ARTEFACTS"), t.ArtifactDir())
	for _, v := range views {
		seen := v.State
		if v.PNG != nil {
			name := filepath.Join(artefacts, fmt.Sprintf("report-%s%s-%d.png", prefix, l, v.Width))
			if err := os.WriteFile(name, v.PNG, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot of the report at %d px: %s (%d × %d)", v.Width, name, seen.Width, seen.Height)
		}
		if seen.Width > v.Width || seen.InnerWidth != v.Width {
			t.Errorf("%d px: the page scrolls sideways, %d px wide; sticking out: %s", v.Width, seen.Width, strings.Join(seen.Wider, ", "))
		}
		if len(seen.Charts) != kinds || kinds == 0 {
			t.Errorf("%d px: %d charts shown, %d drawn", v.Width, len(seen.Charts), kinds)
		}
		if seen.ChartTextMin < minText {
			t.Errorf("%d px: chart text %.2f px on screen (%q), under 11 px", v.Width, seen.ChartTextMin, seen.ChartTextMinText)
		}
		if seen.ChartTextMax >= seen.HeadingSize {
			t.Errorf("%d px: chart text %.1f px on screen, as large as the section headings (%.1f px)", v.Width, seen.ChartTextMax, seen.HeadingSize)
		}
		if seen.TableTextMin < minText {
			t.Errorf("%d px: table text %.2f px, under 11 px", v.Width, seen.TableTextMin)
		}
		if v.Width < 800 && !seen.LeaderboardScrolls || seen.SeriesMoved > 0.5 {
			t.Errorf("%d px: the leaderboard scrolls in its box %v, its series column moves %.1f px when scrolled", v.Width, seen.LeaderboardScrolls, seen.SeriesMoved)
		}
		if seen.LeaderboardRows < 2 {
			t.Errorf("the leaderboard table has %d rows", seen.LeaderboardRows)
		}
		if !seen.Font || seen.FontsLoaded < 2 {
			t.Errorf("the embedded fonts are not in use (check %v, %d loaded)", seen.Font, seen.FontsLoaded)
		}
		t.Logf("%d px: chart text %.1f to %.1f px, table text from %.1f px, headings %.1f px", v.Width, seen.ChartTextMin, seen.ChartTextMax, seen.TableTextMin, seen.HeadingSize)
	}
}

// TestBrowserSeesProblems checks that the browser test can fail: a page
// with a console error, a missing image and a request to a server finds
// all three; a page wider than a phone and with small text is measured so.
func TestBrowserSeesProblems(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>`+
		`<img src="missing.png"><img src="http://127.0.0.1:9/x.png"><script>console.error("broken")</script>`+
		`<table><tr><td style="font-size:9px">small</td></tr></table><p id="wide" style="width:500px">wide</p>`+
		`<figure id="f"><svg class="chart" width="200" height="50" viewBox="0 0 400 100"><text x="0" y="50" style="font-size:20px">half</text></svg></figure>`+
		`</body></html>`), 0o644)
	views, problems := inspect(t, bin, page, 390)
	all := strings.Join(problems, "\n")
	for _, want := range []string{"console error", "failed request", "asked the network", "is not rendered"} {
		if !strings.Contains(all, want) {
			t.Errorf("the browser test did not see a %q; it saw:\n%s", want, all)
		}
	}
	seen := views[0].State
	if seen.Width <= 390 || !slices.Contains(seen.Wider, "p#wide") {
		t.Errorf("a 500 px paragraph in a 390 px window: page %d px wide in %d, sticking out %v", seen.Width, seen.InnerWidth, seen.Wider)
	}
	if seen.TableTextMin != 9 || seen.ChartTextMin != 10 || seen.ChartTextMax != 10 {
		t.Errorf("table text %v px (want 9), chart text %v to %v px (want 10: 20 at half scale)", seen.TableTextMin, seen.ChartTextMin, seen.ChartTextMax)
	}
}

// view is a page as laid out at one width.
type view struct {
	Width int
	State pageState
	PNG   []byte // a screenshot of the whole page, at screenshotWidths
}

// inspect opens a page from disk in headless Chromium and returns what it
// shows at each width (a phone's, with touch and its viewport, below 800
// px), and the problems a reader would meet.
func inspect(t *testing.T, bin, page string, widths ...int) (views []view, problems []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	deadline, _ := ctx.Deadline()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+profileDir(t), "--remote-debugging-port=0", "--window-size=1280,900", "about:blank")
	// Chromium starts helper processes that write into the profile: run it in
	// a process group of its own and end the whole group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	}()
	// Chromium says where its DevTools listen on its standard error.
	browserWS := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "DevTools listening on "); ok {
			browserWS = strings.TrimSpace(after)
			break
		}
	}
	if browserWS == "" {
		t.Fatal("chromium did not start its DevTools server")
	}
	go func() { // keep reading, so that chromium never blocks on a full pipe
		for sc.Scan() {
		}
	}()
	u, _ := url.Parse(browserWS)
	resp, err := http.Get("http://" + u.Host + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct{ Type, WebSocketDebuggerURL string }
	err = json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	pageWS := ""
	for _, tg := range targets {
		if tg.Type == "page" {
			pageWS = tg.WebSocketDebuggerURL
		}
	}
	if pageWS == "" {
		t.Fatalf("no page among the DevTools targets: %+v", targets)
	}
	c, err := dialCDP(pageWS, deadline)
	if err != nil {
		t.Fatal(err)
	}
	defer c.conn.Close()
	for _, domain := range []string{"Page", "Runtime", "Log", "Network"} {
		if err := c.call(domain+".enable", map[string]any{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	index := "file://" + filepath.ToSlash(page)
	if err := c.call("Page.navigate", map[string]any{"url": index}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.waitFor("Page.loadEventFired"); err != nil {
		t.Fatal(err)
	}

	for _, w := range widths {
		err := c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": 900, "deviceScaleFactor": 1, "mobile": w < 800}, nil)
		if err != nil {
			t.Fatal(err)
		}
		v := view{Width: w, State: probePage(t, c, w)}
		if slices.Contains(screenshotWidths, w) {
			var shot struct{ Data string }
			err = c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
				"clip": map[string]any{"x": 0, "y": 0, "width": v.State.Width, "height": v.State.Height, "scale": 1}}, &shot)
			if err != nil {
				t.Fatal(err)
			}
			v.PNG, _ = base64.StdEncoding.DecodeString(shot.Data)
		}
		views = append(views, v)
	}

	for _, e := range c.events {
		var p struct {
			Type      string
			Entry     struct{ Level, Text, URL string }
			ErrorText string
			Request   struct{ URL string }
			Args      []struct{ Value any }
		}
		json.Unmarshal(e.Params, &p)
		switch e.Method {
		case "Runtime.consoleAPICalled":
			if p.Type == "error" || p.Type == "warning" || p.Type == "assert" {
				problems = append(problems, fmt.Sprintf("console %s: %v", p.Type, p.Args))
			}
		case "Runtime.exceptionThrown":
			problems = append(problems, fmt.Sprintf("uncaught exception: %s", e.Params))
		case "Log.entryAdded":
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				problems = append(problems, fmt.Sprintf("browser log %s: %s %s", p.Entry.Level, p.Entry.Text, p.Entry.URL))
			}
		case "Network.loadingFailed":
			problems = append(problems, fmt.Sprintf("failed request: %s", e.Params))
		case "Network.requestWillBeSent":
			if s := strings.SplitN(p.Request.URL, ":", 2)[0]; s != "file" && s != "data" {
				problems = append(problems, fmt.Sprintf("the page asked the network for %s", p.Request.URL))
			}
		}
	}
	for _, v := range views {
		for _, img := range v.State.Images {
			if img.Width <= 0 {
				problems = append(problems, fmt.Sprintf("%d px: image %s is not rendered (natural width %d)", v.Width, img.Src, img.Width))
			}
		}
		for _, ch := range v.State.Charts {
			if ch.Width <= 0 || ch.Texts == 0 {
				problems = append(problems, fmt.Sprintf("%d px: chart %s is not rendered: width %v, %d texts", v.Width, ch.ID, ch.Width, ch.Texts))
			}
		}
	}
	return views, problems
}

// probe reads the state of the page, once its fonts are loaded. A chart
// counts when it is shown (not inside an element of display:none); the
// size of a chart's text on screen is its font size times the vertical
// scale of its transformation to the screen (getScreenCTM), which folds in
// the chart's viewBox scaled to its box.
const probe = `document.fonts.ready.then(() => {
	const shown = e => e.getClientRects().length > 0;
	const charts = [...document.querySelectorAll("svg.chart")].filter(shown);
	let min = Infinity, max = 0, minText = "";
	for (const s of charts) for (const t of s.querySelectorAll("text")) {
		const m = t.getScreenCTM(), size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.c, m.d);
		if (t.textContent.trim() === "") continue;
		if (size < min) { min = size; minText = t.textContent; }
		max = Math.max(max, size);
	}
	// Scrolled sideways, the leaderboard keeps its series column in view.
	let scrolls = false, seriesMoved = 0;
	const board = document.querySelector("#leaderboard tr:nth-child(2) td:nth-child(2)");
	if (board) {
		const box = board.closest(".scroll"), x = board.getBoundingClientRect().left;
		scrolls = box.scrollWidth > box.clientWidth;
		box.scrollLeft = box.scrollWidth;
		seriesMoved = Math.abs(board.getBoundingClientRect().left - x);
		box.scrollLeft = 0;
	}
	const iw = WIDTH; // the screen's: a phone zooms out a page wider than itself, widening innerWidth
	const wider = [...document.body.querySelectorAll("*")].filter(e => {
		const r = e.getBoundingClientRect();
		if (r.right <= iw + 0.5 || !shown(e)) return false;
		for (let p = e.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return false;
		return true;
	}).slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className : ""));
	return JSON.stringify({
		images: [...document.images].map(i => ({src: i.currentSrc.slice(0, 60), width: i.naturalWidth})),
		charts: charts.map(s => ({id: s.closest("figure").id, width: s.getBoundingClientRect().width, texts: s.querySelectorAll("text").length})),
		leaderboardRows: document.querySelectorAll("#leaderboard tr").length,
		font: document.fonts.check('12px "Liberation Sans"'),
		fontsLoaded: [...document.fonts].filter(f => f.status === "loaded").length,
		height: document.documentElement.scrollHeight,
		width: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		wider: wider,
		chartTextMin: min === Infinity ? 0 : min, chartTextMax: max, chartTextMinText: minText,
		tableTextMin: Math.min(...[...document.querySelectorAll("td, th")].map(c => parseFloat(getComputedStyle(c).fontSize))),
		leaderboardScrolls: scrolls, seriesMoved: seriesMoved,
		headingSize: parseFloat(getComputedStyle(document.querySelector("h2") || document.body).fontSize),
	});
})`

// probePage evaluates probe in the page laid out on a screen width px wide.
func probePage(t *testing.T, c *cdp, width int) (seen pageState) {
	t.Helper()
	var eval struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	if err := c.call("Runtime.evaluate", map[string]any{"expression": strings.Replace(probe, "WIDTH", strconv.Itoa(width), 1), "awaitPromise": true, "returnByValue": true}, &eval); err != nil {
		t.Fatal(err)
	}
	if eval.ExceptionDetails != nil {
		t.Fatalf("the probe failed: %v", eval.ExceptionDetails)
	}
	if err := json.Unmarshal([]byte(eval.Result.Value), &seen); err != nil {
		t.Fatal(err)
	}
	return seen
}

// profileDir makes a fresh Chromium profile directory and removes it after
// the test, retrying while the browser's last helper processes let go of it.
func profileDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "chromium-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Errorf("could not remove the browser profile %s", dir)
	})
	return dir
}

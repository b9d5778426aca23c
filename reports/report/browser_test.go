package report

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

// pageState is what the browser test reads off a page.
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
}

// TestBrowser opens the report's index.html from disk in headless Chromium,
// driven through the DevTools protocol, and checks what a reader would see:
// no console error or uncaught exception, no failed request and no request
// to any network, every chart drawn and every image loaded, the leaderboard
// there, the embedded font in use. It saves a screenshot of the whole page
// in the test's artifact directory (go test -artifacts keeps it).
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := filepath.Join(t.TempDir(), "report")
	files, err := Build(load(t, nil), Options{Lang: locale.FR})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, files, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	seen, problems, png := inspect(t, bin, filepath.Join(dir, "index.html"))
	screenshot := filepath.Join(t.ArtifactDir(), "report.png")
	if err := os.WriteFile(screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the report: %s (%d × %d)", screenshot, seen.Width, seen.Height)
	for _, p := range problems {
		t.Error(p)
	}
	svgs := 0
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".svg") {
			svgs++
		}
	}
	if len(seen.Charts) != svgs || svgs == 0 {
		t.Errorf("%d charts on the page, %d drawn", len(seen.Charts), svgs)
	}
	if seen.LeaderboardRows < 2 {
		t.Errorf("the leaderboard table has %d rows", seen.LeaderboardRows)
	}
	if !seen.Font || seen.FontsLoaded < 2 {
		t.Errorf("the embedded fonts are not in use (check %v, %d loaded)", seen.Font, seen.FontsLoaded)
	}
}

// TestBrowserSeesProblems checks that the browser test can fail: a page
// with a console error, a missing image and a request to a server finds
// all three.
func TestBrowserSeesProblems(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html><body><img src="missing.png"><img src="http://127.0.0.1:9/x.png"><script>console.error("broken")</script></body></html>`), 0o644)
	_, problems, _ := inspect(t, bin, page)
	all := strings.Join(problems, "\n")
	for _, want := range []string{"console error", "failed request", "asked the network", "is not rendered"} {
		if !strings.Contains(all, want) {
			t.Errorf("the browser test did not see a %q; it saw:\n%s", want, all)
		}
	}
}

// inspect opens a page from disk in headless Chromium and returns what it
// shows, the problems a reader would meet, and a screenshot of the whole
// page.
func inspect(t *testing.T, bin, page string) (seen pageState, problems []string, screenshot []byte) {
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

	// What the page shows, once its fonts are loaded.
	var eval struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	const probe = `document.fonts.ready.then(() => JSON.stringify({
		images: [...document.images].map(i => ({src: i.currentSrc.slice(0, 60), width: i.naturalWidth})),
		charts: [...document.querySelectorAll("svg.chart")].map(s => ({id: s.closest("figure").id, width: s.getBoundingClientRect().width, texts: s.querySelectorAll("text").length})),
		leaderboardRows: document.querySelectorAll("#leaderboard tr").length,
		font: document.fonts.check('12px "Liberation Sans"'),
		fontsLoaded: [...document.fonts].filter(f => f.status === "loaded").length,
		height: document.documentElement.scrollHeight,
		width: document.documentElement.scrollWidth,
	}))`
	if err := c.call("Runtime.evaluate", map[string]any{"expression": probe, "awaitPromise": true, "returnByValue": true}, &eval); err != nil {
		t.Fatal(err)
	}
	if eval.ExceptionDetails != nil {
		t.Fatalf("the probe failed: %v", eval.ExceptionDetails)
	}
	if err := json.Unmarshal([]byte(eval.Result.Value), &seen); err != nil {
		t.Fatal(err)
	}

	var shot struct{ Data string }
	err = c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": seen.Width, "height": seen.Height, "scale": 1}}, &shot)
	if err != nil {
		t.Fatal(err)
	}
	screenshot, _ = base64.StdEncoding.DecodeString(shot.Data)

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
	for _, img := range seen.Images {
		if img.Width <= 0 {
			problems = append(problems, fmt.Sprintf("image %s is not rendered (natural width %d)", img.Src, img.Width))
		}
	}
	for _, ch := range seen.Charts {
		if ch.Width <= 0 || ch.Texts == 0 {
			problems = append(problems, fmt.Sprintf("chart %s is not rendered: width %v, %d texts", ch.ID, ch.Width, ch.Texts))
		}
	}
	return seen, problems, screenshot
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

package notebooks

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forecast/sources/sourcestest"
)

var update = flag.Bool("update", false, "write each executed notebook, with its outputs, over the committed one")

// notebooks are the notebooks of this directory, in order, and the checks
// of their executed outputs against the command line.
var notebooks = []struct {
	file  string
	check func(t *testing.T, nb *notebook, cli *cli)
}{
	{"01-reproduce-2017.ipynb", checkReproduce2017},
	{"02-quota-vs-self-selection.ipynb", checkQuotaVsSelection},
	{"03-your-own-election.ipynb", checkOwnElection},
	{"04-are-pollsters-any-good.ipynb", checkPollsters},
}

// setupSource is the first code cell of every notebook: it gives GoNB's
// scratch module this directory's go.mod and go.sum, with the replace
// directive made absolute, and links package nb (what every notebook needs
// to show its results) into it, so that the cells import forecast/notebooks/nb.
const setupSource = `!*cp "$GONB_DIR/go.mod" "$GONB_DIR/go.sum" . && ln -sfn "$GONB_DIR/nb" nb && go mod edit -replace forecast="$(cd "$GONB_DIR/.." && pwd)"`

// TestNotebooks runs every notebook headless with jupyter nbconvert and the
// GoNB kernel, fails on any cell error or output on standard error, checks
// the key numbers of its outputs against what the forecast command prints,
// and compares its outputs with the committed ones (-update rewrites them).
// It skips, saying why, where Jupyter, GoNB or goimports are absent, and
// fails instead under CI (CI=true), which installs them (.ci/run).
func TestNotebooks(t *testing.T) {
	requireJupyter(t)
	cli := buildCLI(t)
	before := listDir(t, ".")
	for _, n := range notebooks {
		t.Run(strings.TrimSuffix(n.file, ".ipynb"), func(t *testing.T) {
			raw := execute(t, n.file)
			nb := parse(t, n.file, raw)
			if nb.errors(t) {
				return
			}
			n.check(t, nb, cli)
			if *update {
				if t.Failed() {
					t.Fatalf("%s not updated: its checks failed", n.file)
				}
				b, err := normalize(raw)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(n.file, b, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("updated %s", n.file)
				return
			}
			committed, err := os.ReadFile(n.file)
			if err != nil {
				t.Fatal(err)
			}
			compareOutputs(t, parse(t, n.file, committed), nb)
		})
	}
	if after := listDir(t, "."); !slices.Equal(before, after) {
		t.Errorf("running the notebooks changed the directory: %v, then %v (temporary files belong in a temporary directory)", before, after)
	}
}

// TestCommittedNotebooks checks the committed notebooks without running
// them: committed with the outputs of a full run, in the normalised form
// -update writes (no timings, no Go version), with stable cell ids, the
// run instructions of README.md at the top and the setup cell first, and
// nothing in their outputs that depends on the machine.
func TestCommittedNotebooks(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	install := installBlock(t, string(readme))
	machine := regexp.MustCompile(`/tmp/|/root/|/home/|/work/|gonb_[0-9a-f]{8}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`)
	for _, n := range notebooks {
		t.Run(strings.TrimSuffix(n.file, ".ipynb"), func(t *testing.T) {
			b, err := os.ReadFile(n.file)
			if err != nil {
				t.Fatal(err)
			}
			if norm, err := normalize(b); err != nil {
				t.Fatal(err)
			} else if !bytes.Equal(norm, b) {
				t.Errorf("%s is not in normalised form: write it with go test -run TestNotebooks -update", n.file)
			}
			nb := parse(t, n.file, b)
			if nb.NBFormat != 4 || nb.NBFormatMinor < 5 {
				t.Errorf("nbformat %d.%d, want 4.5 or later (cell ids)", nb.NBFormat, nb.NBFormatMinor)
			}
			if ks, _ := nb.Metadata["kernelspec"].(map[string]any); ks["name"] != "gonb" {
				t.Errorf("kernelspec %v, want the GoNB kernel (name gonb)", ks)
			}
			if len(nb.Cells) < 3 || nb.Cells[0].CellType != "markdown" || !strings.Contains(string(nb.Cells[0].Source), install) {
				t.Errorf("the first cell must be the introduction, with the install commands of README.md:\n%s", install)
			}
			ids := map[string]bool{}
			count := 0
			for _, c := range nb.Cells {
				if c.ID == "" || ids[c.ID] {
					t.Errorf("cell id %q is empty or not unique", c.ID)
				}
				ids[c.ID] = true
				if c.CellType != "code" {
					continue
				}
				count++
				if count == 1 && string(c.Source) != setupSource {
					t.Errorf("the first code cell is\n%s\nwant\n%s", c.Source, setupSource)
				}
				if count > 1 {
					if msg := gofmtCell(string(c.Source)); msg != "" {
						t.Errorf("cell %s is not formatted as gofmt would: %s", c.ID, msg)
					}
				}
				if c.ExecutionCount == nil || *c.ExecutionCount != count {
					t.Errorf("cell %s: execution count %v, want %d: commit the notebook as a full run left it", c.ID, c.ExecutionCount, count)
				}
				for _, o := range c.Outputs {
					if o.OutputType == "error" || o.Name == "stderr" {
						t.Errorf("cell %s: committed with an error or standard error output", c.ID)
					}
					for mime, v := range o.Data {
						if !strings.HasPrefix(mime, "image/") && machine.MatchString(string(v)) {
							t.Errorf("cell %s: output depends on the machine (%q)", c.ID, machine.FindString(string(v)))
						}
					}
					if m := machine.FindString(string(o.Text)); m != "" {
						t.Errorf("cell %s: output depends on the machine (%q)", c.ID, m)
					}
				}
			}
		})
	}
}

// gofmtCell returns how a GoNB cell differs from gofmt's layout, or "".
// The declarations before %% are formatted as a file, and the body of main
// after it as statements in a function.
func gofmtCell(src string) string {
	decls, body, hasMain := strings.Cut(src, "\n%%\n")
	if !hasMain && strings.HasPrefix(src, "%%\n") {
		decls, body, hasMain = "", strings.TrimPrefix(src, "%%\n"), true
	}
	var file strings.Builder
	file.WriteString("package main\n")
	if decls = strings.TrimRight(decls, "\n"); decls != "" {
		file.WriteString("\n" + decls + "\n")
	}
	if hasMain {
		file.WriteString("\nfunc main() {\n")
		for _, line := range strings.Split(body, "\n") {
			if line != "" {
				line = "\t" + line
			}
			file.WriteString(line + "\n")
		}
		file.WriteString("}\n")
	}
	formatted, err := format.Source([]byte(file.String()))
	if err != nil {
		return err.Error()
	}
	if got, want := strings.Split(file.String(), "\n"), strings.Split(string(formatted), "\n"); !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				return fmt.Sprintf("line %q should read %q", strings.TrimSpace(got[i]), strings.TrimSpace(want[i]))
			}
		}
		return "different line count"
	}
	return ""
}

// installBlock returns the shell block of README.md's section "Install",
// which every notebook repeats.
func installBlock(t *testing.T, readme string) string {
	t.Helper()
	_, after, ok := strings.Cut(readme, "\n## Install")
	if ok {
		_, after, ok = strings.Cut(after, "```sh\n")
	}
	block, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no ```sh block under ## Install")
	}
	return "```sh\n" + block + "```"
}

// checkReproduce2017 checks notebook 1 against forecast score.
func checkReproduce2017(t *testing.T, nb *notebook, cli *cli) {
	nb.same(t, "leaderboard", "text/markdown", cli.run(t, "score", "--format", "markdown"))
	nb.samePNG(t, "chart-data", cli.run(t, "chart", "campaign", "--format", "png", "--out", "-"))
	rows := cli.csv(t, "score", "--format", "csv")
	out := nb.stdout(t, "key-numbers")
	for _, series := range []string{"elabe", "filteris"} {
		r := find(t, rows, "series", series)
		want := fmt.Sprintf("%-24s MAE %.2f pt   B_w %.3f   winner %.2f   top 2 %.2f", series,
			num(t, r["mae"]), num(t, r["b_w"]), num(t, r["winner_ok"]), num(t, r["top2_ok"]))
		if !hasLine(out, want) {
			t.Errorf("key-numbers: no line\n%s\nin\n%s", want, out)
		}
	}
	elabe, filteris := find(t, rows, "series", "elabe"), find(t, rows, "series", "filteris")
	nb.mentions(t, "reading",
		fmt.Sprintf("%.2f (Elabe)", num(t, elabe["mae"])),
		fmt.Sprintf("%.2f points per candidate", num(t, filteris["mae"])),
		fmt.Sprintf("B_w %.3f", num(t, filteris["b_w"])))
}

// checkQuotaVsSelection checks notebook 2 against forecast diagnose.
func checkQuotaVsSelection(t *testing.T, nb *notebook, cli *cli) {
	nb.same(t, "coverage", "text/markdown", cli.run(t, "diagnose", "polls", "--format", "markdown", "--table", "coverage"))
	out := nb.stdout(t, "key-numbers")
	var want []string
	for round, set := range map[int]string{1: "headline", 2: "top2"} {
		rows := cli.csv(t, "diagnose", "polls", "--round", strconv.Itoa(round), "--candidates", set, "--table", "coverage", "--format", "csv")
		for _, r := range rows {
			if r["window"] == "final" && r["quantity"] == "share" {
				want = append(want, fmt.Sprintf("round %d, final polls: %s of %s 95 %% intervals contained the result; error ratio %.3f",
					round, r["covered"], r["pairs"], num(t, r["error_ratio"])))
			}
		}
	}
	h := find(t, cli.csv(t, "diagnose", "polls", "--table", "herding", "--format", "csv"), "candidate", "MACRON")
	want = append(want, fmt.Sprintf("herding, MACRON: X² %.3f on %s df, lower-tail p %.3f", num(t, h["x2"]), h["df"], num(t, h["p_lower"])))
	var filteris map[string]string
	for _, r := range cli.csv(t, "diagnose", "buzz", "--table", "selection", "--format", "csv") {
		if r["candidate"] == "ALL" && r["family"] == "buzz" {
			want = append(want, fmt.Sprintf("n_eff, %s: %.0f", r["series"], num(t, r["n_eff"])))
			if r["series"] == "filteris" {
				filteris = r
			}
		}
	}
	if len(want) < 5 || filteris == nil {
		t.Fatalf("forecast diagnose gave too few rows to check: %q", want)
	}
	for _, w := range want {
		if !hasLine(out, w) {
			t.Errorf("key-numbers: no line\n%s\nin\n%s", w, out)
		}
	}
	for _, r := range cli.csv(t, "diagnose", "buzz", "--n", "filteris=1000000", "--table", "selection", "--format", "csv") {
		if r["series"] == "filteris" && r["candidate"] == "ALL" {
			w := fmt.Sprintf("ρ = %.4f   n_eff = %.0f", num(t, r["rho"]), num(t, r["n_eff"]))
			if got := nb.stdout(t, "rho"); !strings.Contains(got, w) {
				t.Errorf("rho: no %q in\n%s", w, got)
			}
		}
	}
	nb.mentions(t, "meng-reading", fmt.Sprintf("%.0f people or fewer (Filteris)", num(t, filteris["n_eff"])))

	// The simulation's lesson: the app's effective size stays small at every
	// size while the random sample's grows with it.
	line := regexp.MustCompile(`(?m)^\s*(\d+) \|\s+\S+\s+\S+\s+\S+\s+(\d+) \|\s+\S+\s+\S+\s+(\d+)$`)
	sim := line.FindAllStringSubmatch(nb.stdout(t, "sim-table"), -1)
	if len(sim) != 5 {
		t.Fatalf("sim-table: %d rows, want 5:\n%s", len(sim), nb.stdout(t, "sim-table"))
	}
	for _, m := range sim {
		size, app, random := num(t, m[1]), num(t, m[2]), num(t, m[3])
		if app > 100 || random < size/2 {
			t.Errorf("simulation at n = %s: app n_eff %s, random n_eff %s; want the app below 100 and the random sample near n", m[1], m[2], m[3])
		}
	}
}

// checkOwnElection checks notebook 3, which imports 2022 from the upstream
// files, against forecast score on the embedded 2022 dataset.
func checkOwnElection(t *testing.T, nb *notebook, cli *cli) {
	const e = "fr-2022-presidential"
	nb.same(t, "options", "text/markdown", cli.run(t, "score", "--election", e, "--format", "markdown"))
	if out := nb.stdout(t, "dataset"); strings.Count(out, "the same bytes as the embedded file: true") != 3 {
		t.Errorf("dataset: the imported files differ from the embedded ones:\n%s", out)
	}
	rows := cli.csv(t, "score", "--election", e, "--format", "csv")
	out := nb.stdout(t, "key-numbers")
	lo, hi := rows[0], rows[0]
	for _, r := range rows {
		want := fmt.Sprintf("%-24s MAE %.2f pt   B_w %.3f   winner %.2f   top 2 %.2f", r["series"],
			num(t, r["mae"]), num(t, r["b_w"]), num(t, r["winner_ok"]), num(t, r["top2_ok"]))
		if !hasLine(out, want) {
			t.Errorf("key-numbers: no line\n%s\nin\n%s", want, out)
		}
		if num(t, r["mae"]) < num(t, lo["mae"]) {
			lo = r
		}
		if num(t, r["mae"]) > num(t, hi["mae"]) {
			hi = r
		}
	}
	if len(rows) < 10 {
		t.Errorf("forecast score --election %s: %d rows, want every pollster's final poll", e, len(rows))
	}
	nb.mentions(t, "reading", fmt.Sprintf("%.2f to %.2f points per candidate", num(t, lo["mae"]), num(t, hi["mae"])))
	ow := find(t, cli.csv(t, "score", "--election", e, "--round", "2", "--candidates", "top2", "--format", "csv"), "series", "opinionway")
	nb.mentions(t, "runoff-reading", fmt.Sprintf("by %.2f (OpinionWay)", num(t, ow["mae"])))
}

// The files of notebook 4, from this directory.
const (
	rawPolls       = "../data/upstream/fivethirtyeight/2023/raw-polls.csv"
	ratingsOf538   = "../data/upstream/fivethirtyeight/2023/pollster-ratings.csv"
	minPollsOfBest = 50 // notebook 4's minPolls
)

// checkPollsters checks notebook 4 against forecast rate on FiveThirtyEight's
// 2023 raw polls, FiveThirtyEight's published table, and forecast history.
func checkPollsters(t *testing.T, nb *notebook, cli *cli) {
	rows := cli.csv(t, "rate", rawPolls, "--format", "csv")
	total := 0
	for _, r := range rows {
		total += int(num(t, r["polls"]))
	}
	out := nb.stdout(t, "polls")
	m := regexp.MustCompile(`: (\d+) poll questions, (\d+) races, (\d+) pollsters;`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(total) || m[3] != strconv.Itoa(len(rows)) {
		t.Errorf("polls: want %d poll questions and %d pollsters (forecast rate) in\n%s", total, len(rows), out)
	} else {
		nb.mentions(t, "intro", fmt.Sprintf("%s poll questions of %s", thousands(m[1]), thousands(m[2])))
	}
	checkReproduced(t, nb, rows)
	checkBest(t, nb, rows)
	checkGroups(t, nb, cli)
	checkHistory(t, nb, cli)
}

// thousands writes a whole number with commas between thousands, as the
// prose does.
func thousands(s string) string {
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// minus writes a number's hyphen-minus as the prose's minus sign.
func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }

// checkReproduced recomputes notebook 4's comparison with FiveThirtyEight's
// published table from forecast rate's CSV.
func checkReproduced(t *testing.T, nb *notebook, rows []map[string]string) {
	recs := sourcestest.ReadCSV(t, ratingsOf538)
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	ours := map[string]map[string]string{}
	for _, r := range rows {
		ours[r["pollster_id"]] = r
	}
	value := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		return num(t, s)
	}
	var found, polls, called, sae, misses, biasPolls, published, bias int
	var saeMax, seeSum, seeMax float64
	for _, rec := range recs[1:] {
		o := ours[rec[col["Pollster Rating ID"]]]
		if o == nil {
			continue
		}
		pub := func(name string) float64 { return value(rec[col[name]]) }
		found++
		if num(t, o["polls"]) == pub("Polls Analyzed") {
			polls++
		}
		if math.Abs(num(t, o["races_called_correctly"])-pub("Races Called Correctly")) < 1e-6 {
			called++
		}
		if d := math.Abs(num(t, o["simple_average_error"]) - pub("Simple Average Error")); d <= 0.01 {
			sae++
			saeMax = max(saeMax, d)
		}
		if math.Abs(num(t, o["misses_outside_moe"])-pub("Misses Outside MOE")) < 1e-6 {
			misses++
		}
		if num(t, o["bias_polls"]) == pub("# of Polls for Bias Analysis") {
			biasPolls++
		}
		if b := pub("Bias"); !math.IsNaN(b) {
			published++
			if math.Abs(value(o["bias"])-b) <= 0.01 {
				bias++
			}
		}
		d := math.Abs(num(t, o["simple_expected_error"]) - pub("Simple Expected Error"))
		seeSum += d
		seeMax = max(seeMax, d)
	}
	out := nb.stdout(t, "reproduce")
	for _, want := range []string{
		fmt.Sprintf("FiveThirtyEight published %d pollsters; the toolkit rated %d, and %d of them are in both", len(recs)-1, len(rows), found),
		fmt.Sprintf("polls analysed:           %d of %d equal", polls, found),
		fmt.Sprintf("races called correctly:   %d of %d equal", called, found),
		fmt.Sprintf("simple average error:     %d of %d within 0.01 point (largest difference %.4f)", sae, found, saeMax),
		fmt.Sprintf("polls for bias analysis:  %d of %d equal", biasPolls, found),
		fmt.Sprintf("bias:                     %d of %d published within 0.01 point", bias, published),
		fmt.Sprintf("misses outside the MOE:   %d of %d equal", misses, found),
		fmt.Sprintf("simple expected error:    mean difference %.2f point, largest %.2f", seeSum/float64(found), seeMax),
	} {
		if !hasLine(out, want) {
			t.Errorf("reproduce: no line\n%s\nin\n%s", want, out)
		}
	}
	if found != polls || found != called || found != sae || found != biasPolls {
		t.Errorf("the toolkit no longer reproduces FiveThirtyEight's table: %d pollsters, %d same polls, %d same calls, %d same error, %d same polls for bias", found, polls, called, sae, biasPolls)
	}
	nb.mentions(t, "reading", fmt.Sprintf("for all %d pollsters the same polls", found))
}

// checkBest checks notebook 4's best and worst pollsters, and what it says
// of them, against forecast rate's CSV (ordered by plus-minus, as the
// notebook).
func checkBest(t *testing.T, nb *notebook, rows []map[string]string) {
	var big []map[string]string
	single := 0
	for _, r := range rows {
		if num(t, r["polls"]) >= minPollsOfBest {
			big = append(big, r)
		}
		if r["simple_plus_minus_se"] == "" {
			single++
		}
	}
	n := len(big)
	if n < 6 {
		t.Fatalf("forecast rate: %d pollsters with %d polls or more", n, minPollsOfBest)
	}
	f := func(r map[string]string, col string) float64 { return num(t, r[col]) }
	out := nb.stdout(t, "key-numbers")
	for _, i := range []int{0, 1, 2, n - 3, n - 2, n - 1} {
		r := big[i]
		want := fmt.Sprintf("%-34s %4.0f polls   error %.2f ± %.2f   plus-minus %+.2f [%+.2f, %+.2f]", r["pollster"], f(r, "polls"),
			f(r, "simple_average_error"), f(r, "simple_average_error_se"), f(r, "simple_plus_minus"), f(r, "simple_plus_minus_low"), f(r, "simple_plus_minus_high"))
		if !hasLine(out, want) {
			t.Errorf("key-numbers: no line\n%s\nin\n%s", want, out)
		}
	}
	better, worse := 0, 0
	for _, r := range big {
		if f(r, "simple_plus_minus_high") < 0 {
			better++
		}
		if f(r, "simple_plus_minus_low") > 0 {
			worse++
		}
	}
	top := rows[0]
	for _, want := range []string{
		fmt.Sprintf("of the %d pollsters with %d polls or more: %d better than expected beyond their 95 %% interval, %d worse, %d not distinguishable from the expected error",
			n, minPollsOfBest, better, worse, n-better-worse),
		fmt.Sprintf("of all %d pollsters: %d rated on a single race, with no interval; the best plus-minus of all, %+.2f, is %s's, on %s poll(s)",
			len(rows), single, f(top, "simple_plus_minus"), top["pollster"], top["polls"]),
	} {
		if !hasLine(out, want) {
			t.Errorf("key-numbers: no line\n%s\nin\n%s", want, out)
		}
	}
	best, worst := big[0], big[n-1]
	interval := func(r map[string]string) string {
		return minus(fmt.Sprintf("%+.2f, interval %+.2f to %+.2f", f(r, "simple_plus_minus"), f(r, "simple_plus_minus_low"), f(r, "simple_plus_minus_high")))
	}
	nb.mentions(t, "best-reading", fmt.Sprintf("Of the %d pollsters with %d polls or more, %d did better", n, minPollsOfBest, better),
		fmt.Sprintf("%d did worse", worse), fmt.Sprintf("The other %d cannot", n-better-worse),
		best["pollster"]+" most (plus-minus "+interval(best)+")", worst["pollster"]+" most ("+interval(worst)+")",
		minus(fmt.Sprintf("%.2f, is %s's", f(top, "simple_plus_minus"), top["pollster"])), fmt.Sprintf("%d of the %d pollsters", single, len(rows)))
	// The pollsters the prose names: one told from luck, two not.
	named := map[string]map[string]string{}
	for _, r := range big {
		named[r["pollster"]] = r
	}
	usa, rasmussen, yougov := named["SurveyUSA"], named["Rasmussen Reports"], named["YouGov"]
	if usa == nil || rasmussen == nil || yougov == nil {
		t.Fatalf("forecast rate: SurveyUSA, Rasmussen Reports or YouGov has fewer than %d polls", minPollsOfBest)
	}
	if f(usa, "simple_plus_minus_high") >= 0 || f(rasmussen, "simple_plus_minus_high") < 0 || f(yougov, "simple_plus_minus_low") > 0 {
		t.Errorf("best-reading: SurveyUSA's interval no longer excludes zero, or Rasmussen Reports' or YouGov's no longer includes it")
	}
	nb.mentions(t, "best-reading", fmt.Sprintf("then %s and %s", big[1]["pollster"], big[2]["pollster"]),
		minus(fmt.Sprintf("SurveyUSA's %.0f polls pin its %+.2f down to an interval from %+.2f to %+.2f", f(usa, "polls"), f(usa, "simple_plus_minus"),
			f(usa, "simple_plus_minus_low"), f(usa, "simple_plus_minus_high"))),
		minus(fmt.Sprintf("Rasmussen Reports (%+.2f, interval %+.2f to %+.2f)", f(rasmussen, "simple_plus_minus"), f(rasmussen, "simple_plus_minus_low"), f(rasmussen, "simple_plus_minus_high"))),
		minus(fmt.Sprintf("YouGov (%+.2f, %+.2f to %+.2f)", f(yougov, "simple_plus_minus"), f(yougov, "simple_plus_minus_low"), f(yougov, "simple_plus_minus_high"))))
	nb.mentions(t, "reading", fmt.Sprintf("Of the %d pollsters with %d polls or more, %d beat", n, minPollsOfBest, better),
		fmt.Sprintf("and %d fell short of it; the %d others", worse, n-better-worse))
}

// group is the polls of a selection, summed from forecast rate's rows:
// its average error and its bias toward the Democrat are the pollsters'
// means weighted by their polls.
type group struct {
	polls, biasPolls, called float64
	errSum, biasSum          float64
}

func rateGroup(t *testing.T, cli *cli, args ...string) group {
	t.Helper()
	var g group
	for _, r := range cli.csv(t, append([]string{"rate", rawPolls, "--format", "csv"}, args...)...) {
		n, nb := num(t, r["polls"]), num(t, r["bias_polls"])
		g.polls += n
		g.called += n * num(t, r["races_called_correctly"])
		g.errSum += n * num(t, r["simple_average_error"])
		if nb > 0 {
			g.biasPolls += nb
			g.biasSum += nb * num(t, r["bias"])
		}
	}
	return g
}

func (g group) minus(h group) group {
	return group{g.polls - h.polls, g.biasPolls - h.biasPolls, g.called - h.called, g.errSum - h.errSum, g.biasSum - h.biasSum}
}
func (g group) err() float64  { return g.errSum / g.polls }
func (g group) bias() float64 { return g.biasSum / g.biasPolls }

// checkGroups checks notebook 4's errors by race type, by days before the
// election and of the American presidential polls against forecast rate's
// rows for the same selections (--type, --final-days, --since, --until,
// --location).
func checkGroups(t *testing.T, nb *notebook, cli *cli) {
	out := nb.stdout(t, "type-numbers")
	line := func(label string, g group) string {
		return fmt.Sprintf("%-10s %5.0f polls   average error %.2f ± ", label, g.polls, g.err())
	}
	has := func(id, text, want string) {
		if !strings.Contains(text, want) {
			t.Errorf("%s: no %q in\n%s", id, want, text)
		}
	}
	types := map[string]group{}
	for _, typ := range []string{"Gov-G", "House-G", "Pres-G", "Pres-P", "Sen-G"} {
		g := rateGroup(t, cli, "--type", typ)
		types[typ] = g
		has("type-numbers", out, line(typ, g))
		if g.biasPolls > 0 {
			has("type-numbers", out, fmt.Sprintf("bias %+.2f ± ", g.bias()))
		}
	}
	var spans []group
	prev := group{}
	for _, days := range []string{"3", "7", "14", "21"} {
		g := rateGroup(t, cli, "--final-days", days)
		spans = append(spans, g.minus(prev))
		prev = g
	}
	for i, label := range []string{"00–03 days", "04–07 days", "08–14 days", "15–21 days"} {
		has("type-numbers", out, line(label, spans[i]))
		has("type-numbers", out, fmt.Sprintf("bias %+.2f ± ", spans[i].bias()))
	}
	nb.mentions(t, "types-reading", fmt.Sprintf("%.2f points (± ", types["Pres-P"].err()), fmt.Sprintf("twice the %.2f (± ", types["Pres-G"].err()),
		fmt.Sprintf("(%.2f and %.2f)", types["Gov-G"].err(), types["Sen-G"].err()), minus(fmt.Sprintf("(%+.2f ± ", types["Pres-G"].bias())),
		fmt.Sprintf("from %.2f points 8 to 14 days out to %.2f in the last three days", spans[2].err(), spans[0].err()),
		minus(fmt.Sprintf("from %+.2f (± ", spans[3].bias())), minus(fmt.Sprintf("to %+.2f (± ", spans[0].bias())))

	// The presidential polls of a cycle: national (--location US) and states (the rest).
	cycle := func(year string) (national, states group) {
		all := rateGroup(t, cli, "--type", "Pres-G", "--since", year+"-01-01", "--until", year+"-12-31")
		national = rateGroup(t, cli, "--type", "Pres-G", "--since", year+"-01-01", "--until", year+"-12-31", "--location", "US")
		return national, all.minus(national)
	}
	national, states := cycle("2016")
	out = nb.stdout(t, "us-2016")
	has("us-2016", out, fmt.Sprintf("2016 national: %.0f polls of 1 race(s), average error on the margin %.2f points, bias toward Clinton %+.2f (one race: no standard error)",
		national.polls, national.err(), national.bias()))
	has("us-2016", out, fmt.Sprintf("2016 states: %.0f polls of ", states.polls))
	has("us-2016", out, fmt.Sprintf("average error on the margin %.2f points, bias toward Clinton %+.2f (standard errors", states.err(), states.bias()))
	m := regexp.MustCompile(`wrong winner: (\d+) of (\d+), and (\d+) more with a tied lead`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("us-2016: no count of wrong winners in\n%s", out)
	}
	wrong, all, tied := num(t, m[1]), num(t, m[2]), num(t, m[3])
	// The calls of the state polls, summed from the pollsters' rows: 1 for
	// each right winner, 0.5 for each tied lead.
	if all != states.polls || math.Abs(all-wrong-tied/2-states.called) > 1e-6 {
		t.Errorf("us-2016: %v wrong and %v tied of %v state polls, but forecast rate gives %v polls whose calls sum to %v", wrong, tied, all, states.polls, states.called)
	}
	if m := regexp.MustCompile(`2016 national result: .* \(margin \+(\d+\.\d+)\)`).FindStringSubmatch(out); m == nil {
		t.Errorf("us-2016: no national result in\n%s", out)
	} else {
		nb.mentions(t, "us-reading", "won by "+m[1]+" points")
	}
	_, states2012 := cycle("2012")
	_, states2020 := cycle("2020")
	nb.mentions(t, "us-reading", fmt.Sprintf("an average error of %.2f points", national.err()), fmt.Sprintf("a lean toward Clinton of %+.2f,", national.bias()),
		fmt.Sprintf("%.2f points of error (± ", states.err()), fmt.Sprintf("a lean toward Clinton of %+.2f (± ", states.bias()),
		fmt.Sprintf("%.0f of the %.0f state polls", wrong, all), fmt.Sprintf("(%.0f more had a tied lead)", tied),
		minus(fmt.Sprintf("(%+.2f ± ", states2020.bias())), minus(fmt.Sprintf("(%+.2f ± ", states2012.bias())))
	nb.mentions(t, "reading", fmt.Sprintf("lean toward Clinton of %+.2f points", states.bias()))
}

// checkHistory checks notebook 4's French elections against forecast history.
func checkHistory(t *testing.T, nb *notebook, cli *cli) {
	nb.same(t, "history", "text/markdown", cli.run(t, "history", "--type", "presidential", "--format", "markdown", "--table", "elections"))
	png := filepath.Join(t.TempDir(), "history.png")
	cli.run(t, "history", "--chart", png)
	b, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	nb.samePNG(t, "chart", string(b))

	rows := cli.csv(t, "history", "--format", "csv")
	byYear := map[string]map[string]string{}
	var maes []float64
	largest := map[string]string{"mae": "0"}
	out := nb.stdout(t, "france-numbers")
	for _, r := range rows {
		if r["type"] != "president" || r["mae"] == "" {
			continue
		}
		byYear[r["year"]] = r
		maes = append(maes, num(t, r["mae"]))
		if num(t, r["mae"]) > num(t, largest["mae"]) {
			largest = r
		}
		switch r["year"] {
		case "1969", "2002", "2017", "2022":
			want := fmt.Sprintf("%s: MAE %.2f points, rank %s of %s (1 = the largest error); largest miss %s %+.2f; two leading blocs missed: %t",
				r["year"], num(t, r["mae"]), r["rank"], r["ranked"], r["largest_bloc"], num(t, r["largest_error"]), r["top_two_missed"] == "yes")
			if !hasLine(out, want) {
				t.Errorf("france-numbers: no line\n%s\nin\n%s", want, out)
			}
		}
	}
	mean := 0.0
	for _, m := range maes {
		mean += m
	}
	if want := fmt.Sprintf("%d presidential first rounds scored: MAE from %.2f to %.2f points, mean %.2f", len(maes), slices.Min(maes), slices.Max(maes), mean/float64(len(maes))); !hasLine(out, want) {
		t.Errorf("france-numbers: no line\n%s\nin\n%s", want, out)
	}
	says := func(year string) string {
		r := byYear[year]
		return fmt.Sprintf("erred by %.2f, rank %s of %s", num(t, r["mae"]), r["rank"], r["ranked"])
	}
	y2017, y2022 := byYear["2017"], byYear["2022"]
	nb.mentions(t, "reading", fmt.Sprintf("erred by %.2f points per bloc, rank %s of %s", num(t, y2017["mae"]), y2017["rank"], y2017["ranked"]),
		says("2022"), minus(fmt.Sprintf("far left's %+.2f", num(t, y2022["largest_error"]))), says("2002"),
		fmt.Sprintf("The largest error, %.2f points, is %s's", num(t, largest["mae"]), largest["year"]))

	// 2002, bloc by bloc.
	blocs := map[string]float64{}
	out = nb.stdout(t, "y2002")
	for _, r := range cli.csv(t, "history", "--type", "presidential", "--table", "blocs", "--format", "csv") {
		if r["election"] != "2002-04-21" {
			continue
		}
		blocs[r["bloc"]] = num(t, r["error"])
		want := fmt.Sprintf("%-9s polls %5.2f   result %5.2f   error %+.2f", r["bloc"], num(t, r["poll_average"]), num(t, r["result"]), num(t, r["error"]))
		if !hasLine(out, want) {
			t.Errorf("y2002: no line\n%s\nin\n%s", want, out)
		}
	}
	nb.mentions(t, "reading", fmt.Sprintf("overstated the left by %.2f and understated the far right by %.2f", blocs["left"], -blocs["farright"]))

	// The other election types.
	out = nb.stdout(t, "other-types")
	ranges := map[string][]float64{}
	for _, typ := range []string{"legislatives", "europeennes", "regionales"} {
		var scored []string
		unscored := 0
		for _, r := range rows {
			switch {
			case r["type"] != typ:
			case r["mae"] == "":
				unscored++
			default:
				scored = append(scored, fmt.Sprintf("%s %.2f", r["year"], num(t, r["mae"])))
				ranges[typ] = append(ranges[typ], num(t, r["mae"]))
			}
		}
		want := fmt.Sprintf("%s: %d elections scored (MAE: %s); %d with no poll in the final week", typ, len(scored), strings.Join(scored, ", "), unscored)
		if !hasLine(out, want) {
			t.Errorf("other-types: no line\n%s\nin\n%s", want, out)
		}
	}
	span := func(typ string) string {
		return fmt.Sprintf("%.2f to %.2f", slices.Min(ranges[typ]), slices.Max(ranges[typ]))
	}
	eu2019 := find(t, rows, "election", "2019-05-26")
	nb.mentions(t, "other-reading", span("legislatives")+" points for the législatives", span("europeennes")+" for the européennes",
		minus(fmt.Sprintf("(%+.2f points)", num(t, eu2019["largest_error"]))), strings.Replace(span("regionales"), " to ", " and ", 1)+" for the régionales")
}

// Commands that install what the notebooks test needs, as in README.md's
// section Install (and .ci/run).
const (
	installJupyter = "sudo apt-get install -y jupyter-notebook jupyter-nbconvert jupyter-client"
	installGoNB    = `(cd notebooks/tools && go install tool) && export PATH="$(go env GOPATH)/bin:$PATH" && gonb --install`
	onPath         = `export PATH="$(go env GOPATH)/bin:$PATH"`
)

// requireJupyter skips the test (fails it under CI) unless jupyter
// nbconvert runs, the GoNB kernel is registered and goimports is on the
// PATH, naming what is missing and the command that installs it.
func requireJupyter(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("jupyter"); err != nil {
		missing(t, "jupyter is not installed", installJupyter)
	}
	if out, err := exec.Command("jupyter", "nbconvert", "--version").CombinedOutput(); err != nil {
		missing(t, fmt.Sprintf("jupyter nbconvert does not run (%v: %s)", err, bytes.TrimSpace(out)), installJupyter)
	}
	out, err := exec.Command("jupyter", "kernelspec", "list", "--json").Output()
	if err != nil {
		missing(t, fmt.Sprintf("jupyter kernelspec does not run (%v)", err), installJupyter)
	}
	var specs struct {
		Kernelspecs map[string]struct {
			Spec struct{ Argv []string }
		}
	}
	if err := json.Unmarshal(out, &specs); err != nil {
		t.Fatalf("jupyter kernelspec list --json: %v", err)
	}
	gonb, ok := specs.Kernelspecs["gonb"]
	if !ok || len(gonb.Spec.Argv) == 0 {
		missing(t, "the GoNB kernel is not registered with Jupyter", installGoNB)
	}
	if _, err := os.Stat(gonb.Spec.Argv[0]); err != nil {
		missing(t, fmt.Sprintf("the GoNB kernel is registered, but its program is missing (%v)", err), installGoNB)
	}
	if _, err := exec.LookPath("goimports"); err != nil {
		missing(t, "goimports, which GoNB runs on every cell, is not on the PATH", onPath)
	}
}

// missing skips the test, saying what is missing and the one command (from
// the repository's root) that installs it, also on standard error so that
// a plain "go test" without -v shows it; under CI it fails instead, since
// CI must run every notebook.
func missing(t *testing.T, what, fix string) {
	t.Helper()
	msg := fmt.Sprintf("%s: the notebooks were not run. Install it with (from the repository's root):\n\t%s\n(notebooks/README.md, section Install)", what, fix)
	if os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "%s: skipped: %s\n", t.Name(), msg)
	}
	skip(t, "%s", msg)
}

// skip skips the test with a reason, or fails it under CI, which must run
// every notebook.
func skip(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must run every notebook", msg)
	}
	t.Skip(msg)
}

// execute runs a notebook with jupyter nbconvert in a temporary directory
// and returns the executed notebook. Errors in cells do not stop the run
// (--allow-errors), so that every failing cell is reported.
func execute(t *testing.T, file string) []byte {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"out", "tmp", "runtime"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("jupyter", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout=1200", "--ExecutePreprocessor.record_timing=False",
		"--output-dir", filepath.Join(dir, "out"), file)
	// GoNB's scratch module, go build's work files and Jupyter's connection
	// files all go under the test's temporary directory.
	cmd.Env = append(os.Environ(), "TMPDIR="+filepath.Join(dir, "tmp"), "JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"PYDEVD_DISABLE_FILE_VALIDATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jupyter nbconvert --execute %s: %v\n%s", file, err, tail(out, 60))
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// listDir lists the names in a directory.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// cli runs the forecast command, built from this repository.
type cli struct{ bin string }

func buildCLI(t *testing.T) *cli {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "forecast")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/forecast")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/forecast: %v\n%s", err, out)
	}
	return &cli{bin}
}

// run returns what forecast prints on standard output.
func (c *cli) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(c.bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("forecast %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// csv returns the rows of a CSV that forecast prints, keyed by column.
func (c *cli) csv(t *testing.T, args ...string) []map[string]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(c.run(t, args...))).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("forecast %s: %d records: %v", strings.Join(args, " "), len(records), err)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// find returns the row whose column has the value.
func find(t *testing.T, rows []map[string]string, column, value string) map[string]string {
	t.Helper()
	for _, r := range rows {
		if r[column] == value {
			return r
		}
	}
	t.Fatalf("no row with %s = %s", column, value)
	return nil
}

// num reads a number that forecast printed with full precision.
func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// hasLine reports whether text has a line that is want, trailing spaces
// aside.
func hasLine(text, want string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimRight(line, " ") == want {
			return true
		}
	}
	return false
}

// notebook is the part of the nbformat 4 layout the tests read.
type notebook struct {
	file          string
	Cells         []cell         `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

type cell struct {
	ID             string   `json:"id"`
	CellType       string   `json:"cell_type"`
	Source         text     `json:"source"`
	ExecutionCount *int     `json:"execution_count"`
	Outputs        []output `json:"outputs"`
}

type output struct {
	OutputType string          `json:"output_type"`
	Name       string          `json:"name"` // of a stream: stdout, stderr
	Text       text            `json:"text"`
	Data       map[string]text `json:"data"`
	EName      string          `json:"ename"`
	EValue     string          `json:"evalue"`
}

// text is a multi-line string, which nbformat writes as one string or as a
// list of lines.
type text string

func (x *text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*x = text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return err
	}
	*x = text(strings.Join(lines, ""))
	return nil
}

// parse reads a notebook, with consecutive outputs of one stream merged:
// how a kernel's output is cut into messages varies from run to run.
func parse(t *testing.T, file string, b []byte) *notebook {
	t.Helper()
	nb := &notebook{file: file}
	if err := json.Unmarshal(b, nb); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for i := range nb.Cells {
		var outs []output
		for _, o := range nb.Cells[i].Outputs {
			if n := len(outs); n > 0 && o.OutputType == "stream" && outs[n-1].OutputType == "stream" && outs[n-1].Name == o.Name {
				outs[n-1].Text += o.Text
				continue
			}
			outs = append(outs, o)
		}
		nb.Cells[i].Outputs = outs
	}
	return nb
}

// cell returns the cell with an id.
func (nb *notebook) cell(t *testing.T, id string) *cell {
	t.Helper()
	for i := range nb.Cells {
		if nb.Cells[i].ID == id {
			return &nb.Cells[i]
		}
	}
	t.Fatalf("%s has no cell %q", nb.file, id)
	return nil
}

// errors reports every cell that failed or wrote to standard error, and
// every code cell that did not run.
func (nb *notebook) errors(t *testing.T) bool {
	t.Helper()
	tags := regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]+>`)
	failed, more := false, 0
	defer func() {
		if more > 0 {
			t.Errorf("%s: %d more cells failed (the first failure may explain them)", nb.file, more)
		}
	}()
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		if c.ExecutionCount == nil {
			t.Errorf("%s: cell %s did not run", nb.file, c.ID)
			failed = true
			continue
		}
		var msgs []string
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "error":
				msgs = append(msgs, fmt.Sprintf("%s: %s", o.EName, o.EValue))
			case o.Name == "stderr":
				msgs = append(msgs, "standard error: "+string(o.Text))
			case o.Data["text/html"] != "" && strings.Contains(string(o.Data["text/html"]), "gonb-err"):
				msgs = append(msgs, strings.Join(strings.Fields(tags.ReplaceAllString(string(o.Data["text/html"]), " ")), " "))
			}
		}
		switch {
		case len(msgs) > 0 && failed:
			more++
		case len(msgs) > 0:
			t.Errorf("%s: cell %s failed:\n%s", nb.file, c.ID, strings.Join(msgs, "\n"))
			failed = true
		}
	}
	return failed
}

// stdout returns what a cell printed on standard output.
func (nb *notebook) stdout(t *testing.T, id string) string {
	t.Helper()
	var b strings.Builder
	for _, o := range nb.cell(t, id).Outputs {
		if o.OutputType == "stream" && o.Name == "stdout" {
			b.WriteString(string(o.Text))
		}
	}
	return b.String()
}

// same checks that a cell displayed want, and nothing else, as mime.
func (nb *notebook) same(t *testing.T, id, mime, want string) {
	t.Helper()
	var got []string
	for _, o := range nb.cell(t, id).Outputs {
		if v, ok := o.Data[mime]; ok {
			got = append(got, string(v))
		}
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("%s: cell %s does not show what the command prints (%s):\n%s\nwant:\n%s", nb.file, id, mime, strings.Join(got, "\n---\n"), want)
	}
}

// samePNG checks that a cell displayed exactly the PNG want.
func (nb *notebook) samePNG(t *testing.T, id, want string) {
	t.Helper()
	for _, o := range nb.cell(t, id).Outputs {
		if v, ok := o.Data["image/png"]; ok {
			got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(v)))
			if err != nil {
				t.Fatalf("%s: cell %s: %v", nb.file, id, err)
			}
			if !bytes.Equal(got, []byte(want)) {
				t.Errorf("%s: cell %s shows a PNG (%d bytes) other than the command's (%d bytes)", nb.file, id, len(got), len(want))
			}
			return
		}
	}
	t.Errorf("%s: cell %s shows no PNG", nb.file, id)
}

// mentions checks that a Markdown cell quotes each of the numbers, as they
// are computed now.
func (nb *notebook) mentions(t *testing.T, id string, quotes ...string) {
	t.Helper()
	src := strings.Join(strings.Fields(string(nb.cell(t, id).Source)), " ")
	for _, q := range quotes {
		if !strings.Contains(src, q) {
			t.Errorf("%s: the text of cell %s does not say %q: its prose no longer matches the numbers", nb.file, id, q)
		}
	}
}

// compareOutputs compares the outputs of a fresh run with the committed
// ones: text exactly, images within a small tolerance (the same size, at
// most 1 % of pixels visibly different).
func compareOutputs(t *testing.T, committed, run *notebook) {
	t.Helper()
	const hint = "if the change is intended, refresh the committed notebooks: cd notebooks && go test -run TestNotebooks -update"
	if len(committed.Cells) != len(run.Cells) {
		t.Fatalf("%s: %d cells committed, %d run; %s", run.file, len(committed.Cells), len(run.Cells), hint)
	}
	for i, c := range run.Cells {
		old := committed.Cells[i]
		if len(old.Outputs) != len(c.Outputs) {
			t.Errorf("%s: cell %s has %d outputs, %d committed; %s", run.file, c.ID, len(c.Outputs), len(old.Outputs), hint)
			continue
		}
		for j, o := range c.Outputs {
			p := old.Outputs[j]
			if o.OutputType != p.OutputType || o.Name != p.Name || o.Text != p.Text || len(o.Data) != len(p.Data) {
				t.Errorf("%s: cell %s, output %d differs from the committed one:\n%s\ncommitted:\n%s\n%s", run.file, c.ID, j, o.Text, p.Text, hint)
				continue
			}
			for mime, v := range o.Data {
				w, ok := p.Data[mime]
				switch {
				case !ok:
					t.Errorf("%s: cell %s shows %s, which the committed notebook does not; %s", run.file, c.ID, mime, hint)
				case mime == "image/png":
					if msg := comparePNG(string(w), string(v)); msg != "" {
						t.Errorf("%s: cell %s: %s; %s", run.file, c.ID, msg, hint)
					}
				case v != w:
					t.Errorf("%s: cell %s, %s differs from the committed one:\n%s\ncommitted:\n%s\n%s", run.file, c.ID, mime, v, w, hint)
				}
			}
		}
	}
}

// comparePNG returns why two base64 PNG images differ visibly, or "".
func comparePNG(committed, run string) string {
	if strings.TrimSpace(committed) == strings.TrimSpace(run) {
		return ""
	}
	a, err := decodePNG(committed)
	if err != nil {
		return "the committed image: " + err.Error()
	}
	b, err := decodePNG(run)
	if err != nil {
		return "the image: " + err.Error()
	}
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("the image is %v, the committed one %v", b.Bounds().Size(), a.Bounds().Size())
	}
	r := a.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				differ++
			}
		}
	}
	if differ*100 > r.Dx()*r.Dy() {
		return fmt.Sprintf("the image differs from the committed one in %d of %d pixels", differ, r.Dx()*r.Dy())
	}
	return ""
}

func decodePNG(b64 string) (image.Image, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(b))
}

// far reports whether two 16-bit colour channels differ visibly (by more
// than 16 of 255 levels).
func far(a, b uint32) bool {
	return a > b+16*257 || b > a+16*257
}

// normalize writes a notebook the way -update commits it: the nbformat
// layout (keys sorted, one-space indent, no HTML escaping, a final newline)
// without what changes from run to run or machine to machine: the cells'
// execution timings and the kernel's Go version.
func normalize(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var nb map[string]any
	if err := dec.Decode(&nb); err != nil {
		return nil, err
	}
	if md, ok := nb["metadata"].(map[string]any); ok {
		if li, ok := md["language_info"].(map[string]any); ok {
			delete(li, "version")
		}
	}
	cells, _ := nb["cells"].([]any)
	for _, c := range cells {
		if md, ok := c.(map[string]any)["metadata"].(map[string]any); ok {
			delete(md, "execution")
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

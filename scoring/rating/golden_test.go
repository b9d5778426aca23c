package rating

import (
	"math"
	"strconv"
	"testing"

	"forecast/sources/fivethirtyeight"
	"forecast/sources/sourcestest"
)

// published is one row of FiveThirtyEight's pollster-ratings.csv; columns a
// vintage lacks are NaN (counts -1).
type published struct {
	name                                      string
	polls, biasPolls                          int
	called, sae, misses, bias, see, plusMinus float64
}

// readPublished reads a vintage's pollster-ratings.csv by column name, keyed
// by the id its raw polls join on: "Pollster Rating ID" (2023), or the
// pollster's name (2016, whose ratings and raw polls share no id). The 2016
// file names two columns "Polls"; the first is the polls analysed.
func readPublished(t *testing.T, rel string) map[string]published {
	t.Helper()
	recs := sourcestest.ReadCSV(t, sourcestest.Path(t, rel))
	col := map[string]int{}
	for i, name := range recs[0] {
		if _, dup := col[name]; !dup {
			col[name] = i
		}
	}
	num := func(rec []string, name string) float64 {
		i, ok := col[name]
		if !ok || rec[i] == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(rec[i], 64)
		if err != nil {
			t.Fatalf("%s: %s %q: %v", rel, name, rec[i], err)
		}
		return v
	}
	count := func(v float64) int {
		if math.IsNaN(v) {
			return -1
		}
		return int(v)
	}
	out := map[string]published{}
	for _, rec := range recs[1:] {
		id := rec[col["Pollster"]]
		if i, ok := col["Pollster Rating ID"]; ok {
			id = rec[i]
		}
		polls := num(rec, "Polls Analyzed")
		if math.IsNaN(polls) {
			polls = num(rec, "Polls")
		}
		out[id] = published{name: rec[col["Pollster"]], polls: count(polls), biasPolls: count(num(rec, "# of Polls for Bias Analysis")),
			called: num(rec, "Races Called Correctly"), sae: num(rec, "Simple Average Error"), misses: num(rec, "Misses Outside MOE"),
			bias: num(rec, "Bias"), see: num(rec, "Simple Expected Error"), plusMinus: num(rec, "Simple Plus-Minus")}
	}
	return out
}

// gap accumulates |ours − published| for one column.
type gap struct {
	n         int
	max, sum  float64
	maxWho    string
	within001 int
}

func (g *gap) add(ours, pub float64, who string) {
	if math.IsNaN(pub) {
		return
	}
	d := math.Abs(ours - pub)
	if math.IsNaN(d) {
		d = math.Inf(1)
	}
	g.n++
	g.sum += d
	if d <= 0.01 {
		g.within001++
	}
	if d > g.max {
		g.max, g.maxWho = d, who
	}
}

// TestReproducePublished rates every pollster from 538's own raw polls with
// its options (every race type, the final 21 days) and compares each row of
// its published table: polls, races called correctly and polls for bias
// must be equal, the simple average error within 0.01 point (the raw file
// rounds the shares to hundredths). How close the other columns come is
// logged; docs/METHODS.md §14 explains the differences.
func TestReproducePublished(t *testing.T) {
	for _, v := range []struct{ vintage, raw, ratings string }{
		{"2016", "fivethirtyeight/2016/raw-polls.csv", "fivethirtyeight/2016/pollster-ratings.csv"},
		{"2023", "fivethirtyeight/2023/raw-polls.csv", "fivethirtyeight/2023/pollster-ratings.csv"},
	} {
		t.Run(v.vintage, func(t *testing.T) {
			pub := readPublished(t, v.ratings)
			ps, err := fivethirtyeight.Read(v.raw, sourcestest.Read(t, v.raw), v.vintage)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Rate(ps, Options{FinalDays: DefaultFinalDays})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Excluded) != 0 {
				t.Errorf("%d polls excluded; 538's file holds only polls of its window", len(r.Excluded))
			}
			ours := map[string]*Row{}
			for i := range r.Rows {
				ours[r.Rows[i].PollsterID] = &r.Rows[i]
			}
			if len(ours) != len(pub) {
				t.Errorf("%d pollsters rated, %d published", len(ours), len(pub))
			}
			var sae, misses, bias, see, spm gap
			for id, p := range pub {
				o, ok := ours[id]
				if !ok {
					t.Errorf("%s (%s): published, not rated", p.name, id)
					continue
				}
				if o.Polls != p.polls {
					t.Errorf("%s (%s): %d polls, published %d", p.name, id, o.Polls, p.polls)
				}
				if math.Abs(o.RacesCalledCorrectly-p.called) > 1e-6 {
					t.Errorf("%s (%s): races called correctly %v, published %v", p.name, id, o.RacesCalledCorrectly, p.called)
				}
				if p.biasPolls >= 0 && o.BiasPolls != p.biasPolls {
					t.Errorf("%s (%s): %d polls for bias, published %d", p.name, id, o.BiasPolls, p.biasPolls)
				}
				if math.Abs(o.SimpleAverageError-p.sae) > 0.01 {
					t.Errorf("%s (%s): simple average error %v, published %v", p.name, id, o.SimpleAverageError, p.sae)
				}
				sae.add(o.SimpleAverageError, p.sae, p.name)
				misses.add(o.MissesOutsideMOE, p.misses, p.name)
				bias.add(o.Bias, p.bias, p.name)
				see.add(o.SimpleExpectedError, p.see, p.name)
				spm.add(o.SimplePlusMinus, p.plusMinus, p.name)
			}
			for _, c := range []struct {
				name string
				g    *gap
			}{{"simple average error", &sae}, {"misses outside MOE", &misses}, {"bias", &bias}, {"simple expected error", &see}, {"simple plus-minus", &spm}} {
				if c.g.n == 0 {
					t.Logf("%s: not published in this vintage", c.name)
					continue
				}
				t.Logf("%s: %d pollsters compared, mean |diff| %.4f, max %.4f (%s), %d within 0.01",
					c.name, c.g.n, c.g.sum/float64(c.g.n), c.g.max, c.g.maxWho, c.g.within001)
			}
			t.Logf("expected-error model: %v = %v, RMSE %.3f over %d polls", r.Model.Terms, r.Model.Coef, r.Model.RMSE, r.Model.Polls)
		})
	}
}

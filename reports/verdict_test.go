package reports

import (
	"strings"
	"testing"
)

// TestVerdict: the sentence under the title follows the intervals. The
// same leaderboard is called a ranking only when one row comes first in
// at least 95 % of the redraws.
func TestVerdict(t *testing.T) {
	lb := board()
	if v := Verdict(lb); v != "" {
		t.Errorf("no bootstrap, no verdict: %q", v)
	}
	lb.Options.Draws, lb.Options.Seed, lb.Ranked = 1000, 1, 2
	a, b := &lb.Rows[0], &lb.Rows[1]
	a.PSRS, a.PBest, a.RankLo, a.RankHi = 0.4, 0.6, 1, 2
	b.PSRS, b.PBest, b.RankLo, b.RankHi = 0.01, 0.4, 1, 2
	v := Verdict(lb)
	for _, want := range []string{"none of the 2 forecasts", "most often first: pol, 60 %", "1 of the 2 forecasts with a sample size erred no more", "not a ranking of skill"} {
		if !strings.Contains(v, want) {
			t.Errorf("indistinguishable: %q lacks %q", v, want)
		}
	}
	a.PBest, b.PBest, a.RankHi = 0.97, 0.03, 1
	v = Verdict(lb)
	if !strings.Contains(v, "pol comes first in 97 %") || !strings.Contains(v, "beyond sampling error") || strings.Contains(v, "not a ranking") {
		t.Errorf("distinct: %q", v)
	}
}

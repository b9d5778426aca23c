package sources

import (
	"math"
	"testing"
)

// TestIsSlug checks the fast path of IsSlug against its definition,
// s == Slug(s), on ASCII and non-ASCII spellings.
func TestIsSlug(t *testing.T) {
	for _, s := range []string{"ifop-fiducial", "ifop", "a1-b2", "", "-ifop", "ifop-", "ifop--fiducial", "Ifop",
		"ifop_fiducial", "ifop fiducial", "élabe", "elabe", "ø-poll", "x", "9", "a-b-c", "a.b"} {
		if got, want := IsSlug(s), s == Slug(s); got != want {
			t.Errorf("IsSlug(%q) = %v, want %v (Slug gives %q)", s, got, want, Slug(s))
		}
	}
}

func FuzzIsSlug(f *testing.F) {
	f.Add("ifop-fiducial")
	f.Add("a--b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsSlug(s), s == Slug(s); got != want {
			t.Errorf("IsSlug(%q) = %v, want %v", s, got, want)
		}
	})
}

// Unknown sample sizes are NaN however they were made (math.NaN(), or 0/0
// in an importer's arithmetic, whose bits differ): rows of one snapshot
// agree on them, as they print the same (an empty field).
func TestCheckSnapshotsUnknownSizes(t *testing.T) {
	zero := 0.0
	f := Figure{Snapshot: "s", Round: 1, Family: Poll, Source: "x", Series: "x", Measure: VoteShare, Candidate: "A",
		NInterviewed: math.NaN(), NExpressed: math.NaN()}
	g := f
	g.Candidate, g.NInterviewed, g.NExpressed = "B", zero/zero, -(zero / zero)
	if errs := CheckSnapshots([]Figure{f, g}); len(errs) != 0 {
		t.Errorf("NaN sizes made differently: %v", errs)
	}
	g.NExpressed = 1000
	if errs := CheckSnapshots([]Figure{f, g}); len(errs) != 1 {
		t.Errorf("different sizes: %v, want one error", errs)
	}
}

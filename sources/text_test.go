package sources

import "testing"

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

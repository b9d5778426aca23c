package sources

import (
	"fmt"
	"sort"
	"strings"
)

// Registry resolves the many spellings of a candidate's name to one stable id.
// It matches on NameKey (case, accents and punctuation folded) of the id, the
// display name, "surname first" and the explicit aliases of each candidate;
// it never guesses: a name it does not know is an error that suggests the
// nearest known candidates.
type Registry struct {
	byKey map[string]string // NameKey → candidate id
}

// NewRegistry builds a registry. Two candidates claiming one spelling is an error.
func NewRegistry(cands []Candidate) (*Registry, error) {
	r := &Registry{byKey: map[string]string{}}
	for _, c := range cands {
		keys := []string{c.ID, c.Name}
		if first, rest, ok := strings.Cut(c.Name, " "); ok {
			keys = append(keys, rest+" "+first) // "MÉLENCHON Jean-Luc", the Ministry's order
		}
		keys = append(keys, c.Aliases...)
		for _, k := range keys {
			nk := NameKey(k)
			if other, dup := r.byKey[nk]; dup && other != c.ID {
				return nil, fmt.Errorf("the spelling %s is claimed by both %s and %s", Quote(k), other, c.ID)
			}
			r.byKey[nk] = c.ID
		}
	}
	return r, nil
}

// Resolve returns the id of the candidate named name.
func (r *Registry) Resolve(name string) (string, error) {
	if id, ok := r.byKey[NameKey(name)]; ok {
		return id, nil
	}
	return "", fmt.Errorf("unknown candidate %s (did you mean %s?)", Quote(name), strings.Join(r.Nearest(name, 3), ", "))
}

// Nearest lists up to k candidate ids whose spellings are closest to name by
// edit distance, closest first. Only the first 100 characters of name are
// compared: the edit distance takes time in proportion to the product of the
// lengths, and a name longer than that is no spelling of anyone's.
func (r *Registry) Nearest(name string, k int) []string {
	key := NameKey(name)
	if rs := []rune(key); len(rs) > 100 {
		key = string(rs[:100])
	}
	best := map[string]int{}
	for sp, id := range r.byKey {
		d := levenshtein(key, sp)
		if cur, ok := best[id]; !ok || d < cur {
			best[id] = d
		}
	}
	ids := make([]string, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if best[ids[i]] != best[ids[j]] {
			return best[ids[i]] < best[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return ids[:min(k, len(ids))]
}

// DeriveID makes a stable candidate id from a name, for elections whose
// candidates are not described yet: accents folded, upper case, the first
// given name dropped, spaces and hyphens as underscores.
// "Jean-Luc Mélenchon" → "MELENCHON", "Marine Le Pen" → "LE_PEN",
// "Eric Zemmour" → "ZEMMOUR". A one-word name is kept whole.
func DeriveID(name string) string {
	words := strings.Fields(name)
	if len(words) > 1 {
		words = words[1:]
	}
	return strings.ToUpper(strings.ReplaceAll(NameKey(strings.Join(words, " ")), " ", "_"))
}

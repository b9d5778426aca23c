package pollsposition

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// lines maps byte offsets of a file to 1-based line numbers.
type lines []int // offsets of every '\n'

func newLines(b []byte) lines {
	var nl lines
	for i, c := range b {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// at returns the line of byte offset off.
func (nl lines) at(off int64) int {
	return 1 + sort.SearchInts(nl, int(off))
}

// entry is one member of a JSON object inside a poll: its key, where the key
// is, and its value when the value is a scalar.
type entry struct {
	key    string
	off    int64 // offset of the key in the file
	scalar bool  // the value is a scalar (val holds it), not an object or array
	val    any   // json.Number, string, bool or nil
}

// index is a token-level view of one poll: for every object in it, its
// members in file order with their offsets. It gives the lines of
// candidates' shares (which a struct decode loses), their order, and the
// duplicated keys a struct or map decode would drop silently.
type index struct {
	members map[string][]entry // object path ("", "premier_tour[0].intentions") → members
	dups    []dupKey
}

// dupKey is a key found twice in one object.
type dupKey struct {
	path, key   string
	first, then int64
}

// buildIndex walks raw, the bytes of one JSON value found at offset base of
// the file.
func buildIndex(raw []byte, base int64) (*index, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type frame struct {
		path    string
		obj     bool
		n       int    // array: next element's index
		key     string // object: key whose value comes next
		keyOff  int64
		wantKey bool
		seen    map[string]int64
	}
	ix := &index{members: map[string][]entry{}}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				return ix, io.ErrUnexpectedEOF
			}
			return ix, nil
		}
		if err != nil {
			return ix, err
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.obj && top.wantKey {
			k, _ := tok.(string)
			top.key, top.keyOff, top.wantKey = k, base+dec.InputOffset()-1, false
			if prev, dup := top.seen[k]; dup {
				ix.dups = append(ix.dups, dupKey{top.path, k, prev, top.keyOff})
			} else {
				top.seen[k] = top.keyOff
			}
			continue
		}
		path := ""
		d, composite := tok.(json.Delim)
		switch {
		case top == nil:
		case top.obj:
			path = join(top.path, top.key)
			ix.members[top.path] = append(ix.members[top.path], entry{key: top.key, off: top.keyOff, scalar: !composite, val: tok})
			top.wantKey = true
		default:
			path = top.path + "[" + strconv.Itoa(top.n) + "]"
			top.n++
		}
		if composite {
			f := &frame{path: path, obj: d == '{', wantKey: d == '{'}
			if f.obj {
				f.seen = map[string]int64{}
				if _, ok := ix.members[path]; !ok {
					ix.members[path] = nil // an empty object still exists
				}
			}
			stack = append(stack, f)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// member returns the member key of the object at path.
func (ix *index) member(path, key string) (entry, bool) {
	for _, m := range ix.members[path] {
		if m.key == key {
			return m, true
		}
	}
	return entry{}, false
}

// describe gives a scalar JSON value as it was written, for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case json.Number:
		return v.String()
	case string:
		return strconv.Quote(v)
	case json.Delim:
		return "an " + map[json.Delim]string{'{': "object", '[': "array"}[v]
	}
	return fmt.Sprint(v)
}

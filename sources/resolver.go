package sources

import "fmt"

// Resolver turns the candidate names an importer reads into candidate ids,
// the same way in every importer.
//
// With a described election it resolves names through the election's
// Registry: an unknown name is an error that suggests the nearest
// candidates. Without one (an election not described yet) it derives ids
// with DeriveID and records each in Imported.Derived under the first
// spelling met. Two spellings of one name (the same NameKey) read as one
// id, with a notice; two different names that would get one id are an
// error, since they may be different people.
//
// A Resolver serves one read of one file: the lines it names are lines of
// that file. It remembers every name it has resolved, so a name that recurs
// on thousands of rows costs one lookup and is noticed once.
type Resolver struct {
	reg   *Registry
	first map[string]spelling   // derived id → its first spelling and where
	cache map[string]resolution // name as written → what it resolved to
}

// spelling is the first spelling met for a derived id.
type spelling struct {
	name, key string
	line      int
}

// resolution is what a name resolved to.
type resolution struct {
	id  string
	err error
}

// NewResolver returns a resolver for election e, or, when e is nil, one that
// derives ids from names. It fails when two of e's candidates claim one
// spelling (see NewRegistry).
func NewResolver(e *Election) (*Resolver, error) {
	r := &Resolver{first: map[string]spelling{}, cache: map[string]resolution{}}
	if e != nil {
		reg, err := NewRegistry(e.Candidates)
		if err != nil {
			return nil, err
		}
		r.reg = reg
	}
	return r, nil
}

// Registry returns the election's registry, or nil when ids are derived.
func (r *Resolver) Registry() *Registry { return r.reg }

// Resolve returns the id of the candidate called name, read at line of
// file. Without a registry the derived id is recorded in im.Derived (made
// when first needed), and a second spelling of a name is noted in im. The
// error names neither file nor line: the caller reports it with its own
// context.
func (r *Resolver) Resolve(file string, line int, name string, im *Imported) (string, error) {
	if c, ok := r.cache[name]; ok {
		return c.id, c.err
	}
	id, err := r.resolve(file, line, name, im)
	r.cache[name] = resolution{id, err}
	return id, err
}

func (r *Resolver) resolve(file string, line int, name string, im *Imported) (string, error) {
	if r.reg != nil {
		return r.reg.Resolve(name)
	}
	id := DeriveID(name)
	if id == "" {
		return "", fmt.Errorf("cannot make a candidate id from %s", Quote(name))
	}
	key := NameKey(name)
	first, seen := r.first[id]
	switch {
	case !seen:
		r.first[id] = spelling{name, key, line}
		if im.Derived == nil {
			im.Derived = map[string]string{}
		}
		im.Derived[id] = name
	case first.key != key:
		return "", fmt.Errorf("%s and %s (line %d) would both get the id %s: they may be different people; describe the election's candidates to tell them apart", Quote(name), Quote(first.name), first.line, id)
	case first.name != name:
		im.Note(file, line, "%s and %s (line %d) are spellings of one name: both read as %s", Quote(name), Quote(first.name), first.line, id)
	}
	return id, nil
}

// Lookup returns the id name would resolve to, recording nothing: through
// the registry, or else the id DeriveID makes (which may be "").
func (r *Resolver) Lookup(name string) (string, error) {
	if r.reg != nil {
		return r.reg.Resolve(name)
	}
	return DeriveID(name), nil
}

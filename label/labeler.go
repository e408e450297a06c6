package label

import (
	"fmt"
	"slices"

	"github.com/custodianhq/custodian/internal/codesys"
)

// Labeler holds value sets compiled into lookup tables. It is immutable
// after [New] and safe for concurrent use; build it once and share it. The
// zero Labeler holds no value set: every code it reads is unchecked.
type Labeler struct {
	sets    []compiledSet
	systems map[string]*table // canonical system URI -> its table
	neutral map[string]bool   // systems a host declared neutral
}

// compiledSet is one value set, its patterns folded for matching.
type compiledSet struct {
	id         string // name@version
	categories []string
	exclude    []Pattern // folded
}

// table holds the folded include patterns of every set for one system.
type table struct {
	exact     map[string][]int // code -> set indices
	prefix    map[string][]int // prefix -> set indices
	minPrefix int              // shortest prefix length; 0 when none
	maxPrefix int              // longest prefix length
	ranges    []rangeEntry
	partial   bool // every set of the system is CoveragePartial
}

// rangeEntry is one Range pattern of one set.
type rangeEntry struct {
	lo, hi string
	set    int
}

// Option configures [New].
type Option func(*Labeler)

// WithNeutralSystems declares code systems whose codes can never make a
// record sensitive, in addition to the built-in ones (the FHIR core code
// systems, units, languages): their codes are neither checked nor reported as
// unchecked. Use it for a local code system of statuses or workflow flags;
// never for a clinical terminology.
func WithNeutralSystems(systems ...string) Option {
	return func(l *Labeler) {
		for _, s := range systems {
			l.neutral[codesys.Canonical(s)] = true
		}
	}
}

// New checks and compiles value sets into a Labeler. It fails with a
// [*ValueSetError] on the first malformed set, and when two sets share a
// name. The Labeler keeps no reference to sets.
func New(sets []ValueSet, opts ...Option) (*Labeler, error) {
	l := &Labeler{systems: make(map[string]*table), neutral: make(map[string]bool)}
	names := make(map[string]bool, len(sets))
	var buf [64]byte
	for i, v := range sets {
		if err := check(v); err != nil {
			return nil, err
		}
		if names[v.Name] {
			return nil, &ValueSetError{ValueSet: v.Name, Field: "name", Err: invalid("two value sets are named %q", v.Name)}
		}
		names[v.Name] = true
		sys := codesys.Canonical(v.System)
		t := l.systems[sys]
		if t == nil {
			t = &table{exact: map[string][]int{}, prefix: map[string][]int{}, partial: true}
			l.systems[sys] = t
		}
		t.partial = t.partial && v.Coverage == CoveragePartial
		fold := func(code string) string { return string(foldCode(sys, code, buf[:0])) }
		cs := compiledSet{id: v.ID(), categories: slices.Clone(v.Categories)}
		for _, p := range v.Exclude {
			cs.exclude = append(cs.exclude, Pattern{Kind: p.Kind, Code: fold(p.Code), To: fold(p.To)})
		}
		for _, p := range v.Include {
			code := fold(p.Code)
			if code == "" {
				return nil, &ValueSetError{ValueSet: v.Name, Field: "include", Err: invalid("pattern %q is empty once folded", p.String())}
			}
			switch p.Kind {
			case Exact:
				t.exact[code] = appendUnique(t.exact[code], i)
			case Prefix:
				t.prefix[code] = appendUnique(t.prefix[code], i)
				if t.minPrefix == 0 || len(code) < t.minPrefix {
					t.minPrefix = len(code)
				}
				t.maxPrefix = max(t.maxPrefix, len(code))
			case Range:
				lo, hi := code, fold(p.To)
				if len(lo) != len(hi) || lo > hi {
					return nil, &ValueSetError{ValueSet: v.Name, Field: "include", Err: invalid("range %s folds to unequal or reversed bounds", p.String())}
				}
				t.ranges = append(t.ranges, rangeEntry{lo: lo, hi: hi, set: i})
			}
		}
		l.sets = append(l.sets, cs)
	}
	for _, o := range opts {
		o(l)
	}
	for sys := range l.neutral {
		if l.systems[sys] != nil {
			return nil, &ValueSetError{Field: "system", Err: invalid("system %s is declared neutral, yet value sets cover it", sys)}
		}
	}
	return l, nil
}

// appendUnique appends i to s unless s already ends with it.
func appendUnique(s []int, i int) []int {
	if len(s) > 0 && s[len(s)-1] == i {
		return s
	}
	return append(s, i)
}

// ValueSets returns the "name@version" of every set the Labeler holds, in
// the order given to [New].
func (l *Labeler) ValueSets() []string {
	out := make([]string, len(l.sets))
	for i, s := range l.sets {
		out[i] = s.id
	}
	return out
}

// Covers reports whether the Labeler holds a value set for system (any
// known spelling): whether a code of that system can be checked. When
// every set of the system is [CoveragePartial], only the codes they match
// are.
func (l *Labeler) Covers(system string) bool {
	_, ok := l.systems[codesys.Canonical(system)]
	return ok
}

// Categories returns the sensitivity categories that the code of system
// signals, sorted and without duplicates; nil when it signals none or when
// no value set covers the system.
func (l *Labeler) Categories(system, code string) []string {
	var out []string
	l.match(codesys.Canonical(system), code, func(set int) {
		for _, c := range l.sets[set].categories {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	})
	slices.Sort(out)
	return out
}

// match calls hit with the index of every set whose includes match code
// and whose excludes do not. It returns the table of system, nil when no
// set covers it. It does not allocate.
func (l *Labeler) match(system, code string, hit func(set int)) *table {
	t := l.systems[system]
	if t == nil {
		return nil
	}
	var buf [64]byte
	folded := foldCode(system, code, buf[:0]) // allocates only for codes longer than buf
	var seen [16]int
	hits := seen[:0] // sets already reported: a code may match several patterns of one set
	report := func(set int) {
		if slices.Contains(hits, set) || l.excluded(set, folded) {
			return
		}
		hits = append(hits, set)
		hit(set)
	}
	for _, s := range t.exact[string(folded)] {
		report(s)
	}
	for n := t.minPrefix; n > 0 && n <= min(t.maxPrefix, len(folded)); n++ {
		for _, s := range t.prefix[string(folded[:n])] {
			report(s)
		}
	}
	for _, r := range t.ranges {
		if inRange(folded, r.lo, r.hi) {
			report(r.set)
		}
	}
	return t
}

// inRange reports whether the first len(lo) bytes of code lie in [lo, hi];
// lo and hi have the same length.
func inRange(code []byte, lo, hi string) bool {
	if len(code) < len(lo) {
		return false
	}
	head := code[:len(lo)]
	return string(head) >= lo && string(head) <= hi
}

// excluded reports whether the folded code is excluded from set.
func (l *Labeler) excluded(set int, folded []byte) bool {
	for _, p := range l.sets[set].exclude {
		switch p.Kind {
		case Exact:
			if string(folded) == p.Code {
				return true
			}
		case Prefix:
			if len(folded) >= len(p.Code) && string(folded[:len(p.Code)]) == p.Code {
				return true
			}
		case Range:
			if inRange(folded, p.Code, p.To) {
				return true
			}
		}
	}
	return false
}

// hasCategory reports whether code is a category one of l's value sets
// signals.
func (l *Labeler) hasCategory(code string) bool {
	for i := range l.sets {
		if slices.Contains(l.sets[i].categories, code) {
			return true
		}
	}
	return false
}

// isNeutral reports whether codes of the canonical system are ignored.
func (l *Labeler) isNeutral(system string) bool {
	return l.neutral[system] || codesys.Neutral(system)
}

// String describes the Labeler for logs: how many sets and systems.
func (l *Labeler) String() string {
	return fmt.Sprintf("label.Labeler{%d value sets, %d code systems}", len(l.sets), len(l.systems))
}

package disclosure

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cel.dev/cel-go/cel"
	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/minimize"
)

// maxPolicyBytes bounds the size of a policy file.
const maxPolicyBytes = 1 << 20

// FullView is the built-in view that releases the record whole. It is meant
// for the disclosures minimum necessary does not govern (45 CFR
// 164.502(b)(2)): to a provider for treatment, to the individual, under an
// authorization, required by law.
const FullView = "full"

// Policy is a parsed and checked policy file: rules whose conditions are
// type-checked CEL, and the views the rules name. A Policy is immutable and
// safe for concurrent use; one Policy may serve many engines.
type Policy struct {
	name, version, description string
	hash                       string             // see Hash
	protected                  []consent.Category // nil: the file declares none
	vocabulary                 *Vocabulary
	rules                      []Rule
	views                      map[string]minimize.Spec
	asts                       []*cel.Ast // the checked condition of rules[i]; nil when shipped
	shipped                    [][]byte   // the shipped checked condition of rules[i], decoded on first use
}

// Rule is one rule of a policy.
type Rule struct {
	ID          string
	Description string
	Effect      consent.Effect
	When        string // the condition, in CEL
	Basis       string // the legal basis, e.g. "45 CFR 164.512(b)(1)(i)"
	View        string // the view a permit releases
	Obligations []string
	Line        int // where the rule starts in the file

	reads reads  // the variables the checked condition refers to
	cost  uint64 // the static estimate of the condition's cost
	guard guard  // what a request must satisfy for the condition to hold
}

// Vocabulary lists the terms a policy knows. A request whose recipient
// kind, purpose or any attribute name is not listed is denied on every
// category, and a category that is not listed is denied, each with
// Outcome.Rule set to "vocabulary", so that a misspelling or a code the
// policy was not written for cannot change a decision. An empty list leaves
// that term open.
type Vocabulary struct {
	Kinds      []string
	Attributes []string
	Purposes   []string // compared exactly: list the codes of the hierarchy the policy accepts
	Categories []string

	// Obligations are obligations the policy adds to the built-in ones
	// (account, redisclosure-notice, review, minimum-necessary,
	// notify-patient). A rule may name only those; unlike the lists above,
	// this one is additive and never closes anything.
	Obligations []string
}

// VocabularyRule is the Outcome.Rule of a category denied because the
// request used a recipient kind or an attribute the policy's vocabulary
// does not list.
const VocabularyRule = "vocabulary"

// Name returns the policy's name.
func (p *Policy) Name() string { return p.name }

// Version returns the policy's version, as the file gives it.
func (p *Policy) Version() string { return p.version }

// Hash returns the SHA-256 of the policy's source, in lower-case hex: what
// an auditor compares with the file to tell exactly which rules decided.
// For a policy made by [Policy.Extend] it is the SHA-256 of the base's
// Hash, a "+" and the SHA-256 of the layer's source, both in hex, so it
// changes when either file does and is recomputed from the two files.
func (p *Policy) Hash() string { return p.hash }

// Description returns the policy's description.
func (p *Policy) Description() string { return p.description }

// Rules returns a copy of the policy's rules, in file order.
func (p *Policy) Rules() []Rule {
	out := slices.Clone(p.rules)
	for i := range out {
		out[i].Obligations = slices.Clone(out[i].Obligations)
	}
	return out
}

// Views returns the names of the policy's views, sorted, "full" excluded.
func (p *Policy) Views() []string {
	names := make([]string, 0, len(p.views))
	for n := range p.views {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// View returns the spec of a named view.
func (p *Policy) View(name string) (minimize.Spec, bool) {
	s, ok := p.views[name]
	return s, ok
}

// Protected returns the categories the policy declares specially
// protected, or nil when it declares none.
func (p *Policy) Protected() []consent.Category { return slices.Clone(p.protected) }

// Vocabulary returns the policy's vocabulary, or nil when it declares none.
func (p *Policy) Vocabulary() *Vocabulary {
	if p.vocabulary == nil {
		return nil
	}
	v := *p.vocabulary
	v.Kinds, v.Attributes = slices.Clone(v.Kinds), slices.Clone(v.Attributes)
	v.Purposes, v.Categories = slices.Clone(v.Purposes), slices.Clone(v.Categories)
	v.Obligations = slices.Clone(v.Obligations)
	return &v
}

var ruleID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ParsePolicy reads a policy file in YAML or JSON and checks it whole: the
// schema (unknown fields are errors), every rule, every view, and every
// condition, parsed and type-checked against the rule environment, with a
// boolean result and a bounded cost. It also refuses what could never
// match or mean anything: an obligation not declared (the built-in ones or
// vocabulary.obligations), a string compared with request.recipient.kind,
// request.purpose (also as within()'s ancestor) or category that is not a
// known code or in the vocabulary, and a protected code that is not
// known. Codes are compared exactly. It returns every problem it finds, each
// a *PolicyError naming the rule, the field and the position in the file.
func ParsePolicy(data []byte) (*Policy, error) { return parse(data, nil) }

// parse reads a policy file; with a base, as a layer on top of it whose
// rules may name the base's views.
func parse(data []byte, base *Policy) (*Policy, error) {
	if len(data) > maxPolicyBytes {
		return nil, &PolicyError{Err: fmt.Errorf("file is %d bytes; the limit is %d", len(data), maxPolicyBytes)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &PolicyError{Err: err}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &PolicyError{Err: errors.New("empty policy")}
	}
	p := &Policy{hash: sourceHash(data)}
	if base != nil {
		p.hash = sourceHash([]byte(base.hash + "+" + p.hash))
	}
	ps := &parser{p: p, base: base, lines: strings.Split(string(data), "\n")}
	if alias := findAlias(&doc); alias != nil {
		ps.errorf(alias, "", "", "aliases and anchors are not allowed")
		return nil, ps.err()
	}
	ps.document(doc.Content[0])
	if ps.failed() {
		return nil, ps.err()
	}
	env, err := newEnv(nil)
	if err != nil {
		return nil, fmt.Errorf("disclosure: rule environment: %w", err)
	}
	ps.conditions(env)
	if ps.failed() {
		return nil, ps.err()
	}
	return p, nil
}

// sourceHash returns the SHA-256 of data in hex.
func sourceHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Language is the version of the policy language this package reads. A
// policy file may declare it with a top-level `language: 1`; absent, it is
// 1. A file declaring another version is refused, so that a policy written
// for a later language is never read with the rules of an earlier one.
const Language = 1

// language checks a policy file's `language` field.
func (ps *parser) language(n *yaml.Node) {
	if n != nil && (n.Kind != yaml.ScalarNode || n.Value != strconv.Itoa(Language)) {
		ps.errorf(n, "", "language", "policy language %s is not supported (this version reads language %d)", kind(n), Language)
	}
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

package disclosuretest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// Suite is a parsed test suite: the consents on file and the cases.
type Suite struct {
	Now      time.Time         // the default request time
	Consents []consent.Consent // on file for every case
	Cases    []Case
}

// Case is one request and what the policy must answer, per category.
type Case struct {
	Name    string
	Line    int // where the case starts in the suite file
	Request disclosure.Request
	Expect  map[consent.Category]Expectation
}

// Expectation is what one category's outcome must be. Effect is always
// checked; the other fields only when the suite gives them.
type Expectation struct {
	Effect      consent.Effect
	Rule        *string
	View        *string
	Basis       *string
	Consent     *string
	Obligations *[]string
}

// file is the suite's YAML form.
type file struct {
	Now      time.Time      `yaml:"now"`
	Consents []consentEntry `yaml:"consents"`
	Cases    []caseEntry    `yaml:"cases"`
}

type caseEntry struct {
	Name    string               `yaml:"name"`
	Time    time.Time            `yaml:"time"`
	Request requestEntry         `yaml:"request"`
	Expect  map[string]yaml.Node `yaml:"expect"`
	line    int
}

type partyEntry struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Kind string `yaml:"kind"`
}

type requestEntry struct {
	Patient    string         `yaml:"patient"`
	Requester  partyEntry     `yaml:"requester"`
	Recipient  partyEntry     `yaml:"recipient"`
	Purpose    string         `yaml:"purpose"`
	Categories []string       `yaml:"categories"`
	Reason     string         `yaml:"reason"`
	Attributes map[string]any `yaml:"attributes"`
}

// Parse reads a suite. Relative paths of FHIR consent files are resolved
// against dir. Unknown fields are errors naming their line.
func Parse(data []byte, dir string) (*Suite, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("disclosuretest: suite: %w", err)
	}
	var lines yaml.Node // a second pass for the cases' line numbers
	if err := yaml.Unmarshal(data, &lines); err == nil {
		caseLines(&lines, f.Cases)
	}
	s := &Suite{Now: f.Now}
	for i, ce := range f.Consents {
		c, err := ce.consent(dir)
		if err != nil {
			return nil, fmt.Errorf("disclosuretest: consents[%d]: %w", i, err)
		}
		s.Consents = append(s.Consents, c)
	}
	for i, ce := range f.Cases {
		c, err := ce.toCase(s.Now)
		if err != nil {
			return nil, fmt.Errorf("disclosuretest: cases[%d] %q (line %d): %w", i, ce.Name, ce.line, err)
		}
		s.Cases = append(s.Cases, c)
	}
	if len(s.Cases) == 0 {
		return nil, fmt.Errorf("disclosuretest: suite has no cases")
	}
	return s, nil
}

// ParseFile reads the suite in the file at path.
func ParseFile(path string) (*Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("disclosuretest: %w", err)
	}
	return Parse(data, filepath.Dir(path))
}

func caseLines(doc *yaml.Node, cases []caseEntry) {
	if len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "cases" {
			for j, n := range root.Content[i+1].Content {
				if j < len(cases) {
					cases[j].line = n.Line
				}
			}
		}
	}
}

func (ce caseEntry) toCase(now time.Time) (Case, error) {
	if ce.Name == "" {
		return Case{}, fmt.Errorf("a case needs a name")
	}
	at := ce.Time
	if at.IsZero() {
		at = now
	}
	if at.IsZero() {
		return Case{}, fmt.Errorf("no time: give the suite a `now` or the case a `time`")
	}
	r := ce.Request
	c := Case{Name: ce.Name, Line: ce.line, Expect: map[consent.Category]Expectation{}, Request: disclosure.Request{
		Patient:    r.Patient,
		Requester:  consent.Party(r.Requester),
		Recipient:  consent.Party(r.Recipient),
		Purpose:    consent.Purpose(r.Purpose),
		Time:       at,
		Reason:     r.Reason,
		Attributes: r.Attributes,
	}}
	for _, cat := range r.Categories {
		c.Request.Categories = append(c.Request.Categories, consent.Category(cat))
	}
	if len(ce.Expect) == 0 {
		return Case{}, fmt.Errorf("a case needs `expect`")
	}
	for cat, n := range ce.Expect {
		x, err := expectation(&n)
		if err != nil {
			return Case{}, fmt.Errorf("expect.%s (line %d): %w", cat, n.Line, err)
		}
		c.Expect[consent.Category(cat)] = x
	}
	return c, nil
}

// expectation reads "permit", "deny", or a mapping with effect and any of
// rule, view, basis, consent and obligations.
func expectation(n *yaml.Node) (Expectation, error) {
	if n.Kind == yaml.ScalarNode {
		eff, err := effect(n.Value)
		return Expectation{Effect: eff}, err
	}
	var m struct {
		Effect      string    `yaml:"effect"`
		Rule        *string   `yaml:"rule"`
		View        *string   `yaml:"view"`
		Basis       *string   `yaml:"basis"`
		Consent     *string   `yaml:"consent"`
		Obligations *[]string `yaml:"obligations"`
	}
	if n.Kind != yaml.MappingNode {
		return Expectation{}, fmt.Errorf("want permit, deny or a mapping")
	}
	for i := 0; i < len(n.Content); i += 2 {
		switch k := n.Content[i].Value; k {
		case "effect", "rule", "view", "basis", "consent", "obligations":
		default:
			return Expectation{}, fmt.Errorf("line %d: unknown field %q", n.Content[i].Line, k)
		}
	}
	if err := n.Decode(&m); err != nil {
		return Expectation{}, err
	}
	eff, err := effect(m.Effect)
	return Expectation{Effect: eff, Rule: m.Rule, View: m.View, Basis: m.Basis, Consent: m.Consent, Obligations: m.Obligations}, err
}

func effect(s string) (consent.Effect, error) {
	switch s {
	case "permit":
		return consent.Permit, nil
	case "deny":
		return consent.Deny, nil
	}
	return consent.Deny, fmt.Errorf("effect: want permit or deny, got %q", s)
}

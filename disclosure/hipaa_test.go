package disclosure_test

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
	"github.com/custodianhq/custodian/minimize"
)

const (
	hipaaPolicyPath = "policies/hipaa.yaml"
	hipaaSuitePath  = "testdata/hipaa/suite.yaml"
	hipaaMinCases   = 180
)

// hipaaRules is the part of the policy file the coverage checks read.
type hipaaRules struct {
	Vocabulary struct {
		Kinds      []string `yaml:"kinds"`
		Attributes []string `yaml:"attributes"`
	} `yaml:"vocabulary"`
	Rules []struct {
		ID          string   `yaml:"id"`
		Effect      string   `yaml:"effect"`
		When        string   `yaml:"when"`
		Basis       string   `yaml:"basis"`
		View        string   `yaml:"view"`
		Obligations []string `yaml:"obligations"`
	} `yaml:"rules"`
	Views map[string]any `yaml:"views"`
}

// hipaaSuite is the part of the suite file the coverage checks read. An
// expectation is either an effect ("permit") or a mapping with a rule.
type hipaaSuite struct {
	Cases []struct {
		Name   string               `yaml:"name"`
		Expect map[string]yaml.Node `yaml:"expect"`
	} `yaml:"cases"`
}

func readHIPAAPolicy(t *testing.T) hipaaRules {
	t.Helper()
	var p hipaaRules
	if err := yaml.Unmarshal(disclosure.HIPAAPolicyFile(), &p); err != nil {
		t.Fatalf("%s: %v", hipaaPolicyPath, err)
	}
	if len(p.Rules) == 0 {
		t.Fatalf("%s: no rules", hipaaPolicyPath)
	}
	return p
}

func readHIPAASuite(t *testing.T) hipaaSuite { return readSuite(t, hipaaSuitePath) }

func readSuite(t *testing.T, path string) hipaaSuite {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s hipaaSuite
	if err := yaml.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// expectedRules returns, for each rule id some case expects, the names of
// those cases.
func expectedRules(t *testing.T, s hipaaSuite) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	for _, c := range s.Cases {
		for category, node := range c.Expect {
			if node.Kind != yaml.MappingNode {
				continue // effect only
			}
			var e struct {
				Rule *string `yaml:"rule"`
			}
			if err := node.Decode(&e); err != nil {
				t.Fatalf("case %q, category %s: %v", c.Name, category, err)
			}
			if e.Rule != nil && *e.Rule != "" {
				got[*e.Rule] = append(got[*e.Rule], c.Name)
			}
		}
	}
	return got
}

func TestHIPAASuite(t *testing.T) {
	disclosuretest.RunFile(t, disclosure.HIPAA(), hipaaSuitePath)
}

func TestHIPAAParsesOnce(t *testing.T) {
	if disclosure.HIPAA() == nil {
		t.Fatal("HIPAA() = nil")
	}
	if first, second := disclosure.HIPAA(), disclosure.HIPAA(); first != second {
		t.Error("HIPAA() parsed the policy more than once")
	}
}

func TestHIPAAPolicyFileIsACopy(t *testing.T) {
	src, err := os.ReadFile(hipaaPolicyPath)
	if err != nil {
		t.Fatal(err)
	}
	a := disclosure.HIPAAPolicyFile()
	if !bytes.Equal(a, src) {
		t.Fatalf("HIPAAPolicyFile() differs from %s", hipaaPolicyPath)
	}
	a[0] ^= 0xff
	if !bytes.Equal(disclosure.HIPAAPolicyFile(), src) {
		t.Error("modifying the result of HIPAAPolicyFile() changed the embedded policy")
	}
	if _, err := disclosure.ParsePolicy(disclosure.HIPAAPolicyFile()); err != nil {
		t.Errorf("ParsePolicy(HIPAAPolicyFile()): %v", err)
	}
}

// TestHIPAARuleCoverage fails when a rule of the policy has no case in the
// suite that expects that rule to decide, or a case expects a rule the policy
// does not have.
func TestHIPAARuleCoverage(t *testing.T) {
	p := readHIPAAPolicy(t)
	exercised := expectedRules(t, readHIPAASuite(t))
	ids := map[string]bool{"vocabulary": true} // the engine's own rule id
	for _, r := range p.Rules {
		ids[r.ID] = true
		if len(exercised[r.ID]) == 0 {
			t.Errorf("rule %q: no case in %s expects it", r.ID, hipaaSuitePath)
		}
	}
	for id, cases := range exercised {
		if !ids[id] {
			t.Errorf("cases %q expect rule %q, which %s does not define", cases, id, hipaaPolicyPath)
		}
	}
}

// TestHIPAABasis checks that every permit rule cites the Code of Federal
// Regulations and names a defined view.
func TestHIPAABasis(t *testing.T) {
	p := readHIPAAPolicy(t)
	for _, r := range p.Rules {
		if r.Effect != "permit" {
			continue
		}
		if !strings.Contains(r.Basis, "45 CFR") && !strings.Contains(r.Basis, "42 CFR") {
			t.Errorf("rule %q: basis %q cites neither 45 CFR nor 42 CFR", r.ID, r.Basis)
		}
		if _, ok := p.Views[r.View]; !ok && r.View != "full" {
			t.Errorf("rule %q: view %q is not defined", r.ID, r.View)
		}
	}
}

// citation is how every case name starts: a paragraph of 45 CFR Part 164 or
// a section of 42 CFR Part 2.
var citation = regexp.MustCompile(`^(164\.\d{3}|42 CFR 2\.\d+)`)

func TestHIPAASuiteCases(t *testing.T) {
	s := readHIPAASuite(t)
	if len(s.Cases) < hipaaMinCases {
		t.Errorf("%s: %d cases, want at least %d", hipaaSuitePath, len(s.Cases), hipaaMinCases)
	}
	seen := map[string]bool{}
	for _, c := range s.Cases {
		if !citation.MatchString(c.Name) {
			t.Errorf("case %q: the name does not start with its citation", c.Name)
		}
		if seen[c.Name] {
			t.Errorf("case %q: duplicate name", c.Name)
		}
		seen[c.Name] = true
	}
}

// TestHIPAAViewShapes checks the views of the built-in policy as written:
// every path is typed (it names the resource type it applies to, on a bare
// resource and in a Bundle alike), each type keeps its resource type and
// security labels, no view releases narrative, extensions or identifiers,
// none uses a transform that needs a host key, and the de-identifying
// views keep no direct identifier.
func TestHIPAAViewShapes(t *testing.T) {
	var p struct {
		Views map[string]minimize.Spec `yaml:"views"`
	}
	if err := yaml.Unmarshal(disclosure.HIPAAPolicyFile(), &p); err != nil {
		t.Fatalf("%s: %v", hipaaPolicyPath, err)
	}
	if len(p.Views) == 0 {
		t.Fatalf("%s: no views", hipaaPolicyPath)
	}
	// Direct identifiers of 164.514(e)(2), as the paths that carry them.
	direct := []string{"name", "telecom", "address", "address[].line", "identifier", "subject",
		"subject.reference", "subject.display", "id", "photo", "contact", "text", "entry[].fullUrl"}
	for name, spec := range p.Views {
		t.Run(name, func(t *testing.T) {
			keep := map[string]bool{}
			types := map[string]bool{}
			for _, k := range spec.Keep {
				keep[k] = true
				typ, _, _ := strings.Cut(k, ".")
				if typ == "" || typ[0] < 'A' || typ[0] > 'Z' {
					t.Errorf("keeps %q, which names no resource type", k)
					continue
				}
				types[typ] = true
			}
			for path := range spec.Transform {
				if typ, _, _ := strings.Cut(path, "."); typ == "" || typ[0] < 'A' || typ[0] > 'Z' {
					t.Errorf("transforms %q, which names no resource type", path)
				}
			}
			for _, must := range []string{"Bundle.resourceType", "Bundle.meta.security", "Bundle.type"} {
				if !keep[must] {
					t.Errorf("does not keep %q", must)
				}
			}
			for typ := range types {
				for _, must := range []string{typ + ".resourceType", typ + ".meta.security"} {
					if !keep[must] {
						t.Errorf("does not keep %q", must)
					}
				}
			}
			for k := range keep {
				_, base, _ := strings.Cut(k, ".")
				if base == "text" || base == "identifier" || strings.HasPrefix(base, "text.") ||
					strings.HasPrefix(base, "identifier") || base == "extension" || base == "contained" {
					t.Errorf("keeps %q: narrative, extensions and identifiers never leave through a view", k)
				}
			}
			for path, tr := range spec.Transform {
				if tr == "hash" {
					t.Errorf("transform %q: hash needs a host key; built-in views do not use it", path)
				}
			}
			if name == "limited-data-set" || name == "safe-harbor" {
				for typ := range types {
					for _, d := range direct {
						if keep[typ+"."+d] {
							t.Errorf("keeps %q, a direct identifier", typ+"."+d)
						}
					}
				}
			}
			if name == "safe-harbor" {
				if !spec.SafeHarbor {
					t.Error("does not apply the Safe Harbor rules (safe-harbor: true)")
				}
				for typ := range types {
					for _, d := range []string{"birthDate", "effectiveDateTime", "effective[x]", "issued", "deceasedDateTime", "deceased[x]", "address[].postalCode", "effectivePeriod"} {
						if keep[typ+"."+d] {
							t.Errorf("keeps %q untransformed: Safe Harbor keeps the year only, and ZIP3", typ+"."+d)
						}
					}
				}
			}
		})
	}
}

// The terms a condition of the built-in policy reads, as its text writes
// them.
var (
	flagRead     = regexp.MustCompile(`request\.attributes\.flag\("([a-z0-9_]+)"\)`)
	attrRead     = regexp.MustCompile(`"([a-z0-9_]+)" in request\.attributes`)
	kindCompared = regexp.MustCompile(`request\.recipient\.kind (?:==|!=) "([a-z-]+)"`)
	kindList     = regexp.MustCompile(`request\.recipient\.kind in \[([^\]]*)\]`)
	quoted       = regexp.MustCompile(`"([^"]+)"`)
)

// TestHIPAAVocabulary checks the policy's own terms against its vocabulary:
// every attribute a rule reads and every recipient kind a rule compares is
// declared, every declared attribute is read (attestation is reserved for a
// host layer), and every obligation is one of the five the library knows.
func TestHIPAAVocabulary(t *testing.T) {
	p := readHIPAAPolicy(t)
	kinds := map[string]bool{}
	for _, k := range p.Vocabulary.Kinds {
		kinds[k] = true
	}
	attrs := map[string]bool{}
	for _, a := range p.Vocabulary.Attributes {
		attrs[a] = true
	}
	obligations := map[string]bool{"account": true, "redisclosure-notice": true, "review": true,
		"minimum-necessary": true, "notify-patient": true}
	read := map[string]bool{"attestation": true}
	for _, r := range p.Rules {
		for _, re := range []*regexp.Regexp{flagRead, attrRead} {
			for _, m := range re.FindAllStringSubmatch(r.When, -1) {
				read[m[1]] = true
				if !attrs[m[1]] {
					t.Errorf("rule %q reads attribute %q, which the vocabulary does not declare", r.ID, m[1])
				}
			}
		}
		var compared []string
		for _, m := range kindCompared.FindAllStringSubmatch(r.When, -1) {
			compared = append(compared, m[1])
		}
		for _, m := range kindList.FindAllStringSubmatch(r.When, -1) {
			for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
				compared = append(compared, q[1])
			}
		}
		for _, k := range compared {
			if !kinds[k] {
				t.Errorf("rule %q compares recipient kind %q, which the vocabulary does not declare", r.ID, k)
			}
		}
		for _, o := range r.Obligations {
			if !obligations[o] {
				t.Errorf("rule %q: obligation %q is not one the library knows", r.ID, o)
			}
		}
	}
	for a := range attrs {
		if !read[a] {
			t.Errorf("attribute %q is declared but no rule reads it", a)
		}
	}
}

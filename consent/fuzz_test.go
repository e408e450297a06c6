package consent_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

// FuzzParseFHIR checks that ParseFHIR never panics, and that what it reads
// MarshalFHIR writes and ParseFHIR reads back equal.
func FuzzParseFHIR(f *testing.F) {
	for _, pattern := range []string{"fhir/r4/*.json", "fhir/stu3/*.json", "fhir/custodian/*.json"} {
		for _, path := range fixtures(f, pattern) {
			f.Add(readFile(f, path))
		}
	}
	f.Add(r4(`{"type":"deny","period":{"start":"2015-06-01T12:00:00Z","end":"2015-06-02T00:00:00Z"},"provision":[{"provision":[{}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := consent.ParseFHIR(data)
		if err != nil {
			return
		}
		out, err := c.MarshalFHIR()
		require.NoError(t, err)
		back, err := consent.ParseFHIR(out)
		require.NoError(t, err)
		require.Equal(t, c, back)
		_ = c.Validate()
		_ = c.Evaluate(consent.Query{Recipient: "Organization/f001", Purpose: consent.Treatment, Category: consent.HIV, At: c.Signed})
	})
}

// FuzzEvaluate builds provision trees from the fuzz input and checks that
// Evaluate never panics and that a deny is never overridden by a sibling
// permit: a matching deny without exceptions under the root decides, and
// adding one never turns a deny into a permit.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{0x01, 0x00, 0x21, 0x10, 0x03, 0x40}, byte(0), byte(0), byte(0))
	f.Add([]byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99}, byte(1), byte(2), byte(3))
	f.Add([]byte{0xff, 0xfe, 0x80, 0x7f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}, byte(2), byte(1), byte(0))
	f.Fuzz(func(t *testing.T, tree []byte, recipient, purpose, category byte) {
		b := treeBuilder{data: tree}
		root := b.provision(1)
		c := consent.Consent{ID: "fz", Patient: "Patient/p", Status: consent.Active, Provision: root}
		q := consent.Query{
			Recipient: fuzzRecipients[int(recipient)%len(fuzzRecipients)],
			Purpose:   fuzzPurposes[int(purpose)%len(fuzzPurposes)],
			Category:  fuzzCategories[int(category)%len(fuzzCategories)],
			At:        fuzzAt,
		}
		r := c.Evaluate(q)
		if r.Applies {
			require.Equal(t, "fz", r.ConsentID)
		}

		// A matching leaf deny under the root decides deny, whatever its
		// siblings say, when the root itself matches.
		leaf := consent.Provision{Effect: consent.Deny}
		withDeny := c.Clone()
		withDeny.Provision.Provisions = append(withDeny.Provision.Provisions, leaf)
		rd := withDeny.Evaluate(q)
		if rootMatches(c, q) {
			require.True(t, rd.Denies(), "a matching deny must decide: %+v", rd)
		}
		if r.Denies() {
			require.True(t, rd.Denies(), "adding a deny turned a deny into %+v", rd)
		}
		all := consent.EvaluateAll([]consent.Consent{c, withDeny}, q)
		if rd.Denies() && (rd.Depth > 0 || r.Depth == 0) {
			require.False(t, all.Permits(), "EvaluateAll: %+v", all)
		}

		// Only a valid authorization grants: c has no signature, so as an
		// authorization it is invalid, and as a restriction or directive
		// it authorizes no one.
		for _, k := range []consent.Kind{consent.Authorization, consent.Restriction, consent.Directive} {
			kc := c
			kc.Kind = k
			a := consent.Assess([]consent.Consent{kc}, q)
			require.False(t, a.Grant.Applies, "%s granted: %+v", k, a)
			if k == consent.Authorization {
				require.False(t, a.Restriction.Applies, "an authorization restricted: %+v", a)
				require.False(t, a.Directive.Applies)
			}
		}
		// A narrowed or excluding result always has a scope to apply.
		if r.Narrowed || r.Excludes {
			require.NotNil(t, c.ScopeOf(q), "%+v without a scope", r)
		} else {
			require.Nil(t, c.ScopeOf(q))
		}
	})
}

// rootMatches reports whether the root provision of c applies to q, which
// is when c says anything about q under its base decision.
func rootMatches(c consent.Consent, q consent.Query) bool {
	probe := c.Clone()
	probe.Provision.Effect = consent.Deny
	probe.Provision.Provisions = nil
	return probe.Evaluate(q).Applies
}

var (
	fuzzAt         = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	fuzzRecipients = []string{"Organization/a", "Organization/b", "Practitioner/c"}
	fuzzPurposes   = []consent.Purpose{consent.Treatment, consent.EmergencyTreatment, consent.Payment, consent.Research, consent.PatientRequest}
	fuzzCategories = []consent.Category{consent.Laboratory, consent.HIV, consent.PsychotherapyNotes, consent.Demographics}
	fuzzActions    = []string{"disclose", "access", "use"}
	fuzzPeriods    = []consent.Period{
		{},
		{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
)

// treeBuilder reads a provision tree from bytes: each provision takes one
// byte of flags and, as the flags say, bytes choosing its criteria and
// the number of its children.
type treeBuilder struct {
	data  []byte
	nodes int
}

func (b *treeBuilder) next() byte {
	if len(b.data) == 0 {
		return 0
	}
	x := b.data[0]
	b.data = b.data[1:]
	return x
}

func (b *treeBuilder) provision(depth int) consent.Provision {
	b.nodes++
	flags := b.next()
	p := consent.Provision{Effect: consent.Effect(flags & 1)}
	if flags&0x02 != 0 {
		p.Recipients = []string{fuzzRecipients[int(b.next())%len(fuzzRecipients)]}
	}
	if flags&0x04 != 0 {
		p.Purposes = []consent.Purpose{fuzzPurposes[int(b.next())%len(fuzzPurposes)]}
	}
	if flags&0x08 != 0 {
		p.Categories = []consent.Category{fuzzCategories[int(b.next())%len(fuzzCategories)]}
	}
	if flags&0x10 != 0 {
		p.Period = fuzzPeriods[int(b.next())%len(fuzzPeriods)]
	}
	if flags&0x20 != 0 {
		p.Actions = []consent.Coding{{Code: fuzzActions[int(b.next())%len(fuzzActions)]}}
	}
	if flags&0x40 != 0 {
		p.Classes = []consent.Coding{{Code: "Observation"}}
	}
	if flags&0x80 != 0 && depth < 8 && b.nodes < 64 {
		n := int(b.next() % 4)
		for range n {
			p.Provisions = append(p.Provisions, b.provision(depth+1))
		}
	}
	return p
}

package consent_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/custodianhq/custodian/consent"
)

// lab is a query Acme makes for laboratory results for treatment in 2025.
func lab() consent.Query {
	return consent.Query{Recipient: "Organization/acme", Purpose: consent.Treatment, Category: consent.Laboratory, At: day(2025, 6, 1)}
}

func TestEvaluateInForce(t *testing.T) {
	tests := []struct {
		name   string
		change func(*consent.Consent, *consent.Query)
		want   bool // the consent applies
	}{
		{"active, in period", func(*consent.Consent, *consent.Query) {}, true},
		{"draft", func(c *consent.Consent, _ *consent.Query) { c.Status = consent.Draft }, false},
		{"proposed", func(c *consent.Consent, _ *consent.Query) { c.Status = consent.Proposed }, false},
		{"rejected", func(c *consent.Consent, _ *consent.Query) { c.Status = consent.Rejected }, false},
		{"entered in error", func(c *consent.Consent, _ *consent.Query) { c.Status = consent.EnteredInError }, false},
		{"unknown status", func(c *consent.Consent, _ *consent.Query) { c.Status = "approved" }, false},
		{"before the period", func(_ *consent.Consent, q *consent.Query) { q.At = day(2024, 12, 31) }, false},
		{"at the start", func(_ *consent.Consent, q *consent.Query) { q.At = day(2025, 1, 1) }, true},
		{"at the end, which is exclusive", func(_ *consent.Consent, q *consent.Query) { q.At = day(2026, 1, 1) }, false},
		{"before the signature", func(c *consent.Consent, _ *consent.Query) { c.Signed = day(2025, 7, 1) }, false},
		{"revoked, before the revocation", func(c *consent.Consent, _ *consent.Query) {
			c.Status, c.Revoked = consent.Revoked, day(2025, 6, 2)
		}, true},
		{"revoked, at the revocation", func(c *consent.Consent, q *consent.Query) {
			c.Status, c.Revoked = consent.Revoked, q.At
		}, false},
		{"revoked, after the revocation", func(c *consent.Consent, _ *consent.Query) {
			c.Status, c.Revoked = consent.Revoked, day(2025, 3, 1)
		}, false},
		{"revoked without instant", func(c *consent.Consent, _ *consent.Query) { c.Status = consent.Revoked }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, q := authorization(), lab()
			tt.change(&c, &q)
			r := c.Evaluate(q)
			assert.Equal(t, tt.want, r.Applies, "%+v", r)
			if tt.want {
				assert.True(t, r.Permits())
				assert.Equal(t, "auth-1", r.ConsentID)
			}
		})
	}
}

func TestEvaluateNested(t *testing.T) {
	tests := []struct {
		name   string
		query  func(*consent.Query)
		effect consent.Effect
		depth  int
	}{
		{"the exception permits laboratory results to Acme", func(*consent.Query) {}, consent.Permit, 1},
		{"the exception's exception denies HIV", func(q *consent.Query) { q.Category = consent.HIV }, consent.Deny, 2},
		{"the base denies another recipient", func(q *consent.Query) { q.Recipient = "Organization/other" }, consent.Deny, 0},
		{"the base denies another purpose", func(q *consent.Query) { q.Purpose = consent.Marketing }, consent.Deny, 0},
		{"a purpose within the permitted one", func(q *consent.Query) { q.Purpose = consent.EmergencyTreatment }, consent.Permit, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, q := authorization(), lab()
			tt.query(&q)
			r := c.Evaluate(q)
			assert.True(t, r.Applies)
			assert.Equal(t, tt.effect, r.Effect)
			assert.Equal(t, tt.depth, r.Depth)
		})
	}
}

func TestEvaluateSiblingDenyOverridesPermit(t *testing.T) {
	c := authorization()
	c.Provision.Provisions = append(c.Provision.Provisions, consent.Provision{Effect: consent.Deny, Recipients: []string{"Organization/acme"}})
	assert.True(t, c.Evaluate(lab()).Denies())

	// Order does not matter.
	c.Provision.Provisions[0], c.Provision.Provisions[1] = c.Provision.Provisions[1], c.Provision.Provisions[0]
	assert.True(t, c.Evaluate(lab()).Denies())
}

func TestEvaluateProtectedCategories(t *testing.T) {
	general := consent.Consent{
		ID: "general", Patient: "Patient/p1", Status: consent.Active,
		Provision: consent.Provision{Effect: consent.Permit, Recipients: []string{"Organization/acme"}},
	}
	named := general.Clone()
	named.ID = "named"
	named.Provision.Provisions = []consent.Provision{{Effect: consent.Deny, Provisions: []consent.Provision{
		{Effect: consent.Permit, Categories: []consent.Category{consent.HIV}},
	}}}
	q := lab()
	q.Category = consent.HIV

	t.Run("a general base permit says nothing about HIV", func(t *testing.T) {
		assert.False(t, general.Evaluate(q).Applies)
	})
	t.Run("it covers laboratory results", func(t *testing.T) {
		assert.True(t, general.Evaluate(lab()).Permits())
	})
	t.Run("a general exception permit does not reach HIV", func(t *testing.T) {
		c := authorization()
		c.Provision.Provisions[0].Provisions = nil
		assert.True(t, c.Evaluate(q).Denies(), "the base deny decides")
	})
	t.Run("a permit naming HIV covers it", func(t *testing.T) {
		r := named.Evaluate(q)
		assert.True(t, r.Permits())
		assert.Equal(t, 2, r.Depth)
	})
	t.Run("an empty protected set makes HIV ordinary", func(t *testing.T) {
		q := q
		q.Protected = []consent.Category{}
		assert.True(t, general.Evaluate(q).Permits())
	})
	t.Run("a host's protected set", func(t *testing.T) {
		q := lab()
		q.Protected = []consent.Category{consent.Laboratory}
		assert.False(t, general.Evaluate(q).Applies)
	})
	t.Run("a deny covers a protected category", func(t *testing.T) {
		c := general.Clone()
		c.Provision.Effect = consent.Deny
		assert.True(t, c.Evaluate(q).Denies())
	})
}

func TestEvaluateNarrowed(t *testing.T) {
	c := parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")
	q := consent.Query{Recipient: "Organization/acme-cardiology", Purpose: consent.Treatment, Category: consent.Laboratory, At: day(2025, 6, 1)}
	r := c.Evaluate(q)
	assert.True(t, r.Permits())
	assert.True(t, r.Narrowed, "the permit is limited to DiagnosticReport and Observation")

	q.Category = consent.HIV
	assert.True(t, c.Evaluate(q).Denies())

	q.Category, q.At = consent.Laboratory, day(2026, 3, 1)
	assert.True(t, c.Evaluate(q).Permits(), "an end date covers its whole day")
	q.At = day(2026, 3, 2)
	assert.False(t, c.Evaluate(q).Applies)
}

func TestEvaluateActions(t *testing.T) {
	c := parseFile(t, "fhir/r4/Consent-consent-example-notOrg.json")
	q := consent.Query{Recipient: "Organization/f001", Purpose: consent.Treatment, Category: consent.Laboratory, At: day(2020, 1, 1)}
	assert.True(t, c.Evaluate(q).Denies(), "a disclosure gives the recipient access: denying access denies it")
	q.Action = "access"
	assert.True(t, c.Evaluate(q).Denies())
	q.Action = "collect"
	assert.False(t, c.Evaluate(q).Applies, "collection is not access")
	q.Action, q.Recipient = "", "Organization/other"
	assert.False(t, c.Evaluate(q).Applies, "the deny is about f001 only")
}

func TestEvaluateAll(t *testing.T) {
	permit := func(id string, depth int) consent.Consent {
		c := consent.Consent{ID: id, Patient: "Patient/p1", Status: consent.Active}
		if depth == 0 {
			c.Provision = consent.Provision{Effect: consent.Permit}
		} else {
			c.Provision = consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{Effect: consent.Permit}}}
		}
		return c
	}
	deny := func(id string, depth int) consent.Consent {
		c := consent.Consent{ID: id, Patient: "Patient/p1", Status: consent.Active}
		if depth == 0 {
			c.Provision = consent.Provision{Effect: consent.Deny}
		} else {
			c.Provision = consent.Provision{Effect: consent.Permit, Provisions: []consent.Provision{{Effect: consent.Deny}}}
		}
		return c
	}
	draft := permit("draft", 1)
	draft.Status = consent.Draft

	tests := []struct {
		name   string
		cs     []consent.Consent
		effect consent.Effect
		id     string
	}{
		{"an exception permit outranks a base deny", []consent.Consent{deny("base-deny", 0), permit("exc-permit", 1)}, consent.Permit, "exc-permit"},
		{"an exception deny outranks a base permit", []consent.Consent{permit("base-permit", 0), deny("exc-deny", 1)}, consent.Deny, "exc-deny"},
		{"deny overrides permit among exceptions", []consent.Consent{permit("exc-permit", 1), deny("exc-deny", 1)}, consent.Deny, "exc-deny"},
		{"deny overrides permit among bases", []consent.Consent{permit("base-permit", 0), deny("base-deny", 0)}, consent.Deny, "base-deny"},
		{"the first of equals decides", []consent.Consent{permit("first", 1), permit("second", 1)}, consent.Permit, "first"},
		{"a consent not in force is ignored", []consent.Consent{draft, deny("base-deny", 0)}, consent.Deny, "base-deny"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := consent.EvaluateAll(tt.cs, lab())
			assert.True(t, r.Applies)
			assert.Equal(t, tt.effect, r.Effect)
			assert.Equal(t, tt.id, r.ConsentID)
		})
	}
	t.Run("no consent says nothing", func(t *testing.T) {
		assert.Equal(t, consent.Result{}, consent.EvaluateAll(nil, lab()))
		assert.Equal(t, consent.Result{}, consent.EvaluateAll([]consent.Consent{draft}, lab()))
	})
}

func TestEvaluateZeroValues(t *testing.T) {
	var c consent.Consent
	assert.False(t, c.Evaluate(consent.Query{At: time.Now()}).Applies, "a zero consent is not in force")
	var r consent.Result
	assert.False(t, r.Permits())
	assert.False(t, r.Denies())
	assert.Equal(t, "deny", consent.Effect(0).String())
}

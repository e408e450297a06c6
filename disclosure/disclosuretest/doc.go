// Package disclosuretest runs test suites of disclosure policies from
// `go test`, so that a host application unit-tests its own policy the way
// `opa test` or Cerbos policy tests do.
//
// # Suites
//
// A suite is a YAML file: the consents on file, and cases, each a request
// and the outcome expected per category:
//
//	now: 2026-06-01T12:00:00Z          # default request time
//	consents:
//	  - id: auth-employer               # a consent written out ...
//	    patient: Patient/p1
//	    grantor: {id: Patient/p1, kind: patient}
//	    signed: 2026-01-05T10:00:00Z
//	    period: {start: 2026-01-05T00:00:00Z, end: 2027-01-05T00:00:00Z}
//	    provision:
//	      effect: deny
//	      provisions:
//	        - {effect: permit, recipients: [Organization/acme], purposes: [PATRQT], categories: [LAB]}
//	  - fhir: consent.json              # ... or a FHIR R4 Consent, relative to the suite
//	cases:
//	  - name: "164.508 employer under authorization: LAB permitted, HIV withheld"
//	    time: 2026-06-01T12:00:00Z      # optional
//	    request:
//	      patient: Patient/p1
//	      requester: {id: Practitioner/clerk, kind: workforce}
//	      recipient: {id: Organization/acme, kind: employer}
//	      purpose: PATRQT
//	      categories: [LAB, HIV]
//	      attributes: {identity_verified: true}
//	    expect:
//	      LAB: {effect: permit, rule: authorization-employer, view: employer, obligations: []}
//	      HIV: deny
//
// An expectation is "permit", "deny", or a mapping with effect and any of
// rule, view, basis, consent and obligations (compared as a set); what it
// leaves out is not checked. Unknown fields are errors naming their line.
//
// # Running
//
//	func TestPolicy(t *testing.T) {
//		p, err := disclosure.ParsePolicy(policyFile)
//		if err != nil {
//			t.Fatal(err)
//		}
//		disclosuretest.RunFile(t, p, "testdata/policy_test.yaml")
//	}
//
// Each case runs as a subtest named after it; a failure names the case, its
// line, every category that differs, and the rules that matched or failed.
// [Suite.Check] returns the failures as an error instead, for use outside
// tests. [Suite.Narrows] checks that a layer of the host's own, built with
// [disclosure.Policy.Extend], never permits what the policy under it denies.
// The package needs nothing beyond the module's own dependencies, so a
// host's tests inherit no test framework.
package disclosuretest

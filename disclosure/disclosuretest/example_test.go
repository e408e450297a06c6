package disclosuretest_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/custodianhq/custodian/audit/audittest"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
)

// stateHIV is a host's own layer on the built-in policy: HIV results need
// the patient's specific written consent, except where a law mandates the
// disclosure.
const stateHIV = `
policy: state-hiv
rules:
  - id: state-hiv-written-consent
    effect: deny
    when: >-
      category == "HIV" && !consent.permits &&
      !request.attributes.flag("required_by_law")
    basis: "State HIV confidentiality statute (placeholder citation)"
`

// hostSuite is the host's suite for that policy, with the patient's
// authorization on file as FHIR R4 (testdata/consent-employer.json).
const hostSuite = `
now: 2026-06-01T12:00:00Z
consents:
  - fhir: consent-employer.json
cases:
  - name: employer under the authorization gets LAB, never HIV
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Organization/acme, kind: employer}
      purpose: PATRQT
      categories: [LAB, HIV]
    expect:
      LAB: {effect: permit, rule: authorization-employer, consent: auth-employer}
      HIV: {effect: deny, rule: state-hiv-written-consent}
  - name: a mandated case report reaches the health department
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Organization/state-doh, kind: public-health-authority}
      purpose: PUBHLTH
      categories: [HIV]
      attributes: {required_by_law: true}
    expect:
      HIV: {effect: permit, rule: public-health, obligations: [account]}
`

// A host checks its layered policy against its own suite before deploying
// it. In a test, disclosuretest.RunFile(t, policy, path) runs the same
// suite with each case as a subtest.
func ExampleSuite_Check() {
	policy, err := disclosure.HIPAA().Extend([]byte(stateHIV))
	if err != nil {
		log.Fatal(err)
	}
	suite, err := disclosuretest.Parse([]byte(hostSuite), "testdata")
	if err != nil {
		log.Fatal(err)
	}
	err = suite.Check(context.Background(), policy, disclosure.WithAudit(audittest.NewRecorder()))
	fmt.Printf("%d cases, failures: %v\n", len(suite.Cases), err)
	// Output:
	// 2 cases, failures: <nil>
}

// Without the host's layer the built-in policy fails the suite, and the
// failure names the case, its line in the suite and what differs.
func ExampleSuite_Check_failure() {
	suite, err := disclosuretest.Parse([]byte(hostSuite), "testdata")
	if err != nil {
		log.Fatal(err)
	}
	err = suite.Check(context.Background(), disclosure.HIPAA(), disclosure.WithAudit(audittest.NewRecorder()))
	if err == nil {
		fmt.Println("the suite passes")
		return
	}
	// The first lines name the case and what differs; the rest lists the
	// rules that matched or failed.
	lines := strings.SplitN(err.Error(), "\n", 3)
	fmt.Println(strings.Join(lines[:min(2, len(lines))], "\n"))
	// Output:
	// case "employer under the authorization gets LAB, never HIV" (line 6):
	//   HIV: rule: want "state-hiv-written-consent", got ""
}

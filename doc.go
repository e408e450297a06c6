// Package custodian is the overview of Custodian, an embeddable library that
// decides whether a patient's record may be disclosed to a recipient, for a
// purpose, now — and if so, which parts of it, on what legal basis, and how
// to prove it later.
//
// The root package holds no code; the work is done by four packages:
//
//   - [github.com/custodianhq/custodian/consent]: the patient's
//     authorizations and restrictions (45 CFR 164.508), validated, stored,
//     evaluated against a query and exchanged as FHIR R4 Consent.
//   - [github.com/custodianhq/custodian/disclosure]: the decision point. A
//     policy of rules with conditions in CEL decides a request per data
//     category, fail-closed, with a built-in HIPAA and 42 CFR Part 2 policy.
//     Engine.Release runs the whole flow in one call.
//   - [github.com/custodianhq/custodian/minimize]: strips a record to the
//     minimum necessary a decision allows (45 CFR 164.502(b)) and
//     de-identifies it by Safe Harbor (164.514(b)(2)).
//   - [github.com/custodianhq/custodian/audit]: the evidence. Events through
//     a pluggable sink, a tamper-evident JSON log, and the accounting of
//     disclosures a patient may ask for (164.528).
//
// # Flow
//
// A request names the patient, the recipient, the purpose and the data
// categories wanted. The engine loads the patient's consents, evaluates them
// per category, and runs the policy's rules per category with deny
// overriding permit and deny by default. Each permitted category names a
// view; Release applies it to the record after removing every element
// labelled with a withheld category, and emits an audit event listing the
// fields that left. Any failure along the way releases nothing.
//
// # Start here
//
// [github.com/custodianhq/custodian/disclosure.Engine.Release] is the call
// a host makes when a record leaves the building; its example is the
// quick start. The programs under examples/ run whole scenarios on the
// built-in defaults: go run ./examples/labdesk.
//
// # Independence
//
// Consent, minimize and audit import nothing of each other, so a host may
// use any one of them alone. Custodian is not legal advice: the built-in
// policy encodes the federal rules as read in its citations, and state law
// is often stricter.
package custodian

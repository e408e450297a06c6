// Package disclosure is the decision point: it decides whether a patient's
// information may go to a recipient, for a purpose, per data category, under
// a policy of rules written in CEL.
//
// # Requests and decisions
//
// A [Request] names the patient, the requester, the recipient (with its
// kind from the shared vocabulary), the purpose (an HL7 PurposeOfUse code)
// and the categories wanted. [Engine.Decide] returns a [Decision] with one
// [Outcome] per category, in request order: its effect, the deciding rule,
// the legal basis, the view of the record to release, the obligations, and
// the consent relied on. [Engine.Release] decides, strips the record to what
// was permitted and emits the audit event, in one call.
//
// # Policy files
//
// A policy is YAML or JSON ([ParsePolicy]): a name, an optional version,
// an optional `language` (the version of the policy language; only
// [Language] 1 is read, absent means 1, any other is refused), an optional
// `protected`
// list of specially protected categories, an optional `vocabulary` (kinds,
// attributes, purposes, categories; a request using an unlisted term is
// denied with rule "vocabulary"), `rules` (id, description, effect permit or
// deny, `when` in CEL, basis, view, obligations) and `views` (minimize
// specs; the view "full" is built in). Unknown fields, duplicate ids,
// unknown views, permit rules without basis or view, conditions that do not
// type-check, are not boolean or may cost too much are errors, each a
// [PolicyError] naming the rule, the field, the line and the column.
// [HIPAA] is the built-in policy; [Policy.Extend] layers a host's own rules
// on top of a policy.
//
// # The CEL environment
//
// A condition reads request.patient, request.purpose, request.reason,
// request.requester.{id,name,kind}, request.recipient.{id,name,kind} (all
// strings), request.attributes (a map, the only dynamic part), category,
// what the patient's consents say about this recipient, purpose, category
// and time, each kind apart (consent.Assess): consent.permits (a valid
// authorization), consent.denies (a restriction, never an authorization's
// base deny), consent.opted_in (a privacy directive), consent.scoped (the
// authorization is limited to certain data, see [Outcome].Scope) and
// consent.id; and now (a timestamp). An outcome cites a consent only when
// the rule that decided read it (from the checked expression's references). Functions: protected(category), within(purpose, ancestor)
// through the PurposeOfUse hierarchy, and request.attributes.flag(name),
// true only for a present boolean true.
//
// # Combining
//
// Per category, deny rules are evaluated first: the first that matches, or
// whose condition fails, denies. Otherwise the first permit rule in file
// order that matches decides; a permit rule that fails does not permit. No
// match: deny. Failures are recorded in [Decision.Trace]; [WithTrace]
// records every rule evaluated.
//
// # Release
//
// [Engine.Release] is the call a host makes when a record leaves: it
// checks that every resource of the record is the request's patient's
// (refusing another patient's with [ErrWrongPatient], one that names no
// patient with [ErrNoSubject] unless [WithSubjectless] accepts it, and
// what is not FHIR with [ErrInvalidRecord]), decides, removes every
// element labelled (FHIR meta.security) with a category that was denied or
// with a specially protected category that was not permitted, applies the views of the permitted categories, and emits
// one disclosure event whose Fields list exactly the paths released and
// whose Resources list the resources ("Type/id", per Bundle entry). A
// release that keeps nothing is a decision event, not a disclosure. When
// categories were permitted under different views, each labelled part of
// the record goes through the views of its own categories and the rest
// through every permitted view in turn: the least that satisfies each
// view, never the union. If the decision, a transform or the audit sink
// fails, Release returns the error and no record. A view's transforms are
// resolved by [New] with the options of [WithViewOptions], so a policy may
// name the keyed "hash" transform or a host's own.
//
// # Labels from codes
//
// A record's labels may be missing or incomplete. With [WithLabeler],
// Release first reads the record's codes with a label.Labeler
// ([label.Default] ships ICD-10-CM, LOINC and RxNorm value sets): every
// category they reveal is added to the request's categories and decided,
// and the DS4P labels found are added to the copy that Release strips, so
// that the resources of a withheld category leave the record and the
// others go through the views of their own categories. A request may then
// list no categories: it asks for the category WithLabeler declares for
// unlabelled data plus those found (fail closed: with none declared, an
// empty list is an invalid request). A clinical resource whose codes could
// not all be checked is withheld whenever the decision withholds a
// specially protected category, unless [WithUncheckedRelease]; resources
// that carry no clinical codes (Patient, Practitioner, Organization, ...)
// are not. [Release.Labels] lists what was found and what was withheld for
// it. A record the labeler cannot read is refused with [ErrInvalidRecord]
// before anything is decided.
//
// # Audit
//
// Decide emits one decision event through the sink given by [WithAudit];
// Release emits one disclosure event listing the fields and resources
// released, or a decision event when nothing leaves. Every event names the
// policy that decided ([Policy.Name], [Policy.Version], [Policy.Hash]: the
// SHA-256 of its source) and carries the host's [Request.CorrelationID]. A
// sink failure is returned wrapping [ErrAudit]: the host must not act on a
// decision that is not on record. A disclosure event that a sink rejected
// is followed by a cancellation, so that no accounting lists a disclosure
// that did not happen; a host whose delivery fails after Release cancels
// with [Engine.Cancel]. [New] refuses a sink that only queues events
// ([audit.IsDeferred]) unless the host opts in with [WithDeferredAudit].
//
// # Concurrency and performance
//
// A Policy is immutable; an Engine is immutable after [New] and safe for
// concurrent use. Conditions are compiled once. Conditions that cannot
// iterate run without cost tracking (their static estimate, under the
// request limits Decide enforces, bounds them); those that iterate run with
// a cost limit and stop when the context is done. Conditions that read
// neither category nor consent run once per request, whatever the
// number of categories.
//
// Rules are indexed by what their conditions test for equality at the top
// level of a conjunction, read from the checked AST: the recipient kind
// (`==`, `in` a list of literals), the purpose (`within` a literal), the
// category and attribute flags (`request.attributes.flag("x")`). A request
// that fails one of a rule's guards cannot satisfy its condition (CEL's
// `false && x` is false even when x fails), so the rule is not evaluated;
// a decision's cost follows the rules that can match, not the size of the
// policy. A condition without such a guard is evaluated for every request.
// With [WithTrace] every rule is evaluated, so the trace shows them all.
//
// The built-in policy ships already parsed, with its conditions checked
// (hipaa_shipped.go, policies/hipaa.checked, both kept in step with
// policies/hipaa.yaml by tests); a condition is planned into a program the
// first time its rule is evaluated, so New(HIPAA()) takes under 10 ms in a
// fresh process. A host's policy is parsed and checked as usual.
//
// A one-category decision under a 20-rule policy costs about 1 µs and 2
// allocations; a Release of the 10 KB lipids Bundle under the built-in
// policy, about 35–38 µs and 107 allocations, about 1.04 times the sum of
// its Decide, Apply and Emit measured alone (BenchmarkReleaseParts).
//
// # Testing
//
// The package disclosuretest runs YAML suites of requests and expected outcomes
// from go test.
package disclosure

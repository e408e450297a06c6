// Package consent holds a patient's authorizations and restrictions: who
// may disclose what to whom, for which purposes, and until when. It
// validates an authorization against the core elements of a HIPAA
// authorization (45 CFR 164.508(c)), evaluates a consent against a
// disclosure, stores consents with their history, reads and writes FHIR R4
// Consent JSON, and describes a consent in plain language for the patient.
// It imports nothing of this module. It is not legal advice.
//
// # Model
//
// A [Consent] is one signed document: its [Status], the [Party] who
// granted it (the patient or a personal representative, 164.502(g)), when
// it was signed, the [Period] it is in force, and a root [Provision] whose
// [Effect] is the base decision. A Provision matches a query when every
// criterion it lists matches (recipients, purposes, categories, period,
// actions), any listed value within one; an empty list does not constrain.
// Nested provisions are exceptions to their parent, to any depth. Purposes
// are HL7 PurposeOfUse codes ([Purpose], with the v3 hierarchy: ETREAT is
// within TREAT); categories are data classes or HL7 sensitivity codes
// ([Category]). The zero Effect is [Deny], the zero [Result] says nothing,
// an unknown Status is never in force.
//
// Specially protected categories ([DefaultProtected], or Query.Protected)
// are covered only by a provision that names them: a general authorization
// does not reach psychotherapy notes, Part 2 records, HIV, genetic,
// sexual and reproductive health or sexual violence information.
//
// # Evaluation
//
// [Consent.Evaluate] answers one [Query]. A consent counts while Active,
// from its signature on, within its Period; a Revoked consent counts for
// instants before its revocation only (a revocation is not retroactive,
// 164.508(b)(5)). A consent of the research [Domain] (FHIR scope
// "research") decides research disclosures only. The root provision must
// match, or the consent says nothing. The deepest matching exception on a
// path decides; among matching siblings a deny overrides a permit.
// Result.Depth tells an exception (the patient said so about this
// disclosure) from the base decision (what the document says about
// everything it does not name).
//
// Actions: a Query without Action asks about a disclosure, which gives
// the recipient access to the data and its use; it is matched by a
// provision about any of the consentaction codes disclose, access and
// use (so HL7's notOrg example, which denies an organization access and
// correction, stops every disclosure to it). collect and correct are not
// disclosures. A Query with an Action matches that code only.
//
// # Scope
//
// A provision that names classes, codes, data references, a data period,
// or actors that are neither recipients nor custodians (role CST) limits
// the data, as FHIR reads it. A permit so limited covers only that data:
// Result.Narrowed, and [Consent.ScopeOf] returns the [Scope] (Include
// limits, every one must hold). A deny so limited withholds only that data
// (Result.Excludes; Scope.Exclude) and leaves the rest of the category to
// the other provisions and consents; a nested exception under such a deny
// is not read back in, which withholds more, never less. The disclosure
// package releases nothing outside the scope of the consent a permit
// rests on.
//
// # Kinds
//
// Three kinds of consent do different things ([Kind]). An [Authorization]
// (164.508) permits what it lists, only while it passes Validate; its base
// deny ("everything I did not list") and its own exceptions only limit
// what it grants and restrict nothing else. A [Restriction] (an objection
// under 164.510, an agreed restriction under 164.522, an opt-out of an
// exchange) refuses what its deny provisions cover; its permit exceptions
// are opt-ins. A [Directive] is a privacy consent that permits sharing
// within treatment exchange (an opt-in) and authorizes no third party; its
// deny provisions are restrictions.
//
// [ParseFHIR] states the kind: an Authorization when the category is
// LOINC 64292-6 (release of information) or v3-ActCode IDSCL, a policy
// cites 45 CFR 164.508, or the policyRule is hipaa-auth; else a
// Restriction when no provision permits or the policyRule is OPTOUT,
// OPTOUTE, hipaa-restrictions or hipaa-self-pay; else a Directive. When
// unclear a consent is therefore never an authorization. A consent built
// in Go may state its Kind; when it does not ([Unstated]), [Consent.Classify]
// reads one that permits as an Authorization (it must then validate) and
// one that only denies as a Restriction. [Consent.MarshalFHIR] writes the
// category, policy and policyRule that state the kind. The R4 examples of
// the specification, as read:
//
//	example      kind         why                        what it says, as read
//	Emergency    restriction  policyRule OPTOUT          no emergency-treatment disclosure
//	Out          restriction  policyRule OPTOUT          nothing is disclosed (f001 as custodian)
//	basic        directive    OPTIN, LOINC 59284-0       sharing within its period
//	grantor      restriction  policyRule OPTOUT          no access by Patient/example
//	notAuthor    directive    OPTIN, LOINC 59284-0       sharing (f001 as custodian)
//	notOrg       restriction  no provision permits       nothing to Organization/f001
//	notThem      directive    OPTIN, LOINC 59284-0       access for Practitioner/f204
//	notThis      directive    OPTIN, LOINC 59284-0       sharing of Task/example3 only (scoped)
//	notTime      directive    OPTIN, LOINC 59284-0       sharing within January 2015
//	pkb          restriction  policyRule OPTOUT          f001 opted in to labelled data only
//	signature    directive    OPTIN, category npp        Practitioner/13; CDA documents by the author
//	smartonfhir  directive    OPTIN, LOINC 59284-0       MedicationRequest access, half an hour
//
// None of them is a HIPAA authorization: each passes Validate as its kind,
// and none authorizes a third party.
//
// [Assess] evaluates a patient's consents each kind apart: the Grant of
// the first valid authorization that permits (one covering the whole
// category preferred over a scoped one), the first Restriction that
// denies, the first Directive that permits, the restrictions that withhold
// certain data (Excluding) and the authorizations not relied on because
// they fail Validate (Invalid). [EvaluateAll] combines results without
// regard to kind and is kept for hosts that need that.
//
// # Validation
//
// [Consent.Validate] returns an errors.Join of [*ValidationError], one
// for each problem, each naming the field and, for a missing core
// element, its paragraph ([ElementInformation] to [ElementSignature]);
// use errors.As to inspect them. A consent that permits anything is an
// authorization and must name the information (a Description, or
// categories, classes, codes or resources on the path of every permit),
// who discloses, the recipients and the purposes on the path of every
// permit (PATRQT, "at the request of the individual", is a purpose), an
// expiration date or event, the signer and the date, and the authority of
// a signer who is not the patient. A Restriction or a Directive needs none
// of these. [Check] classifies and validates one consent for an import
// log ([Report]); [MemoryStore.Import] stores consents and reports each,
// keeping restrictions and invalid authorizations alike. Every consent must be well formed
// (ID, Patient, a known Status, periods in order, a revocation instant
// exactly when revoked, nesting within [MaxProvisionDepth]). Messages
// quote the consent's ID and nothing else of it.
//
// # FHIR
//
// [ParseFHIR] reads an R4 Consent (a [FHIRParser] configures the policy
// rules, the recipient roles and the size limit); [Consent.MarshalFHIR]
// writes one. What ParseFHIR reads, MarshalFHIR writes and ParseFHIR reads
// back equal, which a fuzz test checks. What maps to what:
//
//	id                          ID (a FHIR id: 1 to 64 of A-Z a-z 0-9 - .)
//	status                      Status; "inactive" is Revoked (consent-state-codes)
//	patient.reference           Patient; patient.display in FHIRDetails.PatientDisplay
//	dateTime                    Signed (R4 defines it as when the statement was made;
//	                            it is the best R4 has for the signature date)
//	performer[0]                Grantor (reference, display as Name)
//	performer[1:]               FHIRDetails.Performers, raw
//	organization[]              Disclosers: the custodian organizations, who disclose
//	provision.period            Period: the root period is when the whole consent is
//	                            in force, its expiration (164.508(c)(1)(v))
//	provision.type              Effect; see the base decision below
//	provision.actor[]           Actors, one for each coding of the role; actors whose
//	                            role is a recipient role (IRCP, PRCP, TRC, GRANTEE,
//	                            DELEGATEE) also give Recipients, the party IDs
//	                            Query.Recipient matches ("Organization/f001")
//	provision.action[]          Actions, one Coding for each coding
//	provision.securityLabel[]   Categories: codes of v3-ActCode or v3-Confidentiality
//	provision.purpose[]         Purposes: codes of v3-ActReason
//	provision.class[]           Classes
//	provision.code[]            Codes, one Coding for each coding
//	provision.dataPeriod        DataPeriod
//	provision.data[]            Data
//	provision.provision[]       Provisions
//	extension (Custodian's)     Description, ExpiryEvent, Authority, Revoked: see
//	                            [ExtDescription] and the others; [ExtPartyKind] on a
//	                            performer or organization reference is Party.Kind
//
// An "inactive" consent read without Custodian's revoked extension has no
// revocation instant and is therefore never in force, not even for the
// past: R4 does not say when it stopped.
//
// The base decision is the root provision.type where present, else what
// policyRule implies ([DefaultPolicyRules]: OPTIN and OPTINR permit,
// OPTOUT and OPTOUTE deny). When neither is known ParseFHIR refuses the
// document with [ErrNoBaseDecision] rather than guess. A nested provision
// without type is the opposite of its parent. MarshalFHIR always writes
// the type of every provision, the root's included, so that no reader has
// to infer it, and keeps policyRule as it was read.
//
// Dates: a FHIR date of partial precision stands for the whole year,
// month or day it names, in UTC: as a start it is the first instant of
// that span, as an end the first instant after it (Period.End is
// exclusive), so an end of "2016-01-01" covers all of 1 January. An
// instant keeps its exact value, in UTC, and as an end is exclusive.
// MarshalFHIR writes a midnight UTC as a date (an end as the day before)
// and other instants in UTC.
//
// Kept raw in [FHIRDetails], and written back: meta, language, text,
// contained, identifier, scope (also read as the Domain), category (also
// read for the Kind), sourceAttachment,
// sourceReference, policy, policyRule, verification, extensions other
// than Custodian's, the "_"-prefixed extensions of primitive elements,
// patient.display and the performers after the first. A consent not read
// from FHIR gets the scope patient-privacy, the category LOINC 64292-6
// (release of information) and a policy citing 164.508, as R4 requires.
//
// Refused, with a [*FHIRError] whose Path names the element in a
// JSON-pointer-like form ("provision.provision[2].type"): a resourceType
// other than Consent; an STU3 Consent (except, consentingParty, a root
// period, actor or action, a policyRule string) or an R5 one (decision,
// grantor, subject, a provision array), both wrapping
// [ErrUnsupportedVersion] and naming the version seen (R5 is told first:
// it has a period, as STU3 does); a scope other than patient-privacy and
// research (adr, treatment: scope is a modifier); implicitRules and
// modifierExtension, which may change the meaning; a missing status, patient, scope or category, or
// neither policy nor policyRule (invariant ppc-1); any element of a
// provision the model has no field for (its id, extension,
// modifierExtension, "_type"); a CodeableConcept without codings or with
// text, which cannot be matched and whose loss could widen a permit;
// Coding version, userSelected, id and extension; a purpose or security
// label of another code system; references by identifier only, or with
// type or extensions (other than [ExtPartyKind] on parties); an unknown
// status, type or data meaning; a malformed date; a period that ends
// before it starts. Provision displays that the model has no field for
// (of purposes, security labels and data references) are not kept.
//
// Hostile input: a document over 1 MiB ([MaxFHIRBytes]), provisions
// nested deeper than [MaxProvisionDepth] or JSON nested deeper than 80
// levels is refused with [ErrTooLarge]; invalid UTF-8, a member given
// twice in one object and null values are refused, so that no other
// parser reads a different consent from the same bytes. No input makes
// ParseFHIR panic. Error messages quote codes (cut short) and never the
// patient's data.
//
// # Describe
//
// [Consent.Describe] returns what a patient reads before signing: what
// will be shared, by whom, with whom, for what purpose ([Purpose.Name],
// [Category.Name]), until when, the exceptions in words, that specially
// protected information is not included unless named, and that the
// authorization can be revoked in writing at any time without undoing
// disclosures already made (164.508(b)(5), (c)(2)). Its output is
// deterministic.
//
// # Concurrency
//
// A Consent is a value: Evaluate, Validate, Describe and MarshalFHIR only
// read it and may run concurrently on the same Consent as long as nobody
// changes it. [Consent.Clone] returns a deep copy, FHIRDetails included.
// A [FHIRParser] is safe for concurrent use while its fields are not
// changed. [MemoryStore] is safe for concurrent use, copies a consent in
// on Put and out on Get and History, honours a cancelled context, and
// keeps every version: History returns a consent as it was before each
// replacement and revocation. A revocation is final: Put of a consent
// whose stored version is revoked fails with [ErrRevoked]. ForPatient,
// the engine's hot path, does not copy: the consents it returns are the
// stored ones, immutable once stored and shared read-only.
//
// Codes, their systems, the words for them and the default protected set
// are the module's one vocabulary (an internal package), so that
// [Category.Name] and the audit package's accounting say the same.
//
// # Performance
//
// Evaluate and Assess do not allocate (tests pin it with
// testing.AllocsPerRun; Assess allocates only to list an invalid
// authorization or a consent that withholds data) and Evaluate takes about
// 150 ns on a consent three levels deep (BenchmarkEvaluate). ScopeOf
// allocates and runs only for a narrowed result.
// ParseFHIR and MarshalFHIR are meant for the moment a consent is stored,
// not for the hot path: parse consents once and keep the values.
//
// # Testing
//
// The R4 examples of the FHIR specification are in testdata, with the
// golden output of MarshalFHIR and Describe (go test -update rewrites
// them). FuzzParseFHIR and FuzzEvaluate run with
//
//	go test ./consent -run '^$' -fuzz '^FuzzParseFHIR$' -fuzztime 20s
//	go test ./consent -run '^$' -fuzz '^FuzzEvaluate$' -fuzztime 20s
package consent

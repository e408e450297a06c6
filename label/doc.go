// Package label tells which sensitive categories a FHIR R4 record holds,
// from its codes, and adds the matching DS4P security labels.
//
// # Model
//
// A sensitivity category is an HL7 v3 ActCode code, the same strings the
// consent and disclosure packages use: HIV (HIV/AIDS), ETH (substance use,
// 42 CFR Part 2), ETHUD (alcohol use disorder), OPIOIDUD (opioid use
// disorder), PSY (psychiatric disorder), GDIS (genetic), STD (sexually
// transmitted infection) and SEX (sexual and reproductive health).
//
// A [ValueSet] is a named, versioned list of codes of one code system that
// signal one or more categories: exact codes, prefixes ("B20*") and ranges
// of prefixes ("F10..F19"), with exclusions ("!F17*"). [New] checks value
// sets and compiles them into a [Labeler]: hash tables per code system,
// built once. Codes match on system and code: each system's usual URI and
// OID spellings are the same system (http://loinc.org and
// urn:oid:2.16.840.1.113883.6.1, ...), and ICD-10-CM codes compare without
// their dot and case ("F11.20" is "f1120").
//
// [Labeler.Classify] reads every Coding of a resource, or of each resource
// of a Bundle (nested Bundles included), at any depth: code, category,
// valueCodeableConcept, medicationCodeableConcept, component[].code,
// reasonCode, conclusionCode, contained resources, extensions. It does not
// read free text. The resource's meta and DS4P inline labels are not codes
// of its content: the sensitivity categories they already name go to
// [Result.Labels]. Each resource gets a [Result]: the [Finding]s
// (category, code, value set and path of each match), how many codes were
// checked, the codes that could not be, and its labels.
//
// A prescription often names its drug by reference: a top-level
// medicationReference (of a MedicationRequest, MedicationDispense,
// MedicationAdministration or MedicationStatement) to a Medication
// elsewhere in the record, by "Medication/id", by the entry's fullUrl, or
// by an absolute URL ending in /Medication/id (a "/_history/n" suffix is
// ignored). What that resource's codes say then counts for the referencing
// resource too: its findings, unchecked codes and checked codes, at path
// "medicationReference", so that the prescription is labelled with its
// drug. A medicationReference that resolves to no other resource of the
// record is unchecked ("medication not in the record"), and one that
// resolves to a resource with no code ("medication has no code"): the drug
// is unknown. A reference to a contained Medication ("#id") is read in
// place, like any contained resource. Records with no medicationReference
// pay one map lookup per resource for this.
//
// A code is read without the whitespace around it ("B20 " is B20). It is
// checked when the Labeler holds a value set for its system and it is
// written in that system's syntax: a LOINC code in none of the LOINC sets
// is checked and signals nothing. When every set of its system says it
// lists only some of the codes that signal its categories
// ([CoveragePartial], as the shipped RxNorm sets do), a code of that
// system is checked only when it matches one. A code is unchecked when no
// set covers its system (SNOMED CT, CPT or a local code system, unless the
// host adds sets for them), when it matches none of the partial sets of
// its system ("not in a partial value set"), when its Coding has no
// system, when a Coding names a system but has no code, and when the code is malformed: empty, not a
// string, or not in its system's syntax (ICD-10-CM a letter, a digit and
// one to five more letters or digits, with at most one dot after the
// third; LOINC digits, '-' and the right check digit, or an LA, LP or LG
// code; RxNorm 1 to 10 digits and SNOMED CT 6 to 18 digits, without a
// leading zero; any other system, no space), since finding such a code in
// no value set says nothing. A Coding may hold the JSON format's
// "_display"-style companions and "fhir_comments". A concept that names
// what the resource is about (code, valueCodeableConcept,
// medicationCodeableConcept, reasonCode, conclusionCode, vaccineCode) is
// unchecked when none of its codings has a code (text only, a display
// only, or nothing); a resource whose code is a string rather than a
// concept, and an Observation, DiagnosticReport, Condition or Procedure
// with no code at all, are unchecked too, so that they are never normal.
// An HL7 ActCode sensitivity code that one of the value sets signals
// (HIV, ETH, PSY, ...), written as a concept outside meta (a Condition's
// category), is a finding of that category, as a label would be. Codes of
// neutral systems (the FHIR core code systems such as statuses
// and observation categories, named by one path segment under
// http://hl7.org/fhir/ or http://terminology.hl7.org/CodeSystem/; units,
// languages; see [WithNeutralSystems]) are neither. The code systems of
// implementation guides (under http://hl7.org/fhir/uv/,
// http://hl7.org/fhir/us/, ...) are not neutral: they may name clinical
// findings.
//
// [Result.Status] sums a resource up and never calls unknown "normal":
//
//   - Sensitive: some code signals a category (others may hide in
//     unchecked codes: [Result.Complete]);
//   - Normal: every code was checked and none signals a category;
//   - Incomplete: no category found, but some codes could not be checked;
//   - Uncoded (the zero Status): no code could be checked at all.
//
// A record that is not a resource, nests objects or arrays deeper than
// [MaxDepth], or holds Go values encoding/json does not produce is refused
// with a [*RecordError] naming the path (never a value): no partial
// report. Label refuses what Classify refuses, with the same error; as it
// copies the whole record, it also refuses one nested too deeply inside
// what Classify does not read (meta).
//
// # DS4P labels
//
// [Labeler.Label] returns a labelled deep copy and leaves the caller's map
// alone; [Labeler.LabelInPlace] modifies it. Every category found in a
// resource goes into its meta.security (system
// http://terminology.hl7.org/CodeSystem/v3-ActCode): the resource holds the
// sensitive information, so the resource is sensitive. When the code lies
// inside one item of a repeating element that is not itself a concept (one
// component of an Observation, one item of a QuestionnaireResponse, one
// condition of a FamilyMemberHistory, one section of a Composition), that
// item also gets an inline label ([InlineLabelURL], valueCoding), so that
// a host may withhold that element alone, and the resource's meta.security
// gets [ProcessInlineLabel] to say it has inline labels; a contained
// resource gets the label in its own meta.security. A concept that describes the whole
// resource (code, one of its categories or reasonCodes) gets no inline
// label: the resource label says it. Labels are never duplicated (any
// spelling of the ActCode system counts) and never removed; when a target
// cannot take a label (meta is not an object), nothing is changed.
//
// # Shipped value sets
//
// [Shipped] and [Default] hold lists under valuesets/ (embedded), each file
// citing its source, version and licence in its header, all at version
// 2026.12 but hiv-icd10cm and the RxNorm sets (which became partial) at
// 2026.12.1:
//
//   - ICD-10-CM (CDC/NCHS, public domain): HIV (B20, Z21, R75 and every
//     code written below them, O98.7, exposure, screening and counselling
//     codes), substance use (F10-F19
//     except F17 nicotine; Z71.41, Z71.51), alcohol (F10) and opioid (F11)
//     use disorders, psychiatric disorders (F20-F69 except F64, F90-F99,
//     R45.851), genetic susceptibility and carrier status (Z15, Z14),
//     sexually transmitted infections (A50-A64, Z11.3, Z20.2), and
//     reproductive health (O00-O08, Z33.2, Z30);
//   - LOINC (Regenstrief, redistributed under the LOINC licence with its
//     notice, see [Notice]): HIV viral load, nucleic acid, antibody and
//     antigen tests; BRCA1/2 tests and genetic-report elements; chlamydia,
//     gonorrhoea and syphilis tests;
//   - RxNorm ingredients (NLM, source RXNORM, free of licence
//     restrictions): buprenorphine, methadone, naltrexone, disulfiram (ETH;
//     buprenorphine and methadone also OPIOIDUD), and HIV-specific
//     antiretrovirals (zidovudine, abacavir, efavirenz, atazanavir,
//     dolutegravir).
//
// The lists are starting points chosen for precision: every code listed
// signals its category; many codes that also do are not listed yet. Drugs
// with common other uses are left out on purpose: acyclovir and
// sulfamethoxazole/trimethoprim (a known over-labelling of public lists),
// tenofovir, emtricitabine and lamivudine (hepatitis B treatment, and HIV
// pre-exposure prophylaxis of HIV-negative people), ritonavir (COVID-19).
// The RxNorm sets hold ingredients only, and prescriptions are mostly
// coded with clinical and branded drugs (SCD, SBD: 351264 buprenorphine 8
// MG Sublingual Tablet, 1010600 Suboxone) that do not match them. So they
// are partial ([CoveragePartial]): an RxNorm code they do not list is
// unchecked, and its resource Incomplete rather than Normal (a
// disclosure.Engine with the labeler withholds it whenever a protected
// category is withheld). A host that codes medications that way adds its
// formulary's codes in a set of its own; one whose RxNorm list is complete
// marks it [CoverageComplete], and every RxNorm code is then checked.
// Buprenorphine and methadone are also prescribed for pain: at ingredient
// level, those prescriptions are labelled too.
//
// # Extending
//
// SNOMED CT, CPT and VSAC value sets cannot be shipped (their licences do
// not allow it). A host that holds the licence writes them in the same file
// format ([ParseValueSet], [ReadValueSets]) or builds [ValueSet]s in code,
// and compiles them with the shipped ones:
//
//	mine, err := label.ReadValueSets(os.DirFS("/etc/custodian/valuesets"), "*.vs")
//	// ...
//	l, err := label.New(append(label.Shipped(), mine...))
//
// A VSAC expansion becomes one file per code system, listing its codes. A
// set that lists only some of the codes that signal its categories says
// "coverage: partial" in its header ([ValueSet.Coverage]), so that the
// codes of its system it does not list are unchecked rather than normal
// (unless another set of that system is complete).
// Value-set names must be unique; each finding names its set as
// "name@version", so a report says which list version labelled a record.
//
// # Concurrency
//
// A Labeler is immutable after New and safe for concurrent use; Default is
// compiled once, on first use. Classify and Label do not modify their input,
// so several of them may read one record at once; LabelInPlace writes its
// record, which no other goroutine may then read or write. ValueSet,
// Report, Result, Labelled and the error types are plain values: several
// goroutines may read one, none may change it meanwhile.
//
// # Performance
//
// Classify allocates per resource and per finding, never per code checked:
// 8 allocations for the lipids Bundle (five resources, 14 codings), pinned
// by a test. It walks only the members that can hold a Coding and looks
// each code up in hash tables (one lookup per prefix length for prefix
// patterns); about 12 µs of CPU for the lipids Bundle on the development
// machine. [Labeler.Label] adds a deep copy of the record (about five
// times the cost of Classify); [Labeler.LabelInPlace] does not. See
// BenchmarkClassify and BenchmarkLabel.
package label

// Package minimize strips a record to what a disclosure may release: the
// minimum necessary of 45 CFR 164.502(b) and 164.514(d), and Safe Harbor
// de-identification under 164.514(b)(2).
//
// # Views
//
// A [Spec] names what a view releases: Keep paths are released as they are,
// with everything under them; Transform paths are released only through a
// transform. [Compile] checks a Spec once and builds a [View]; [View.Apply]
// then returns a new record holding nothing else. It is an allow-list: a
// field no path names never appears in the result. The result shares no map
// or slice with the input, which is never modified; maps and arrays left
// empty are dropped; where the record's shape differs from a path's (a
// string where the path goes on into an object, an object where it expects
// an array) nothing is released there, and no error is raised. [Full]
// releases a record whole, for the disclosures minimum necessary does not
// govern (treatment, the individual, an authorization, required by law).
//
// Under a kept path, three things go only where a path names them:
// extensions (extension, modifierExtension), primitive extensions
// ("_birthDate") and contained resources. They can carry anything (a date,
// a name, a whole Patient) and a view that keeps "code" means the code.
// Keep "Observation.code.extension" or "Observation.contained" to release
// them; what a named extension holds, nested extensions included, goes with
// it. [Full] releases them all.
//
// The one thing a view adds is the aggregate of an age over 89 (see Safe
// Harbor): a "_name" primitive extension beside the value it replaces.
//
// Records are JSON-like, as encoding/json decodes into any: map[string]any,
// []any, string, float64, json.Number, bool, nil, and Go numbers. Other Go
// slices, arrays, maps with string keys, pointers and named types are read
// as JSON would encode them (a []byte as a base64 string, a
// json.RawMessage as the JSON it holds), by the walk and by the label
// checks alike; a struct, channel, function or complex number fails Apply
// with an error naming its path and Go type, never its value.
//
// Each Apply returns a [Report] of the path patterns it released,
// transformed and removed, and of the malformed dates and ages a Safe
// Harbor view dropped, for the accounting of disclosures; it never holds
// values.
//
// # Paths
//
// A path is keys separated by '.'; a key is one or more of [A-Za-z0-9_-];
// "[x]" after a key names every choice type of a FHIR element (value[x]:
// valueQuantity, valueString, ...: the key followed by an upper-case
// letter); "[]" after a key means every element of the array under it:
//
//	Observation.code.coding[].code
//	Observation.value[x]
//	Patient.address[].postalCode
//	Bundle.entry[].fullUrl
//	subject.reference
//
// A path whose first key begins with an upper-case letter is typed: it
// names a FHIR resource type, and the rest of the path applies to a record
// of that type and to each resource of that type in a Bundle's
// entry[].resource (one level: a Bundle inside an entry is not entered). A
// type alone ("Condition") releases the resource whole. A resource of a
// type no typed path names gets nothing from typed paths; in a Bundle, its
// whole entry goes, fullUrl included, so that a typed view releases only
// the types it names. Bundle paths name the Bundle's own elements and its
// entries' (Bundle.entry[].fullUrl): one that would release the entries'
// resources (Bundle, Bundle.entry, Bundle.entry[].resource.id) is a compile
// error, since it would release resources of types the view does not name. Untyped paths, the form before typed paths, keep
// working unchanged: they apply from the record's root whatever its type,
// so "entry[].resource.code" releases the code of every resource in a
// Bundle, an HIV Condition's too. Prefer typed paths; a view may mix both.
//
// A malformed path is a [*PathError] naming the path and the byte where it
// goes wrong. A path may not be both kept and transformed, and a transformed
// path may have no path under it; a whole resource cannot be transformed; a
// transformed path under a kept one is allowed and the transform applies
// inside the kept subtree. If the record there has a shape the transform's
// path does not reach (the path says "address[].postalCode" and address is
// an object), the kept subtree is not released, so that no value escapes
// its transform.
//
// # Labels and withheld categories
//
// Apply takes the security labels that a decision withholds, as HL7 codes:
// "HIV", "ETH", "PSY" (v3-ActCode), "R", "V" (v3-Confidentiality), or
// "system|code" for a code of any other system. An element is labelled by
//
//   - meta.security[] of a resource (a Coding);
//   - the DS4P inline security label, [InlineLabelURL], in the extension[]
//     of any element, or in "_name".extension[] of a primitive: the
//     primitive and its "_name" both go; a repeating primitive's "_name"
//     is an array aligned with its values ("given": ["Jane", "Ann"],
//     "_given": [null, {...}]), and a label there removes that element
//     alone, with its "_name" entry;
//   - [Spec.Labels], an extra path relative to any element, holding bare
//     codes or Codings, for records that keep labels elsewhere.
//
// All three are checked, always. A Coding matches on system and code: a
// code of v3-ActCode, v3-Confidentiality or v3-ObservationValue (by URL or
// by OID, 2.16.840.1.113883.5.4, .5.25, .5.83, with or without "urn:oid:")
// matches a bare
// withheld code; a Coding without a system matches on its code alone (fail
// closed: an unqualified "HIV" is taken for the HL7 one); a code of any
// other system matches only "system|code". Confidentiality codes are a
// high-water mark, U < L < M < N < R < V: withholding "R" withholds the
// V-labelled elements too. A label of the wrong shape is read as far as
// it goes, failing closed: meta.security as one Coding rather than an
// array, a bare code where a Coding belongs.
//
// Before the view applies, every object at any depth that carries a
// withheld label is removed; when that object is an array element, or the
// value of a key of an array element (a Bundle's entry[].resource), the
// whole array element goes; when it is the record itself, Apply returns a
// nil record. Report.Removed lists the patterns of what was removed
// ("entry[]", "$" for the record), among the parts the view would otherwise
// have released.
//
// # Bundles: nothing betrays what was withheld
//
// When entries of a Bundle record do not go (a withheld label, or a typed
// view that names no path of their type), Apply prunes what remains with
// [PruneBundle]: references to those entries are removed from the released
// resources (an array element whole, DiagnosticReport.result[]; an object's
// field, Observation.subject), total counts the released matches, and the
// paging links (next, previous, prev, first, last) go. A Bundle inside an
// entry that a view releases is pruned the same way, within itself. A
// reference by identifier alone names no entry and is not pruned. A host
// that removes entries itself, a consent scope for instance, calls
// [PruneBundle] with [EntryReferences] of what it removed.
//
// # Transforms
//
// Transforms apply to a leaf, or to each leaf of an array; an object, or a
// value of the wrong type or form, fails Apply with a [*TransformError]
// that names the path and the transform but never the value, and no record
// is released (fail closed; a Safe Harbor view instead drops a malformed
// date and reports it, see below). The built-in transforms:
//
//   - "mask": "***".
//   - "hash": HMAC-SHA-256 under the [WithHashKey] key, hex, first 32
//     characters: a stable pseudonym. A Spec using it needs the key.
//   - "year": an ISO 8601 date or dateTime to its year, "YYYY".
//   - "zip3": a US ZIP code to its first three digits, "000" for the
//     restricted prefixes ([ZIP3Census2000] by default,
//     [WithRestrictedZIP3]); a code that is not a US ZIP is dropped.
//   - "age": a number over 89 aggregated (below); others unchanged.
//   - "birthyear": a birth date to its year, aggregated when anyone born in
//     that year may be over 89 at the [WithNow] reference date.
//   - "drop": never released (useful under a kept path).
//
// An aggregated value is removed and its primitive extension ("_birthDate",
// "_value") carries [AgeOver89URL] ("90 or older") and the FHIR
// data-absent-reason "masked", so that the result stays valid FHIR; inside
// an array, the element is dropped.
//
// A host adds its own with [WithTransform] (a [Transformer], or a
// [TransformFunc]); a nil result drops the value, a panic is recovered and
// fails Apply, and what it returns is deep-copied.
//
// # Safe Harbor
//
// [SafeHarbor] returns the Spec that de-identifies FHIR R4 Patient,
// Observation, DiagnosticReport and Specimen resources and Bundles of them;
// its documentation maps each identifier (A)–(R) of 164.514(b)(2)(i) to
// what the view does. Any view can apply the same rules to everything it
// releases, with [Spec.SafeHarbor] or [WithSafeHarbor]:
//
//   - free text goes unless a path names it: text (narrative and
//     CodeableConcept.text), div, display, note, comment, description,
//     conclusion, valueString, valueMarkdown, valueAnnotation,
//     patientInstruction, and a Quantity's unit (its human-readable form;
//     the UCUM code stays); so does the id of an element below the
//     resource (code.id, coding[].id), which may hold anything;
//   - so do the keys that hold an identifier of 164.514(b)(2)(i) wherever
//     FHIR writes it (name, given, family, prefix, suffix, line, city,
//     district, postalCode, address, telecom, identifier, contact, photo,
//     url but an extension's, reference): an object found where a path
//     keeps a value (a gender written as {"name": ...}), or inside a kept
//     concept, does not carry one out;
//   - every date of every released element, extensions and primitive
//     extensions included (and a host transform's result that is a date),
//     goes to its year: a full "YYYY-MM" or "YYYY-MM-DD" followed by
//     nothing, a 'T' or a space ("2020-03-15 10:00"), under any key; a
//     value under a date key (date, start, end, issued, birthDate, ...Date,
//     ...DateTime, ...Instant) that is not a date is dropped and listed in
//     Report.Malformed, and the rest of the record, the rest of the Bundle,
//     is still released;
//   - a birthDate, kept or transformed, is aggregated when anyone born in
//     its year may be over 89 at the reference date ([WithNow]): the year
//     itself is indicative of the age, so a person who turns 90 later in
//     the reference year is aggregated too; so is every date inside an
//     extension a path names, primitive extensions ("_birthDate") included,
//     for it may be a birth date (patient-birthTime) and nothing says it
//     is not;
//   - ages over 89 are aggregated wherever one appears: a Quantity in years
//     (code or unit "a", "yr", "year", "years", in any case, "year(s)",
//     "yrs."); the value[x] of an element coded as an age (LOINC 30525-0
//     Age, 21612-7, 29553-5, 21611-9, 39016-1, 35659-2, 63900-5; SNOMED CT
//     397669002, 424144002; a Coding without a system counts, and so does
//     code.coding written as one Coding), in the resource and in each
//     component[]: valueQuantity, valueAge, valueInteger, valueDecimal,
//     valueString, each Quantity of valueRange and valueRatio; an Age
//     (valueAge, onsetAge, ...) and referenceRange[].age, a Range of
//     ages, in the same way. Such an age is read in any unit of time,
//     converted to years (exactly: 89.5 is over 89), from the Quantity's
//     code and unit, the larger when they disagree, and as years when it
//     has none or one that is not a unit of time; a string states the
//     largest number it holds ("95 years"), and one that holds none is
//     dropped and listed in Report.Malformed; an array is read element by
//     element.
//
// # Bounded work
//
// Every walk stops at [MaxDepth] levels of nesting with an error wrapping
// [ErrTooDeep]: Apply, the label checks, [PruneBundle], the copy of a host
// transform's result and the reading of Go values. A Go map that contains
// itself costs MaxDepth levels, not a hang. One Apply, and one
// [PruneBundle], visit at most [MaxValues] values (fields and elements,
// counted each time they are met, Go values converted on the way
// included), then stop with an error wrapping [ErrTooLarge]: Go maps and
// slices that share a subtree under many keys cannot make a small record
// an exponential walk. Either error names the path where the walk stopped
// and fails the whole call.
//
// # Concurrency
//
// What a View releases is fixed at Compile; a View is safe for concurrent
// use, and so is Full's shared View (the report patterns it remembers are
// published as immutable sets). Host transforms are called concurrently and must be
// safe for it. Apply does not modify its record; several Applies may read
// one record at once, as long as nothing writes it. Spec, Report and the
// error types are plain values: several goroutines may read one, none may
// change it meanwhile.
//
// # Performance
//
// Compile parses every path into a trie (one per resource type a typed
// path names), numbers its nodes in the order of their patterns and
// computes each pattern once; Apply walks the trie and only the parts of
// the record it names (or keeps whole), with type switches and no
// reflection but for Go values that are not JSON-like. Report patterns of
// trie nodes are flags; so are the patterns inside kept subtrees that the
// view has met before: a View remembers up to 1,024 of them (key paths,
// never values, of at most 256 bytes each), and a walk builds a string
// only for a pattern it meets for the first time. The small released
// arrays share allocations. Label checks run only when a category is
// withheld; the age rules of Safe Harbor read a Quantity's units only for
// a number over 89 or a value of an age, and an element's code only for
// a value[x] that may state an age.
// [PruneBundle] builds a pattern only for a reference it removes, and
// allocates nothing per element it walks (pinned by a test).
//
// What remains is the cost of the result itself: a map or an array
// allocated per released object or array, as a copy allocates them. On the
// 10 KB lipid panel Bundle (BenchmarkApply, BenchmarkSafeHarbor,
// BenchmarkCopy), a 20-path view that keeps 50 of its 55 objects and all
// 19 arrays costs about what a plain recursive copy does (0.95 to 1.0; 129
// allocations against 158, pinned), Safe Harbor about 0.98 (92, pinned);
// on the 111 KB general health panel Bundle, where views keep less, about
// 0.78 and 0.89. BenchmarkAgainstCopy times each view and the copy in turn
// and compares their fastest runs, which leave out the garbage collection
// that the views' smaller results save: about 1.0 and 1.1 on the lipid
// panel, 0.8 and 1.07 on the general health panel. BenchmarkOutputFloor
// measures bare walkers that build the 20-path view's result and nothing
// else: 0.87 of a copy on the lipid panel, 0.78 even when they share every
// unchanged subtree with the record, which Apply does not do so that what
// it releases never changes with the record. An encoding/json round trip
// of the lipid Bundle allocates 945 times.
//
// # Testing
//
// Table-driven tests cover paths, compile errors, the allow-list, typed
// paths, withheld labels (with the HL7 DS4P examples in testdata/ds4p),
// Bundle pruning, Go values, the depth limit and every transform; golden
// files in testdata/golden hold what SafeHarbor releases of each FHIR
// example record (regenerate with
// go test ./minimize -run TestSafeHarborGolden -update), and a test scans
// the output of every fixture and hostile record for any name, address,
// telecom or identifier value of the input, any date finer than a year and
// any age over 89. Property tests on random records and views check the
// allow-list (typed paths and choice types included), that no element
// labelled with a withheld category ever comes out (meta.security and
// inline labels), and that Apply is idempotent; FuzzCompile and FuzzApply
// fuzz the parser and the walk:
//
//	go test ./minimize -run '^$' -fuzz '^FuzzApply$' -fuzztime 20s
package minimize

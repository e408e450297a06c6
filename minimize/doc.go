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
// Records are JSON-like, as encoding/json decodes into any: map[string]any,
// []any, string, float64, json.Number, bool, nil (Go numbers are accepted
// too). Values of other Go types are never released.
//
// Each Apply returns a [Report] of the path patterns it released,
// transformed and removed, for the accounting of disclosures; it never holds
// values.
//
// # Paths
//
// A path is keys separated by '.'; a key is one or more of [A-Za-z0-9_-];
// "[]" after a key means every element of the array under it:
//
//	subject.reference
//	code.coding[].code
//	entry[].resource.valueQuantity
//	meta.security[].code
//
// A malformed path is a [*PathError] naming the path and the byte where it
// goes wrong. A path may not be both kept and transformed, and a transformed
// path may have no path under it; a transformed path under a kept one is
// allowed and the transform applies inside the kept subtree. If the record
// there has a shape the transform's path does not reach (the path says
// "address[].postalCode" and address is an object), the kept subtree is not
// released, so that no value escapes its transform.
//
// # Labels and withheld categories
//
// Apply takes the categories that a decision withholds. An element's labels
// are the strings at [Spec.Labels] relative to it, by default
// "meta.security[].code" (FHIR security labels). Before the view applies,
// every object at any depth that carries a withheld label is removed; when
// that object is an array element, or the value of a key of an array
// element (a Bundle's entry[].resource), the whole array element goes; when
// it is the record itself, Apply returns a nil record. Report.Removed lists
// the patterns of what was removed ("entry[]", "$" for the record), among
// the parts the view would otherwise have released.
//
// # Transforms
//
// Transforms apply to a leaf, or to each leaf of an array; an object, or a
// value of the wrong type or form, fails Apply with a [*TransformError]
// that names the path and the transform but never the value, and no record
// is released (fail closed). The built-in transforms:
//
//   - "mask": "***".
//   - "hash": HMAC-SHA-256 under the [WithHashKey] key, hex, first 32
//     characters: a stable pseudonym. A Spec using it needs the key.
//   - "year": an ISO 8601 date or dateTime to its year, "YYYY".
//   - "zip3": a US ZIP code to its first three digits, "000" for the
//     restricted prefixes ([ZIP3Census2000] by default,
//     [WithRestrictedZIP3]); a code that is not a US ZIP is dropped.
//   - "age": a number over 89 to "90+"; others unchanged.
//   - "birthyear": a birth date to its year, or "90+" when the person is over
//     89 at the [WithNow] clock; a partial date is read at its earliest day.
//   - "drop": never released (useful under a kept path).
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
// what the view does. The condition of (b)(2)(ii), no actual knowledge that
// the rest could identify the person, remains the host's.
//
// # Concurrency
//
// A View is immutable after Compile and safe for concurrent use; so is
// Full's shared View. Host transforms are called concurrently and must be
// safe for it.
//
// # Performance
//
// Compile parses every path into a trie and computes each node's report
// pattern once; Apply walks the trie and only the parts of the record it
// names (or keeps whole), with type switches and no reflection. On the
// 10 KB lipid-panel Bundle in testdata, a 20-path view costs about a
// seventh of an encoding/json Marshal+Unmarshal deep copy, with a sixth of
// its allocations (see bench_test.go). Label checks run only when a category
// is withheld.
//
// # Testing
//
// Table-driven tests cover paths, compile errors, the allow-list, withheld
// labels and every transform; golden files in testdata/golden hold what
// SafeHarbor releases of each FHIR example record (regenerate with
// go test ./minimize -run TestSafeHarborGolden -update), and a test checks
// that no name, phone number, street line, identifier or full birth date of
// those records comes out. Property tests on random records and views check
// the allow-list and that Apply is idempotent; FuzzCompile and FuzzApply
// fuzz the parser and the walk:
//
//	go test ./minimize -run '^$' -fuzz '^FuzzApply$' -fuzztime 20s
package minimize

// Package audit is the evidence of Custodian: the audit event, the sinks
// that put events on record, a tamper-evident JSON log with its verifier
// and reader, the accounting of disclosures a patient may ask for (45 CFR
// 164.528), the list a breach notification starts from (164.404), and FHIR
// R4 AuditEvent out. It imports nothing else of the module and nothing
// outside the standard library, so a lab system may use it alone.
//
// # Events
//
// An [Event] is one entry of the audit trail: a decision on a disclosure
// request ([TypeDecision]), information that left ([TypeDisclosure]), a
// consent stored or revoked ([TypeConsent]), or a disclosure that did not
// happen after all ([TypeCancellation]). Its JSON field names are
// stable:
//
//	id              string    the decision ID, or another unique ID
//	time            string    when it happened, RFC 3339 in UTC with as many fraction digits as needed
//	type            string    "decision", "disclosure", "consent" or "cancellation"
//	actor           string    the workforce member or system acting (party ID)
//	patient         string    whom the information is about (patient ID)
//	recipient       string    the recipient's party ID
//	recipient_name  string    the recipient's name and, if known, address
//	purpose         string    HL7 v3 PurposeOfUse code, e.g. "PUBHLTH"
//	outcome         string    "permit", "partial" or "deny"; for consent events "stored" or "revoked"
//	categories      [string]  the categories requested (decision) or released (disclosure)
//	fields          [string]  the record paths released (disclosure)
//	rule            string    the deciding rule; several joined by ","
//	basis           string    the legal basis, e.g. "45 CFR 164.512(b)"; several joined by ","
//	consent_id      string    the consent relied on or refused by, if any
//	reason          string    the requester's stated reason (break-the-glass)
//	obligations     [string]  e.g. "account", "redisclosure-notice", "review"
//	policy_name     string    the deciding policy's declared name          (only when set)
//	policy_version  string    its declared version                         (only when set)
//	policy_hash     string    SHA-256 of its source, lowercase hex         (only when set)
//	resources       [string]  the released resources as "Type/id"          (only when set)
//	correlation_id  string    the host's ID of the request behind the event (only when set)
//	cancels         string    the disclosure event a cancellation cancels  (only when set)
//	per_category    [object]  each category's own outcome, objects of:
//	    category, effect ("permit" | "deny"), rule, basis, consent_id   string
//	    obligations                                                     [string]
//	seq             number    position in the chain, from 1 (JSON log only)
//	prev_hash       string    hash of the line before; "" on the first line (JSON log only)
//	hash            string    hash of this line (JSON log only)
//
// Fields may be added; these names will not change. In the JSON log every
// field is present, empty strings as "" and empty lists as [], except those
// marked "only when set", which are left out when empty so that logs
// written before they existed still verify. FORMAT.md specifies the log
// byte for byte, with test vectors.
//
// # Sinks
//
// A [Sink] puts events on record. Emit returning nil means the event is on
// record; any failure is an error, never a silent drop. A sink records an
// event whose context is already cancelled: a decision already made is
// never left unrecorded for that reason. The sinks:
//
//   - [JSONSink]: one JSON line per event, hash-chained, written and synced
//     before Emit returns. Concurrent Emits are committed together, one
//     write and one sync per batch (group commit); after a failed write or
//     sync every Emit fails and the chain stops at the last line on record.
//   - [JSONLog]: a JSONSink on a file it manages: [OpenJSONLog] verifies
//     the file, cuts a torn last line and continues the chain;
//     [JSONLog.Checkpoint] gives the anchor to keep elsewhere;
//     [JSONLog.Rotate] continues the chain in a new file; [JSONLog.Reopen]
//     recovers after a failure.
//   - [SlogSink]: every field as an attribute of a log/slog record. A
//     logger that would drop the record's level makes Emit fail with
//     [ErrLevelDisabled] rather than claim the event recorded.
//   - [Multi]: every event to every sink, even after one fails; the errors
//     joined.
//   - [AsyncSink]: a bounded queue in front of another sink. Its Emit
//     returning nil means "queued", not "on record" (it is [Deferred]);
//     the error of Close (after draining the queue) is the record. It
//     copies each event at Emit; once the inner sink fails, Emit fails
//     until [AsyncSink.Reset]. Emit blocks when the queue is full, or fails
//     with [ErrQueueFull] if so configured; it never drops. With group
//     commit, a busy host gets durable throughput from a JSONSink without
//     it.
//   - [Discard]: the explicit opt-out.
//
// Package audittest provides a recording sink and matchers for tests.
//
// # The JSON log and its chain
//
// A [JSONSink] writes each event as one line: a JSON object with the
// fields above in the order listed, no spaces, then a newline. Seq counts
// lines from 1; PrevHash is the Hash of the line before ("" on the first);
// Hash is, in lowercase hex, SHA-256 of the event's canonical encoding, or
// HMAC-SHA-256 under a key with [WithHMACKey]. The canonical encoding is
// the line itself without its newline and without the member
// `,"hash":"…"`; that is, the bytes from "{" through the value of
// prev_hash, then "}". To verify a line independently, remove the last 76
// bytes (`,"hash":"` + 64 hex digits + `"}`), append "}", hash, and
// compare; then check seq and prev_hash against the line before.
//
// The encoding is canonical, so that a verifier that parses a line and
// encodes it again gets the same bytes: fields in the order listed; no
// insignificant space; time as RFC 3339 in UTC ("Z") with trailing zeros
// of the fraction removed; seq as a decimal integer; strings with " and \
// escaped as \" and \\, newline, carriage return and tab as \n, \r, \t,
// other control characters as \u00XX (lowercase hex), U+2028 and U+2029 as
// \u2028 and \u2029, every other character as its UTF-8 bytes (<, > and &
// included), and each byte of invalid UTF-8 replaced by U+FFFD. [Verify]
// rejects a line that is not in this form, so reformatting, a duplicated
// key or an added field is detected like an edit.
//
// [Verify] reads a log and names the first line that is edited, deleted,
// inserted, moved or incomplete with a [*ChainError]. By default the first
// line must be Seq 1 with an empty PrevHash; [VerifyStart] and
// [VerifyAnyStart] accept a log that starts mid-chain (after rotation).
// [VerifyFiles] checks rotated files in order as one chain. The chain
// cannot show lines removed from the end, or a log emptied: keep a
// [Checkpoint] ([JSONLog.Checkpoint]) somewhere else and check with
// [VerifyCheckpoint] (or [VerifyLast]). Without a key, someone who can
// rewrite the file can recompute the chain; with [WithHMACKey] they need
// the key too. An empty key is refused ([ErrEmptyKey]), never taken as
// "no key".
//
// [ReadLog] yields the events of a log, verifying as it reads, so a host
// can query its own logs; [Events] adapts it for [Accounting] and
// [FindAffected]. [OpenJSONLog] (or [LastLink] and [WithChainFrom] with a
// writer of the host's own) lets a restarted process extend the same
// chain. No line may exceed [MaxLineSize].
//
// # Running a log
//
// Open the file with [OpenJSONLog] and a key from the host's secret store;
// check the [Repair] it returns (a torn last line cut after a crash is
// worth a log message). Take a [JSONLog.Checkpoint] regularly and store it
// elsewhere; pass the latest to [WithCheckpoint] when opening, so that an
// emptied file is an error rather than a fresh chain. Rotate by time or
// size with [JSONLog.Rotate] and keep the paths in order. Audit with
// [VerifyFiles] and [VerifyCheckpoint]. After an Emit fails, the log
// refuses events until [JSONLog.Reopen] succeeds, which removes what the
// failed batch left. FORMAT-operations.md in this directory describes
// batches, anchors, rotation and repair byte for byte.
//
// # Accounting of disclosures
//
// [Accounting] lists the disclosures a patient may see under 164.528: the
// disclosure events about the patient whose obligations include "account",
// in a period, each with the date, the recipient, what was disclosed in
// words, the purpose and the legal basis. Which disclosures are excluded
// (treatment, payment and operations, to the patient, under an
// authorization, and the rest of 164.528(a)(1)) is the policy's to decide:
// its rules leave "account" off them. [AccountingPeriod] gives the six
// years a request may reach back. A disclosure that a cancellation event
// says did not happen is left out, here and in [FindAffected].
//
// # Breach
//
// [FindAffected] groups the disclosures matching a predicate by patient:
// what left, to whom and when — the list a breach notification under
// 164.404 starts from. It sees only what was audited.
//
// # FHIR
//
// [Event.MarshalFHIRAuditEvent] writes an event as a FHIR R4 AuditEvent,
// shaped after IHE BALP: a disclosure as PrivacyDisclosure.Source (type
// DCM 110106 Export, subtype iso-21089-lifecycle disclose, action R), a
// decision as an authorization decision (type DCM 110113, action E), with
// the purpose as purposeOfEvent, the actor and recipient as agents, the
// patient, the data and each released resource as entities (categories as
// securityLabel), the correlation ID as a BALP XrequestId entity, and the
// rule, basis, policy, obligations and chain position as entity details. A
// disclosure states the profile in meta.profile; a [FHIRWriter] supplies
// what the profile asks and an Event does not carry (the recording system,
// its network address, the custodian).
//
// # Concurrency
//
// Every sink here is safe for concurrent use, and so are the Recorder and
// FailingSink of audittest. A [Deferred] sink, being a [Sink], must be too.
// The other types (Event, CategoryOutcome, Checkpoint, Entry, Affected,
// Repair, ChainError) are plain values: several goroutines may read one,
// none may change it meanwhile; an Event's lists are shared by its copies
// until [Event.Clone]. A JSONSink writes whole lines in Seq order,
// several per write when Emits are concurrent. A JSONLog's Rotate, Reopen
// and Close wait for the Emits under way.
//
// # Performance
//
// The JSONSink encodes into a reused buffer with a hand-written encoder
// and a reused hash, with no allocation per event (pinned by tests, for a
// JSONSink in memory and a JSONLog on a file): about 2 µs of CPU for a
// disclosure of three categories and ten fields, half of it SHA-256, on a
// 2-core shared VM (BenchmarkJSONSinkEmit). On a file, the sync dominates:
// with one emitter a JSONSink does one sync per event, and with many,
// group commit shares each sync among the Emits waiting for it, so durable
// throughput grows with concurrency (BenchmarkJSONSinkDurable; the README
// has the figures). An [AsyncSink] takes the write off the caller's path
// at the price described above. Verify and ReadLog decode with
// encoding/json and are meant for audits, not hot paths.
package audit

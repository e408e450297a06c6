// Package audittest helps a host's tests check what its code put on the
// audit trail, in the manner of net/http/httptest: a [Recorder] that keeps
// every event it is given, matchers that describe an event, and functions
// that check recorded events against them and return an error saying what
// did not match.
//
//	rec := audittest.NewRecorder()
//	engine, _ := disclosure.New(policy, disclosure.WithAudit(rec))
//	// ... exercise the host ...
//	rec.Expect(t,
//		audittest.All(audittest.Type(audit.TypeDisclosure), audittest.Patient("Patient/p1"),
//			audittest.Obligation("account")))
//
// [FailAfter] gives a sink that fails on demand, to test that the host
// fails closed when the audit trail rejects an event.
//
// The package uses the standard library only, so a host's tests do not
// inherit this module's test dependencies.
package audittest

package disclosure

import (
	"slices"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/custodianhq/custodian/consent"
)

// lazy is a request value converted to a CEL value on first use. Converting
// a string to a CEL value allocates, and most conditions read only a few
// fields, so conversion waits until a condition asks; well-known codes come
// from the engine's table of interned values and never allocate.
type lazy struct {
	s string
	v ref.Val
}

func (l *lazy) set(s string) { l.s, l.v = s, nil }

func (l *lazy) val(interned map[string]ref.Val) ref.Val {
	if l.v == nil {
		if v, ok := interned[l.s]; ok {
			l.v = v
		} else {
			l.v = types.String(l.s)
		}
	}
	return l.v
}

// activation resolves the variables of a condition without maps: every
// lookup is a switch on the name. One activation serves one decision and is
// not shared between goroutines.
type activation struct {
	interned map[string]ref.Val

	patient, purpose, reason         lazy
	requesterID, requesterName       lazy
	requesterKind                    lazy
	recipientID, recipientName       lazy
	recipientKind, category, consent lazy

	attrs      map[string]any
	attributes ref.Val
	at         time.Time
	now        ref.Val
	permits    ref.Val
	denies     ref.Val
	optedIn    ref.Val
	scoped     ref.Val

	// results caches, per request, the results of the conditions that do
	// not depend on the category: 0 not yet evaluated, else Result+1.
	results []uint8
}

var activations = sync.Pool{New: func() any { return new(activation) }}

var emptyAttributes = types.DefaultTypeAdapter.NativeToValue(map[string]any{})

// reset fills the activation from a request decided at the instant at.
func (a *activation) reset(interned map[string]ref.Val, r *Request, at time.Time, slots int) {
	a.results = slices.Grow(a.results[:0], slots)[:slots]
	clear(a.results)
	a.interned = interned
	a.patient.set(r.Patient)
	a.purpose.set(string(r.Purpose))
	a.reason.set(r.Reason)
	a.requesterID.set(r.Requester.ID)
	a.requesterName.set(r.Requester.Name)
	a.requesterKind.set(r.Requester.Kind)
	a.recipientID.set(r.Recipient.ID)
	a.recipientName.set(r.Recipient.Name)
	a.recipientKind.set(r.Recipient.Kind)
	a.attrs, a.attributes = r.Attributes, nil
	a.at, a.now = at, nil
}

// setCategory points the activation at one category and at what the
// patient's consents say about it (see the consent contract in doc.go).
func (a *activation) setCategory(category string, as *consent.Assessment) {
	a.category.set(category)
	a.permits, a.denies = types.Bool(as.Grant.Permits()), types.Bool(as.Restriction.Denies())
	a.optedIn, a.scoped = types.Bool(as.Directive.Permits()), types.Bool(as.Grant.Permits() && as.Grant.Narrowed)
	a.consent.set(decidingConsent(as))
}

// decidingConsent is consent.id: the authorization when it permits, else
// the restriction when it denies, else "".
func decidingConsent(as *consent.Assessment) string {
	switch {
	case as.Grant.Permits():
		return as.Grant.ConsentID
	case as.Restriction.Denies():
		return as.Restriction.ConsentID
	}
	return ""
}

// release clears the activation's references and returns it to the pool.
func (a *activation) release() {
	results := a.results[:0]
	*a = activation{results: results}
	activations.Put(a)
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case varCategory:
		return a.category.val(a.interned), true
	case varPurpose:
		return a.purpose.val(a.interned), true
	case varRecipientKind:
		return a.recipientKind.val(a.interned), true
	case varAttributes:
		if a.attributes == nil {
			a.attributes = emptyAttributes
			if len(a.attrs) > 0 {
				a.attributes = types.DefaultTypeAdapter.NativeToValue(a.attrs)
			}
		}
		return a.attributes, true
	case varConsentPermits:
		return a.permits, true
	case varConsentDenies:
		return a.denies, true
	case varConsentID:
		return a.consent.val(a.interned), true
	case varConsentOptedIn:
		return a.optedIn, true
	case varConsentScoped:
		return a.scoped, true
	case varRecipientID:
		return a.recipientID.val(a.interned), true
	case varPatient:
		return a.patient.val(a.interned), true
	case varReason:
		return a.reason.val(a.interned), true
	case varRequesterKind:
		return a.requesterKind.val(a.interned), true
	case varRequesterID:
		return a.requesterID.val(a.interned), true
	case varRequesterName:
		return a.requesterName.val(a.interned), true
	case varRecipientName:
		return a.recipientName.val(a.interned), true
	case varNow:
		if a.now == nil {
			a.now = types.Timestamp{Time: a.at}
		}
		return a.now, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

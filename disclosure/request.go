package disclosure

import (
	"errors"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// Request asks whether a patient's information may be disclosed to a
// recipient, for a purpose, per data category.
type Request struct {
	// Patient is whose information: "ID", "Patient/ID" or an absolute URL
	// ending in "Patient/ID", which name the same patient; any other form
	// is an invalid request. Release refuses a record of another patient.
	Patient    string
	Requester  consent.Party      // the workforce member or system releasing
	Recipient  consent.Party      // who receives; Recipient.Kind is from the shared vocabulary
	Purpose    consent.Purpose    // why, as an HL7 PurposeOfUse code
	Categories []consent.Category // the data categories wanted; each is decided on its own
	Time       time.Time          // when the disclosure happens; zero: the engine's clock
	Reason     string             // free text, required by break-the-glass rules
	Attributes map[string]any     // host context visible to rules as request.attributes
	// CorrelationID is the host's identifier of what caused the request (an
	// HTTP request ID, a ticket number). It is not visible to rules; every
	// audit event of the request carries it.
	CorrelationID string
}

// ErrInvalidRequest is wrapped by the error Decide returns for a request
// that lacks a required field.
var ErrInvalidRequest = errors.New("disclosure: invalid request")

// validate reports every required field the request lacks.
func (r *Request) validate() error {
	var errs []error
	missing := func(field string) {
		errs = append(errs, fmt.Errorf("%w: %s is required", ErrInvalidRequest, field))
	}
	if r.Patient == "" {
		missing("Patient")
	} else if _, ok := requestPatient(r.Patient); !ok {
		errs = append(errs, fmt.Errorf("%w: Patient is not an ID, Patient/ID or an absolute URL ending in Patient/ID", ErrInvalidRequest))
	}
	if r.Requester.ID == "" {
		missing("Requester.ID")
	}
	if r.Recipient.ID == "" {
		missing("Recipient.ID")
	}
	if r.Recipient.Kind == "" {
		missing("Recipient.Kind")
	}
	if r.Purpose == "" {
		missing("Purpose")
	}
	if len(r.Categories) == 0 {
		missing("Categories (at least one)")
	}
	for i, c := range r.Categories {
		if c == "" {
			errs = append(errs, fmt.Errorf("%w: Categories[%d] is empty", ErrInvalidRequest, i))
		}
		for j := range i {
			if r.Categories[j] == c {
				errs = append(errs, fmt.Errorf("%w: Categories[%d] repeats %q", ErrInvalidRequest, i, c))
				break
			}
		}
	}
	return errors.Join(errs...)
}

// Decision is the engine's answer to a Request: one Outcome per requested
// category, in request order. The zero Decision permits nothing.
type Decision struct {
	ID       string    // unique, from the engine's ID generator; the audit event carries it
	Time     time.Time // the instant the request was decided for
	Request  Request
	Outcomes []Outcome
	// Trace lists, per category, the rules that were evaluated and what
	// each gave. By default it holds only the rules that decided or failed;
	// with WithTrace it holds every rule evaluated. See Step.
	Trace []Step
}

// Outcome is the decision on one category.
type Outcome struct {
	Category    consent.Category
	Effect      consent.Effect // Deny unless a permit rule matched and no deny rule did
	Rule        string         // the rule that decided; "" when no rule applied (default deny)
	Basis       string         // the legal basis, e.g. "45 CFR 164.512(b)(1)(i)"
	View        string         // the view of the record to release (permit only)
	Obligations []string       // e.g. "account", "redisclosure-notice", "review"
	ConsentID   string         // the consent relied on or refused by, when a rule read it
	Scope       *consent.Scope // a permit's limits to certain data; nil: none. See Release
	Withheld    []string       // the resources Release withheld under Scope, as "Type/id"
}

// Allowed reports whether every requested category was permitted.
func (d Decision) Allowed() bool {
	if len(d.Outcomes) == 0 {
		return false
	}
	for _, o := range d.Outcomes {
		if o.Effect != consent.Permit {
			return false
		}
	}
	return true
}

// Permitted returns the categories that may be disclosed, in request order.
func (d Decision) Permitted() []consent.Category { return d.categories(consent.Permit) }

// Withheld returns the categories that may not be disclosed, in request
// order.
func (d Decision) Withheld() []consent.Category { return d.categories(consent.Deny) }

func (d Decision) categories(e consent.Effect) []consent.Category {
	var out []consent.Category
	for _, o := range d.Outcomes {
		if o.Effect == e {
			out = append(out, o.Category)
		}
	}
	return out
}

// Outcome returns the outcome of category c, and false if c was not
// requested.
func (d Decision) Outcome(c consent.Category) (Outcome, bool) {
	for _, o := range d.Outcomes {
		if o.Category == c {
			return o, true
		}
	}
	return Outcome{}, false
}

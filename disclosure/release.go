package disclosure

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/minimize"
)

// Release is the result of Engine.Release: the decision, and the record as
// it may leave, or nil when nothing may.
type Release struct {
	Decision Decision
	Record   map[string]any
	Fields   []string // the record paths released, as the audit event lists them
	// Resources lists the resources released, "Type/id" (or "Type" for a
	// resource without an id), one per Bundle entry, in order, as the audit
	// event lists them.
	Resources []string
	// Labels lists, when the engine has a labeler (WithLabeler), each
	// resource whose codes reveal a sensitive category and each clinical
	// resource whose codes could not all be checked, in record order, and
	// whether it was withheld for that. Nil without a labeler.
	Labels []ResourceLabel
}

// Release runs the whole flow for a record leaving the building: it checks
// that the record is the request's patient's, decides r, removes from the
// record every element labelled with a withheld category (by FHIR
// meta.security, at any depth), applies the views of the permitted
// categories, and emits one audit event: a "disclosure" event whose Fields
// and Resources list exactly what was released, or a "decision" event when
// nothing leaves. The input record is never modified.
//
// Withheld are the categories denied and every specially protected
// category (see WithProtected) that was not permitted, named in the
// request or not: an element labelled HIV leaves only under a decision
// that permits HIV. Elements without labels of either kind go through the
// views of the permitted categories.
//
// With [WithLabeler], the categories the record's codes reveal are added
// to the request's and decided, and their labels added to the copy that is
// stripped, before any of this (see WithLabeler); [Release.Labels] says
// what was found.
//
// # The record
//
// The record is a FHIR resource or Bundle as decoded from JSON. A nil
// record, one without a string resourceType, or one whose Bundle entries,
// contained resources or patient references are not shaped as FHIR
// shapes them, is refused with an error wrapping [ErrInvalidRecord] before
// anything is decided; nothing is on record, as for an invalid request.
//
// Every resource must be the request's patient's: a Patient by its id,
// any other resource by its subject, patient, beneficiary and individual
// references, checked in the record itself, in each Bundle entry (nested
// Bundles too) and in each contained resource. "ID", "Patient/ID", an
// absolute URL ending in "Patient/ID" (with or without "/_history/n"), and
// a URN that a Bundle entry's fullUrl resolves to a Patient with that id,
// name the same patient; the server part of a URL is not compared. A
// Bundle entry's fullUrl naming a Patient must name the same patient too.
// A resource naming another patient, or naming one in a way that cannot
// be checked (an identifier or display only, a contained Patient, a URN no
// entry resolves), is refused with [ErrWrongPatient]. A resource that names
// no patient at all (a Practitioner, a Group) is refused with
// [ErrNoSubject] unless every view the decision releases through is
// declared with [WithSubjectless]; contained resources need not name one.
// Either refusal comes after the decision, which it overrides: every
// category is denied with rule [PatientRule], the reason in the trace, and
// the refusal is on record as a decision event, so that a misfiled record
// reaches the privacy officer. The error names the entry, the resource
// type and id and the patient IDs, never other patient data.
//
// A release that keeps nothing of the record (a Bundle none of whose
// entries is kept, a resource of which nothing is) is a decision, not a
// disclosure: it returns a nil Record and emits a decision event.
//
// # Failures
//
// Release fails closed: if the decision, the minimization or the audit
// fails, it returns the error and no record. When the sink rejects the
// disclosure event, the event may still be on record (one sink of an
// [audit.Multi] took it, a file took the line but could not sync it), so
// Release emits a cancellation ([audit.TypeCancellation], Cancels set to
// the decision ID; see [Engine.Cancel]) through the same sink, even if
// ctx is done, and returns an error wrapping [ErrAudit]; an accounting
// leaves a cancelled disclosure out. If the cancellation cannot be written
// either, the error also holds a [*CancelError] with the cancellation
// event: the host must emit it once the sink is back, or the accounting
// read from the sinks that took the disclosure lists one that did not
// happen.
//
// # Several views
//
// When the permitted categories name one view, it applies to the whole
// record. When they name different views, each category's data is released
// through its own view and nothing more: in a FHIR Bundle, an entry whose
// resource is labelled with permitted categories goes through the views of
// those categories, applied one after the other (a field leaves only if
// each of them releases it); an entry labelled with none of them, and the
// Bundle's own fields, go through every permitted view in turn. A record
// that is not a Bundle is treated as one entry. The result is the least
// that satisfies each category's view, never the union of what the views
// would release alone.
func (e *Engine) Release(ctx context.Context, r Request, record map[string]any) (Release, error) {
	patient, _ := requestPatient(r.Patient) // an invalid Patient fails decide
	facts, err := checkRecord(record, patient)
	if err != nil {
		return Release{}, err
	}
	lab, err := e.classify(&r, record) // adds the categories the codes reveal
	if err != nil {
		return Release{}, err
	}
	d, err := e.decide(ctx, &r)
	if err != nil {
		if d.ID != "" {
			err = errors.Join(err, e.record(ctx, &d, audit.TypeDecision, nil))
		}
		return Release{Decision: d, Labels: e.labelsOf(lab, nil)}, err
	}
	if err := e.belongs(&d, &facts); err != nil {
		d.refuse(PatientRule, err)
		return Release{Decision: d, Labels: e.labelsOf(lab, &d)}, errors.Join(err, e.record(ctx, &d, audit.TypeDecision, nil))
	}
	src, err := e.prepare(lab, &d, record) // record, or a labelled copy
	var out map[string]any
	var fields, resources []string
	if err == nil {
		out, fields, err = e.strip(&d, src)
	}
	if err == nil && out != nil {
		resources, err = e.released(&d, src, out, &facts)
	}
	if err != nil || len(resources) == 0 {
		err = errors.Join(err, e.record(ctx, &d, audit.TypeDecision, nil))
		return Release{Decision: d, Labels: e.labelsOf(lab, &d)}, err
	}
	if err := e.disclose(ctx, &d, fields, resources); err != nil {
		return Release{Decision: d, Labels: e.labelsOf(lab, &d)}, err
	}
	return Release{Decision: d, Record: out, Fields: fields, Resources: resources, Labels: e.labelsOf(lab, &d)}, nil
}

// strip returns what of record the decision releases, and the paths
// released; nil when nothing may go.
func (e *Engine) strip(d *Decision, record map[string]any) (map[string]any, []string, error) {
	record, err := applyScopes(d, record) // consents limited to certain data: scope.go
	if err != nil {
		return nil, nil, err
	}
	if record == nil {
		return nil, nil, nil
	}
	byCategory := map[string]*minimize.View{}
	var views []*minimize.View
	for _, o := range d.Outcomes {
		if o.Effect != consent.Permit {
			continue
		}
		v := e.view(o.View)
		if v == nil {
			return nil, nil, fmt.Errorf("disclosure: decision %s: rule %q names view %q, which the engine lacks", d.ID, o.Rule, o.View)
		}
		byCategory[string(o.Category)] = v
		if !slices.Contains(views, v) {
			views = append(views, v)
		}
	}
	if len(views) == 0 {
		return nil, nil, nil
	}
	withheld := e.withheld(d)
	if len(views) == 1 {
		out, rep, err := views[0].Apply(record, withheld...)
		if err != nil {
			return nil, nil, fmt.Errorf("disclosure: decision %s: %w", d.ID, err)
		}
		if out == nil {
			return nil, nil, nil
		}
		return out, union(rep.Released, rep.Transformed), nil
	}
	out, err := applyPerCategory(record, views, byCategory, withheld)
	if err != nil {
		return nil, nil, fmt.Errorf("disclosure: decision %s: %w", d.ID, err)
	}
	if out == nil {
		return nil, nil, nil
	}
	return out, leafPaths(out), nil
}

// withheld returns the categories d keeps home: those not permitted, and
// the specially protected ones not permitted, requested or not: an HIV
// result in a Bundle asked for as laboratory results does not leave with
// them.
func (e *Engine) withheld(d *Decision) []string {
	var out []string
	for _, o := range d.Outcomes {
		if o.Effect != consent.Permit {
			out = append(out, string(o.Category))
		}
	}
	for _, c := range e.protected {
		if o, ok := d.Outcome(c); (!ok || o.Effect != consent.Permit) && !slices.Contains(out, string(c)) {
			out = append(out, string(c))
		}
	}
	return out
}

// applyPerCategory releases each labelled part of record through the views
// of its categories and the rest through all views (see Release).
func applyPerCategory(record map[string]any, all []*minimize.View, byCategory map[string]*minimize.View, withheld []string) (map[string]any, error) {
	entries, isBundle := record["entry"].([]any)
	if record["resourceType"] != "Bundle" || !isBundle {
		return applyAll(record, viewsFor(record, all, byCategory), withheld)
	}
	envelope := make(map[string]any, len(record))
	for k, v := range record {
		if k != "entry" {
			envelope[k] = v
		}
	}
	out, err := applyAll(envelope, all, withheld)
	if err != nil || out == nil {
		return nil, err
	}
	var kept []any
	for _, entry := range entries {
		em, _ := entry.(map[string]any)
		res, _ := em["resource"].(map[string]any)
		one := map[string]any{"resourceType": "Bundle", "entry": []any{entry}}
		got, err := applyAll(one, viewsFor(res, all, byCategory), withheld)
		if err != nil {
			return nil, err
		}
		if es, ok := got["entry"].([]any); ok {
			kept = append(kept, es...)
		}
	}
	if len(kept) > 0 {
		out["entry"] = kept
	}
	return out, nil
}

// viewsFor returns the views of the permitted categories an element is
// labelled with, or all views when it carries none of their labels.
func viewsFor(element map[string]any, all []*minimize.View, byCategory map[string]*minimize.View) []*minimize.View {
	var vs []*minimize.View
	for _, l := range labels(element) {
		if v := byCategory[l]; v != nil && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return all
	}
	return vs
}

// applyAll applies views one after the other.
func applyAll(record map[string]any, views []*minimize.View, withheld []string) (map[string]any, error) {
	out := record
	for _, v := range views {
		var err error
		if out, _, err = v.Apply(out, withheld...); err != nil || out == nil {
			return nil, err
		}
	}
	return out, nil
}

// labels returns the codes of an element's FHIR meta.security.
func labels(element map[string]any) []string {
	meta, _ := element["meta"].(map[string]any)
	sec, _ := meta["security"].([]any)
	var out []string
	for _, s := range sec {
		if m, ok := s.(map[string]any); ok {
			if c, ok := m["code"].(string); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// leafPaths lists the paths of a record's leaves in the view path syntax,
// sorted and without duplicates.
func leafPaths(record map[string]any) []string {
	var out []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, x)
			}
		case []any:
			for _, x := range v {
				walk(prefix+"[]", x)
			}
		default:
			out = append(out, prefix)
		}
	}
	walk("", record)
	slices.Sort(out)
	return slices.Compact(out)
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

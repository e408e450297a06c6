package disclosure

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidRecord is wrapped by the error of a Release whose record is not
// a FHIR resource or Bundle: nil, without a resourceType, or shaped against
// FHIR where Release reads it (a Bundle entry without a resource, a
// reference that is not an object). Nothing is decided and nothing is on
// record: it is a defect of the caller, like an invalid request.
var ErrInvalidRecord = errors.New("disclosure: not a FHIR resource or Bundle")

// ErrWrongPatient is wrapped by the error of a Release whose record is not
// shown to be the request's patient's: a resource names another patient,
// or names its patient in a way that cannot be checked (by identifier or
// display only, through a contained resource, through a URN no entry of the
// Bundle resolves). The error names the entry, the resource type and id,
// and the patient IDs involved; never other patient data.
var ErrWrongPatient = errors.New("disclosure: record of another patient")

// ErrNoSubject is wrapped by the error of a Release whose record holds a
// resource that names no patient (a Practitioner, a Group, an Appointment),
// when the views it would leave through are not declared acceptable for
// such resources with [WithSubjectless].
var ErrNoSubject = errors.New("disclosure: record names no patient")

// PatientRule is the Outcome.Rule of every category of a Release refused
// for its record (see [ErrWrongPatient], [ErrNoSubject]): the refusal is on
// record as a decision event that denies every category.
const PatientRule = "patient"

// maxRecordDepth bounds how deeply Bundles and contained resources nest.
const maxRecordDepth = 8

// patientFields are the elements by which a FHIR R4 resource names its
// patient: subject (Observation, Condition, DiagnosticReport, ...), patient
// (AllergyIntolerance, Immunization, Claim, Consent, ...), beneficiary
// (Coverage), individual (ResearchSubject).
var patientFields = [...]string{"subject", "patient", "beneficiary", "individual"}

// resourceID is a resource's type and id ("" when it has none or it is not
// a FHIR id).
type resourceID struct{ typ, id string }

// String returns "Type/id", or "Type" without an id.
func (r resourceID) String() string {
	if r.id == "" {
		return r.typ
	}
	return r.typ + "/" + r.id
}

// recordFacts is what Release learns of a record before deciding.
type recordFacts struct {
	bundle    bool
	resources []resourceID // the record, or each entry of a Bundle, in order
	foreign   error        // the first resource not shown to be the patient's
	noSubject string       // where the first resource naming no patient is
}

// checkRecord reads what Release needs of a record: its shape, the type and
// id of each resource, and whether every resource is the patient's. It
// returns an error wrapping ErrInvalidRecord for a record that is not FHIR.
func checkRecord(record map[string]any, patient string) (recordFacts, error) {
	if record == nil {
		return recordFacts{}, fmt.Errorf("%w: the record is nil", ErrInvalidRecord)
	}
	s := scanner{patient: patient}
	if err := s.resource(record, 0, nil); err != nil {
		return recordFacts{}, err
	}
	f := s.facts
	f.bundle = s.path[0].id.typ == "Bundle"
	if !f.bundle {
		f.resources = []resourceID{s.path[0].id}
	}
	return f, nil
}

// scanner walks a record's resources. path[depth] locates the resource
// being read: path[0] is the record, each further step an entry of a
// Bundle or a contained resource.
type scanner struct {
	patient string // the request's patient ID
	facts   recordFacts
	path    [maxRecordDepth + 1]step
}

// step is one step of the way to a resource.
type step struct {
	kind string // "entry" or "contained"; "" for the record itself
	i    int
	id   resourceID
}

// where names the resource at depth: "entry[3] Observation/f001"; inside
// a nested Bundle or a contained resource, each step, separated by ", ".
func (s *scanner) where(depth int) string {
	var parts []string
	for d := 0; d <= depth; d++ {
		x := &s.path[d]
		switch {
		case x.kind != "" && x.id.typ == "":
			parts = append(parts, fmt.Sprintf("%s[%d]", x.kind, x.i))
		case x.kind != "":
			parts = append(parts, fmt.Sprintf("%s[%d] %s", x.kind, x.i, x.id))
		case x.id.typ != "Bundle" || d == depth:
			parts = append(parts, x.id.String())
		}
	}
	if len(parts) == 0 || parts[0] == "" {
		return "the record"
	}
	return strings.Join(parts, ", ")
}

func (s *scanner) invalid(depth int, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidRecord, s.where(depth), fmt.Sprintf(format, args...))
}

// foreign notes the first resource not shown to be the patient's.
func (s *scanner) foreign(depth int, format string, args ...any) {
	if s.facts.foreign == nil {
		s.facts.foreign = fmt.Errorf("%w: %s: %s", ErrWrongPatient, s.where(depth), fmt.Sprintf(format, args...))
	}
}

// enter sets the step to a resource at depth.
func (s *scanner) enter(depth int, kind string, i int) {
	s.path[depth] = step{kind: kind, i: i}
}

// resource checks the resource m at depth, and what it contains; the
// caller has entered its step. bundle is the Bundle whose entry holds it,
// or nil.
func (s *scanner) resource(m map[string]any, depth int, bundle *bundleIndex) error {
	typ, _ := m["resourceType"].(string)
	if !isResourceType(typ) {
		return s.invalid(depth, "no resourceType")
	}
	cur := &s.path[depth]
	cur.id.typ = typ
	if id, _ := m["id"].(string); isID(id) {
		cur.id.id = id
	}
	if typ == "Bundle" {
		return s.bundle(m, depth)
	}
	named := false
	if typ == "Patient" {
		named = true
		switch {
		case cur.kind == "contained":
			s.foreign(depth, "a contained Patient has no identity of its own; the patient cannot be confirmed")
		case cur.id.id == "":
			s.foreign(depth, "the Patient has no id (or not a FHIR id); the patient cannot be confirmed")
		case cur.id.id != s.patient:
			s.foreign(depth, "the Patient is not the request's patient %s", s.patient)
		}
	}
	for _, field := range patientFields {
		v, ok := m[field]
		if !ok {
			continue
		}
		named = true
		switch v := v.(type) {
		case map[string]any:
			s.reference(v, field, depth, bundle)
		case []any:
			for _, x := range v {
				ref, ok := x.(map[string]any)
				if !ok {
					return s.invalid(depth, "%s is not a list of References", field)
				}
				s.reference(ref, field, depth, bundle)
			}
		default:
			return s.invalid(depth, "%s is not a Reference", field)
		}
	}
	if c, ok := m["contained"]; ok {
		list, ok := c.([]any)
		if !ok {
			return s.invalid(depth, "contained is not a list")
		}
		if len(list) > 0 && depth == maxRecordDepth {
			return s.invalid(depth, "Bundles and contained resources nest deeper than %d", maxRecordDepth)
		}
		for i, x := range list {
			s.enter(depth+1, "contained", i)
			cm, ok := x.(map[string]any)
			if !ok {
				return s.invalid(depth+1, "not a resource")
			}
			if err := s.resource(cm, depth+1, bundle); err != nil {
				return err
			}
		}
	}
	// A contained resource belongs to its container, which names the
	// patient; only a resource on its own must name one.
	if !named && cur.kind != "contained" && s.facts.noSubject == "" {
		s.facts.noSubject = s.where(depth)
	}
	return nil
}

// bundle checks each entry of the Bundle m at depth.
func (s *scanner) bundle(m map[string]any, depth int) error {
	raw, ok := m["entry"]
	if !ok {
		return nil
	}
	entries, ok := raw.([]any)
	if !ok {
		return s.invalid(depth, "entry is not a list")
	}
	if len(entries) > 0 && depth == maxRecordDepth {
		return s.invalid(depth, "Bundles and contained resources nest deeper than %d", maxRecordDepth)
	}
	if depth == 0 {
		s.facts.resources = make([]resourceID, 0, len(entries))
	}
	index := bundleIndex{entries: entries}
	for i, x := range entries {
		s.enter(depth+1, "entry", i)
		em, ok := x.(map[string]any)
		if !ok {
			return s.invalid(depth+1, "not an object")
		}
		res, ok := em["resource"].(map[string]any)
		if !ok {
			return s.invalid(depth+1, "no resource")
		}
		if err := s.resource(res, depth+1, &index); err != nil {
			return err
		}
		// An entry's fullUrl leaves with it: one naming another patient
		// discloses that patient's ID.
		if u, ok := em["fullUrl"].(string); ok {
			if id, ok := patientRef(u); ok && id != s.patient {
				s.foreign(depth+1, "fullUrl is Patient/%s, not the request's patient %s", id, s.patient)
			}
		}
		if depth == 0 {
			s.facts.resources = append(s.facts.resources, s.path[1].id)
		}
	}
	return nil
}

// reference checks a Reference by which a resource names its patient.
func (s *scanner) reference(ref map[string]any, field string, depth int, bundle *bundleIndex) {
	r, ok := ref["reference"].(string)
	switch {
	case !ok:
		s.foreign(depth, "%s has no literal reference (an identifier or a display only); the patient cannot be confirmed", field)
	case strings.HasPrefix(r, "#"):
		s.foreign(depth, "%s refers to a contained resource; the patient cannot be confirmed", field)
	default:
		if id, ok := patientRef(r); ok {
			if id != s.patient {
				s.foreign(depth, "%s is Patient/%s, not the request's patient %s", field, id, s.patient)
			}
			return
		}
		if target := bundle.lookup(r); target != nil {
			typ, _ := target["resourceType"].(string)
			id, _ := target["id"].(string)
			if typ != "Patient" || id != s.patient {
				s.foreign(depth, "%s refers to an entry of the Bundle that is not the request's patient", field)
			}
			return
		}
		s.foreign(depth, "%s is not a reference to a Patient; the patient cannot be confirmed", field)
	}
}

// bundleIndex resolves references to a Bundle's entries by fullUrl,
// indexing them on first use.
type bundleIndex struct {
	entries []any
	byURL   map[string]map[string]any
}

func (b *bundleIndex) lookup(url string) map[string]any {
	if b == nil {
		return nil
	}
	if b.byURL == nil {
		b.byURL = make(map[string]map[string]any, len(b.entries))
		for _, x := range b.entries {
			em, _ := x.(map[string]any)
			u, _ := em["fullUrl"].(string)
			res, _ := em["resource"].(map[string]any)
			if u != "" && res != nil {
				b.byURL[u] = res
			}
		}
	}
	return b.byURL[url]
}

// requestPatient returns the patient ID of Request.Patient: "ID",
// "Patient/ID" or an absolute URL ending in "Patient/ID".
func requestPatient(p string) (string, bool) {
	if isID(p) {
		return p, true
	}
	return patientRef(p)
}

// patientRef returns the ID of a literal reference to a Patient:
// "Patient/ID" or an absolute URL ending in "/Patient/ID", either with an
// optional "/_history/version". The server part of a URL is not compared:
// the patient ID is the identity.
func patientRef(r string) (string, bool) {
	if i := strings.Index(r, "/_history/"); i >= 0 {
		r = r[:i]
	}
	i := strings.LastIndex(r, "Patient/")
	if i < 0 {
		return "", false
	}
	if base := r[:i]; base != "" && (!strings.HasSuffix(base, "/") || !strings.Contains(base, "://")) {
		return "", false
	}
	id := r[i+len("Patient/"):]
	return id, isID(id)
}

// isID reports whether s is a FHIR id: 1 to 64 letters, digits, '-' and
// '.'.
func isID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// isResourceType reports whether s has the form of a FHIR resource type:
// an upper-case letter, then letters, at most 64.
func isResourceType(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

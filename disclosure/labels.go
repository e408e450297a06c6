package disclosure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/label"
)

// WithLabeler makes Release read the record's codes with l before it
// decides ([label.Default] holds the shipped value sets), so that a
// record's sensitivity does not depend on labels the host may have missed:
//
//   - every category the record's codes reveal, and every sensitivity
//     category (HL7 ActCode) its resources are already labelled with, in
//     meta.security or inline, is added to the request's categories, after
//     those the host listed, and is decided like them: it leaves only if it
//     is permitted;
//   - the DS4P labels l finds are added to the copy of the record that
//     Release strips (never to the caller's map), so that the resources
//     holding a withheld category leave the record and the others are
//     released through the views of their own categories (see
//     [Engine.Release]);
//   - a clinical resource whose codes could not all be checked (a code of
//     a system no value set covers, such as SNOMED CT; an RxNorm drug that
//     the shipped sets, which list ingredients only and are partial, do
//     not name, such as a clinical or branded drug; a medicationReference
//     to a Medication that is not in the record; a concept in text only;
//     no code at all) is withheld whenever the decision withholds a
//     specially protected category, since it could hold one, even when it
//     revealed a category that was permitted (see [Release.Labels] and
//     [WithUncheckedRelease]). Resources that carry no clinical codes
//     (Patient, Person, RelatedPerson, Practitioner, PractitionerRole,
//     Organization, Location, Endpoint, HealthcareService) are not
//     withheld for that, unless the unchecked codes are in a resource they
//     contain: label reports a Patient as Uncoded, and the views decide
//     what of it leaves. Records coded in SNOMED CT (many are) stay
//     home under the shipped sets alone: a host that holds the licence adds
//     SNOMED CT value sets to l (see the label package) so that their codes
//     are checked.
//
// unlabelled is the category under which a record's data with no
// sensitive code is decided when a request lists no categories, such as
// [consent.Laboratory] for a host that releases results: such a request
// asks for unlabelled plus every category found. With unlabelled empty, a
// request must list its categories: one that lists none is refused with
// [ErrInvalidRequest], as without a labeler, since no rule could say
// whether the data with no sensitive code may leave. A policy that
// declares a vocabulary of categories must list those l can find (the
// shipped sets: HIV, ETH, ETHUD, OPIOIDUD, PSY, GDIS, STD, SEX), or they
// are denied by rule [VocabularyRule] and their resources withheld. [New]
// fails if l is nil.
//
// A finding labels the whole resource (FHIR meta.security): a resource
// with one HIV component is withheld whole when HIV is, although the
// labeler also marks the component with an inline label. A prescription
// whose medicationReference names a Medication of the record takes that
// Medication's categories (see the label package), so it stays home with
// its drug.
func WithLabeler(l *label.Labeler, unlabelled consent.Category) Option {
	return func(c *config) { c.labeler, c.labelerSet, c.unlabelled = l, true, unlabelled }
}

// WithUncheckedRelease lets Release release the clinical resources whose
// codes the labeler could not all check ([label.Incomplete],
// [label.Uncoded], or Sensitive but not [label.Result.Complete]) under the
// decision, as it releases the others: what it found still withholds them.
// By default such a resource is withheld whenever the decision withholds a
// specially protected category: it could hold one. Either way it is listed
// in [Release.Labels]. Opt in only where the codes the labeler cannot read
// are known not to carry protected information. [New] fails without
// [WithLabeler].
func WithUncheckedRelease() Option { return func(c *config) { c.unchecked = true } }

// ResourceLabel is what the engine's labeler found in one resource of a
// record given to Release.
type ResourceLabel struct {
	Resource string // "Type/id", or "Type" for a resource without an id
	// Status is label.Sensitive for a resource whose codes reveal a
	// category; label.Incomplete or label.Uncoded for one whose codes
	// could not all be checked.
	Status     label.Status
	Categories []consent.Category // the categories its codes reveal, sorted
	// Complete reports whether every code of the resource was checked;
	// false for Incomplete and Uncoded, and for a Sensitive resource with
	// codes no value set covers.
	Complete bool
	// Withheld reports whether Release kept the resource home for what
	// the labeler found: a category the decision withholds, or unchecked
	// codes while a protected category is withheld. A resource may also
	// stay home for other reasons (nothing was permitted, a view drops
	// it): Release.Resources lists what left.
	Withheld bool
}

// administrative are the resource types that carry no clinical codes:
// their identity and contact data are released or not by the views, and
// they are never withheld as unchecked.
var administrative = map[string]bool{
	"Patient": true, "Person": true, "RelatedPerson": true, "Practitioner": true,
	"PractitionerRole": true, "Organization": true, "Location": true,
	"Endpoint": true, "HealthcareService": true,
}

// labelling is what the labeler said about a record given to Release.
type labelling struct {
	report  label.Report
	found   []string // the categories found, sorted
	unknown bool     // some clinical resource could not be checked
}

// classify reads record with the engine's labeler, if any, and adds the
// categories found to r's; nil without a labeler.
func (e *Engine) classify(r *Request, record map[string]any) (*labelling, error) {
	if e.rel.labeler == nil {
		return nil, nil
	}
	rep, err := e.rel.labeler.Classify(record)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRecord, err)
	}
	found := recordLabels(rep, rep.Categories())
	cats := slices.Clip(r.Categories) // never the caller's array
	if len(cats) == 0 {
		if e.rel.unlabelled == "" {
			return nil, fmt.Errorf("%w: Categories is empty and WithLabeler declares no category for data without a sensitive code", ErrInvalidRequest)
		}
		cats = make([]consent.Category, 1, 1+len(found))
		cats[0] = e.rel.unlabelled
	}
	for _, c := range found {
		if !slices.Contains(cats, consent.Category(c)) {
			cats = append(cats, consent.Category(c))
		}
	}
	r.Categories = cats
	lab := &labelling{report: rep, found: found}
	for _, res := range rep.Resources {
		if lab.isUnchecked(res) {
			lab.unknown = true
		}
	}
	return lab, nil
}

// recordLabels adds to found, keeping it sorted, the sensitivity
// categories (HL7 ActCode) that the record is already labelled with, as
// the labeler read them: in its resources' meta.security and inline
// labels, and in its Bundles' own meta.security. A category a record is
// labelled with is decided like one its codes reveal, whatever the host
// listed.
func recordLabels(rep label.Report, found []string) []string {
	add := func(code string) {
		if i, ok := slices.BinarySearch(found, code); !ok {
			found = slices.Insert(found, i, code)
		}
	}
	for _, res := range rep.Resources {
		for _, c := range res.Labels {
			add(c)
		}
	}
	for _, c := range rep.Labels {
		add(c)
	}
	return found
}

// isUnchecked reports whether res is a clinical resource whose codes
// could not all be checked, or an administrative one with such codes in a
// resource it contains (a Patient holding a contained Condition is as
// clinical as the Condition).
func (lab *labelling) isUnchecked(res label.Result) bool {
	if res.Complete() {
		return false
	}
	if !administrative[res.ResourceType] {
		return true
	}
	for _, u := range res.Unchecked {
		if strings.HasPrefix(u.Path, "contained") {
			return true
		}
	}
	return false
}

// prepare returns the record Release strips under d: record itself when
// the labeler found nothing to add, else a copy with the DS4P labels of
// the categories found and, when a protected category is withheld, the
// label of one on each unchecked clinical resource, so that it stays home.
func (e *Engine) prepare(lab *labelling, d *Decision, record map[string]any) (map[string]any, error) {
	if lab == nil {
		return record, nil
	}
	mark := ""
	if lab.unknown && !e.rel.unchecked {
		for _, c := range e.withheld(d) {
			if slices.Contains(e.protected, consent.Category(c)) {
				mark = c
				break
			}
		}
	}
	if mark == "" && len(lab.found) == 0 {
		return record, nil
	}
	out, done, err := e.rel.labeler.Label(record)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRecord, err)
	}
	if mark == "" {
		return out, nil
	}
	resources := resourcesOf(out, nil)
	if len(resources) != len(done.Report.Resources) {
		return nil, fmt.Errorf("disclosure: decision %s: the labeler reported %d resources, the record holds %d", d.ID, len(done.Report.Resources), len(resources))
	}
	for i, res := range done.Report.Resources {
		if !lab.isUnchecked(res) {
			continue
		}
		if err := addLabel(resources[i], mark); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidRecord, resultWhere(res), err)
		}
	}
	return out, nil
}

// resourcesOf appends the resources of record in the labeler's order: the
// record itself, or each entry's resource, a nested Bundle's after it.
func resourcesOf(record map[string]any, out []map[string]any) []map[string]any {
	if record["resourceType"] != "Bundle" {
		return append(out, record)
	}
	entries, _ := record["entry"].([]any)
	for _, entry := range entries {
		em, _ := entry.(map[string]any)
		if res, ok := em["resource"].(map[string]any); ok {
			out = resourcesOf(res, out)
		}
	}
	return out
}

// addLabel adds an ActCode security label to a resource's meta.security.
func addLabel(resource map[string]any, code string) error {
	meta, ok := resource["meta"].(map[string]any)
	if !ok {
		if resource["meta"] != nil {
			return fmt.Errorf("meta is not an object")
		}
		meta = map[string]any{}
		resource["meta"] = meta
	}
	sec, ok := meta["security"].([]any)
	if !ok && meta["security"] != nil {
		return fmt.Errorf("meta.security is not an array")
	}
	meta["security"] = append(sec, map[string]any{"system": actCodeSystem, "code": code})
	return nil
}

// actCodeSystem is the code system of the HL7 v3 sensitivity codes.
const actCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

// resultWhere names a resource of the record for an error: its path, type and
// id, never other data.
func resultWhere(res label.Result) string {
	p := res.Path
	if p == "" {
		p = "the record"
	}
	return fmt.Sprintf("%s (%s)", p, resultName(res))
}

// resultName returns "Type/id", or "Type" without an id.
func resultName(res label.Result) string {
	if res.ID == "" {
		return res.ResourceType
	}
	return res.ResourceType + "/" + res.ID
}

// labelsOf lists what the labeler found for Release.Labels, in record order:
// each sensitive resource, and each clinical resource whose codes could
// not all be checked, with whether d withheld it for that; d is nil when
// nothing was decided.
func (e *Engine) labelsOf(lab *labelling, d *Decision) []ResourceLabel {
	if lab == nil || (!lab.unknown && len(lab.found) == 0) {
		return nil // nothing to report: the common case costs nothing
	}
	var withheld []string
	var protectedWithheld bool
	if d != nil {
		withheld = e.withheld(d)
		for _, c := range withheld {
			protectedWithheld = protectedWithheld || slices.Contains(e.protected, consent.Category(c))
		}
	}
	var out []ResourceLabel
	for _, res := range lab.report.Resources {
		s, unchecked := res.Status(), lab.isUnchecked(res)
		if s != label.Sensitive && !unchecked {
			continue
		}
		rl := ResourceLabel{Resource: resultName(res), Status: s, Complete: res.Complete()}
		rl.Withheld = unchecked && protectedWithheld && !e.rel.unchecked
		for _, c := range res.Categories() {
			rl.Categories = append(rl.Categories, consent.Category(c))
			rl.Withheld = rl.Withheld || slices.Contains(withheld, c)
		}
		out = append(out, rl)
	}
	return out
}

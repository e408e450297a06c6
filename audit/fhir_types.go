package audit

// The parts of a FHIR R4 AuditEvent that MarshalFHIRAuditEvent writes.

type fhirCoding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

type fhirConcept struct {
	Coding []fhirCoding `json:"coding"`
}

type fhirIdentifier struct {
	Value string `json:"value"`
}

type fhirReference struct {
	Reference  string          `json:"reference,omitempty"`
	Identifier *fhirIdentifier `json:"identifier,omitempty"`
	Display    string          `json:"display,omitempty"`
}

type fhirAgent struct {
	Type      *fhirConcept   `json:"type,omitempty"`
	Role      []fhirConcept  `json:"role,omitempty"`
	Who       *fhirReference `json:"who,omitempty"`
	Requestor bool           `json:"requestor"`
	Policy    []string       `json:"policy,omitempty"`
	Network   *fhirNetwork   `json:"network,omitempty"`
}

// fhirNetwork is an agent's network address; when it is not known, an
// extension data-absent-reason "unknown" in its place.
type fhirNetwork struct {
	Extension []fhirExtension `json:"extension,omitempty"`
	Address   string          `json:"address,omitempty"`
	Type      string          `json:"type,omitempty"`
}

type fhirExtension struct {
	URL       string `json:"url"`
	ValueCode string `json:"valueCode"`
}

type fhirMeta struct {
	Profile []string `json:"profile"`
}

type fhirSource struct {
	Observer fhirReference `json:"observer"`
	Type     []fhirCoding  `json:"type,omitempty"`
}

type fhirDetail struct {
	Type        string `json:"type"`
	ValueString string `json:"valueString"`
}

type fhirEntity struct {
	What          *fhirReference `json:"what,omitempty"`
	Type          *fhirCoding    `json:"type,omitempty"`
	Role          *fhirCoding    `json:"role,omitempty"`
	Lifecycle     *fhirCoding    `json:"lifecycle,omitempty"`
	SecurityLabel []fhirCoding   `json:"securityLabel,omitempty"`
	Description   string         `json:"description,omitempty"`
	Detail        []fhirDetail   `json:"detail,omitempty"`
}

type fhirAuditEvent struct {
	ResourceType   string        `json:"resourceType"`
	ID             string        `json:"id,omitempty"`
	Meta           *fhirMeta     `json:"meta,omitempty"`
	Type           fhirCoding    `json:"type"`
	Subtype        []fhirCoding  `json:"subtype,omitempty"`
	Action         string        `json:"action,omitempty"`
	Recorded       string        `json:"recorded"`
	Outcome        string        `json:"outcome,omitempty"`
	OutcomeDesc    string        `json:"outcomeDesc,omitempty"`
	PurposeOfEvent []fhirConcept `json:"purposeOfEvent,omitempty"`
	Agent          []fhirAgent   `json:"agent"`
	Source         fhirSource    `json:"source"`
	Entity         []fhirEntity  `json:"entity,omitempty"`
}

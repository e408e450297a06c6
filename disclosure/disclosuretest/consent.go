package disclosuretest

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// consentEntry is a consent on file: written out in YAML, or a FHIR R4
// Consent file.
type consentEntry struct {
	FHIR        string         `yaml:"fhir"`
	ID          string         `yaml:"id"`
	Patient     string         `yaml:"patient"`
	Status      string         `yaml:"status"`
	Grantor     partyEntry     `yaml:"grantor"`
	Signed      time.Time      `yaml:"signed"`
	Period      periodEntry    `yaml:"period"`
	Description string         `yaml:"description"`
	Disclosers  []partyEntry   `yaml:"disclosers"`
	ExpiryEvent string         `yaml:"expiry_event"`
	Authority   string         `yaml:"authority"`
	Revoked     time.Time      `yaml:"revoked"`
	Provision   provisionEntry `yaml:"provision"`
}

type periodEntry struct {
	Start time.Time `yaml:"start"`
	End   time.Time `yaml:"end"`
}

type provisionEntry struct {
	Effect     string           `yaml:"effect"`
	Recipients []string         `yaml:"recipients"`
	Purposes   []string         `yaml:"purposes"`
	Categories []string         `yaml:"categories"`
	Period     periodEntry      `yaml:"period"`
	Actions    []string         `yaml:"actions"`
	Provisions []provisionEntry `yaml:"provisions"`
}

func (ce consentEntry) consent(dir string) (consent.Consent, error) {
	if ce.FHIR != "" {
		path := ce.FHIR
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return consent.Consent{}, err
		}
		c, err := consent.ParseFHIR(data)
		if err != nil {
			return consent.Consent{}, fmt.Errorf("%s: %w", ce.FHIR, err)
		}
		return c, nil
	}
	if ce.ID == "" || ce.Patient == "" {
		return consent.Consent{}, fmt.Errorf("a consent needs an id and a patient")
	}
	status := consent.Status(ce.Status)
	if status == "" {
		status = consent.Active
	}
	if ce.Status == "revoked" {
		status = consent.Revoked
	}
	p, err := ce.Provision.provision("provision")
	if err != nil {
		return consent.Consent{}, err
	}
	c := consent.Consent{
		ID: ce.ID, Patient: ce.Patient, Status: status, Grantor: consent.Party(ce.Grantor),
		Signed: ce.Signed, Period: consent.Period(ce.Period), Provision: p,
		Description: ce.Description, ExpiryEvent: ce.ExpiryEvent, Authority: ce.Authority, Revoked: ce.Revoked,
	}
	if !c.Revoked.IsZero() {
		c.Status = consent.Revoked
	}
	for _, d := range ce.Disclosers {
		c.Disclosers = append(c.Disclosers, consent.Party(d))
	}
	return c, nil
}

func (pe provisionEntry) provision(where string) (consent.Provision, error) {
	var p consent.Provision
	switch pe.Effect {
	case "permit":
		p.Effect = consent.Permit
	case "deny":
		p.Effect = consent.Deny
	default:
		return p, fmt.Errorf("%s.effect: want permit or deny, got %q", where, pe.Effect)
	}
	p.Recipients = pe.Recipients
	for _, s := range pe.Purposes {
		p.Purposes = append(p.Purposes, consent.Purpose(s))
	}
	for _, s := range pe.Categories {
		p.Categories = append(p.Categories, consent.Category(s))
	}
	p.Period = consent.Period(pe.Period)
	for _, a := range pe.Actions {
		p.Actions = append(p.Actions, consent.Coding{System: "http://terminology.hl7.org/CodeSystem/consentaction", Code: a})
	}
	for i, c := range pe.Provisions {
		q, err := c.provision(fmt.Sprintf("%s.provisions[%d]", where, i))
		if err != nil {
			return p, err
		}
		p.Provisions = append(p.Provisions, q)
	}
	return p, nil
}

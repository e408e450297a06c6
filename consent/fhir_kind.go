package consent

import (
	"encoding/json"
	"strings"
)

// Codes that state a consent's kind or domain in FHIR R4.
const (
	systemLOINC        = "http://loinc.org"
	systemConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope"
	systemPolicyCodes  = "http://terminology.hl7.org/CodeSystem/consentpolicycodes"

	loincReleaseOfInformation = "64292-6" // Release of information consent
	actInformationDisclosure  = "IDSCL"   // v3-ActCode: information disclosure consent
)

// readDomain maps Consent.scope to a Domain (a coding without system is
// read as one of consentscope). patient-privacy and research
// are read; a scope the model cannot represent (adr, an advance directive;
// treatment, a consent to receive care, which governs no disclosure; any
// other code) is refused: scope is a modifier, and reading such a consent
// as a privacy consent would change its meaning.
func readDomain(raw json.RawMessage) (Domain, error) {
	var cc struct {
		Coding []struct{ System, Code string }
	}
	if err := json.Unmarshal(raw, &cc); err != nil {
		return "", &FHIRError{Path: "scope", Msg: "not a CodeableConcept"}
	}
	var d Domain
	found := false
	for i, co := range cc.Coding {
		var got Domain
		scopeSystem := co.System == systemConsentScope || co.System == ""
		switch {
		case scopeSystem && co.Code == "patient-privacy":
			got = PrivacyDomain
		case scopeSystem && co.Code == "research":
			got = ResearchDomain
		default:
			return "", &FHIRError{Path: indexPath("scope.coding", i), Msg: "a scope this library does not represent: " + quoteCode(co.Code) + " (patient-privacy and research are read)"}
		}
		if found && got != d {
			return "", &FHIRError{Path: "scope.coding", Msg: "the codings name different scopes"}
		}
		d, found = got, true
	}
	if !found {
		return "", &FHIRError{Path: "scope", Msg: "no coding of consentscope"}
	}
	return d, nil
}

// readKind states the kind of a consent read from FHIR, from the elements
// kept raw and the provisions:
//
//   - Authorization: category LOINC 64292-6 (release of information) or
//     v3-ActCode IDSCL, a policy whose uri cites 45 CFR 164.508, or the
//     policyRule hipaa-auth;
//   - Restriction: otherwise, when no provision permits, or the policyRule
//     is OPTOUT, OPTOUTE, hipaa-restrictions or hipaa-self-pay;
//   - Directive: any other privacy consent that permits (OPTIN, OPTINR):
//     an opt-in that authorizes no third party.
//
// A consent whose elements are unclear is therefore never an
// authorization: it cannot permit a disclosure to a third party.
func readKind(els map[string]json.RawMessage, p *Provision) Kind {
	var doc struct {
		Category []struct {
			Coding []struct{ System, Code string }
		}
		Policy     []struct{ URI string }
		PolicyRule struct {
			Coding []struct{ System, Code string }
		}
	}
	// Each element was decoded and checked once already; a part that does
	// not decode here is left out of the classification.
	_ = json.Unmarshal(els["category"], &doc.Category)
	_ = json.Unmarshal(els["policy"], &doc.Policy)
	_ = json.Unmarshal(els["policyRule"], &doc.PolicyRule)
	for _, cc := range doc.Category {
		for _, co := range cc.Coding {
			if (co.System == systemLOINC && co.Code == loincReleaseOfInformation) ||
				(co.System == SystemActCode && co.Code == actInformationDisclosure) {
				return Authorization
			}
		}
	}
	for _, po := range doc.Policy {
		if strings.Contains(po.URI, "164.508") {
			return Authorization
		}
	}
	restriction := !p.permits()
	for _, co := range doc.PolicyRule.Coding {
		switch co.Code {
		case "hipaa-auth":
			return Authorization
		case "OPTOUT", "OPTOUTE", "hipaa-restrictions", "hipaa-self-pay":
			restriction = true
		}
	}
	if restriction {
		return Restriction
	}
	return Directive
}

# The bench policy in Rego. input.purposes holds the purpose and its
# ancestors in the HL7 PurposeOfUse hierarchy; input.attributes the host's
# flags; input.consent_permits the consent evaluation.
package disclosure

protected := {"PSYTHPN", "ETH", "SUD", "ETHUD", "OPIOIDUD", "HIV", "GDIS"}

part2 := {"ETH", "SUD", "ETHUD", "OPIOIDUD"}

flag(name) if input.attributes[name] == true

deny contains "d01-public" if input.kind == "public"

deny contains "d02-btg" if {
	"ETREAT" in input.purposes
	input.reason == ""
}

deny contains "d03-marketing" if {
	"HMARKT" in input.purposes
	not input.consent_permits
}

deny contains "d04-sale" if {
	flag("sale_of_phi")
	not input.consent_permits
}

deny contains "d05-psy" if {
	input.category == "PSYTHPN"
	not input.consent_permits
	input.kind != "hhs"
}

deny contains "d06-part2" if {
	part2[input.category]
	not input.consent_permits
	not flag("part2_court_order")
}

permit contains "p07-access" if {
	"PATRQT" in input.purposes
	input.kind == "patient"
	input.recipient_id == input.patient
	flag("identity_verified")
}

permit contains "p08-auth" if input.consent_permits

permit contains "p09-btg" if {
	"ETREAT" in input.purposes
	input.kind == "provider"
}

permit contains "p10-treat" if {
	"TREAT" in input.purposes
	input.kind == "provider"
	not protected[input.category]
}

permit contains "p11-pay" if {
	"HPAYMT" in input.purposes
	input.kind in {"health-plan", "provider", "clearinghouse"}
	not protected[input.category]
}

permit contains "p12-ops" if {
	"HOPERAT" in input.purposes
	input.kind in {"health-plan", "provider"}
	not protected[input.category]
}

permit contains "p13-law" if {
	flag("required_by_law")
	input.kind in {"court", "law-enforcement", "government"}
}

permit contains "p14-oversight" if input.kind == "health-oversight-agency"

permit contains "p15-public-health" if {
	input.kind == "public-health-authority"
	"PUBHLTH" in input.purposes
}

permit contains "p16-court" if {
	input.kind == "court"
	flag("court_order")
}

permit contains "p17-coroner" if input.kind == "coroner"

permit contains "p18-organ" if input.kind == "organ-procurement"

permit contains "p19-research" if {
	input.kind == "researcher"
	flag("irb_waiver")
}

permit contains "p20-threat" if flag("serious_threat")

default decision := {"permit": false, "rule": ""}

decision := {"permit": false, "rule": min(deny)} if count(deny) > 0

decision := {"permit": true, "rule": min(permit)} if {
	count(deny) == 0
	count(permit) > 0
}

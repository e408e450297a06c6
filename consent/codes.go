package consent

// Purpose is why information is used or disclosed: an HL7 v3 PurposeOfUse
// code (system http://terminology.hl7.org/CodeSystem/v3-ActReason). The set
// is open: hosts may use codes of their own.
type Purpose string

// Well-known PurposeOfUse codes.
const (
	Treatment          Purpose = "TREAT"    // treatment
	EmergencyTreatment Purpose = "ETREAT"   // emergency treatment; the break-the-glass purpose
	BreakTheGlass      Purpose = "BTG"      // a policy override by a user not normally provisioned
	ContinuityOfCare   Purpose = "COC"      // continuity of care
	ClinicalTrial      Purpose = "CLINTRL"  // treatment in a clinical trial
	PopulationHealth   Purpose = "POPHLTH"  // population health
	Payment            Purpose = "HPAYMT"   // payment
	Coverage           Purpose = "COVERAGE" // coverage under a policy or program
	ClaimAttachment    Purpose = "CLMATTCH" // claim attachment
	Eligibility        Purpose = "ELIGDTRM" // eligibility determination
	Operations         Purpose = "HOPERAT"  // health care operations
	Legal              Purpose = "HLEGAL"   // legal (an operations purpose: there is no PurposeOfUse "LEGAL")
	QualityImprovement Purpose = "HQUALIMP" // quality improvement
	Fraud              Purpose = "FRAUD"    // fraud detection
	Research           Purpose = "HRESCH"   // research
	ClinicalResearch   Purpose = "CLINTRCH" // clinical trial research
	PatientRequest     Purpose = "PATRQT"   // at the request of the patient
	FamilyRequest      Purpose = "FAMRQT"   // a family member authorized by the patient
	PowerOfAttorney    Purpose = "PWATRNY"  // a legal representative or power of attorney
	SupportNetwork     Purpose = "SUPNWK"   // the patient's support network
	PublicHealth       Purpose = "PUBHLTH"  // public health, e.g. notifiable-condition reporting
	Disaster           Purpose = "DISASTER" // disaster relief
	Threat             Purpose = "THREAT"   // averting a threat to health or safety
	Marketing          Purpose = "HMARKT"   // marketing
	Government         Purpose = "GOV"      // government (an operations purpose)
)

// Category is a data class or sensitivity label: an HL7 v3 ActCode
// sensitivity code such as "HIV", or a data class of the host such as "LAB".
// The set is open: hosts may use codes of their own.
type Category string

// Data classes.
const (
	Laboratory   Category = "LAB"   // laboratory results
	Demographics Category = "DEMO"  // demographic information
	Medications  Category = "MEDS"  // medications
	Imaging      Category = "IMG"   // imaging results
	Notes        Category = "NOTES" // clinical notes other than psychotherapy notes
)

// Sensitivity codes (v3-ActCode, _ActInformationSensitivityPolicy).
const (
	SubstanceUse         Category = "ETH"      // substance abuse; records under 42 CFR Part 2
	SubstanceUseDisorder Category = "SUD"      // substance use disorder
	AlcoholUseDisorder   Category = "ETHUD"    // alcohol use disorder
	OpioidUseDisorder    Category = "OPIOIDUD" // opioid use disorder
	HIV                  Category = "HIV"      // HIV/AIDS
	Genetic              Category = "GDIS"     // genetic disease
	PsychotherapyNotes   Category = "PSYTHPN"  // psychotherapy notes (45 CFR 164.501)
	Psychiatric          Category = "PSY"      // psychiatric disorder
	MentalHealth         Category = "MH"       // mental health
	BehavioralHealth     Category = "BH"       // behavioral health
	SexualViolence       Category = "SDV"      // sexual assault, abuse or domestic violence
	SexualHealth         Category = "SEX"      // sexuality and reproductive health
	SexuallyTransmitted  Category = "STD"      // sexually transmitted disease
	Pregnancy            Category = "PREGNANT" // pregnancy
	SickleCell           Category = "SICKLE"   // sickle cell
	MilitarySexual       Category = "MST"      // military sexual trauma
	Violence             Category = "VIO"      // violence
	Adolescent           Category = "ADOL"     // adolescent (minor-consent services)
	Celebrity            Category = "VIP"      // celebrity or very important person
	Employee             Category = "EMP"      // the patient is an employee of the covered entity
	Part2                Category = "42CFRPart2"
)

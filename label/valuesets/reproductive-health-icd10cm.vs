# Sexual and reproductive health, ICD-10-CM: pregnancy with abortive
# outcome, elective termination, contraceptive management. Pregnancy as
# such (label PREGNANT) is not in this set.
name: reproductive-health-icd10cm
version: 2026.12
category: SEX
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
O00..O08  Pregnancy with abortive outcome
Z33.2     Encounter for elective termination of pregnancy
Z30*      Encounter for contraceptive management

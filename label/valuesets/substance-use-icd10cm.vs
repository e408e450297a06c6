# Substance use disorders (42 CFR Part 2), ICD-10-CM: the block F10-F19,
# mental and behavioral disorders due to psychoactive substance use, except
# F17 (nicotine dependence, which Part 2 does not single out), and
# counseling of the patient for alcohol or drug abuse.
name: substance-use-icd10cm
version: 2026.12
category: ETH
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
F10..F19   Mental and behavioral disorders due to psychoactive substance use
!F17*      Nicotine dependence
Z71.41     Alcohol abuse counseling and surveillance of alcoholic
Z71.51     Drug abuse counseling and surveillance of drug abuser

# Genetic susceptibility and carrier status, ICD-10-CM.
name: genetic-icd10cm
version: 2026.12
category: GDIS
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
Z15*      Genetic susceptibility to disease
Z14*      Genetic carrier

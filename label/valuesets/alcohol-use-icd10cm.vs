# Alcohol use disorder, ICD-10-CM: F10, alcohol related disorders.
name: alcohol-use-icd10cm
version: 2026.12
category: ETHUD
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
F10*      Alcohol related disorders

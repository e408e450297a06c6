# Sexually transmitted infections, ICD-10-CM: the block A50-A64,
# infections with a predominantly sexual mode of transmission, with their
# screening and exposure codes. HIV has its own set and label.
name: std-icd10cm
version: 2026.12
category: STD
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
A50..A64  Infections with a predominantly sexual mode of transmission
Z11.3     Encounter for screening for infections with a predominantly sexual mode of transmission
Z20.2     Contact with and (suspected) exposure to infections with a predominantly sexual mode of transmission

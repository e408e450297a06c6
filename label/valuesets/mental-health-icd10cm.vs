# Psychiatric disorders, ICD-10-CM chapter 5 (F01-F99), for the ActCode
# label PSY. Left out on purpose: F01-F09 (mental disorders due to known
# physiological conditions, such as dementia: cognitive, label COGN),
# F10-F19 (substance use: the substance-use set), F70-F89 (intellectual
# and developmental disabilities: label DVD). Added: suicidal ideations.
name: mental-health-icd10cm
version: 2026.12
category: PSY
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
F20..F69   Schizophrenia, mood, anxiety, behavioral syndromes, personality disorders and others
!F64*      Gender identity disorders: not labelled psychiatric (label them in a set of your own where a state shields gender-affirming care)
F90..F99   Behavioral and emotional disorders with onset in childhood; unspecified mental disorder
R45.851    Suicidal ideations

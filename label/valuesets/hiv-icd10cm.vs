# HIV/AIDS diagnoses and HIV-specific encounters, ICD-10-CM.
# A starting point, chosen for precision: every code here names HIV. Extend
# it with your own sets (see the package documentation).
# 2026.12.1: B20, Z21 and R75 match as prefixes, so that a code written
# below them (B20.9, not a valid ICD-10-CM code) is still labelled HIV.
name: hiv-icd10cm
version: 2026.12.1
category: HIV
system: http://hl7.org/fhir/sid/icd-10-cm
source: ICD-10-CM FY2026 Tabular List (CDC National Center for Health Statistics, https://www.cdc.gov/nchs/icd/icd-10-cm/); selection by Custodian
license: public domain (a US government work, published free of charge by CDC/NCHS)
---
B20*      Human immunodeficiency virus [HIV] disease
Z21*      Asymptomatic human immunodeficiency virus [HIV] infection status
R75*      Inconclusive laboratory evidence of human immunodeficiency virus [HIV]
O98.7*    Human immunodeficiency virus [HIV] disease complicating pregnancy, childbirth and the puerperium
Z20.6     Contact with and (suspected) exposure to human immunodeficiency virus [HIV]
Z11.4     Encounter for screening for human immunodeficiency virus [HIV]
Z71.7     Human immunodeficiency virus [HIV] counseling

# This material contains content from LOINC (http://loinc.org). LOINC is
# copyright (c) Regenstrief Institute, Inc. and the Logical Observation
# Identifiers Names and Codes (LOINC) Committee and is available at no cost
# under the license at http://loinc.org/license. LOINC(R) is a registered
# United States trademark of Regenstrief Institute, Inc.
#
# Genetic testing, LOINC: BRCA1/BRCA2 tests and the generic elements of a
# genetic test report. A starting point: many gene-specific tests are not
# here yet.
name: genetic-loinc
version: 2026.12
category: GDIS
system: http://loinc.org
source: LOINC 2.80 (Regenstrief Institute, https://loinc.org), codes chosen by Custodian from their LOINC long common names
license: LOINC license (https://loinc.org/license): redistribution allowed with the notice above
---
59041-4   BRCA1+BRCA2 gene mutations tested for in Blood or Tissue by Molecular genetics method Nominal
50995-0   BRCA1+BRCA2 gene targeted mutation analysis in Blood or Tissue by Molecular genetics method
51969-4   Genetic analysis report
81247-9   Master HL7 genetic variant reporting panel
69548-6   Genetic variant assessment
48018-6   Gene studied [ID]
53037-8   Genetic variation clinical significance [Imp]

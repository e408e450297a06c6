# This material contains content from LOINC (http://loinc.org). LOINC is
# copyright (c) Regenstrief Institute, Inc. and the Logical Observation
# Identifiers Names and Codes (LOINC) Committee and is available at no cost
# under the license at http://loinc.org/license. LOINC(R) is a registered
# United States trademark of Regenstrief Institute, Inc.
#
# Sexually transmitted infection tests, LOINC: Chlamydia trachomatis,
# Neisseria gonorrhoeae and syphilis (Treponema pallidum, reagin) tests.
# Human papillomavirus tests are left out: they are mostly routine
# cervical screening. A starting point.
name: std-loinc
version: 2026.12
category: STD
system: http://loinc.org
source: LOINC 2.80 (Regenstrief Institute, https://loinc.org), codes chosen by Custodian from their LOINC long common names
license: LOINC license (https://loinc.org/license): redistribution allowed with the notice above
---
21613-5   Chlamydia trachomatis DNA [Presence] in Specimen by NAA with probe detection
43304-5   Chlamydia trachomatis rRNA [Presence] in Specimen by NAA with probe detection
42931-6   Chlamydia trachomatis rRNA [Presence] in Urine by NAA with probe detection
6357-8    Chlamydia trachomatis DNA [Presence] in Urine by NAA with probe detection
6356-0    Chlamydia trachomatis DNA [Presence] in Genital specimen by NAA with probe detection
24111-7   Neisseria gonorrhoeae DNA [Presence] in Specimen by NAA with probe detection
43305-2   Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA with probe detection
21416-3   Neisseria gonorrhoeae DNA [Presence] in Urine by NAA with probe detection
60256-5   Neisseria gonorrhoeae rRNA [Presence] in Urine by NAA with probe detection
36902-5   Chlamydia trachomatis+Neisseria gonorrhoeae DNA [Presence] in Specimen by NAA with probe detection
44806-8   Chlamydia trachomatis+Neisseria gonorrhoeae DNA [Presence] in Urine by NAA with probe detection
20507-0   Reagin Ab [Presence] in Serum by RPR
31147-2   Reagin Ab [Titer] in Serum by RPR
5292-8    Reagin Ab [Presence] in Serum by VDRL
24110-9   Treponema pallidum Ab [Presence] in Serum by Immunoassay
22587-0   Treponema pallidum Ab [Presence] in Serum
47236-5   Treponema pallidum IgG+IgM Ab [Presence] in Serum by Immunoassay

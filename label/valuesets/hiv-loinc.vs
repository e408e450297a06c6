# This material contains content from LOINC (http://loinc.org). LOINC is
# copyright (c) Regenstrief Institute, Inc. and the Logical Observation
# Identifiers Names and Codes (LOINC) Committee and is available at no cost
# under the license at http://loinc.org/license. LOINC(R) is a registered
# United States trademark of Regenstrief Institute, Inc.
#
# HIV laboratory tests, LOINC: viral load, nucleic acid, antibody and
# antigen tests. A starting point: every code here is an HIV test; many
# HIV tests are not here yet. CD4 counts are not HIV-specific and are left
# out.
name: hiv-loinc
version: 2026.12
category: HIV
system: http://loinc.org
source: LOINC 2.80 (Regenstrief Institute, https://loinc.org), codes chosen by Custodian from their LOINC long common names
license: LOINC license (https://loinc.org/license): redistribution allowed with the notice above
---
10351-5   HIV 1 RNA [Units/volume] (viral load) in Serum or Plasma by Probe with amplification
20447-9   HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection
21008-8   HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by Probe
21333-0   HIV 1 RNA [#/volume] in Serum
23876-6   HIV 1 RNA [Units/volume] (viral load) in Plasma by Probe with signal amplification
25836-8   HIV 1 RNA [#/volume] (viral load) in Specimen by NAA with probe detection
29539-4   HIV 1 RNA [Log #/volume] (viral load) in Plasma by Probe with signal amplification
29541-0   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by NAA with probe detection
41514-1   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by Probe with amplification detection limit = 2.6 log copies/mL
41515-8   HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by Probe with amplification detection limit = 75 copies/mL
41516-6   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by Probe with amplification detection limit = 1.9 log copies/mL
48510-2   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by Probe and target amplification method detection limit = 1.7 log copies/mL
48511-0   HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by Probe and target amplification method detection limit = 50 copies/mL
48552-4   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by Probe and target amplification method detection limit = 2.6 log copies/mL
51780-5   HIV 1 RNA [Log #/volume] (viral load) in Serum or Plasma by Probe and target amplification method detection limit = 0.5 log copies/mL
59419-2   HIV 1 RNA [#/volume] (viral load) in Plasma by Probe with signal amplification
62469-2   HIV 1 RNA [Units/volume] (viral load) in Serum or Plasma by NAA with probe detection
69354-9   HIV 2 RNA [Units/volume] (viral load) in Serum or Plasma by NAA with probe detection
70241-5   HIV 1 RNA [#/volume] (viral load) in Plasma by Probe and target amplification method detection limit = 20 copies/mL
104762-0  HIV 1 RNA [Log #/volume] in Serum or Plasma by Molecular genetics method
104781-0  HIV 1 RNA [#/volume] in Serum or Plasma by Molecular genetics method
25835-0   HIV 1 RNA [Presence] in Serum or Plasma by NAA with probe detection
25842-6   HIV 2 proviral DNA [Presence] in Specimen by NAA with probe detection
56888-1   HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay
75622-1   HIV 1 and 2 Ag+Ab [Presence] in Serum or Plasma by Immunoassay
7917-8    HIV 1 Ab [Presence] in Serum
31201-7   HIV 1+2 Ab [Presence] in Serum

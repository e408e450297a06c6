# Medications for opioid use disorder, RxNorm ingredients (see
# substance-use-rxnorm for the caveats).
# Coverage partial: the set lists ingredient concepts, while prescriptions
# are mostly coded with clinical and branded drugs (SCD, SBD: 351264
# buprenorphine 8 MG Sublingual Tablet, 1010600 Suboxone) that contain
# them. An RxNorm code that matches no shipped set is therefore unchecked
# ("not in a partial value set"), not taken for a harmless drug. A host
# that supplies a complete RxNorm list of its own (coverage: complete)
# makes every RxNorm code checked.
name: opioid-treatment-rxnorm
version: 2026.12.1
category: OPIOIDUD
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
coverage: partial
---
1819      buprenorphine
6813      methadone

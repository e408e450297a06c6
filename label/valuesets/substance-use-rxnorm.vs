# Medications for substance use disorder, RxNorm ingredients.
# Ingredient concepts only: a prescription coded with a clinical drug
# (SCD/SBD) RXCUI is not matched; expand with RxNorm's relationships, or
# add your formulary's codes in a set of your own. Buprenorphine and
# methadone are also prescribed for pain; at ingredient level this set
# labels those prescriptions too (over-labelling, never under-labelling an
# opioid treatment record).
name: substance-use-rxnorm
version: 2026.12
category: ETH
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
---
1819      buprenorphine
6813      methadone
7243      naltrexone
3554      disulfiram

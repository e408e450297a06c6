# Medications for substance use disorder, RxNorm ingredients.
# Buprenorphine and methadone are also prescribed for pain; at ingredient
# level this set labels those prescriptions too (over-labelling, never
# under-labelling an opioid treatment record).
# Coverage partial: the set lists ingredient concepts, while prescriptions
# are mostly coded with clinical and branded drugs (SCD, SBD: 351264
# buprenorphine 8 MG Sublingual Tablet, 1010600 Suboxone) that contain
# them. An RxNorm code that matches no shipped set is therefore unchecked
# ("not in a partial value set"), not taken for a harmless drug. Expand
# the set with RxNorm's relationships or list your formulary's codes in a
# set of your own; a host whose own RxNorm list is complete says so
# (coverage: complete), and then every RxNorm code is checked.
name: substance-use-rxnorm
version: 2026.12.1
category: ETH
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
coverage: partial
---
1819      buprenorphine
6813      methadone
7243      naltrexone
3554      disulfiram

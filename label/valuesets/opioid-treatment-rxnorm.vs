# Medications for opioid use disorder, RxNorm ingredients (see
# substance-use-rxnorm for the caveats).
name: opioid-treatment-rxnorm
version: 2026.12
category: OPIOIDUD
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
---
1819      buprenorphine
6813      methadone

# HIV-specific antiretrovirals, RxNorm ingredients. Left out on purpose:
# tenofovir, emtricitabine and lamivudine (also hepatitis B treatment and
# HIV pre-exposure prophylaxis of HIV-negative people), ritonavir (also in
# nirmatrelvir/ritonavir for COVID-19), acyclovir and
# sulfamethoxazole/trimethoprim (common non-HIV uses). A host that wants
# PrEP labelled adds a set of its own. Ingredient concepts only (see
# substance-use-rxnorm).
# Coverage partial: the set lists ingredient concepts, while prescriptions
# are mostly coded with clinical and branded drugs (SCD, SBD: 351264
# buprenorphine 8 MG Sublingual Tablet, 1010600 Suboxone) that contain
# them. An RxNorm code that matches no shipped set is therefore unchecked
# ("not in a partial value set"), not taken for a harmless drug. A host
# that supplies a complete RxNorm list of its own (coverage: complete)
# makes every RxNorm code checked.
name: hiv-rxnorm
version: 2026.12.1
category: HIV
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
coverage: partial
---
11413     zidovudine
190521    abacavir
195085    efavirenz
343047    atazanavir
1433868   dolutegravir

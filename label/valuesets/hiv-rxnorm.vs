# HIV-specific antiretrovirals, RxNorm ingredients. Left out on purpose:
# tenofovir, emtricitabine and lamivudine (also hepatitis B treatment and
# HIV pre-exposure prophylaxis of HIV-negative people), ritonavir (also in
# nirmatrelvir/ritonavir for COVID-19), acyclovir and
# sulfamethoxazole/trimethoprim (common non-HIV uses). A host that wants
# PrEP labelled adds a set of its own. Ingredient concepts only (see
# substance-use-rxnorm).
name: hiv-rxnorm
version: 2026.12
category: HIV
system: http://www.nlm.nih.gov/research/umls/rxnorm
source: RxNorm (US National Library of Medicine, https://www.nlm.nih.gov/research/umls/rxnorm/), ingredient (TTY IN) concepts; selection by Custodian
license: free of licence restrictions: RxNorm-sourced names and RXCUIs (SAB=RXNORM, UMLS restriction level 0) need no UMLS licence
---
11413     zidovudine
190521    abacavir
195085    efavirenz
343047    atazanavir
1433868   dolutegravir

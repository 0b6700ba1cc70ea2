"""Demo assistance: three years of help in the six pathways, and the forage-grass project.

On the pairing demo (`bangfu.demo.pairing`): every demo pairing that was ever active (active,
suspended, ended or relayed) gets its records from its start date to the end of 2019H2 (21
December 2019), never after its end nor after today — about five a year, more for the more
active helpers, in the pairing's own pathways three times out of four and in every pathway and
kind (`models.KINDS_BY_PATHWAY`) over the whole. Each record has the measures that fit its
kind, in realistic magnitudes (a training 20–80 people, a donation 2,000–200,000 yuan, an
investment 100,000–5,000,000 yuan, a purchase priced by the ton or the head, a loan with its
rate …), a Chinese description naming the village and what was done, and, for about half of
them, beneficiary households drawn from the registry of the record's village
(`households_reached` is never fewer). A few records are for a village of the same county
outside the helper's pairings (`pairing` empty).

Status: older records are nearly all confirmed; the later ones in 2019 are more often still
submitted, sent back with a note, or drafts — about nine in ten are confirmed in all. Four
confirmed records were corrected by a confirmed correcting record (`corrects`), which
superseded them (the original carries the amount typed wrong; its description the right
one). A record is confirmed by the county office account of its county (`confirmed_by`) when
one exists — `demo_data` runs this after the demo accounts, so 承德县's and 围场县's are — else
left empty, and submitted by the helper's liaison account when there is one. No evidence files
are generated.

The forage-grass project (饲粮牧草种植项目, the seed's lead project: 17,100 mu, 52,500 head,
210 million yuan profit in the first year, 2017) is reported per village and half-year
(2017H1–2019H2) in the villages of the pairings whose focus is forage or livestock and that
began in 2017. A `ProjectProgress` row holds what was *added in the period*: the area newly
planted, the head of livestock newly brought in, and the profit earned in the period, so a
cumulative figure is the sum of the rows up to a period. Area and livestock reach about 95 % and
65 % of their targets by 2017H2 and 100–105 % from 2018H2; the profit of the first year (2017H1
and 2017H2) is about 95 % of its target, and profit goes on in 2018 and 2019.

Village rows and household rows never coexist for one village: a village row is the village's
whole figure, household rows are its parts, so mixing them would count a village twice. Most
villages report one village row a period; a few (`HOUSEHOLD_VILLAGES`) report per household
only, so the project's figure for any scope is the plain sum of its rows.

`plan_assistance()` draws everything from `random.Random(seed)` and writes nothing: the same
seed, inputs and `today` always plan the same rows. `demo_assistance()` writes a plan with
`bulk_create`, computing the columns `save()` would derive (number, period, county,
township), and leaves one summary audit row; it does nothing when the current programme's
pairings already have records.
"""

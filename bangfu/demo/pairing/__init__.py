"""Demo pairings: who helps which poor village, agreements, plans and progress, visits, relays.

On the registry demo (`bangfu.demo.registry`): about 88 % of the poor villages that have not
exited are covered by active pairings, 40 % of those by one helper and the rest by 2–5 (a few
villages are full); the others are uncovered — never paired, paired but the helper stopped,
or with a pairing still being proposed. Eight relays are done, two are open and one is
handing over; a few helpers are suspended. Every pairing that was ever active has a signed
agreement (a small generated PDF), 2–4 plan items with progress such that all four item
states occur on today's date, and a third have a site visit before they started. Villages
that exited keep an ended or a follow-up pairing.

`plan_pairings()` draws everything from `random.Random(seed)` and writes nothing: the same
seed, inputs and `today` always plan the same rows. `demo_pairings()` writes a plan with
`bulk_create`, computing the columns that `save()` would derive (county, number), and leaves
one summary audit row.

Capacity: the demo helpers state about 650 villages in all, fewer than this coverage needs
(one pairing per covered village plus a second for 60 % of them), so helpers are filled up
to their capacity first — a tenth of them keep some room, so that relays find candidates —
and the rest go past a stronger helper's capacity with a reason, as the county office would
have confirmed it (about a third of the pairings at seed 1).
"""

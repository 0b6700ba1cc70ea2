"""Demo registry: village profiles, poor households, members and incomes (with the helpers).

At the scale of the programme (SEED README): a profile for each of the 1,638 village-level
units, about a third of them registered poor villages, some 18,000 registered poor households
of which 4,858 are chosen for science-and-technology help, and about 300 helpers.

`plan_registry()` draws everything from `random.Random(seed)` and writes nothing, so the same
seed always plans the same rows; `demo_registry()` writes a plan with `bulk_create`, computing
the columns that the models' `save()` would derive, and leaves one summary audit row
(`write.py`). The households are drawn in `households.py`, the helpers in
`bangfu.demo.helpers.plan`, both from this planner's generator.
"""

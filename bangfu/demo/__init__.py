"""Demo data for `make run` and the browser tests: the top layer, which imports every app and
which no app imports.

`bangfu demo_data` (management/commands/) fills an empty database in this order, each module
deterministic per seed and idempotent: places, registry (with the helpers), pairing, accounts,
assistance, groups, reporting, monitoring, visits, support, evaluation.
"""

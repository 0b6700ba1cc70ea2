"""Benchmarks and the data generators (`make bench` runs them all, minutes each).

`python -m bench` (the households import), `bench.statistics` (attachment 7 at a million
records, and from the frozen figures of accepted periods), `bench.pages` (the dashboard
against the household list), `bench.load` (concurrent clients against gunicorn),
`bench.generate --scale XS|S|M` (province-scale data on PostgreSQL), `bench.lists`,
`bench.pairings`. Each reports ratios against a reference timed in the same run, and writes
bench/results/<name>-<date>.md. `make test` runs their smoke tests at the smallest size
(tests/assistance/forms/test_bench_smoke.py, tests/dashboard/test_pages_bench.py).

Importing this package does not configure Django: each benchmark points Django at a
scratch database of its own first.
"""

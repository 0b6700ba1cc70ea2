"""Benchmarks and the data generator (`make bench` runs `python -m bench`).

Importing this package does not configure Django: `bench.__main__.main` points Django at a
scratch database of its own first.
"""

"""Fixtures of the groups tests: the reporting fixtures (programme, counties, offices)."""

from tests.reporting.conftest import *  # noqa: F403  (fixtures re-used)

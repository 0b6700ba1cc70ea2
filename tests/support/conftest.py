"""Fixtures of the support tests: the supervision fixtures (pairing, visit, offices)."""

from tests.visits.conftest import *  # noqa: F403  (fixtures re-used)

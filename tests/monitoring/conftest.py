"""Fixtures of the monitoring tests: the registry's households."""

from tests.registry.conftest import *  # noqa: F403  (fixtures re-used)

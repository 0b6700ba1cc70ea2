"""bangfu's settings with CONN_HEALTH_CHECKS off: the control of tests/core/test_pg_restart.py."""

from bangfu.settings import *  # noqa: F403
from bangfu.settings import DATABASES

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

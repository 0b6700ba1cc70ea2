"""Demo fixtures: those of the apps' tests that the demo modules' tests run on."""

from __future__ import annotations

from tests.reporting.conftest import (  # noqa: F401  (fixtures re-used)
    counties,
    poor_village_of,
    region_pairings,
)
from tests.visits.conftest import (  # noqa: F401  (fixtures re-used)
    charity,
    officer_xinglong,
    pairing,
    poor_villages,
    programme,
    village,
)

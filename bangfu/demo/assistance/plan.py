"""The demo assistance's plan: shares, the inputs, the rows planned, amounts in yuan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bangfu.core.periods import Period

FIRST_PERIOD = Period(2017, 1)
LAST_PERIOD = Period(2019, 2)
RECORDS_END = LAST_PERIOD.end  # 21 December 2019
RATE_PER_YEAR = (3.0, 8.0)  # records a pairing has a year, by the helper's activity
OWN_PATHWAY_SHARE = 0.75  # records in one of the pairing's pathways
OUTSIDE_PAIRING_SHARE = 0.01  # records for another village of the county, outside a pairing
BENEFICIARY_SHARE = 0.5  # of the records that reach households
CORRECTIONS = 4
HOUSEHOLD_VILLAGES = 8  # forage-grass villages reporting per household only
ZERO = Decimal("0.00")

# status shares by the record's period: (confirmed, submitted, returned, draft)
STATUS_SHARES = {
    "2019H2": (0.58, 0.18, 0.13, 0.11),
    "2019H1": (0.88, 0.05, 0.05, 0.02),
}
STATUS_SHARES_EARLIER = (0.975, 0.005, 0.015, 0.005)
# 承德县 is late with its 2019H1 progress and statistics (the demo leaves them unfiled, see
# demo/reporting.py), but has confirmed every record of the half-year: the filing walk
# (tests/e2e/test_filing_walk.py) files them with nothing typed
ALL_CONFIRMED = {("130821", "2019H1")}


@dataclass(frozen=True, slots=True)
class DemoPairing:
    number: str
    helper_uscc: str
    village_code: str
    county_code: str
    place: str  # the village's name without the committee: 小兰窝村
    industries: tuple[str, ...]
    focus: str
    pathways: tuple[str, ...]
    start_date: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    ref: str
    village_code: str
    size: int
    tech_help: bool


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    number: str
    pairing: str | None  # the pairing's number; None for help outside a pairing
    helper_uscc: str
    village_code: str
    on: dt.date
    pathway: str
    kind: str
    description: str
    measures: tuple[tuple[str, object], ...]
    beneficiaries: tuple[str, ...]  # household refs
    status: str
    review_note: str = ""
    submitted_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    corrects: str | None = None  # the number of the record it corrects


@dataclass(frozen=True, slots=True)
class PlannedProgress:
    period: str
    village_code: str
    household_ref: str | None
    area_mu: Decimal
    livestock: int
    revenue_yuan: Decimal


@dataclass(frozen=True, slots=True)
class AssistancePlan:
    records: tuple[PlannedRecord, ...]
    progress: tuple[PlannedProgress, ...]


def place_name(name: str) -> str:
    """白虎沟村民委员会 → 白虎沟村, 瓦房村村民委员会 → 瓦房村, 南街社区居民委员会 → 南街社区."""
    if name.endswith("村民委员会"):
        place = name.removesuffix("村民委员会")
        return place if place.endswith("村") else place + "村"
    if name.endswith("居民委员会"):
        place = name.removesuffix("居民委员会")
        return place if place.endswith("社区") else place + "社区"
    return name


def yuan(value: float, step: int = 100) -> Decimal:
    """A whole amount of yuan, rounded to `step`, never below one step."""
    return Decimal(max(step, round(value / step) * step)).quantize(Decimal("0.01"))


def zh_yuan(amount: Decimal) -> str:
    """12000 → 1.2万元, 3500 → 3500元 (as the forms write it)."""
    if amount >= 10000:
        text = f"{(amount / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP):f}".rstrip("0")
        return text.rstrip(".") + "万元"
    return f"{int(amount)}元"

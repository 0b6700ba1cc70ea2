"""The demo pairings' plan: shares, fixed points, the rows planned and the pairings being planned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bangfu.pairing.models import Status

from .words import Focus

COVERED_SHARE = 0.88  # of the poor villages that have not exited
SINGLE_HELPER_SHARE = 0.40  # of the covered villages
MULTI_SIZE_WEIGHTS = {2: 56, 3: 27, 4: 12, 5: 5}  # helpers of the other covered villages
UNCOVERED_ENDED_SHARE = 0.45  # of the uncovered: the only helper stopped
UNCOVERED_PENDING_SHARE = 0.20  # of the uncovered: a pairing proposed or agreed, not active
RELAYS_DONE = 8
RELAYS_OPEN = 2
RELAYS_HANDING_OVER = 1
SUSPENDED = 6
EXTRA_ENDED = 15  # covered villages that also had a helper who stopped
EXTRA_PENDING = 8  # covered villages where one more helper is being proposed
EXITED_ENDED_SHARE = 0.60  # exited villages whose pairing ended after the exit
EXITED_FOLLOW_UP_SHARE = 0.15  # exited villages whose helper stays on (防返贫)
RESERVE_SHARE = 0.10  # helpers kept below their capacity, so that relays find candidates
VISIT_SHARE = 0.33  # pairings with a site visit before they started
DEMO_HELPER_PAIRINGS = 3  # active pairings of the demo liaison's helper in 承德县
DEMO_HELPER_COUNTY = "130821"

PROGRAMME_START = date(2017, 4, 1)
FIRST_SIGNING = date(2017, 4, 15)
FIRST_PHASE_END = date(2020, 12, 31)  # plans of the programme's years; later ones run on
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class DemoVillage:
    code: str
    place: str  # the name without the committee: 小兰窝村
    township: str
    county_code: str
    county_name: str
    is_poor: bool
    exited_on: date | None
    households_poor: int = 0
    industries: str = ""
    resources: str = ""


@dataclass(frozen=True, slots=True)
class DemoHelper:
    uscc: str
    name: str
    capacity: int
    liaison_name: str = ""

    @property
    def region(self) -> str:
        return self.uscc[2:8]


@dataclass(frozen=True, slots=True)
class PlannedProgress:
    reported_on: date
    value: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class PlannedItem:
    ref: int
    what: str
    how: str
    indicator: str
    target_value: Decimal
    unit: str
    due_date: date
    achieved: Decimal = ZERO
    done_on: date | None = None
    progress: tuple[PlannedProgress, ...] = ()
    inherited_from: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedAgreement:
    signed_on: date
    helper_signatory: str
    village_signatory: str


@dataclass(frozen=True, slots=True)
class PlannedPairing:
    ref: int
    number: str
    helper_uscc: str
    village_code: str
    focus: str
    content: str
    pathways: str
    status: str
    slot: int | None
    start_date: date
    end_date: date | None
    activated_on: date | None
    ended_on: date | None
    end_reason: str
    predecessor: int | None
    capacity_reason: str
    eligibility_reason: str
    agreement: PlannedAgreement | None
    items: tuple[PlannedItem, ...]


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    helper_uscc: str
    village_code: str
    pairing: int | None
    visited_on: date
    participants: str
    findings: str


@dataclass(frozen=True, slots=True)
class PlannedRelay:
    pairing: int
    reason: str
    reported_on: date
    state: str
    successor: int | None
    closed_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class PairingPlan:
    pairings: tuple[PlannedPairing, ...]
    relays: tuple[PlannedRelay, ...]
    visits: tuple[PlannedVisit, ...]


@dataclass(eq=False)
class Spec:
    """A pairing while it is being planned (mutable; frozen into a PlannedPairing at the end)."""

    village: DemoVillage
    focus: Focus
    status: str
    start: date
    activated: date | None = None  # = the agreement's signing date
    ended_on: date | None = None
    end_reason: str = ""
    end_date: date | None = None
    helper: DemoHelper | None = None
    fixed_helper: bool = False
    predecessor: Spec | None = None
    capacity_reason: str = ""
    eligibility_reason: str = ""
    slot: int | None = None
    ref: int = 0
    number: str = ""
    pathways: list[str] = field(default_factory=list)
    items: list[PlannedItem] = field(default_factory=list)

    @property
    def was_active(self) -> bool:
        return self.activated is not None

    @property
    def is_open(self) -> bool:
        return self.status in (Status.PROPOSED, Status.AGREED, Status.ACTIVE, Status.SUSPENDED)


@dataclass(eq=False)
class RelaySpec:
    old: Spec
    reason: str
    reported_on: date
    state: str
    successor: Spec | None = None
    closed_on: date | None = None
    note: str = ""

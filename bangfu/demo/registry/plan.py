"""The demo registry's plan: scale, fixed points and the rows planned (villages, households)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bangfu.demo.helpers.plan import PlannedHelper

# Scale (SEED README) and fixed points
POOR_VILLAGE_SHARE = 1 / 3
EXITED_VILLAGE_SHARE = 0.15
VILLAGES_WITHOUT_WORKSTATION = 19  # 1,638 units, 1,619 workstations
TARGET_HOUSEHOLDS = 18_000
TECH_HELP_HOUSEHOLDS = 4_858
INCOME_YEARS = (2016, 2017, 2018, 2019, 2020)
REFERENCE_YEAR = 2016  # the registry as of the start of the programme: nobody born later

# Pingquan became a city (130881) in 2017; people born before keep the county's 130823.
ID_REGION = {"130881": "130823"}
CHENGDE_ID_REGIONS = (
    "130821",
    "130822",
    "130823",
    "130824",
    "130825",
    "130826",
    "130827",
    "130828",
)


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    name: str
    township: str
    county_code: str
    county_name: str

    @property
    def place(self) -> str:
        """The name without the committee: 小兰窝村村民委员会 -> 小兰窝村."""
        return self.name.removesuffix("村民委员会").removesuffix("居民委员会")


@dataclass(frozen=True, slots=True)
class PlannedMember:
    name: str
    id_number: str
    relation: str
    sex: str
    birth_date: date
    education: str
    health: str
    labour: str
    status: str


@dataclass(frozen=True, slots=True)
class PlannedHousehold:
    ref: str
    village_code: str
    head_name: str
    id_number: str
    phone: str
    size: int
    causes: str  # ",illness,skills," as Household.cause_list writes it
    year_registered: int
    year_exited: int | None
    tech_help: bool
    monitoring: str
    members: tuple[PlannedMember, ...]
    incomes: tuple[tuple[int, Decimal], ...]


@dataclass(frozen=True, slots=True)
class PlannedProfile:
    village_code: str
    is_registered_poor: bool
    registered_year: int | None
    exited_on: date | None
    households_total: int
    households_poor: int
    people_total: int
    people_poor: int
    labour_force: int
    arable_mu: Decimal
    forest_mu: Decimal
    grassland_mu: Decimal
    main_industries: str
    resources: str
    tags: str
    distance_km: Decimal
    has_workstation: bool


@dataclass(frozen=True, slots=True)
class RegistryPlan:
    profiles: tuple[PlannedProfile, ...]
    households: tuple[PlannedHousehold, ...]
    helpers: tuple[PlannedHelper, ...]

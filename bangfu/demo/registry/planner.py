"""The demo registry planner: village profiles and poor households, then the helpers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.demo.helpers.plan import HelperDraws
from bangfu.places.models import Division, Level

from .households import HouseholdDraws
from .plan import (
    EXITED_VILLAGE_SHARE,
    POOR_VILLAGE_SHARE,
    TARGET_HOUSEHOLDS,
    TECH_HELP_HOUSEHOLDS,
    VILLAGES_WITHOUT_WORKSTATION,
    PlannedHousehold,
    PlannedProfile,
    RegistryPlan,
    Village,
)
from .words import (
    FEMALE_GIVEN,
    INDUSTRIES,
    INDUSTRIES_BY_COUNTY,
    MALE_GIVEN,
    MOBILE_PREFIXES,
    RESOURCES,
    SURNAMES,
    TAGS,
)


def load_villages() -> list[Village]:
    """The village-level divisions with their township and county, in code order."""
    rows = (
        Division.objects.filter(level=Level.VILLAGE)
        .order_by("code")
        .values_list("code", "name", "parent__name", "county__code", "county__name")
    )
    return [Village(*row) for row in rows]


def plan_registry(seed: int = 1, villages: Sequence[Village] | None = None) -> RegistryPlan:
    """Every row the demo registry would hold for `seed`, without writing anything.

    `villages` defaults to the village-level divisions in the database (read only).
    """
    if villages is None:
        villages = load_villages()
    return _Planner(seed, list(villages)).plan()


class _Planner(HouseholdDraws, HelperDraws):
    def __init__(self, seed: int, villages: list[Village]):
        self.rng = random.Random(seed)
        self.villages = villages
        self.first17: set[str] = set()
        self.refs: set[str] = set()
        self.phones: set[str] = set()

    # -- small draws -------------------------------------------------------------------------

    def person_name(self, sex: str, surname: str | None = None) -> str:
        rng = self.rng
        pool = MALE_GIVEN if sex == "M" else FEMALE_GIVEN
        given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
        return (surname or rng.choice(SURNAMES)) + given

    def mobile(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def ref(self) -> str:
        while True:
            ref = f"H{self.rng.getrandbits(40):010X}"
            if ref not in self.refs:
                self.refs.add(ref)
                return ref

    def birth_date(self, year: int) -> date:
        days = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(days))

    def id_number(self, region: str, born: date, sex: str) -> str:
        """A valid ID number, unique in the plan: region, birth date, sequence, check char."""
        rng = self.rng
        stem = region + born.strftime("%Y%m%d")
        while True:
            sex_digit = rng.choice("13579" if sex == "M" else "02468")
            first17 = f"{stem}{rng.randrange(100):02d}{sex_digit}"
            if first17 not in self.first17:
                self.first17.add(first17)
                return make_id_number(first17)

    def decimal(self, low: int, high: int, places: int) -> Decimal:
        """A Decimal between low and high with `places` decimal places."""
        scale = 10**places
        return Decimal(self.rng.randint(low * scale, high * scale)).scaleb(-places)

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> RegistryPlan:
        rng = self.rng
        n = len(self.villages)
        indices = range(n)
        poor = set(rng.sample(indices, round(n * POOR_VILLAGE_SHARE)))
        poor_order = sorted(poor)
        exited = set(rng.sample(poor_order, round(len(poor_order) * EXITED_VILLAGE_SHARE)))
        no_station = set(rng.sample(indices, min(VILLAGES_WITHOUT_WORKSTATION, n)))

        totals = [rng.randint(150, 600) if i in poor else rng.randint(150, 900) for i in indices]
        raw_poor = {i: round(totals[i] * rng.uniform(0.15, 0.35)) for i in poor_order}
        factor = min(1.0, TARGET_HOUSEHOLDS / max(1, sum(raw_poor.values())))
        poor_counts = {i: max(3, round(raw * factor)) for i, raw in raw_poor.items()}

        n_households = sum(poor_counts.values())
        tech = set(rng.sample(range(n_households), min(TECH_HELP_HOUSEHOLDS, n_households)))

        village_meta: dict[int, tuple[int | None, date | None]] = {}
        for i in poor_order:
            year = rng.choices((2014, 2015, 2016), weights=(70, 20, 10))[0]
            exit_on = self.birth_date(rng.randint(2017, 2020)) if i in exited else None
            village_meta[i] = (year, exit_on)

        households: list[PlannedHousehold] = []
        people_poor: dict[int, int] = {}
        for i in poor_order:
            village = self.villages[i]
            exit_on = village_meta[i][1]
            size_sum = 0
            for _ in range(poor_counts[i]):
                household = self.household(village, exit_on, tech_help=len(households) in tech)
                households.append(household)
                size_sum += household.size
            people_poor[i] = size_sum

        profiles = [
            self.profile(
                self.villages[i],
                totals[i],
                poor=i in poor,
                households_poor=poor_counts.get(i, 0),
                people_poor=people_poor.get(i, 0),
                meta=village_meta.get(i, (None, None)),
                has_workstation=i not in no_station,
            )
            for i in indices
        ]
        return RegistryPlan(tuple(profiles), tuple(households), tuple(self.helpers()))

    # -- villages ----------------------------------------------------------------------------

    def profile(
        self,
        village: Village,
        households_total: int,
        *,
        poor: bool,
        households_poor: int,
        people_poor: int,
        meta: tuple[int | None, date | None],
        has_workstation: bool,
    ) -> PlannedProfile:
        rng = self.rng
        people_total = max(round(households_total * rng.uniform(2.6, 3.2)), people_poor)
        local = INDUSTRIES_BY_COUNTY.get(village.county_code, INDUSTRIES)
        industries: list[str] = []
        for _ in range(rng.randint(1, 3)):
            choice = rng.choice(local if rng.random() < 0.75 else INDUSTRIES)
            if choice not in industries:
                industries.append(choice)
        tags = rng.sample(TAGS, rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0])
        if poor and rng.random() < 0.25:
            tags.insert(0, "深度贫困")
        if village.county_code == "130828" and rng.random() < 0.4:
            tags.append("坝上地区")
        resources = "；".join(rng.sample(RESOURCES, rng.randint(1, 2))) + "。"
        return PlannedProfile(
            village_code=village.code,
            is_registered_poor=poor,
            registered_year=meta[0],
            exited_on=meta[1],
            households_total=households_total,
            households_poor=households_poor,
            people_total=people_total,
            people_poor=people_poor,
            labour_force=round(people_total * rng.uniform(0.50, 0.60)),
            arable_mu=self.decimal(800, 6000, 2),
            forest_mu=self.decimal(2000, 30000, 2),
            grassland_mu=self.decimal(0, 8000, 2) if rng.random() < 0.8 else Decimal("0.00"),
            main_industries="、".join(industries),
            resources=resources,
            tags=",".join(tags),
            distance_km=self.decimal(3, 90, 1),
            has_workstation=has_workstation,
        )

"""Writing the demo registry: profiles, households, members, incomes and helpers in bulk."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from bangfu.accounts import audit
from bangfu.core import crypto
from bangfu.demo.helpers.plan import write_helpers
from bangfu.helpers.models import Helper
from bangfu.places.models import Division, Level
from bangfu.places.services import pinyin_initials
from bangfu.registry.models import Household, Income, Member, VillageProfile

from .plan import INCOME_YEARS
from .planner import load_villages, plan_registry


def registry_counts() -> dict[str, int]:
    return {
        "profiles": VillageProfile.objects.count(),
        "poor_villages": VillageProfile.objects.filter(is_registered_poor=True).count(),
        "households": Household.objects.count(),
        "tech_help": Household.objects.filter(tech_help=True).count(),
        "members": Member.objects.count(),
        "incomes": Income.objects.count(),
        "helpers": Helper.objects.count(),
    }


@transaction.atomic
def demo_registry(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Fill the registries with the demo plan for `seed`; returns the counts afterwards.

    Does nothing if the registry already holds households or village profiles (the counts
    are returned all the same). Helpers whose USCC is already taken are skipped. `progress`
    is called with (rows written, rows to write).
    """
    if Household.objects.exists() or VillageProfile.objects.exists():
        return registry_counts()
    villages = load_villages()
    if not villages:
        return registry_counts()
    plan = plan_registry(seed, villages)
    divisions = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "id"))
    county_of = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "county_id"))
    taken = set(Helper.objects.values_list("uscc", flat=True))
    helpers = [h for h in plan.helpers if h.uscc not in taken]
    members_total = sum(len(h.members) for h in plan.households)
    total = (
        len(plan.profiles)
        + len(plan.households)
        + members_total
        + len(plan.households) * len(INCOME_YEARS)
        + len(helpers)
    )
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    initials_cache: dict[str, str] = {}

    def initials(name: str) -> str:
        if name not in initials_cache:
            initials_cache[name] = pinyin_initials(name)
        return initials_cache[name]

    VillageProfile.objects.bulk_create(
        [
            VillageProfile(
                village_id=divisions[p.village_code],
                county_id=county_of[p.village_code],
                is_registered_poor=p.is_registered_poor,
                registered_year=p.registered_year,
                exited_on=p.exited_on,
                households_total=p.households_total,
                households_poor=p.households_poor,
                people_total=p.people_total,
                people_poor=p.people_poor,
                labour_force=p.labour_force,
                arable_mu=p.arable_mu,
                forest_mu=p.forest_mu,
                grassland_mu=p.grassland_mu,
                main_industries=p.main_industries,
                resources=p.resources,
                tags=p.tags,
                distance_km=p.distance_km,
                has_workstation=p.has_workstation,
                is_demonstration=False,
                version=1,
            )
            for p in plan.profiles
        ],
        batch_size=1000,
    )
    step(len(plan.profiles))

    households = [
        Household(
            village_id=divisions[h.village_code],
            county_id=county_of[h.village_code],
            ref=h.ref,
            head_name=h.head_name,
            head_initials=initials(h.head_name)[:16],
            id_number=h.id_number,
            id_hash=crypto.keyed_hash(h.id_number),
            phone=h.phone,
            phone_hash=crypto.keyed_hash(h.phone) if h.phone else "",
            size=h.size,
            causes=h.causes,
            year_registered=h.year_registered,
            year_exited=h.year_exited,
            tech_help=h.tech_help,
            monitoring=h.monitoring,
            version=1,
        )
        for h in plan.households
    ]
    Household.objects.bulk_create(households, batch_size=1000)
    step(len(households))
    if households and households[0].pk is None:  # a backend without RETURNING
        ids = dict(Household.objects.values_list("ref", "id"))
        for row in households:
            row.pk = ids[row.ref]

    batch: list[Member] = []
    for row, h in zip(households, plan.households, strict=True):
        for m in h.members:
            batch.append(
                Member(
                    household_id=row.pk,
                    county_id=row.county_id,
                    name=m.name,
                    id_number=m.id_number,
                    id_hash=crypto.keyed_hash(m.id_number),
                    relation=m.relation,
                    sex=m.sex,
                    birth_date=m.birth_date,
                    education=m.education,
                    health=m.health,
                    labour=m.labour,
                    status=m.status,
                    version=1,
                )
            )
        if len(batch) >= 5000:
            Member.objects.bulk_create(batch, batch_size=1000)
            step(len(batch))
            batch = []
    Member.objects.bulk_create(batch, batch_size=1000)
    step(len(batch))

    incomes = [
        Income(household_id=row.pk, year=year, per_capita=value, version=1)
        for row, h in zip(households, plan.households, strict=True)
        for year, value in h.incomes
    ]
    Income.objects.bulk_create(incomes, batch_size=1000)
    step(len(incomes))

    step(write_helpers(helpers, initials))

    counts = registry_counts()
    audit.record(
        event="demo_data",
        object_type="registry",
        detail=f"demo registry, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts

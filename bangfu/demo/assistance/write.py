"""Writing the demo assistance: records, corrections, beneficiaries, the forage-grass progress."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bangfu.accounts import audit
from bangfu.accounts.models import User
from bangfu.accounts.roles import Role
from bangfu.assistance.models import (
    Assistance,
    AssistanceStatus,
    Beneficiary,
    Project,
    ProjectProgress,
)
from bangfu.core.periods import period_of
from bangfu.helpers.models import Helper
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division, Level, Programme
from bangfu.registry.models import Household

from .forage import (
    FORAGE_AREA_MU,
    FORAGE_CODE,
    FORAGE_DESCRIPTION,
    FORAGE_FIRST_YEAR,
    FORAGE_LIVESTOCK,
    FORAGE_NAME,
    FORAGE_REVENUE_YUAN,
)
from .plan import PlannedRecord
from .planner import load_inputs, plan_assistance


def assistance_counts() -> dict[str, int]:
    records = Assistance.objects.all()
    projects = Project.objects.all()
    by_status = dict(records.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "records": sum(by_status.values()),
        **{status: by_status.get(status, 0) for status in AssistanceStatus.values},
        "corrections": records.filter(corrects__isnull=False).count(),
        "beneficiaries": Beneficiary.objects.filter(assistance__in=records).count(),
        "projects": projects.count(),
        "progress_rows": ProjectProgress.objects.filter(project__in=projects).count(),
    }


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """An office-hours moment of `day` in the project's time zone."""
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.randint(0, 59),
        tzinfo=timezone.get_current_timezone(),
    )


@transaction.atomic
def demo_assistance(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write the assistance demo for `seed` on the demo pairings; returns the counts
    afterwards with `created` (records) and `created_progress` (project progress rows)
    written by this call.

    Does nothing (created 0) when there is no current programme or it has no pairing that was
    ever active, or its pairings already have records; the forage-grass project is added
    when missing and gets its progress rows when it has none. `progress` is called with
    (rows written, rows to write)."""

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return {**assistance_counts(), "created": 0, "created_progress": 0}
    has_records = Assistance.objects.filter(pairing__programme=programme).exists()
    project = Project.objects.filter(code=FORAGE_CODE).first()
    has_progress = project is not None and project.progress.exists()
    if has_records and has_progress:
        return {**assistance_counts(), "created": 0, "created_progress": 0}
    pairings, households = load_inputs()
    if not pairings:
        return {**assistance_counts(), "created": 0, "created_progress": 0}

    taken = frozenset(Assistance.objects.values_list("number", flat=True))
    plan = plan_assistance(seed, pairings=pairings, households=households, taken=taken)
    records = () if has_records else plan.records
    rows_progress = () if has_progress else plan.progress
    links_total = sum(len(r.beneficiaries) for r in records)
    total = len(records) + links_total + len(rows_progress)
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    villages = {
        code: (pk, county, township)
        for code, pk, county, township in Division.objects.filter(level=Level.VILLAGE).values_list(
            "code", "id", "county_id", "parent_id"
        )
    }
    pairing_id = dict(Pairing.objects.filter(programme=programme).values_list("number", "id"))
    helper_id = dict(Helper.objects.values_list("uscc", "id"))
    officer = {}
    for county, pk in (
        User.objects.filter(role=Role.COUNTY, is_active=True, county__isnull=False)
        .order_by("-id")
        .values_list("county_id", "id")
    ):
        officer[county] = pk  # the first account of each county wins
    liaison = {}
    for helper, pk in (
        User.objects.filter(role=Role.HELPER, is_active=True, helper__isnull=False)
        .order_by("-id")
        .values_list("helper_id", "id")
    ):
        liaison[helper] = pk
    when = random.Random(seed)

    def row(r: PlannedRecord, corrects: dict[str, int]) -> Assistance:
        village, county, township = villages[r.village_code]
        helper = helper_id[r.helper_uscc]
        a = Assistance(
            number=r.number,
            on=r.on,
            period=period_of(r.on).code,
            pairing_id=pairing_id[r.pairing] if r.pairing else None,
            helper_id=helper,
            village_id=village,
            county_id=county,
            township_id=township,
            pathway=r.pathway,
            kind=r.kind,
            description=r.description,
            status=r.status,
            corrects_id=corrects[r.corrects] if r.corrects else None,
            submitted_by_id=liaison.get(helper) if r.submitted_on else None,
            submitted_at=_at(r.submitted_on, when) if r.submitted_on else None,
            confirmed_by_id=officer.get(county) if r.confirmed_on else None,
            confirmed_at=_at(r.confirmed_on, when) if r.confirmed_on else None,
            review_note=r.review_note,
            version=1,
        )
        for name, value in r.measures:
            setattr(a, name, value)
        return a

    # records: the originals first, then the corrections that point at them
    record_id: dict[str, int] = {}
    for corrections in (False, True):
        wave = [r for r in records if (r.corrects is not None) is corrections]
        objs = [row(r, record_id) for r in wave]
        Assistance.objects.bulk_create(objs, batch_size=1000)
        if objs and objs[0].pk is None:  # a backend without RETURNING
            ids = dict(
                Assistance.objects.filter(number__in=[o.number for o in objs]).values_list(
                    "number", "id"
                )
            )
            for o in objs:
                o.pk = ids[o.number]
        record_id.update((o.number, o.pk) for o in objs)
        step(len(objs))

    household_id = dict(
        Household.objects.filter(
            village__code__in={r.village_code for r in records if r.beneficiaries}
        ).values_list("ref", "id")
    )
    links = [
        Beneficiary(assistance_id=record_id[r.number], household_id=household_id[ref])
        for r in records
        for ref in r.beneficiaries
    ]
    Beneficiary.objects.bulk_create(links, batch_size=2000)
    step(len(links))

    if project is None:  # written like the rest: the summary row below is its audit
        Project.objects.bulk_create(
            [
                Project(
                    programme=programme,
                    code=FORAGE_CODE,
                    name=FORAGE_NAME,
                    description=FORAGE_DESCRIPTION,
                    first_year=FORAGE_FIRST_YEAR,
                    target_area_mu=FORAGE_AREA_MU,
                    target_livestock=FORAGE_LIVESTOCK,
                    target_revenue_yuan=FORAGE_REVENUE_YUAN,
                    version=1,
                )
            ]
        )
        project = Project.objects.get(code=FORAGE_CODE)
    progress_households = dict(
        Household.objects.filter(
            ref__in=[p.household_ref for p in rows_progress if p.household_ref]
        ).values_list("ref", "id")
    )
    ProjectProgress.objects.bulk_create(
        [
            ProjectProgress(
                project=project,
                period=p.period,
                village_id=villages[p.village_code][0],
                county_id=villages[p.village_code][1],
                household_id=progress_households[p.household_ref] if p.household_ref else None,
                area_mu=p.area_mu,
                livestock=p.livestock,
                revenue_yuan=p.revenue_yuan,
                version=1,
            )
            for p in rows_progress
        ],
        batch_size=1000,
    )
    step(len(rows_progress))

    counts = {
        **assistance_counts(),
        "created": len(records),
        "created_progress": len(rows_progress),
    }
    audit.record(
        event="demo_data",
        object_type="assistance",
        detail=f"demo assistance, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts

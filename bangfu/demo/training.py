"""Demo training of village technicians: sessions with rosters behind some training records.

Runs after the assistance and reporting demo (training records exist, some half-years are
locked). In each county, up to two training records of open half-years get a session
organised by the record's helper, recorded by the county office (the institute's account
where none), with a roster of named trainees: registered poor household members of the
record's village first, then other villagers. The record's persons trained then count the
roster. Deterministic per seed; idempotent: a record that already has a session is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bangfu.accounts.models import User
from bangfu.accounts.roles import Role
from bangfu.assistance.models import Assistance, AssistanceStatus, PeriodLock
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.places.models import Division
from bangfu.registry.models import Member
from bangfu.training import services
from bangfu.training.models import TrainingSession

from .accounts import county_officers
from .draws import keyed_rng, person

COURSES = (
    "中药材规范化种植技术",
    "设施蔬菜栽培与病虫害防治",
    "肉牛标准化养殖",
    "果树修剪与嫁接",
    "农村电商实务",
    "食用菌栽培技术",
)
TEACHERS = ("研究院农业技术专家 王教授", "县农牧局高级农艺师 刘工", "研究院特聘讲师 赵老师")
PER_COUNTY = 2
MAX_ROSTER = 30


def _people(rng, record: Assistance, size: int, poor_share: float) -> list[dict]:
    """`size` trainees of the record's village: poor household members (adults) first."""
    members = list(
        Member.objects.filter(
            household__village=record.village,
            birth_date__lte=dt.date(record.on.year - 18, 1, 1),
            birth_date__gte=dt.date(record.on.year - 60, 1, 1),
        ).order_by("id")[:200]
    )
    rng.shuffle(members)
    poor = members[: min(len(members), round(size * poor_share))]
    people = [{"name": m.name, "id_number": m.id_number, "village": record.village} for m in poor]
    prefix = record.village.county.code
    n = 0
    while len(people) < size:
        n += 1
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 38))
        first17 = f"{prefix}{born:%Y%m%d}{rng.randint(0, 999):03d}"
        people.append(
            {"name": person(rng), "id_number": make_id_number(first17), "village": record.village}
        )
    seen, unique = set(), []
    for p in people:
        if p["id_number"] not in seen:
            seen.add(p["id_number"])
            unique.append(p)
    for i, p in enumerate(unique, start=1):
        if rng.random() < 0.8:
            p["certificate_no"] = f"XT{record.on.year}{record.number[-4:]}{i:03d}"
    return unique


def demo_training(*, seed: int = 1) -> dict:
    """Sessions and rosters behind up to two training records of each county."""
    counts = {"sessions": 0, "trainees": 0}
    officers = county_officers()
    institute = User.objects.filter(role=Role.INSTITUTE, is_active=True).order_by("id").first()
    locked = set(PeriodLock.objects.values_list("county_id", "period"))
    linked = set(TrainingSession.objects.exclude(assistance=None).values_list("assistance_id"))
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or institute
        if user is None:
            continue
        rng = keyed_rng(seed, f"training:{county.code}")
        records = [
            r
            for r in Assistance.objects.filter(
                county=county,
                kind="training",
                status__in=(AssistanceStatus.CONFIRMED, AssistanceStatus.SUBMITTED),
                persons_trained__gt=0,
            )
            .select_related("village", "village__county", "village__parent", "helper")
            .order_by("on", "id")
            if (r.county_id, r.period) not in locked
        ]
        if any((r.pk,) in linked for r in records):
            continue
        for record in rng.sample(records, min(PER_COUNTY, len(records))):
            size = min(record.persons_trained, MAX_ROSTER)
            share = record.poor_trained / record.persons_trained
            with transaction.atomic():
                session = services.session_save(
                    user=user,
                    course=COURSES[rng.randrange(len(COURSES))],
                    starts_on=record.on - dt.timedelta(days=1),
                    ends_on=record.on,
                    place=f"{record.village.name}村委会会议室",
                    village=record.village,
                    organiser="helper",
                    helper=record.helper,
                    teacher=TEACHERS[rng.randrange(len(TEACHERS))],
                    assistance=record,
                    note="乡土人才培训，学员名单见花名册",
                )
                added = services.roster_add(
                    user=user, session=session, people=_people(rng, record, size, share)
                )
            counts["sessions"] += 1
            counts["trainees"] += len(added)
    return counts

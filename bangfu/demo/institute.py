"""Demo of the institute's line of work: village workstations with their station masters, and
tech-help visits reaching a believable part of the tech-help households.

Runs after the registry (profiles, households) and the demo accounts (the institute's account
records the visits) and after `demo_places` (the 122 township centres). Written in bulk like
the registry and pairing demos, computing what `save()` would derive (a visit's county and
township), with one summary audit row; the villages' “workstation present” flags are already
those of the records (a workstation for every village whose profile says it has one).
Deterministic per seed; idempotent: nothing is written when the rows exist.

The visits: about 70 % of the tech-help households are visited, 1–3 times each, between the
second half of 2017 and the end of 2020, from the village's workstation where it has one,
else from the township's centre.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bangfu.accounts import audit
from bangfu.accounts.models import User
from bangfu.institute.models import Service, SubjectKind, TechVisit
from bangfu.places.models import Division, Level, ServicePoint, ServiceStaff
from bangfu.registry.models import Household, VillageProfile

from .draws import keyed_rng, person, phone

REACHED_SHARE = 0.7
FIRST_VISIT = dt.date(2017, 7, 1)
LAST_VISIT = dt.date(2020, 12, 20)
CROPS = "黄芩 柴胡 苜蓿 燕麦草 青贮玉米 谷子 食用菌 苹果 山楂 板栗 错季蔬菜".split()
LIVESTOCK = "肉牛 肉羊 生猪 蛋鸡 梅花鹿 蜜蜂".split()
WORK = {
    Service.GUIDANCE: ("到户查看{s}长势，讲解田间管理要点", "掌握{s}管理要点，按技术规程操作"),
    Service.TRAINING: ("田间课堂讲授{s}栽培（饲养）技术", "户主参加培训，领取技术明白纸"),
    Service.INPUTS: ("提供{s}良种及配套农资", "良种到户，长势良好"),
    Service.PROTECTION: ("指导{s}病虫害（疫病）防治", "发病得到控制，减少损失"),
    Service.MARKETING: ("对接收购企业，签订{s}订单", "签订收购协议，销路落实"),
}


def institute_counts() -> dict[str, int]:
    return {
        "centres": ServicePoint.objects.filter(kind=ServicePoint.Kind.CENTRE).count(),
        "workstations": ServicePoint.objects.filter(kind=ServicePoint.Kind.WORKSTATION).count(),
        "visits": TechVisit.objects.count(),
        "reached": TechVisit.objects.values("household").distinct().count(),
    }


def _workstations(seed: int) -> int:
    """A workstation, with its station master, in every village whose profile has one."""
    if ServicePoint.objects.filter(kind=ServicePoint.Kind.WORKSTATION).exists():
        return 0
    villages = list(
        Division.objects.filter(
            level=Level.VILLAGE,
            pk__in=VillageProfile.objects.filter(has_workstation=True).values("village_id"),
        ).order_by("code")
    )
    points = []
    for village in villages:
        rng = keyed_rng(seed, f"workstation:{village.code}")
        short = village.name.removesuffix("村民委员会").removesuffix("居民委员会")
        suspended = rng.random() < 0.02
        points.append(
            ServicePoint(
                kind=ServicePoint.Kind.WORKSTATION,
                division=village,
                name=f"{short}科技服务工作站",
                address=f"{short}村委会",
                opened_on=dt.date(2017, 5, 1) + dt.timedelta(days=rng.randint(0, 240)),
                status=ServicePoint.Status.SUSPENDED if suspended else ServicePoint.Status.OPEN,
                status_note="站长外出务工，待村里推选新站长" if suspended else "",
            )
        )
    ServicePoint.objects.bulk_create(points, batch_size=1000)
    masters = []
    for point in ServicePoint.objects.filter(kind=ServicePoint.Kind.WORKSTATION).select_related(
        "division"
    ):
        rng = keyed_rng(seed, f"master:{point.division.code}")
        masters.append(
            ServiceStaff(
                point=point, name=person(rng), post="站长", phone=phone(rng), is_master=True
            )
        )
    ServiceStaff.objects.bulk_create(masters, batch_size=1000)
    return len(points)


def _visit_day(rng, start: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (LAST_VISIT - start).days))


def _visits(seed: int) -> int:
    if TechVisit.objects.exists():
        return 0
    recorder = User.objects.filter(username="institute_staff").first()
    stations = dict(
        ServicePoint.objects.filter(kind=ServicePoint.Kind.WORKSTATION).values_list(
            "division_id", "pk"
        )
    )
    centres = dict(
        ServicePoint.objects.filter(kind=ServicePoint.Kind.CENTRE).values_list("division_id", "pk")
    )
    opened = dict(ServicePoint.objects.values_list("pk", "opened_on"))
    rows = (
        Household.objects.filter(tech_help=True)
        .order_by("id")
        .values_list("id", "ref", "village_id", "village__parent_id", "county_id")
    )
    visits = []
    for pk, ref, village_id, township_id, county_id in rows:
        rng = keyed_rng(seed, f"tech:{ref}")
        if rng.random() >= REACHED_SHARE:
            continue
        choices = [p for p in (stations.get(village_id), centres.get(township_id)) if p]
        if not choices:
            continue
        kind = SubjectKind.CROP if rng.random() < 0.6 else SubjectKind.LIVESTOCK
        subject = rng.choice(CROPS if kind == SubjectKind.CROP else LIVESTOCK)
        for _n in range(rng.choice((1, 1, 2, 2, 3))):
            point = choices[0] if rng.random() < 0.7 else choices[-1]
            service = rng.choice(list(WORK))
            what, result = WORK[service]
            start = max(FIRST_VISIT, opened.get(point) or FIRST_VISIT)
            visits.append(
                TechVisit(
                    household_id=pk,
                    point_id=point,
                    county_id=county_id,
                    township_id=township_id,
                    visited_on=_visit_day(rng, start),
                    service=service,
                    subject_kind=kind,
                    subject=subject,
                    description=what.format(s=subject),
                    result=result.format(s=subject),
                    recorded_by=recorder,
                )
            )
    TechVisit.objects.bulk_create(visits, batch_size=2000)
    return len(visits)


@transaction.atomic
def demo_institute(seed: int = 1) -> dict[str, int]:
    """Workstations with station masters, and tech-help visits; returns the counts."""
    made = _workstations(seed)
    visits = _visits(seed)
    counts = institute_counts()
    if made or visits:
        audit.record(
            event="demo_data",
            object_type="institute",
            detail=f"demo institute, seed {seed}: "
            + ", ".join(f"{key} {value}" for key, value in counts.items()),
        )
    return counts

"""Demo data for the annual evaluation: checklists, rotations, scores and notices 2017–2019."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from bangfu.accounts.models import User
from bangfu.evaluation.models import Checklist, Evaluation, Notice
from bangfu.evaluation.selectors import inspector_county_ids, rotation_rows
from bangfu.evaluation.services.checklist import checklist_create
from bangfu.evaluation.services.checks import sheet_save
from bangfu.evaluation.services.notices import (
    notice_create,
    notice_entry_add,
    notice_issue,
    notice_update,
)
from bangfu.evaluation.services.outcome import evaluation_finalise
from bangfu.evaluation.services.rotation import inspector_assign, rotation_propose
from bangfu.helpers.models import Helper
from bangfu.places.models import Programme
from bangfu.places.programme import programme_counties

YEARS = (2017, 2018, 2019)
ISSUER = "天津市人民政府合作交流办公室"


def _account(username, role):
    return User.objects.filter(username=username, role=role, is_active=True).first()


def _fill(sheet_kind, evaluation, user, rng, level: float):
    scores = {}
    for item in evaluation.checklist.items.all():
        share = min(1.0, max(0.3, rng.gauss(level, 0.08)))
        value = (Decimal(item.points) * Decimal(str(share))).quantize(Decimal("0.1"))
        note = "" if value >= item.points else rng.choice(["资料不全", "进度偏慢", "个别村未落实"])
        scores[item.pk] = (value, note)
    sheet_save(user=user, evaluation=evaluation, kind=sheet_kind, scores=scores, submit=True)


@transaction.atomic
def demo_evaluation(seed: int = 1) -> dict[str, int]:
    """Checklists and evaluations of 2017–2019 for the programme's counties: rotation, the
    inspector on two counties a year, self/spot/cross scores, finalised years, three
    commendation notices and one criticism. Idempotent: a year whose checklist exists is
    left alone. Needs the demo accounts (bangfu/demo/accounts.py) and a current programme."""
    rng = random.Random(seed)
    programme = Programme.objects.filter(is_current=True).first()
    city = _account("city_officer", "city")
    inspector = _account("inspector", "inspector")
    created = {"checklists": 0, "sheets": 0, "notices": 0}
    if programme is None or city is None:
        return {**created, "evaluations": 0}
    counties = programme_counties(programme)
    offices = {
        u.county_id: u for u in User.objects.filter(role="county", is_active=True).order_by("id")
    }
    level = {c.pk: rng.uniform(0.62, 0.95) for c in counties}  # each county's usual standard
    for year in YEARS:
        if Checklist.objects.filter(programme=programme, year=year).exists():
            continue
        checklist = checklist_create(user=city, programme=programme, year=year)
        created["checklists"] += 1
        rotation_propose(user=city, programme=programme, year=year)
        if inspector is not None:
            chosen = rng.sample(counties, k=min(2, len(counties)))
            inspector_assign(
                user=city, programme=programme, year=year, inspector=inspector, counties=chosen
            )
        checkers = {
            a.checked_id: a.checker_id for a in rotation_rows(programme=programme, year=year)
        }
        inspected = inspector_county_ids(inspector, programme=programme, year=year)
        for evaluation in Evaluation.objects.filter(checklist=checklist).order_by("county__code"):
            county_id = evaluation.county_id
            own = offices.get(county_id)
            if own is not None:
                _fill("self", evaluation, own, rng, min(0.98, level[county_id] + 0.06))
                created["sheets"] += 1
            _fill("spot", evaluation, city, rng, level[county_id])
            checker = offices.get(checkers.get(county_id))
            if county_id in inspected:  # the inspector scores the counties assigned to them
                checker = inspector
            if checker is not None:
                _fill("cross", evaluation, checker, rng, level[county_id] - 0.02)
                created["sheets"] += 1
            created["sheets"] += 1
        try:
            evaluation_finalise(user=city, checklist=checklist)
        except ValidationError:  # a county without a cross-checker account stays open
            continue
        created["notices"] += _notices(programme, checklist, city, year, rng)
    return {
        **created,
        "evaluations": Evaluation.objects.filter(checklist__programme=programme).count(),
        "notices_total": Notice.objects.filter(programme=programme).count(),
    }


def _notices(programme, checklist, city, year, rng) -> int:
    """A commendation each year (best county office, a helper, a person); one criticism (the
    last county of 2018); a draft commendation of 2019's helpers, edited once, not issued."""
    rows = sorted(checklist.evaluations.select_related("county"), key=lambda e: e.rank or 99)
    issued = dt.date(year + 1, 1, 20)
    notice = notice_create(
        user=city,
        programme=programme,
        year=year,
        kind="commendation",
        subject=f"{year}年度“科企帮万村”精准扶贫行动先进单位、企业和个人",
        issuer=ISSUER,
        number=f"津合办〔{year + 1}〕{rng.randint(2, 9)}号",
    )
    best = rows[0]
    notice_entry_add(
        user=city,
        notice=notice,
        subject="unit",
        name=f"{best.county.name}扶贫开发办公室",
        county=best.county,
        evaluation=best,
        reason=f"年度考评得分{best.final_score}分，位列第1名，组织健全、协议规范、资料完整。",
    )
    helper = Helper.objects.filter(pairings__status="active").order_by("id").distinct().first()
    if helper is not None:
        notice_entry_add(
            user=city,
            notice=notice,
            subject="helper",
            helper=helper,
            reason="结对帮扶措施扎实，帮扶项目按期落地，带动贫困户增收成效明显。",
        )
    notice_entry_add(
        user=city,
        notice=notice,
        subject="person",
        name=rng.choice(["李强", "赵静", "孙丽", "马超", "高洁"]),
        county=best.county,
        reason="长期驻村帮扶，协调解决企业困难，工作积极主动。",
    )
    notice_issue(user=city, notice=notice, issued_on=issued)
    count = 1
    if year == 2018:
        worst = rows[-1]
        criticism = notice_create(
            user=city,
            programme=programme,
            year=year,
            kind="criticism",
            subject=f"{worst.county.name}扶贫开发办公室",
            issuer=ISSUER,
            number=f"津合办〔{year + 1}〕11号",
        )
        notice_entry_add(
            user=city,
            notice=criticism,
            subject="unit",
            name=f"{worst.county.name}扶贫开发办公室",
            county=worst.county,
            evaluation=worst,
            reason=f"年度考评得分{worst.final_score}分，位列末位；部分报表未按时报送，帮扶资料不完整。",
        )
        notice_issue(user=city, notice=criticism, issued_on=issued)
        count += 1
    if year == YEARS[-1]:
        count += _draft(programme, city, year)
    return count


def _draft(programme, city, year) -> int:
    """A draft still being written (editable on its page): its subject corrected once."""
    helper = Helper.objects.filter(pairings__status="active").order_by("-id").distinct().first()
    draft = notice_create(
        user=city,
        programme=programme,
        year=year,
        kind="commendation",
        subject=f"{year}年度优秀帮扶企业",
        issuer=ISSUER,
    )
    notice_entry_add(
        user=city,
        notice=draft,
        subject="helper" if helper is not None else "unit",
        helper=helper,
        name="" if helper is not None else "承德县扶贫开发办公室",
        reason="带动贫困户发展产业，帮扶资金按期拨付到位。",
    )
    notice_update(
        user=city, notice=draft, subject=f"{year}年度“科企帮万村”精准扶贫行动优秀帮扶企业"
    )
    return 1

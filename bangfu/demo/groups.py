"""Demo data for the leading groups (attachment 3) and the demonstration villages (attachment 4).

For each county of the current programme a roster of 5–8 members from the three units the
plan names (§五(一)1: the county government, the poverty office, the institute), with one
liaison who has a phone and an e-mail; for each region pairing one recommended poor village
of its county; all but the last recommendation selected by the city office (never more than
the programme's quota). Deterministic per seed and idempotent: a county that has a roster
and a helping district that has recommended are left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count, Q

from bangfu.core.context import acting_as
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember
from bangfu.groups.selectors import selected_count
from bangfu.groups.services import member_save, recommendation_save, recommendation_select
from bangfu.places.models import RegionPairing
from bangfu.places.programme import current_programme, programme_counties
from bangfu.registry.models import VillageProfile

from .accounts import city_office
from .draws import person, phone

INSTITUTE = "中科硅谷（北京）农业科学研究院天津分院"
RECOMMENDED_ON = (dt.date(2017, 4, 10), dt.date(2017, 4, 19))
SELECTED_ON = dt.date(2017, 4, 28)


def _roster_plan(county_name: str, rng: random.Random) -> list[dict]:
    government = f"{county_name}人民政府"
    office = f"{county_name}扶贫开发办公室"
    plan = [
        {"group_role": GroupRole.LEADER, "post": "副县长", "unit": government},
        {"group_role": GroupRole.DEPUTY, "post": "主任", "unit": office},
        {"group_role": GroupRole.DEPUTY, "post": "副院长", "unit": INSTITUTE},
    ]
    extra = [
        {"group_role": GroupRole.MEMBER, "post": "副主任", "unit": office},
        {"group_role": GroupRole.MEMBER, "post": "办公室主任", "unit": government},
        {"group_role": GroupRole.MEMBER, "post": "科技服务部部长", "unit": INSTITUTE},
        {"group_role": GroupRole.MEMBER, "post": "股长", "unit": office},
    ]
    plan += extra[: rng.randint(1, 4)]  # 5 to 8 members with the liaison
    plan.append({"group_role": GroupRole.LIAISON, "post": "科员", "unit": office})
    return plan


def _demo_roster(user, programme, county, rng: random.Random) -> int:
    if LeadingGroupMember.objects.filter(programme=programme, county=county).exists():
        return 0
    made = 0
    for order, row in enumerate(_roster_plan(county.name, rng), start=1):
        liaison = row["group_role"] == GroupRole.LIAISON
        member_save(
            user=user,
            programme=programme,
            county=county,
            name=person(rng),
            phone=phone(rng),
            email=f"kqbwc{county.code}@example.cn" if liaison else "",
            order=order,
            **row,
        )
        made += 1
    return made


def _candidates(county):
    """The county's registered poor villages, the best-helped first (a showcase)."""
    return list(
        VillageProfile.objects.filter(county=county, is_registered_poor=True)
        .annotate(active=Count("village__pairings", filter=Q(village__pairings__status="active")))
        .select_related("village")
        .order_by("-active", "village__code")[:5]
    )


def _reasons(profile, district: str) -> tuple[str, str]:
    industries = [p for p in (profile.main_industries or "").replace("，", ",").split(",") if p]
    industry = industries[0] if industries else "特色种植"
    reasons = (
        f"{profile.village.name}是建档立卡贫困村，{industry}基础较好，村“两委”班子有力；"
        f"{district}帮扶企业已结对帮扶，产业项目落地，带贫效果明显，具备示范带动作用。"
    )
    return industry, reasons


def demo_groups(seed: int = 1) -> dict[str, int]:
    """A roster per county, a recommended village per helping district, most of them selected."""
    rng = random.Random(seed)
    programme = current_programme()
    city = city_office()
    if city is None:
        raise RuntimeError("demo_groups needs the demo accounts (a city office account)")
    members = recommendations = selected = 0
    with acting_as(user=city, channel="demo"):
        for county in programme_counties(programme):
            members += _demo_roster(city, programme, county, rng)
        pairings = list(
            RegionPairing.objects.filter(programme=programme)
            .select_related("county")
            .order_by("county__code", "helping_district")
        )
        new = []
        for rp in pairings:
            if DemonstrationRecommendation.objects.filter(region_pairing=rp).exists():
                continue
            candidates = _candidates(rp.county)
            taken = set(
                DemonstrationRecommendation.objects.filter(programme=programme).values_list(
                    "village_id", flat=True
                )
            )
            candidates = [p for p in candidates if p.village_id not in taken]
            if not candidates:
                continue
            profile = candidates[rng.randrange(min(2, len(candidates)))]
            industry, reasons = _reasons(profile, rp.helping_district)
            span = (RECOMMENDED_ON[1] - RECOMMENDED_ON[0]).days
            new.append(
                recommendation_save(
                    user=city,
                    programme=programme,
                    region_pairing=rp,
                    village=profile.village,
                    reasons=reasons,
                    industry=industry,
                    recommended_by=f"{rp.helping_district}对口帮扶工作组",
                    recommended_on=RECOMMENDED_ON[0] + dt.timedelta(days=rng.randint(0, span)),
                )
            )
            recommendations += 1
        # most are selected: all new ones but the last, within the quota
        room = programme.demonstration_quota - selected_count(programme)
        for rec in new[: max(min(len(new) - 1, room), 0)]:
            recommendation_select(
                user=city, recommendation=rec, note="经市领导小组办公室审定", on=SELECTED_ON
            )
            selected += 1
    return {
        "members": members,
        "liaisons": LeadingGroupMember.objects.filter(
            programme=programme, group_role=GroupRole.LIAISON
        ).count(),
        "recommendations": recommendations,
        "selected": selected,
    }

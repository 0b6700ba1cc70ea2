"""Demo places: the current programme, its region pairings, service centres with staff."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from bangfu.places.models import (
    Division,
    Level,
    Programme,
    RegionPairing,
    ServicePoint,
    ServiceStaff,
)

from .draws import person, phone

# Illustrative only: the helping districts are examples for the demo, not a statement of
# which Tianjin district helped which county.
DEMO_REGION_PAIRINGS = [
    ("天津市示范区甲", "130821"),
    ("天津市示范区乙", "130822"),
    ("天津市示范区丙", "130825"),
    ("天津市示范区丁", "130828"),
    ("天津市示范区戊", "130881"),
    ("天津市示范区己", "130821"),
    ("天津市示范区庚", "130822"),
    ("天津市示范区辛", "130825"),
    ("天津市示范区壬", "130828"),
]


@transaction.atomic
def demo_places(seed: int = 1) -> dict[str, int]:
    """The current programme, region pairings, and service centres with staff contacts."""
    rng = random.Random(seed)
    programme, _ = Programme.objects.get_or_create(
        name="科企帮万村精准扶贫行动",
        defaults={
            "start_year": 2017,
            "end_year": 2020,
            "is_current": True,
            "description": "天津市对口帮扶承德市5县；中科硅谷(北京)农业科学研究院天津分院牵头。",
        },
    )
    counties = {d.code: d for d in Division.objects.filter(level=Level.COUNTY)}
    for district, code in DEMO_REGION_PAIRINGS:
        if code in counties:
            RegionPairing.objects.get_or_create(
                programme=programme, helping_district=district, county=counties[code]
            )
    created = 0
    townships = list(Division.objects.filter(level=Level.TOWNSHIP).order_by("code"))
    for township in townships[:122]:  # the plan names 122 township service centres
        point, made = ServicePoint.objects.get_or_create(
            division=township,
            kind=ServicePoint.Kind.CENTRE,
            defaults={
                "name": f"{township.name}科技服务中心",
                "address": f"{township.name}政府院内",
                "opened_on": date(2017, 4, 20),  # the plan's deadline for the organisation
            },
        )
        if made:
            created += 1
            ServiceStaff.objects.create(
                point=point, name=person(rng), post="站长", phone=phone(rng), is_master=True
            )
    return {"programmes": Programme.objects.count(), "service_points": created}

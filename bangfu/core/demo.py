"""Demo data for `make run` and the browser tests: deterministic per seed."""

from __future__ import annotations

import random

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangfu.accounts.models import User
from bangfu.accounts.roles import SECOND_FACTOR_REQUIRED, Role
from bangfu.places.models import (
    Division,
    Level,
    Programme,
    RegionPairing,
    ServicePoint,
    ServiceStaff,
)

DEMO_PASSWORD = "Bangfu-demo-2026!"  # noqa: S105  (printed by `make run`; demo only)
# The demo accounts whose role signs in with a second factor share this authenticator key
# (base32 DEMO_TOTP_BASE32, printed by `setup_demo`), so that the demo and the browser tests
# can sign in. Demo only: a real account enrols its own key at its first sign-in.
DEMO_TOTP_KEY = "42414e474655444544454d4f544f54504b455931"
DEMO_TOTP_BASE32 = "IJAU4R2GKVCEKRCFJVHVIT2UKBFUKWJR"

# (username, full name, role, county code)
DEMO_ACCOUNTS = [
    ("city_officer", "市合作交流办 王明", Role.CITY, None),
    ("officer_chengde", "承德县扶贫办 李强", Role.COUNTY, "130821"),
    ("officer_weichang", "围场县扶贫办 赵静", Role.COUNTY, "130828"),
    ("officer_xinglong", "兴隆县扶贫办 孙丽", Role.COUNTY, "130822"),
    ("officer_longhua", "隆化县扶贫办 马超", Role.COUNTY, "130825"),
    ("officer_pingquan", "平泉市扶贫办 高洁", Role.COUNTY, "130881"),
    ("institute_staff", "中科硅谷研究院 陈晨", Role.INSTITUTE, None),
    ("helper_liaison", "帮扶企业联络人 刘洋", Role.HELPER, None),
    ("inspector", "督导员 孙伟", Role.INSPECTOR, None),
    ("auditor", "审计员 周敏", Role.AUDITOR, None),
    ("sysadmin", "系统管理员 吴磊", Role.SYSADMIN, None),
    ("security_admin", "安全管理员 郑红", Role.SECURITY, None),
]

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

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))


@transaction.atomic
def demo_accounts() -> list[tuple[str, str, str]]:
    """One account per role; returns (username, role label, scope) for printing."""
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper

    out = []
    counties = {d.code: d for d in Division.objects.filter(level=Level.COUNTY)}
    helper, _created = Helper.objects.get_or_create(
        uscc=make_uscc("91130821MA0A1B2C3"),
        defaults={
            "name": "承德绿源农业科技有限公司",
            "kind": Helper.Kind.PRIVATE,
            "capacity": 3,
            "liaison_name": "刘洋",
        },
    )
    for username, full_name, role, county_code in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                role=role,
                county=counties.get(county_code),
                is_staff=role == Role.SYSADMIN,
                helper=helper if role == Role.HELPER else None,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role in SECOND_FACTOR_REQUIRED and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )
        scope = user.county.name if user.county else ""
        out.append((username, Role(role).label, scope))
    return out


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
            },
        )
        if made:
            created += 1
            ServiceStaff.objects.create(
                point=point, name=_person(rng), post="站长", phone=_phone(rng)
            )
    return {"programmes": Programme.objects.count(), "service_points": created}

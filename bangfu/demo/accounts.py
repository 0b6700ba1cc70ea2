"""Demo accounts: one per role, the shared password and authenticator key; the county offices."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangfu.accounts.models import User
from bangfu.accounts.roles import SECOND_FACTOR_REQUIRED, Role
from bangfu.helpers.models import Helper
from bangfu.places.models import Division, Level

from .helpers.plan import DEMO_HELPER_NAME, DEMO_HELPER_USCC

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


@transaction.atomic
def demo_accounts() -> list[tuple[str, str, str]]:
    """One account per role; returns (username, role label, scope) for printing."""
    out = []
    counties = {d.code: d for d in Division.objects.filter(level=Level.COUNTY)}
    # the demo liaison's helper: the registry demo plans it first, with the same fields
    helper, _created = Helper.objects.get_or_create(
        uscc=DEMO_HELPER_USCC,
        defaults={
            "name": DEMO_HELPER_NAME,
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
                language="zh-hans",  # the offices work in Chinese, whatever the browser says
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif not user.language:  # a demo made before accounts kept a language
            user.language = "zh-hans"
            user.save(update_fields=["language"])
        if role in SECOND_FACTOR_REQUIRED and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )
        scope = user.county.name if user.county else ""
        out.append((username, Role(role).label, scope))
    return out


def county_officers() -> dict[int, User]:
    """The first active county office account of each county, by id."""
    out: dict[int, User] = {}
    for user in User.objects.filter(role=Role.COUNTY, is_active=True).order_by("id"):
        out.setdefault(user.county_id, user)
    return out


def city_office() -> User | None:
    """The first active city office account, by id."""
    return User.objects.filter(role=Role.CITY, is_active=True).order_by("id").first()

"""Personas shared by every test (STYLE.md): one account per role, with its scope."""

import pytest
from django.core.management import call_command

from bangfu.accounts.models import User
from bangfu.places.models import Division

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real division list is loaded once per test database and kept for all tests."""
    with django_db_blocker.unblock():
        call_command("load_divisions", verbosity=0)


@pytest.fixture(autouse=True)
def _audit_checkpoints_apart(tmp_path_factory):
    """Audit checkpoints written during a test (after a commit callback) go to a directory of
    that test, never to var/audit/ nor to another test's."""
    import time
    import uuid

    from django.conf import settings

    from bangfu.accounts import audit, checkpoints

    audit.start_denial_queue()  # no denial remembered by an earlier test
    before = settings.AUDIT_CHECKPOINT_DIR
    settings.AUDIT_CHECKPOINT_DIR = tmp_path_factory.getbasetemp() / "audit" / uuid.uuid4().hex
    checkpoints._last_written = time.time()  # no daily checkpoint falls due during a test
    yield
    settings.AUDIT_CHECKPOINT_DIR = before


@pytest.fixture(autouse=True)
def _figures_cache_empty():
    """Each test starts with no kept figures (`bangfu.core.caching`): fixtures write rows in
    bulk, without audit rows, which the cache would not notice."""
    from django.core.cache import cache

    cache.clear()


def _make(username, role, county_code=None, **extra):
    county = Division.objects.get(code=county_code) if county_code else None
    user = User(username=username, role=role, county=county, full_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def city_officer(db):
    return _make("city_officer", "city")


@pytest.fixture
def officer_chengde(db):
    return _make("officer_chengde", "county", "130821")


@pytest.fixture
def officer_weichang(db):
    return _make("officer_weichang", "county", "130828")


@pytest.fixture
def institute_staff(db):
    return _make("institute_staff", "institute")


@pytest.fixture
def helper_org(db):
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper

    return Helper.objects.create(
        name="承德绿源农业科技有限公司",
        uscc=make_uscc("91130821MA0A1B2C3"),
        kind="private",
        capacity=3,
    )


@pytest.fixture
def helper_liaison(helper_org):
    return _make("helper_liaison", "helper", helper=helper_org)


@pytest.fixture
def inspector(db):
    return _make("inspector", "inspector")


@pytest.fixture
def auditor(db):
    return _make("auditor", "auditor")


@pytest.fixture
def sysadmin(db):
    return _make("sysadmin", "sysadmin", is_staff=True)


@pytest.fixture
def security_admin(db):
    return _make("security_admin", "security")


@pytest.fixture
def personas(
    city_officer,
    officer_chengde,
    officer_weichang,
    institute_staff,
    helper_liaison,
    inspector,
    auditor,
    sysadmin,
    security_admin,
):
    return {
        "city_officer": city_officer,
        "officer_chengde": officer_chengde,
        "officer_weichang": officer_weichang,
        "institute_staff": institute_staff,
        "helper_liaison": helper_liaison,
        "inspector": inspector,
        "auditor": auditor,
        "sysadmin": sysadmin,
        "security_admin": security_admin,
    }


# Second factor. The roles in accounts.roles.SECOND_FACTOR_REQUIRED (city office, system,
# security and audit administrators) reach nothing but the code page until the session is
# verified. Tests that need such a persona signed in use `sign_in` (or the `client_for`
# fixture, which calls it); tests of the factor itself sign in through the pages.


def enrol_device(user, key=None):
    """A confirmed TOTP authenticator for `user` (the one it has, if any)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        extra = {"key": key} if key else {}
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True, **extra)
    return device


def totp_code(device):
    """The authenticator's current code, never one the device has already accepted."""
    from bangfu.accounts.second_factor import code_for

    device.refresh_from_db()
    return code_for(device)


def sign_in(client, user):
    """Sign `client` in as `user` like a real sign-in: session times, and for roles that
    need a second factor an enrolled authenticator and a session verified with it."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY

    from bangfu.accounts import second_factor

    client.force_login(user)
    session = client.session
    session["login_at"] = session["last_seen"] = time.time()
    if second_factor.required(user):
        session[DEVICE_ID_SESSION_KEY] = enrol_device(user).persistent_id
    session.save()
    return client


def api_token(client, user, password=PASSWORD):
    """An API token issued by POST /api/v1/token/ as a client would get it: with the
    authenticator's code for roles that need a second factor (enrolled here)."""
    from bangfu.accounts import second_factor

    data = {"username": user.username, "password": password}
    if second_factor.required(user):
        data["otp"] = totp_code(enrol_device(user))
    resp = client.post("/api/v1/token/", data, content_type="application/json")
    assert resp.status_code == 200, resp.content
    return resp.json()["token"]


@pytest.fixture
def client_for(client):
    """A logged-in test client for a persona (session set up like a real sign-in)."""
    from django.test import Client

    def make(user):
        return sign_in(Client(), user)

    return make

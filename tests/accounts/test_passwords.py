import pytest
from django.core.exceptions import ValidationError

from bangfu.accounts import services
from bangfu.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short1!", "password_too_short"),
        ("alllowercaseletters", "password_classes"),
        ("officer_x-Pass-2026", "password_username"),
        ("123456789012", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, code):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=None, password=password, username="officer_x", role="city")
    assert code in [e.code for e in exc.value.error_list]
    assert not User.objects.filter(username="officer_x").exists()


def test_long_passphrase_is_accepted_with_fewer_classes():
    user = services.user_create(
        actor=None, password="green hills and clear rivers", username="pp_user", role="city"
    )
    assert user.check_password("green hills and clear rivers")


def test_good_password_is_stored_hashed_and_never_audited():
    from bangfu.accounts.models import AuditEvent

    user = services.user_create(
        actor=None, password="Sturdy-Pass-2026", username="good", role="city"
    )
    assert user.password != "Sturdy-Pass-2026"
    ev = AuditEvent.objects.get(event="create", object_type="accounts.user", object_repr="good")
    assert ev.changes["password"] == [None, "***"]
    services.user_set_password(actor=None, user=user, password="Another-Pass-2027")
    ev = AuditEvent.objects.filter(event="update", object_type="accounts.user").latest("id")
    assert set(ev.changes) == {"password", "password_changed_at"}
    assert ev.changes["password"] == ["***", "***"]
    assert "Another-Pass-2027" not in str(ev.changes)


def test_county_officer_needs_a_county():
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=None, password="Sturdy-Pass-2026", username="c1", role="county")
    assert "county" in exc.value.message_dict

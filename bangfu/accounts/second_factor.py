"""Second factor (TOTP with recovery codes) on django-otp: devices, codes and the QR.

A user's authenticator is a `TOTPDevice` (unconfirmed while being enrolled); the recovery
codes are one `StaticDevice` whose tokens are kept as keyed digests (`recovery_digest`),
never the codes themselves, so a copy of the database does not give them away. A recovery
code works once (django-otp deletes the token it matches). The business actions that use
these helpers (enrol, verify, reset) are in `services`, with their audit rows.
"""

from __future__ import annotations

import re
import time
from base64 import b32encode

from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import SECOND_FACTOR_REQUIRED

# The session remembers whether the signed-in account needs a code, so that the
# middleware does not look up devices on every request of a user who has none.
SESSION_NEEDED = "second_factor_needed"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator"


def required(user) -> bool:
    return getattr(user, "role", "") in SECOND_FACTOR_REQUIRED


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needed(user) -> bool:
    """The account must give a code after its password: its role requires one, or its
    owner enrolled an authenticator of their own accord."""
    return required(user) or has_device(user)


def is_verified(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()[:32]


def recovery_digest(code: str) -> str:
    """What is stored for a recovery code: an HMAC keyed on SECRET_KEY, 64 bits (the
    token column holds 16 characters; the codes themselves carry 40 bits)."""
    return salted_hmac("bangfu.recovery-code", _normalise(code), algorithm="sha256").hexdigest()[
        :16
    ]


def is_recovery(device) -> bool:
    return isinstance(device, StaticDevice)


def match(user, code: str):
    """The device that accepts `code` (six digits: the authenticator; otherwise a recovery
    code, used up by matching), or None. django-otp's throttling applies: after a wrong
    code the device refuses for 1, 2, 4 … seconds."""
    code = _normalise(code)
    if not code:
        return None
    with transaction.atomic():
        if code.isdigit():
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
            for device in devices.select_for_update():
                if device.verify_token(code):
                    return device
            return None
        for device in StaticDevice.objects.devices_for_user(
            user, confirmed=True
        ).select_for_update():
            if device.verify_token(recovery_digest(code)):
                return device
    return None


def pending_device(user, *, create: bool = False) -> TOTPDevice | None:
    """The authenticator being enrolled (unconfirmed), created on request."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def check_pending(device: TOTPDevice, code: str) -> bool:
    code = _normalise(code)
    return code.isdigit() and device.verify_token(code)


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32 in groups of four, for typing into an authenticator by hand."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// URL as an SVG QR code (served from its own URL: no inline data)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode").encode()


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones, returned in
    clear once (for the user to write down) and stored as digests."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = StaticToken.random_token()  # 8 base32 characters
        codes.append(f"{raw[:4]}-{raw[4:]}")
        device.token_set.create(token=recovery_digest(raw))
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_devices(user) -> int:
    n, _ = TOTPDevice.objects.filter(user=user).delete()
    m, _ = StaticDevice.objects.filter(user=user).delete()
    return n + m


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the authenticator shows now (or at `at`), never one already used: for tests,
    the demo and scripts (TOTP of RFC 6238, as django-otp verifies it)."""
    now = time.time() if at is None else at
    counter = int((now - device.t0) // device.step) + device.drift
    counter = max(counter, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"

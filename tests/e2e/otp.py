"""The demo city office's second-factor code, never the same time step twice in a run.

The server refuses a code of a step it has already accepted (replay), so a second sign-in
within the same 30 s waits for the next step instead of failing at random."""

from __future__ import annotations

import time
from binascii import unhexlify

STEP = 30
_last_step = -1


def demo_code() -> str:
    from django_otp.oath import totp

    from bangfu.demo.accounts import DEMO_TOTP_KEY

    global _last_step
    now = time.time()
    if int(now // STEP) <= _last_step:
        time.sleep((_last_step + 1) * STEP - now + 0.5)
    _last_step = int(time.time() // STEP)
    return f"{totp(unhexlify(DEMO_TOTP_KEY)):06d}"

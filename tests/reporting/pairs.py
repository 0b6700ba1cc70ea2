"""Pairings on chosen days for the attachment 2 and plan-step tests, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def pair(user, helper, village, on: dt.date, *, signed: dt.date | None = None, focus="养殖"):
    """A pairing started `on`, with an agreement signed `signed` (None: none) and active."""
    from bangfu.pairing.services.agreements import agreement_upload
    from bangfu.pairing.services.pairings import pairing_activate, pairing_propose
    from tests.pairing.conftest import scan

    p = pairing_propose(
        user=user,
        helper=helper,
        village=village,
        start_date=on,
        focus=focus,
        content=f"{focus}帮扶",
        pathways=["industry"],
    )
    if signed is not None:
        agreement_upload(user=user, pairing=p, upload=scan(), signed_on=signed)
        p = pairing_activate(user=user, pairing=p, on=signed)
    return p


def plan(user, pairing):
    """One plan item for `pairing`."""
    from bangfu.pairing.services.plans import plan_item_save

    return plan_item_save(
        user=user,
        pairing=pairing,
        what="建设养殖小区",
        indicator="存栏",
        target_value=Decimal("200"),
        unit="头",
        due_date=dt.date(2018, 12, 31),
    )

"""Business actions on commendation and criticism notices: draft one, name entries, issue it.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.core.notifications import notify
from bangfu.evaluation.models import Evaluation, Notice, NoticeEntry
from bangfu.evaluation.permissions import may_manage
from bangfu.places.models import Division, Programme
from bangfu.visits.services import actor


def _bare_subject(subject: str) -> str:
    """“关于X的表彰通报” typed in full becomes X: the title is built from the kind."""
    text = subject.strip().removeprefix("关于")
    for suffix in ("的表彰通报", "的通报批评", "的通报"):
        text = text.removesuffix(suffix)
    return text.strip()[:100]


def notice_create(
    *,
    user,
    programme: Programme,
    year: int,
    kind: str,
    subject: str,
    issuer: str,
    number: str = "",
    intro: str = "",
) -> Notice:
    """A draft commendation or criticism notice; its entries are added next, then issued."""
    require(may_manage(user), "evaluation.manage")
    errors = {}
    if kind not in Notice.Kind.values:
        errors["kind"] = _("Choose commendation or criticism.")
    if not (subject or "").strip():
        errors["subject"] = _("Say what the notice is about.")
    if not (issuer or "").strip():
        errors["issuer"] = _("Name the issuing office.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Notice.objects.create(
            programme=programme,
            year=year,
            kind=kind,
            subject=_bare_subject(subject),
            issuer=issuer.strip(),
            number=(number or "").strip(),
            intro=(intro or "").strip(),
            created_by=actor(user),
        )


def notice_entry_add(
    *,
    user,
    notice: Notice,
    subject: str,
    reason: str,
    name: str = "",
    helper=None,
    county: Division | None = None,
    evaluation: Evaluation | None = None,
) -> NoticeEntry:
    """Name a unit, a helper (its name is the helper's) or a person, with the reason."""
    require(may_manage(user), "evaluation.manage", notice)
    if notice.is_issued:
        raise ValidationError(_("The notice has been issued: it no longer changes."))
    errors = {}
    if subject not in NoticeEntry.Subject.values:
        errors["subject"] = _("Choose a unit, a helper or a person.")
    if subject == NoticeEntry.Subject.HELPER:
        if helper is None:
            errors["helper"] = _("Choose the helper.")
        else:
            name = helper.name
    if not (name or "").strip():
        errors["name"] = _("Give the name.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        order = notice.entries.count() + 1
        return NoticeEntry.objects.create(
            notice=notice,
            subject=subject,
            name=name.strip()[:100],
            helper=helper if subject == NoticeEntry.Subject.HELPER else None,
            county=county,
            evaluation=evaluation,
            reason=reason.strip(),
            order=order,
        )


def notice_issue(*, user, notice: Notice, issued_on: dt.date | None = None) -> Notice:
    """Issue the notice (read-only afterwards); every office is told in-app."""
    from bangfu.accounts.models import User

    require(may_manage(user), "evaluation.manage", notice)
    if notice.is_issued:
        raise ValidationError(_("The notice has been issued."))
    if not notice.entries.exists():
        raise ValidationError(_("Name at least one unit, helper or person first."))
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
    with transaction.atomic():
        notice.issued_on = issued_on
        notice.save(update_fields=["issued_on"])
        notify(
            users=User.objects.filter(
                is_active=True, role__in=[Role.COUNTY, Role.INSTITUTE, Role.INSPECTOR]
            ),
            kind="evaluation_notice",
            title=notice.title,
            url=notice.get_absolute_url(),
        )
    return notice

"""Business actions on commendation and criticism notices: draft, name entries, edit, issue.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.core.models import StaleRecordError
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


NOTICE_EDITABLE = ("kind", "year", "subject", "number", "issuer", "intro")
ENTRY_EDITABLE = ("subject", "name", "helper", "county", "evaluation", "reason", "order")


def _editable(user, notice: Notice, obj, version: int | None) -> None:
    """The checks every edit of a draft shares: the city office, not issued, not stale."""
    require(may_manage(user), "evaluation.manage", obj)
    if notice.is_issued:
        raise ValidationError(
            _("The notice was issued on %(date)s: it can no longer be changed.")
            % {"date": notice.issued_on},
            code="issued",
        )
    if version is not None and version != obj.version:
        raise StaleRecordError(obj)


def notice_update(*, user, notice: Notice, version: int | None = None, **fields) -> Notice:
    """Edit a draft notice (kind, year, subject, number, issuer, introduction; only the
    fields given change). Refused once issued, and when `version` is not the one stored."""
    unknown = set(fields) - set(NOTICE_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _editable(user, notice, notice, version)
    errors = {}
    if "kind" in fields and fields["kind"] not in Notice.Kind.values:
        errors["kind"] = _("Choose commendation or criticism.")
    if "subject" in fields and not _bare_subject(fields["subject"] or ""):
        errors["subject"] = _("Say what the notice is about.")
    if "issuer" in fields and not (fields["issuer"] or "").strip():
        errors["issuer"] = _("Name the issuing office.")
    if "year" in fields and not (2017 <= (fields["year"] or 0) <= timezone.localdate().year):
        errors["year"] = _("Give a year of the programme, 2017 to this year.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name, value in fields.items():
            if name == "subject":
                value = _bare_subject(value)
            setattr(notice, name, value.strip() if isinstance(value, str) else value)
        notice.save()
    return notice


def notice_entry_update(
    *, user, entry: NoticeEntry, version: int | None = None, **fields
) -> NoticeEntry:
    """Edit an entry of a draft notice: who is named and why (a helper's name is the
    helper's). Refused once the notice is issued, and when `version` is stale."""
    unknown = set(fields) - set(ENTRY_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _editable(user, entry.notice, entry, version)
    subject = fields.get("subject", entry.subject)
    helper = fields.get("helper", entry.helper)
    name = fields.get("name", entry.name)
    errors = {}
    if subject not in NoticeEntry.Subject.values:
        errors["subject"] = _("Choose a unit, a helper or a person.")
    if subject == NoticeEntry.Subject.HELPER:
        if helper is None:
            errors["helper"] = _("Choose the helper.")
        else:
            name = helper.name
    else:
        helper = None
    if not (name or "").strip():
        errors["name"] = _("Give the name.")
    if "reason" in fields and not (fields["reason"] or "").strip():
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(entry, key, value.strip() if isinstance(value, str) else value)
        entry.subject, entry.helper, entry.name = subject, helper, name.strip()[:100]
        entry.save()
    return entry


def notice_entry_remove(*, user, entry: NoticeEntry, version: int | None = None) -> Notice:
    """Take an entry off a draft notice (the removal is in the notice's history)."""
    notice = entry.notice
    _editable(user, notice, entry, version)
    with transaction.atomic():
        name = entry.name
        entry.delete()
        audit.record(
            event="update",
            obj=notice,
            detail=_("%(name)s taken off the notice") % {"name": name},
        )
    return notice


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

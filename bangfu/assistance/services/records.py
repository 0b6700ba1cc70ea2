"""The recorder's actions: record or edit a draft, submit it, draft a correction.

A record is drafted by the helper (its liaison) or the county office, submitted, and then
confirmed — or sent back with a note — by the county office of the village's county
(review.py). Only confirmed records count (indicators.py). A confirmed record is locked: it
changes only by re-opening it (county office, with a reason, audited) or by a correcting
record that supersedes it once confirmed. Nothing changes in a county's half-year once its
filing has been accepted (`PeriodLock`, locks.py), until the city office lifts the lock.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.core.uploads import store_evidence

from ..models import MEASURE_FIELDS, Assistance, AssistanceStatus, Beneficiary
from .roster import check_roster_counts
from .rules import (
    EDITABLE,
    beneficiaries_in,
    check_kind,
    check_not_locked,
    check_pairing,
    clean_measures,
    may_record,
)


def assistance_save(
    *,
    user,
    helper,
    village,
    on: dt.date,
    pathway: str,
    kind: str,
    description: str,
    record: Assistance | None = None,
    pairing=None,
    beneficiaries=(),
    uploads=(),
    corrects: Assistance | None = None,
    **measures,
) -> Assistance:
    """Create or edit a draft (or sent-back) record, checked in full."""
    if village.level != "village":
        raise ValidationError({"village": _("Choose a village.")})
    require(
        may_record(user, helper_id=helper.pk, county_id=village.county_id),
        "assistance.record",
        village,
    )
    if record is not None:
        if record.status not in EDITABLE:
            raise ValidationError(
                _("A %(status)s record cannot be edited; re-open it or record a correction.")
                % {"status": record.get_status_display()},
                code="locked_record",
            )
        require(
            may_record(user, helper_id=record.helper_id, county_id=record.county_id),
            "assistance.record",
            record,
        )
        check_not_locked(record.county, record.on)
    if on > timezone.localdate():
        raise ValidationError({"on": _("A record cannot be dated in the future.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("Say what was done.")})
    check_kind(pathway, kind)
    check_pairing(pairing, helper, village, on)
    check_not_locked(village.county, on)
    values = clean_measures(measures)
    check_roster_counts(record, values, kind)
    households = beneficiaries_in(village, beneficiaries)
    values["households_reached"] = max(values["households_reached"], len(households))
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        record = record or Assistance(created_by=user if getattr(user, "pk", None) else None)
        record.helper = helper
        record.village = village
        record.pairing = pairing
        record.on = on
        record.pathway = pathway
        record.kind = kind
        record.description = description.strip()
        record.corrects = corrects if corrects is not None else record.corrects
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        set_beneficiaries(record, [h.pk for h in households])
        if files:
            record.evidence.add(*files)
    return record


def assistance_submit(*, user, record: Assistance) -> Assistance:
    """draft or sent back → submitted, for the county office to confirm."""
    require(
        may_record(user, helper_id=record.helper_id, county_id=record.county_id),
        "assistance.submit",
        record,
    )
    if record.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a record sent back can be submitted."))
    check_not_locked(record.county, record.on)
    with transaction.atomic():
        record.status = AssistanceStatus.SUBMITTED
        record.submitted_by = user if getattr(user, "pk", None) else None
        record.submitted_at = timezone.now()
        record.save(update_fields=["status", "submitted_by", "submitted_at"])
    return record


def assistance_correct(*, user, record: Assistance, **fields) -> Assistance:
    """A correcting draft for a confirmed record: the original counts until it is confirmed."""
    if record.status != AssistanceStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed record is corrected by a new record."))
    return assistance_save(user=user, corrects=record, **{**record_fields(record), **fields})


def record_fields(record: Assistance) -> dict:
    """The record as `assistance_save` takes it: where an edit of some fields or a correction
    starts from."""
    return {
        "helper": record.helper,
        "village": record.village,
        "pairing": record.pairing,
        "on": record.on,
        "pathway": record.pathway,
        "kind": record.kind,
        "description": record.description,
        "beneficiaries": list(record.beneficiaries.all()),
        **{m: getattr(record, m) for m in MEASURE_FIELDS},
    }


def set_beneficiaries(record: Assistance, wanted) -> None:
    """The record's beneficiary links set to the households `wanted` (ids); a change is
    audited on the record."""
    current = set(
        Beneficiary.objects.filter(assistance=record).values_list("household_id", flat=True)
    )
    wanted = set(wanted)
    if current == wanted:
        return
    Beneficiary.objects.filter(assistance=record).exclude(household_id__in=wanted).delete()
    Beneficiary.objects.bulk_create(
        [Beneficiary(assistance=record, household_id=h) for h in wanted - current]
    )
    audit.record(
        event="update", obj=record, changes={"beneficiaries": [sorted(current), sorted(wanted)]}
    )

"""The signed agreement of a pairing (帮扶协议): keep the scan on file."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.uploads import store_evidence

from ..models import Agreement, Pairing
from .rules import may_edit_content


def agreement_upload(
    *,
    user,
    pairing: Pairing,
    upload,
    signed_on: dt.date,
    helper_signatory: str = "",
    village_signatory: str = "",
) -> Agreement:
    """Keep the signed agreement (PDF or image). A newer scan replaces the one on file; the
    older file stays stored and its replacement is in the audit trail."""
    require(may_edit_content(user, pairing), "agreement.upload", pairing)
    if pairing.is_closed:
        raise ValidationError(_("This pairing has ended; it can no longer be changed."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    with transaction.atomic():
        stored = store_evidence(upload, user=user)
        agreement = Agreement.objects.filter(pairing=pairing).first() or Agreement(pairing=pairing)
        agreement.scan = stored
        agreement.signed_on = signed_on
        agreement.helper_signatory = (helper_signatory or "").strip()
        agreement.village_signatory = (village_signatory or "").strip()
        agreement.save()
    return agreement

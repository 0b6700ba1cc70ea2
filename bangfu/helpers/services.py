"""Saving a helper: the credit code and the liaison's mobile checked, then written (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.uscc import validate_uscc

from .models import Helper


@transaction.atomic
def helper_save(*, user, helper: Helper, **fields) -> Helper:
    """Create or update a helper; the USCC is its natural key and must be unique."""
    for name, value in fields.items():
        setattr(helper, name, value)
    helper.uscc = validate_uscc(helper.uscc)
    helper.liaison_phone = validate_mobile(helper.liaison_phone) if helper.liaison_phone else ""
    clash = Helper.objects.filter(uscc=helper.uscc).exclude(pk=helper.pk).first()
    if clash is not None:
        raise ValidationError({"uscc": _("%(name)s already has this code.") % {"name": clash.name}})
    helper.full_clean(exclude=["initials", "uscc", "liaison_phone"])
    helper.save()
    return helper

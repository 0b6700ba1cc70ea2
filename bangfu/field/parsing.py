"""Reading an item sent from a phone into what its form's service takes.

The parsers are the API's own (the assistance, visit, step and progress serializers), so a
field is read the same way online and from a phone. The object an item is about (the case
of a home visit, the plan item of a progress report) is looked up in the user's scope: out
of scope is the same as missing. The version the phone read is set on it, so that the
service's optimistic lock tells a record changed since then (a conflict).
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers

from bangfu.assistance.serializers.records import AssistanceCreateSerializer
from bangfu.core.uploads import check_evidence
from bangfu.monitoring.selectors import case_get_for_user
from bangfu.monitoring.serializers import StepRecordSerializer
from bangfu.pairing.models import Pairing, PlanItem
from bangfu.pairing.serializers.plans import ProgressAddSerializer
from bangfu.places.models import Division
from bangfu.visits.serializers import FollowUpAddSerializer, VisitCreateSerializer

from .models import ItemKind

MAX_PHOTOS = 6


class VisitItemSerializer(VisitCreateSerializer):
    """A supervision visit with the problems found (each followed up)."""

    follow_ups = FollowUpAddSerializer(many=True, required=False, default=list)


class HomeVisitSerializer(StepRecordSerializer):
    step = None  # always the home visit
    case = serializers.CharField(max_length=12)


class ProgressItemSerializer(ProgressAddSerializer):
    item = serializers.IntegerField()


def _valid(serializer_class, request, data) -> dict:
    s = serializer_class(data=data, context={"request": request})
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def photos(values) -> list:
    """The photos the phone shrank, as data URLs, turned into checked uploads."""
    values = values or []
    if not isinstance(values, list) or len(values) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)d photos an item.") % {"n": MAX_PHOTOS})
    uploads = []
    for n, value in enumerate(values, 1):
        head, _sep, body = str(value).partition(",")
        try:
            content = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(_("Photo %(n)d is damaged; take it again.") % {"n": n}) from None
        kind = "png" if "png" in head else "jpg"
        upload = SimpleUploadedFile(f"photo-{n}.{kind}", content, f"image/{kind}")
        check_evidence(upload)
        uploads.append(upload)
    return uploads


def _assistance(request, data, base_version):
    fields = _valid(AssistanceCreateSerializer, request, data)
    fields.pop("files", None)
    fields["beneficiaries"] = []  # the phone keeps no households
    return fields, None


def _division(code, level):
    return Division.objects.filter(code=str(code or ""), level=level).first()


def _visit(request, data, base_version):
    fields = _valid(VisitItemSerializer, request, data)
    county = _division(fields.pop("county"), "county")
    if county is None:
        raise ValidationError({"county": _("Choose a county.")})
    codes = fields.pop("villages")
    villages = list(Division.objects.filter(code__in=codes, level="village"))
    if len(villages) != len(set(codes)):
        raise ValidationError({"villages": _("Some village codes are unknown.")})
    numbers = fields.pop("pairings")
    pairings = list(Pairing.objects.filter(number__in=numbers))
    if len(pairings) != len(set(numbers)):
        raise ValidationError({"pairings": _("Some agreement numbers are unknown.")})
    fields["follow_ups"] = [
        {**f, "village": _division(f.get("village"), "village")} for f in fields["follow_ups"]
    ]
    return {"county": county, "villages": villages, "pairings": pairings, **fields}, None


def _home_visit(request, data, base_version):
    fields = _valid(HomeVisitSerializer, request, data)
    case = case_get_for_user(user=request.user, number=fields.pop("case").upper())
    if base_version is not None:
        case.version = base_version
    fields.pop("notice_start", None)
    fields.pop("notice_end", None)
    return {"case": case, **fields}, case


def plan_item_for_user(*, user, pk) -> PlanItem:
    item = (
        PlanItem.objects.filter(pairing__in=Pairing.objects.for_user(user), pk=pk)
        .select_related("pairing", "pairing__helper", "pairing__village")
        .first()
    )
    if item is None:
        raise Http404("No such plan item")
    return item


def _progress(request, data, base_version):
    fields = _valid(ProgressItemSerializer, request, data)
    item = plan_item_for_user(user=request.user, pk=fields.pop("item"))
    if base_version is not None:
        item.version = base_version
    fields.pop("files", None)
    return {"item": item, **fields}, item


PARSERS = {
    ItemKind.ASSISTANCE: _assistance,
    ItemKind.VISIT: _visit,
    ItemKind.HOME_VISIT: _home_visit,
    ItemKind.PROGRESS: _progress,
}


def parse_item(request, kind: str, data: dict, base_version: int | None, pictures) -> tuple:
    """(the service's fields, the object the item is about or None)."""
    fields, about = PARSERS[kind](request, data, base_version)
    uploads = photos(pictures)
    if uploads:
        if kind == ItemKind.HOME_VISIT:
            raise ValidationError(_("A home visit takes no photos here."))
        fields["uploads"] = uploads
    return fields, about

"""Scoped reads of assistance records: lists, one record, the confirmation queue, beneficiaries.

Every read goes through the models' `for_user()`: a county office sees its county, a helper
liaison its own helper's records, programme-wide roles everything. A record out of scope is a
404, and the attempt is audited, like the pairing part.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from bangfu.accounts.roles import can
from bangfu.pairing.selectors.pairings import helper_or_village_q

from ..indicators import BY_CODE
from ..models import Assistance, AssistanceStatus, Beneficiary, PeriodLock


def assistance_list_for_user(*, user, filters: dict | None = None):
    """Records in `user`'s scope, newest first, filtered: period (code), start and end
    (dates, inclusive), county, township, village (codes), pathway, kind, status, helper
    (USCC), pairing (number), q (village or helper name, pinyin initials, or a record
    number), indicator (a code of `indicators.INDICATORS`: the confirmed records that make
    its figure, as `indicators.counted_records` counts them)."""
    filters = filters or {}
    qs = Assistance.objects.for_user(user).select_related(
        "helper", "village", "village__parent", "county", "pairing"
    )
    if filters.get("indicator"):
        counts = BY_CODE[filters["indicator"]].counts
        qs = qs.filter(status=AssistanceStatus.CONFIRMED)
        if counts is not None:
            qs = qs.filter(counts)
    if filters.get("period"):
        qs = qs.filter(period=str(filters["period"]))
    if filters.get("start"):
        qs = qs.filter(on__gte=filters["start"])
    if filters.get("end"):
        qs = qs.filter(on__lte=filters["end"])
    for key in ("county", "township", "village"):
        if filters.get(key):
            qs = qs.filter(**{f"{key}__code": filters[key]})
    for name in ("pathway", "kind", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"].strip().upper())
    if filters.get("pairing"):
        qs = qs.filter(pairing__number=filters["pairing"])
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(helper_or_village_q(text) | Q(number=text.upper()))
    return qs.order_by("-on", "-id")


def assistance_get_for_user(*, user, number: str) -> Assistance:
    """One record in scope; 404 (and an audited denial when it exists) otherwise."""
    from bangfu.registry.selectors import _denied

    obj = (
        Assistance.objects.select_related(
            "helper",
            "village",
            "village__parent",
            "county",
            "pairing",
            "corrects",
            "created_by",
            "submitted_by",
            "confirmed_by",
        )
        .filter(number=number)
        .first()
    )
    if obj is None or not Assistance.objects.for_user(user).filter(pk=obj.pk).exists():
        if obj is not None:
            _denied("assistance.assistance", number)
        raise Http404("No such assistance record")
    return obj


def _locked_here():
    return Exists(
        PeriodLock.objects.filter(county_id=OuterRef("county_id"), period=OuterRef("period"))
    )


def _submitted_in_county(user):
    if getattr(user, "county_id", None) is None or not can(user, "assistance.confirm"):
        return Assistance.objects.none()
    return Assistance.objects.for_user(user).filter(
        county_id=user.county_id, status=AssistanceStatus.SUBMITTED
    )


def confirmation_queue(*, user):
    """The submitted records `user`'s county office can act on (confirm or send back), oldest
    submission first: not those of a half-year locked since its filing was accepted — they
    wait for the city office to re-open the half-year (`locked_waiting`)."""
    return (
        _submitted_in_county(user)
        .exclude(_locked_here())
        .select_related("helper", "village", "village__parent", "county", "pairing")
        .order_by("submitted_at", "on", "id")
    )


def queue_count(*, user) -> int:
    return confirmation_queue(user=user).count()


def locked_waiting(*, user) -> list[tuple[str, int]]:
    """(period code, records) of the submitted records the office cannot act on because
    their half-year is locked."""
    return list(
        _submitted_in_county(user)
        .filter(_locked_here())
        .order_by("period")
        .values_list("period")
        .annotate(n=Count("id"))
    )


def pairing_records(*, user, pairing, limit: int = 20) -> list[Assistance]:
    """The latest records of a pairing, for its page."""
    return list(
        Assistance.objects.for_user(user)
        .filter(pairing=pairing)
        .select_related("village")
        .order_by("-on", "-id")[:limit]
    )


def beneficiaries(*, record: Assistance):
    return record.beneficiaries.select_related("village").order_by("head_name", "id")


def counted_units(*, records, units: str):
    """The helpers, villages or households that `records` (a filtered records list) reach,
    each with its number of records, most first: what a figure that counts things counts."""
    ids = records.order_by().values("id")
    if units == "households":
        return (
            Beneficiary.objects.filter(assistance__in=ids)
            .values(
                "household__ref",
                "household__head_name",
                "household__size",
                "household__village__name",
                "household__village__parent__name",
            )
            .annotate(n=Count("assistance_id"))
            .order_by("-n", "household__ref")
        )
    fields = {
        "helpers": ("helper__uscc", "helper__name"),
        "villages": ("village__code", "village__name", "village__parent__name", "county__name"),
    }[units]
    return (
        Assistance.objects.filter(id__in=ids)
        .values(*fields)
        .annotate(n=Count("id"))
        .order_by("-n", fields[0])
    )

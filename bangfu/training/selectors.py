"""Scoped reads of training sessions and trainees, and the roster counts of a record.

Out of scope answers 404 (audited), the same as missing.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from bangfu.accounts import audit
from bangfu.assistance.models import Assistance
from bangfu.places.models import Division
from bangfu.training.models import Trainee, TrainingSession


def counties_in_scope(user):
    """The counties `user` sees (filters, forms)."""
    return Division.objects.for_user(user).filter(level="county").order_by("code")


def _get(qs, model, user, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None or not model.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type=model._meta.label_lower,
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("Not found")
    return obj


def _year(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def session_list_for_user(*, user, filters: dict | None = None):
    """Sessions in scope, newest first, each with its number of trainees (`n_trainees`)."""
    filters = filters or {}
    qs = TrainingSession.objects.for_user(user).select_related(
        "county", "township", "village", "helper", "assistance"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("course"):
        qs = qs.filter(course__icontains=filters["course"])
    if _year(filters.get("year")):
        qs = qs.filter(starts_on__year=_year(filters["year"]))
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    return qs.annotate(
        n_trainees=Count("trainees"),
        n_poor=Count("trainees", filter=Q(trainees__household__isnull=False)),
    ).order_by("-starts_on", "-id")


def session_get_for_user(*, user, pk: int) -> TrainingSession:
    qs = TrainingSession.objects.select_related(
        "county", "township", "village", "helper", "assistance"
    )
    return _get(qs, TrainingSession, user, pk)


def trainee_list_for_user(*, user, filters: dict | None = None):
    """The roster in scope: county, township, village (the trainee's), course, year, with or
    without a certificate, one session."""
    filters = filters or {}
    qs = Trainee.objects.for_user(user).select_related(
        "session", "session__helper", "village", "village__parent", "village__county"
    )
    for key, field in (
        ("county", "village__county__code"),
        ("township", "village__parent__code"),
        ("village", "village__code"),
    ):
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    if filters.get("course"):
        qs = qs.filter(session__course__icontains=filters["course"])
    if _year(filters.get("year")):
        qs = qs.filter(session__starts_on__year=_year(filters["year"]))
    if filters.get("certificate") == "yes":
        qs = qs.exclude(certificate_no="")
    elif filters.get("certificate") == "no":
        qs = qs.filter(certificate_no="")
    if filters.get("session"):
        qs = qs.filter(session_id=filters["session"])
    return qs.order_by("-session__starts_on", "session_id", "id")


def trainee_get_for_user(*, user, pk: int) -> Trainee:
    qs = Trainee.objects.select_related("session", "session__county", "village")
    return _get(qs, Trainee, user, pk)


def roster_counts(assistance_id: int) -> tuple[int, int]:
    """(trainees, of them matched to a registered poor household) of the sessions that
    report the record: what its persons trained and poor trained are."""
    agg = Trainee.objects.filter(session__assistance_id=assistance_id).aggregate(
        n=Count("id"), poor=Count("id", filter=Q(household__isnull=False))
    )
    return agg["n"], agg["poor"]


def record_by_number(user, number: str) -> Assistance | None:
    """The assistance record `user` may see with this number (None when none)."""
    number = (number or "").strip().upper()
    if not number:
        return None
    return (
        Assistance.objects.for_user(user)
        .select_related("county", "helper")
        .filter(number=number)
        .first()
    )

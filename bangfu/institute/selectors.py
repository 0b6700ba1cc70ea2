"""Scoped reads of the institute's work: the service network, tech-help visits and households.

Every page, API answer and export reaches these rows through here (`for_user`): programme-
wide roles see all five counties, a county office its county; helper liaisons see the
network's points (published contacts, as on /api/v1/service-points/) but no visit and no
household. Out of scope answers 404 (audited), the same as missing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from bangfu.accounts import audit
from bangfu.places.models import Division, ServicePoint, ServiceStaff
from bangfu.registry.models import Household

from . import indicators
from .models import TechVisit


def _denied(label: str, pk) -> None:
    audit.record(
        event="access_denied",
        object_type=label,
        object_id=str(pk),
        outcome="denied",
        detail="out of scope",
    )


# --------------------------------------------------------------------------- network


def point_list_for_user(*, user, filters: dict | None = None):
    """Centres and workstations in `user`'s scope; filters: county, township (codes), kind,
    status, q (name)."""
    filters = filters or {}
    qs = ServicePoint.objects.for_user(user).select_related(
        "division", "division__parent", "division__county"
    )
    if filters.get("county"):
        qs = qs.filter(division__county__code=filters["county"])
    if filters.get("township"):
        code = filters["township"]
        qs = qs.filter(Q(division__code=code) | Q(division__parent__code=code))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(name__contains=filters["q"])
    masters = ServiceStaff.objects.filter(is_master=True)
    return (
        qs.prefetch_related(Prefetch("staff", queryset=masters, to_attr="masters"))
        .annotate(n_staff=Count("staff", distinct=True))
        .order_by("division__code", "kind", "id")
    )


def point_get_for_user(*, user, pk: int) -> ServicePoint:
    obj = (
        ServicePoint.objects.for_user(user)
        .select_related("division", "division__parent", "division__county")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        if ServicePoint.objects.filter(pk=pk).exists():
            _denied("places.servicepoint", pk)
        raise Http404("Not found")
    return obj


def staff_get(*, point: ServicePoint, pk: int) -> ServiceStaff:
    staff = point.staff.filter(pk=pk).first()
    if staff is None:
        raise Http404("Not found")
    return staff


def township_centre(township: Division) -> ServicePoint | None:
    """The township service centre of `township` (the one that serves its households)."""
    return ServicePoint.objects.filter(division=township, kind=ServicePoint.Kind.CENTRE).first()


# --------------------------------------------------------------------------- visits


def visit_list_for_user(*, user, filters: dict | None = None):
    """Tech-help visits in scope; filters: county, township, village (codes), point (id),
    household (ref), service, start, end (dates), mine (recorded by `user`)."""
    filters = filters or {}
    qs = TechVisit.objects.for_user(user).select_related(
        "household", "household__village", "point", "county", "township", "recorded_by"
    )
    for key in ("county", "township"):
        if filters.get(key):
            qs = qs.filter(**{f"{key}__code": filters[key]})
    if filters.get("village"):
        qs = qs.filter(household__village__code=filters["village"])
    if filters.get("point"):
        qs = qs.filter(point_id=filters["point"])
    if filters.get("household"):
        qs = qs.filter(household__ref=filters["household"])
    if filters.get("service"):
        qs = qs.filter(service=filters["service"])
    if filters.get("start"):
        qs = qs.filter(visited_on__gte=filters["start"])
    if filters.get("end"):
        qs = qs.filter(visited_on__lte=filters["end"])
    if filters.get("mine"):
        qs = qs.filter(recorded_by=user)
    return qs.order_by("-visited_on", "-id")


def visit_get_for_user(*, user, pk: int) -> TechVisit:
    obj = (
        TechVisit.objects.for_user(user)
        .select_related("household", "household__village", "point", "county", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        if TechVisit.objects.filter(pk=pk).exists():
            _denied("institute.techvisit", pk)
        raise Http404("Not found")
    return obj


def household_for_visit(*, user, ref: str) -> Household | None:
    """A tech-help household in `user`'s scope by its public number, for a new visit."""
    return (
        Household.objects.for_user(user)
        .select_related("village", "village__parent")
        .filter(ref=ref)
        .first()
    )


def points_serving(household: Household):
    """The centre of the household's township and the workstation of its village."""
    village = household.village
    return (
        ServicePoint.objects.filter(
            Q(kind=ServicePoint.Kind.CENTRE, division_id=village.parent_id)
            | Q(kind=ServicePoint.Kind.WORKSTATION, division_id=village.pk)
        )
        .exclude(status=ServicePoint.Status.CLOSED)
        .order_by("kind")
    )


# --------------------------------------------------------------------------- households


def tech_households(
    *,
    user,
    county: str | None = None,
    township: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reached: bool | None = None,
):
    """Tech-help households in scope with their visits in [start, end] and their last visit
    ever; `reached` True: only those visited in the range (the indicator's households),
    False: only those not visited in it, None: all."""
    qs = indicators.tech_households(user=user, county=county, township=township)
    in_range = indicators.visits_in(start, end).filter(household=OuterRef("pk"))
    qs = qs.select_related("village", "village__parent").annotate(
        visits_in_range=Subquery(
            in_range.order_by().values("household").annotate(n=Count("id")).values("n")[:1]
        ),
        last_visit=Max("tech_visits__visited_on"),
    )
    if reached is True:
        qs = qs.filter(indicators.reached_q(start, end))
    elif reached is False:
        qs = qs.exclude(indicators.reached_q(start, end))
    return qs.order_by("village__code", "head_name", "id")

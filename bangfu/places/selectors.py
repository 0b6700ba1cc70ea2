"""Scoped reads of places. Every page, API and export reaches a division through here."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from bangfu.accounts import audit

from .models import Division, Level, Programme, RegionPairing, ServicePoint


def division_get_for_user(*, user, code: str) -> Division:
    """The division `code` if `user` may see it; 404 for unknown and out-of-scope alike."""
    obj = (
        Division.objects.for_user(user).select_related("parent", "county").filter(code=code).first()
    )
    if obj is None:
        if Division.objects.filter(code=code).exists():
            audit.record(
                event="access_denied",
                object_type="places.division",
                object_id=code,
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such division")
    return obj


def division_list_for_user(*, user, level: str | None = None, parent: Division | None = None):
    qs = Division.objects.for_user(user)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs


def with_child_counts(qs):
    """Annotate townships and villages below each division, in one query."""
    return qs.annotate(
        n_children=Count("children", distinct=True),
        n_villages=Count(
            "children__children", filter=Q(children__children__level=Level.VILLAGE), distinct=True
        ),
    )


def division_tree_roots(*, user):
    """The counties `user` may see, with their township and village counts."""
    return with_child_counts(division_list_for_user(user=user, level=Level.COUNTY)).order_by("code")


def division_children(*, user, division: Division):
    qs = division_list_for_user(user=user, parent=division).order_by("code")
    if division.level == Level.COUNTY:
        return qs.annotate(n_children=Count("children"))
    if division.level == Level.CITY:
        return with_child_counts(qs)
    return qs


def scope_totals(*, user) -> dict[str, int]:
    rows = division_list_for_user(user=user).values("level").annotate(n=Count("id"))
    return {row["level"]: row["n"] for row in rows}


def division_search(*, user, text: str, limit: int = 50):
    return list(
        Division.objects.for_user(user)
        .search(text)
        .select_related("parent", "county")
        .order_by("level", "code")[:limit]
    )


VILLAGE_OPTIONS_SEARCH = 50  # villages answered for a typed name or initials
VILLAGE_OPTIONS_TOWNSHIP = 1000  # villages answered for a township (a few dozen in fact)


def village_options(*, user, township: str = "", text: str = "") -> list[dict]:
    """The villages of `user`'s scope for the village chooser (`choosers`, forms.js): those of
    `township`, or those whose name, pinyin initials or code starts with `text` (within
    `township` when both are given); nothing when neither is. Out of scope: nothing."""
    township, text = township.strip(), text.strip()[:32]
    if not (township or text):
        return []
    places = Division.objects.for_user(user).filter(level=Level.VILLAGE)
    limit = VILLAGE_OPTIONS_TOWNSHIP
    if township:
        places = places.filter(parent__code=township)
    if text:
        places = places.search(text)
        limit = VILLAGE_OPTIONS_SEARCH
    rows = places.order_by("code").values_list(
        "code", "name", "initials", "parent__code", "parent__name"
    )[:limit]
    return [
        {"value": code, "text": f"{name}（{parent_name}）", "pinyin": initials, "parent": parent}
        for code, name, initials, parent, parent_name in rows
    ]


def service_points_for(*, user, division: Division):
    return list(
        ServicePoint.objects.for_user(user).filter(division=division).prefetch_related("staff")
    )


def programmes_for_user(*, user):
    return Programme.objects.all().prefetch_related("region_pairings__county")


def region_pairings_for_user(*, user):
    return RegionPairing.objects.for_user(user).select_related("programme", "county")


# Query parameters that name a division, and the level each must be.
SCOPE_PARAMS = {"county": Level.COUNTY, "township": Level.TOWNSHIP, "village": Level.VILLAGE}


def scope_params_for_user(*, user, params) -> dict[str, Division]:
    """The divisions named by `params` (a request's GET) as county / township / village codes.

    One rule for every page, export and API list: a code the user may not see, or that names
    no division of that level, answers 404 (audited as an access denial when it exists), never
    an empty or unfiltered answer that looks like a true one ("every poor village has a
    helper"). Non-numeric values are left to the page's own form."""
    found = {}
    for name, level in SCOPE_PARAMS.items():
        code = (params.get(name) or "").strip()
        if not code.isdigit():
            continue
        division = division_get_for_user(user=user, code=code)
        if division.level != level:
            raise Http404("No such division")
        found[name] = division
    _helper_param_check(user=user, uscc=(params.get("helper") or "").strip().upper())
    return found


def _helper_param_check(*, user, uscc: str) -> None:
    """A helper's liaison sees its own helper's records only: naming another helper (its USCC)
    in `helper=` answers 404, audited, rather than an empty list that reads as "none there".
    The offices see every helper, so the parameter only narrows their lists."""
    if not uscc or getattr(user, "role", "") != "helper":
        return
    own = getattr(getattr(user, "helper", None), "uscc", "")
    if uscc != own:
        audit.record(
            event="access_denied",
            object_type="helpers.helper",
            object_id=uscc[:18],
            outcome="denied",
            detail="out of scope",
        )
        raise Http404("No such helper")

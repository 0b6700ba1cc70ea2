"""Reads of the helpers' register, scoped by role, and who may edit a helper."""

from __future__ import annotations

from django.http import Http404

from .models import Helper

SORTS = {
    "name": ("initials", "id"),
    "-capacity": ("-capacity", "initials"),
    "kind": ("kind", "initials"),
}


def helper_list_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Helper.objects.for_user(user)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("industry"):
        qs = qs.filter(industry__contains=filters["industry"])
    if filters.get("q"):
        qs = qs.search(filters["q"])
    return qs.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]))


HELPER_OPTIONS = 50  # helpers answered for a typed name, initials or credit code


def helper_options(*, user, text: str) -> list[dict]:
    """Helpers for a helper chooser on demand (forms.js): those whose name holds `text`, or
    whose pinyin initials or credit code start with it; nothing for no text."""
    text = (text or "").strip()[:32]
    if not text:
        return []
    rows = (
        Helper.objects.for_user(user)
        .search(text)
        .order_by("initials", "id")
        .values_list("uscc", "name", "initials")[:HELPER_OPTIONS]
    )
    return [{"value": uscc, "text": name, "pinyin": initials} for uscc, name, initials in rows]


def helper_get_for_user(*, user, uscc: str) -> Helper:
    obj = Helper.objects.for_user(user).filter(uscc=uscc).first()
    if obj is None:
        raise Http404("No such helper")
    return obj


def helper_may_edit(*, user, helper: Helper) -> bool:
    """Offices and the institute edit helpers; a liaison edits its own helper only."""
    from bangfu.accounts.roles import Role, can

    if can(user, "helpers.edit"):
        return True
    return user.role == Role.HELPER and user.helper_id == helper.pk

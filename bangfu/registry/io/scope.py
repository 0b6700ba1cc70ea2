"""The village of an imported row: its code or name, looked up within the importer's scope."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from bangfu.core.imports.spec import Column, error
from bangfu.core.text import normalize_text
from bangfu.places.models import Division


def villages_in_scope(ctx: dict) -> dict:
    """{code: (id, name, county_id, township name)} for the importing user's scope (cached)."""
    if "villages" not in ctx:
        user = ctx.get("user")
        qs = (
            Division.objects.filter(level="village")
            if user is None
            else Division.objects.for_user(user).filter(level="village")
        )
        rows = qs.values_list("code", "id", "name", "county_id", "parent__name")
        ctx["villages"] = {
            code: (pk, name, county, township) for code, pk, name, county, township in rows
        }
        by_name: dict[str, list[str]] = defaultdict(list)
        names_of: dict[str, set[str]] = defaultdict(set)  # code -> the names users write
        for code, (_pk, name, _c, _t) in ctx["villages"].items():
            short = name.removesuffix("村民委员会").removesuffix("居民委员会")
            for written in {name, short, short + "村"} if short != name else {name}:
                by_name[written].append(code)
                names_of[code].add(written)
        ctx["village_names"] = by_name
        ctx["names_of"] = names_of
    return ctx["villages"]


def village_code(
    row: int, cells: dict, code_col: Column, name_col: Column, ctx: dict, errors: list
) -> str | None:
    """The village code of a row, from its code cell or else a name that is unique in scope;
    None (with the error noted) when unknown, outside the scope, mismatched or ambiguous."""
    villages = villages_in_scope(ctx)
    code = normalize_text(cells.get(code_col.header, ""))
    name = normalize_text(cells.get(name_col.header, ""))
    if code:
        if code not in villages:
            errors.append(
                error(
                    row, code_col, code, _("unknown village code, or a village outside your county")
                )
            )
            return None
        if name and name not in {
            villages[code][1],
            *ctx["names_of"][code],
        }:
            errors.append(
                error(
                    row,
                    name_col,
                    name,
                    _("the name does not match village code %(code)s (%(name)s)")
                    % {"code": code, "name": villages[code][1]},
                )
            )
            return None
        return code
    if not name:
        errors.append(error(row, code_col, "", _("give the village code (or a village name)")))
        return None
    codes = ctx["village_names"].get(name, [])
    if len(codes) == 1:
        return codes[0]
    reason = (
        _("unknown village name")
        if not codes
        else _("%(n)d villages have this name; give the village code") % {"n": len(codes)}
    )
    errors.append(error(row, name_col, name, reason))
    return None

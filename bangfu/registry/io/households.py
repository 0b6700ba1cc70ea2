"""The households import (one row per member): reading a row, and the export in its layout.

A households file has one row per member with the household's columns repeated on each of
its rows (the layout of the national registry's exports); the head of the household is
listed as a member with relation 户主. The checks across rows are in `household_checks`,
the writes in `household_writes`.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.resident_id import validate_id_number
from bangfu.core.imports.spec import ImportSpec, ParsedRow, RowError, error, take, take_once
from bangfu.core.masking import mask_id, mask_phone
from bangfu.core.parsing import (
    parse_bool,
    parse_choice,
    parse_choices,
    parse_decimal,
    parse_int,
    parse_text,
    parse_year,
)
from bangfu.core.text import normalize_text

from ..models import Member
from .columns import H
from .household_checks import HouseholdChecks
from .household_writes import HouseholdWrites
from .scope import village_code
from .vocabulary import (
    CAUSES,
    EDUCATION,
    HEALTH,
    INCOME_YEARS,
    LABOUR,
    MONITORING,
    RELATIONS,
    STATUS,
    label,
)


def valid_id(raw: str, ctx: dict, field_label: str) -> str:
    """`validate_id_number` once per distinct value of the run: a head's number repeats on
    each of the household's rows and again as the head's own member row. Only good numbers
    are remembered (a bad one is checked again so that its message names its own column);
    the local date is looked up once per run."""
    good = ctx.setdefault("valid_ids", {})
    number = good.get(raw)
    if number is None:
        if "today" not in ctx:
            ctx["today"] = timezone.localdate()
        number = validate_id_number(raw, field_label=field_label, today=ctx["today"])
        good[raw] = number
    return number


HOUSEHOLD_HEADERS = tuple(c.header for key, c in H.items() if not key.startswith("m_"))
MEMBER_CHOICE_HEADERS = tuple(
    H[f"m_{key}"].header for key in ("relation", "education", "health", "labour", "status")
)


class HouseholdSpec(HouseholdChecks, HouseholdWrites, ImportSpec):
    kind = "households"
    title = "建档立卡贫困户及家庭成员"
    columns = list(H.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        empty: set[str] = set()

        def cell(key: str) -> str:
            return cells.get(H[key].header) or ""

        def given(key: str) -> bool:
            """The column is in the file; an empty cell in it is noted (it may clear)."""
            if H[key].header not in cells:
                return False
            if not normalize_text(cells[H[key].header]):
                empty.add(key)
            return True

        # A household's columns repeat on each of its rows: read once, reused while the
        # cells are the same (a cell that differs is reported by the checks across rows).
        seen = ctx.setdefault("households_read", {})
        key = tuple(map(cells.get, HOUSEHOLD_HEADERS))
        known = seen.get(key)
        memo = ctx.setdefault("cells_read", {})
        if known is not None:
            data = dict(known[0])
            empty |= known[1]
        else:
            data: dict = {
                "village": village_code(row, cells, H["village"], H["village_name"], ctx, errors)
            }
            data["head_name"] = (
                take(errors, row, H["head_name"], cell("head_name"), parse_text, max_length=32)
                or ""
            )
            if not data["head_name"] and not normalize_text(cell("head_name")):
                errors.append(error(row, H["head_name"], "", _("the head's name is empty")))
            data["id_number"] = take(
                errors, row, H["id_number"], cell("id_number"), valid_id, ctx, H["id_number"].header
            )
            if given("phone"):
                data["phone"] = (
                    take(
                        errors,
                        row,
                        H["phone"],
                        cell("phone"),
                        validate_mobile,
                        field_label=H["phone"].header,
                    )
                    if normalize_text(cell("phone"))
                    else ""
                )
            data["size"] = take_once(
                memo, errors, row, H["size"], cell("size"), parse_int, minimum=1, maximum=30
            )
            if given("causes"):
                data["causes"] = tuple(
                    take_once(memo, errors, row, H["causes"], cell("causes"), parse_choices, CAUSES)
                    or ()
                )
            data["year_registered"] = take_once(
                memo, errors, row, H["year_registered"], cell("year_registered"), parse_year
            )
            if given("year_exited"):
                data["year_exited"] = (
                    take_once(memo, errors, row, H["year_exited"], cell("year_exited"), parse_year)
                    if normalize_text(cell("year_exited"))
                    else None
                )
            if (
                data.get("year_exited")
                and data["year_registered"]
                and data["year_exited"] < data["year_registered"]
            ):
                errors.append(
                    error(
                        row,
                        H["year_exited"],
                        data["year_exited"],
                        _("a household exits after it was registered"),
                    )
                )
            if given("tech_help"):
                data["tech_help"] = take_once(
                    memo, errors, row, H["tech_help"], cell("tech_help"), parse_bool
                )
            if given("monitoring"):
                data["monitoring"] = (
                    take_once(
                        memo,
                        errors,
                        row,
                        H["monitoring"],
                        cell("monitoring"),
                        parse_choice,
                        MONITORING,
                    )
                    if normalize_text(cell("monitoring"))
                    else "none"
                )
            for y in INCOME_YEARS:
                raw = cell(f"income_{y}")
                data[f"income_{y}"] = (
                    take_once(memo, errors, row, H[f"income_{y}"], raw, parse_decimal)
                    if normalize_text(raw)
                    else None  # an empty or absent income column leaves the stored income
                )
            if not errors:
                seen[key] = (dict(data), frozenset(empty))
        name = take(errors, row, H["m_name"], cell("m_name"), parse_text, max_length=32) or ""
        if not name and not normalize_text(cell("m_name")):
            errors.append(error(row, H["m_name"], "", _("the member's name is empty")))
        member = {"name": name}
        member["id_number"] = take(
            errors,
            row,
            H["m_id_number"],
            cell("m_id_number"),
            valid_id,
            ctx,
            H["m_id_number"].header,
        )
        # The relation and the four vocabulary columns take few distinct values: each
        # combination is read once per run (only good ones are remembered).
        read = ctx.setdefault("members_read", {})
        choices = tuple(map(cells.get, MEMBER_CHOICE_HEADERS))
        known = read.get(choices)
        if known is not None:
            member.update(known[0])
            empty |= known[1]
        else:
            before, was_empty = len(errors), set(empty)
            member["relation"] = take(
                errors, row, H["m_relation"], cell("m_relation"), parse_choice, RELATIONS
            )
            for key, vocab, default in (
                ("education", EDUCATION, ""),
                ("health", HEALTH, ""),
                ("labour", LABOUR, ""),
                ("status", STATUS, "home"),
            ):
                if given(f"m_{key}"):
                    raw = cell(f"m_{key}")
                    member[key] = (
                        take(errors, row, H[f"m_{key}"], raw, parse_choice, vocab)
                        if normalize_text(raw)
                        else default
                    )
            if len(errors) == before:
                parsed = {k: v for k, v in member.items() if k not in ("name", "id_number")}
                read[choices] = (parsed, frozenset(empty - was_empty))
        if (
            member["relation"] == "head"
            and member["id_number"]
            and data["id_number"]
            and member["id_number"] != data["id_number"]
        ):
            errors.append(
                error(
                    row,
                    H["m_id_number"],
                    cell("m_id_number"),
                    _("the member marked 户主 must have the head's ID number"),
                )
            )
        # How the rows of one household are told apart when the head's number itself is bad.
        hint = (normalize_text(cell("village")), normalize_text(cell("head_name")))
        if errors:
            if data["id_number"]:
                return ParsedRow(row=row, data={}, group=data["id_number"]), errors
            ctx.setdefault("households_failed", set()).add(hint)
            return None, errors
        data["member"] = member
        data["hint"] = hint
        return ParsedRow(row=row, data=data, group=data["id_number"], empty=frozenset(empty)), []

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """One row per member, household columns repeated, in the template's column order."""
        qs = queryset.select_related("village").prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("id")), "incomes"
        )
        show_id = (lambda v: v) if full_numbers else mask_id
        show_phone = (lambda v: v) if full_numbers else mask_phone
        for h in qs.iterator(chunk_size=500):
            incomes = {i.year: i.per_capita for i in h.incomes.all()}
            base = [
                h.village.code,
                h.village.name,
                h.head_name,
                show_id(h.id_number),
                show_phone(h.phone),
                h.size,
                "、".join(label(CAUSES, c) for c in h.cause_list),
                h.year_registered,
                h.year_exited or "",
                "是" if h.tech_help else "否",
                label(MONITORING, h.monitoring),
                *(incomes.get(y, "") for y in INCOME_YEARS),
            ]
            for m in h.members.all():
                yield [
                    *base,
                    m.name,
                    show_id(m.id_number),
                    label(RELATIONS, m.relation),
                    label(EDUCATION, m.education) if m.education else "",
                    label(HEALTH, m.health) if m.health else "",
                    label(LABOUR, m.labour) if m.labour else "",
                    label(STATUS, m.status),
                ]

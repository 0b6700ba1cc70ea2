"""What a registry's file is (`ImportSpec`, its `Column`s) and the helpers specs parse rows with."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.core.masking import scrub

Progress = Callable[[int, int], None]  # (rows done, rows total or 0)


_UNIT = re.compile(r"\s*[(（\[【][^()（）\[\]【】]*[)）\]】]$")


@dataclass(frozen=True)
class Column:
    """One column of a template: its Chinese header, the record key, and how to fill it.

    `aliases` are the other headers real rosters use for it; `noun` names its values in the
    cleared-values warning ("手机号": "清空 12 个已有手机号"), the header when empty."""

    header: str
    key: str
    required: bool = False
    example: Any = ""
    note: str = ""
    aliases: tuple[str, ...] = ()
    noun: str = ""

    def accepted(self) -> tuple[str, ...]:
        """The other headers this column is recognised by: its aliases and, for a header
        with a unit in brackets ("耕地面积(亩)"), the header without it."""
        names = list(self.aliases)
        bare = _UNIT.sub("", self.header)
        if bare and bare != self.header:
            names.append(bare)
        return tuple(dict.fromkeys(n for n in names if n != self.header))


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def as_list(self) -> list:
        return [self.row, self.column, self.value, self.reason]


@dataclass
class ParsedRow:
    row: int
    data: dict[str, Any]
    group: str = ""  # rows of one household share a group key
    empty: frozenset[str] = frozenset()  # keys of present columns whose cell was empty


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportSpec:
    """What one registry's file looks like and how its rows become records."""

    kind: str = ""
    title: str = ""
    columns: list[Column] = []

    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    def optional_headers(self) -> list[str]:
        return [c.header for c in self.columns if not c.required]

    def aliases(self) -> dict[str, str]:
        return {alias: c.header for c in self.columns for alias in c.accepted()}

    def template_notes(self) -> list[str]:
        """The notes sheet of the template: each column, required or not, what to write and
        the other headers it is recognised by; then the rules of absent and empty columns."""
        lines = []
        for c in self.columns:
            need = _("required") if c.required else _("optional")
            line = f"{c.header}：{need}"
            if c.note:
                line += f"；{c.note}"
            if c.accepted():
                line += "；" + _("also recognised as: %(names)s") % {
                    "names": "、".join(c.accepted())
                }
            lines.append(line)
        lines += [
            "",
            _(
                "Headers are matched ignoring spaces, brackets and marks such as (必填); a "
                "header that is not recognised is named in the result and its column ignored."
            ),
            _(
                "An optional column left out of the file leaves that field of existing records "
                "as it is. An empty cell in a column that is present clears the stored value; "
                "before anything is written you are told how many values would be cleared and "
                "asked to confirm."
            ),
        ]
        return lines

    def parse(
        self, row: int, cells: dict[str, str], ctx: dict
    ) -> tuple[ParsedRow | None, list[RowError]]:
        raise NotImplementedError

    def check(self, rows: list[ParsedRow], ctx: dict) -> list[RowError]:
        """Problems that only the whole file shows (duplicates, conflicts with the database).
        `ctx["bad_groups"]` holds the groups that already failed row checks: group checks
        skip them, so that one bad row is one problem, not a cascade."""
        return []

    def clears(self, rows: list[ParsedRow], ctx: dict) -> Counter:
        """How many stored values writing `rows` would clear, by column header: an empty
        cell (a key in `row.empty`) over a record whose stored value differs from it."""
        return Counter()

    def write(self, rows: list[ParsedRow], ctx: dict, progress: Progress | None) -> WriteCounts:
        raise NotImplementedError

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """The export's rows. `viewer` is the user the file is for: contact numbers in it
        follow `accounts.contacts.phone_for` (None, as for the operator's command: masked unless
        `full_numbers`)."""
        raise NotImplementedError


def take(errors: list[RowError], row: int, col: Column, raw: str, parse, *args, **kwargs):
    """Parse one cell with `parse`, or record why not and return None."""
    try:
        return parse(raw, *args, **kwargs)
    except ValueError as exc:
        errors.append(error(row, col, raw, exc))
    except ValidationError as exc:
        errors.append(error(row, col, raw, "；".join(exc.messages)))
    return None


def take_once(
    memo: dict, errors: list[RowError], row: int, col: Column, raw: str, parse, *args, **kwargs
):
    """`take`, remembering each good value per column in `memo` (one dict for the run): most
    columns take few distinct values (villages, sizes, years, choices, incomes), and `parse`
    must then depend on nothing but the cell and the column. A bad value is parsed again on
    each of its rows, so that each row's problem is reported; the value given back must not
    be mutated by the caller (a list is given back as it was parsed)."""
    key = (col.key, raw)
    try:
        return memo[key]
    except KeyError:
        pass
    before = len(errors)
    value = take(errors, row, col, raw, parse, *args, **kwargs)
    if len(errors) == before:
        memo[key] = value
    return value


def duplicates(rows: list[ParsedRow], key: str, col: Column, reason) -> list[RowError]:
    """A row whose `key` an earlier row of the file already has; `reason` takes %(row)d, the
    first row that has it."""
    seen: dict[str, int] = {}
    errors = []
    for r in rows:
        value = r.data[key]
        if value in seen:
            errors.append(error(r.row, col, value, reason % {"row": seen[value]}))
        else:
            seen[value] = r.row
    return errors


def count_clears(
    counter: Counter, columns: dict[str, Column], stored, new: dict, empty: Iterable[str]
) -> None:
    """Add to `counter` each key of `empty` (a present column's empty cell) whose new value
    replaces a different stored one on `stored`, an existing record (None: a new record)."""
    if stored is None:
        return
    for key in empty:
        if key in new and getattr(stored, key) != new[key]:
            counter[columns[key].header] += 1


def present_keys(cells: dict, columns: dict[str, Column]) -> set[str]:
    """The keys of the columns the file has (the cells of a row hold exactly those)."""
    return {key for key, col in columns.items() if col.header in cells}


def upsert(model, items, existing: dict, counts: WriteCounts) -> None:
    """Write (key, values, new_kwargs) items: changed records saved one by one (each change
    audited with its fields), unchanged ones left alone, new ones bulk-created."""
    new = []
    for key, values, new_kwargs in items:
        obj = existing.get(key)
        if obj is None:
            new.append(model(**new_kwargs, **values))
            counts.created += 1
        elif all(getattr(obj, k) == v for k, v in values.items()):
            counts.unchanged += 1
        else:
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            counts.updated += 1
    model.objects.bulk_create(new, batch_size=500)


def error(row: int, column: Column | str, value: Any, reason: Any) -> RowError:
    """A problem of one cell. ID and mobile numbers in it are masked: error lists are shown,
    stored with the import job and written to the problem-rows workbook, and the row number
    is enough to find the cell in the user's own file."""
    header = column.header if isinstance(column, Column) else column
    text = "" if value is None else str(value)[:200]
    return RowError(row=row, column=header, value=scrub(text), reason=scrub(str(reason)))


def validation_reasons(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]

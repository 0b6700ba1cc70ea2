"""Actions on places: loading the division list, programmes, region pairings, service points."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict as PHRASES_DICT
from pypinyin.pinyin_dict import pinyin_dict as PINYIN_DICT

from bangfu.accounts import audit

from .models import CODE_LENGTH, PARENT_LEVEL, Division, Level

DEFAULT_DIVISIONS_FILE = (
    Path(__file__).resolve().parent / "data" / "chengde_5_counties_divisions.csv"
)
LEVEL_ORDER = [Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]
REQUIRED_COLUMNS = ("level", "code", "name", "parent_code")
# The other headers a division list may use for each column (compared after
# `core.excel.cells.header_key`: spaces, brackets and case ignored).
COLUMN_ALIASES = {
    "level": ("级别", "层级", "区划级别"),
    "code": ("代码", "区划代码", "统计用区划代码"),
    "name": ("名称", "区划名称"),
    "parent_code": ("上级代码", "上级区划代码", "parent"),
}


@lru_cache(maxsize=1 << 14)
def pinyin_initials(name: str) -> str:
    """下板城镇 -> xbcz: the first letters that users type to find a place.

    pypinyin reads a character by its context only where a run of characters is a word of
    its phrase list; a name of Chinese characters none of whose runs is such a word is spelt
    a character at a time (`_initial`, ~1 µs a name), which is what pypinyin gives for it.
    Any other name goes through pypinyin's segmentation (~50 µs).
    """
    letters = []
    for ch in name:
        letter = _initial(ch)
        if not letter:
            return _pypinyin_initials(name)
        letters.append(letter)
    n = len(name)
    for size in range(2, n + 1):
        for start in range(n - size + 1):
            if name[start : start + size] in PHRASES_DICT:
                return _pypinyin_initials(name)
    return "".join(letters)[:32]


def _pypinyin_initials(name: str) -> str:
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(ch for ch in "".join(letters).lower() if ch.isalnum())[:32]


@lru_cache(maxsize=1 << 13)
def _initial(ch: str) -> str:
    """The first letter pypinyin gives the Chinese character `ch` on its own; "" for a
    character not in its list."""
    if ord(ch) not in PINYIN_DICT:
        return ""
    letter = _pypinyin_initials(ch)
    return letter if len(letter) == 1 else ""


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)d, column %(column)s, value “%(value)s”: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


class DivisionFileError(Exception):
    def __init__(self, errors: list[RowError], ignored: list[str] | None = None):
        self.errors = errors
        self.ignored = ignored or []
        super().__init__("; ".join(str(e) for e in errors[:20]))


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)  # headers naming no column


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str], list[RowError]]:
    """{column: its index} from the header row, the headers that name no column (reported,
    not dropped silently) and the problems (a column missing or given twice)."""
    from bangfu.core.excel.cells import header_key

    wanted = {header_key(name): name for name in REQUIRED_COLUMNS}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            wanted.setdefault(header_key(alias), name)
    index: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for i, text in enumerate(header):
        name = wanted.get(header_key(text))
        if name is None:
            if text.strip():
                ignored.append(text.strip())
        elif name in index:
            errors.append(RowError(1, text.strip(), "", _("the column is given twice")))
        else:
            index[name] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        errors.append(RowError(1, ",".join(missing), "", _("required column missing")))
    return index, ignored, errors


def _read_rows(path: Path) -> tuple[list[dict], list[str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            index, ignored, errors = _header_map(header)
            if errors:
                raise DivisionFileError(errors, ignored)
            rows = [
                {name: (cells[i] if i < len(cells) else "").strip() for name, i in index.items()}
                for cells in reader
            ]
            return rows, ignored
    except UnicodeDecodeError as exc:
        raise DivisionFileError([RowError(0, "", "", _("the file is not UTF-8 text"))]) from exc


def validate_division_rows(rows: list[dict], known_codes: set[str]) -> list[RowError]:
    """Every problem of every row, so that a broken file is named and loads nothing."""
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    first_row: dict[str, int] = {}
    refused: set[str] = set()  # codes of rows already refused: their children are not blamed
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        level, code, name, parent = row["level"], row["code"], row["name"], row["parent_code"]
        if level not in CODE_LENGTH:
            errors.append(
                RowError(i, "level", level, _("unknown level (city, county, township, village)"))
            )
            refused.add(code)
            continue
        if not code.isdigit() or len(code) != CODE_LENGTH[level]:
            errors.append(
                RowError(
                    i,
                    "code",
                    code,
                    _("a %(level)s code has %(n)d digits")
                    % {"level": level, "n": CODE_LENGTH[level]},
                )
            )
            refused.add(code)
            continue
        if code in seen:
            errors.append(
                RowError(
                    i, "code", code, _("the same code as row %(row)d") % {"row": first_row[code]}
                )
            )
        first_row.setdefault(code, i)
        if not name:
            errors.append(RowError(i, "name", name, _("the name is empty")))
        elif len(name) > 64:
            errors.append(
                RowError(i, "name", name[:20], _("the name is longer than 64 characters"))
            )
        if level != Level.CITY:
            if not code.startswith(parent) or len(parent) != CODE_LENGTH[PARENT_LEVEL[level]]:
                errors.append(
                    RowError(
                        i, "parent_code", parent, _("the parent code does not lead to this code")
                    )
                )
            elif parent not in seen and parent not in known_codes and parent not in refused:
                errors.append(
                    RowError(
                        i,
                        "parent_code",
                        parent,
                        _("unknown parent code (the parent must come first)"),
                    )
                )
        seen[code] = level
    return errors


@transaction.atomic
def divisions_load(
    *, path: Path = DEFAULT_DIVISIONS_FILE, progress: Callable[[int], None] | None = None
) -> LoadResult:
    """Load the division list; idempotent, all-or-nothing (统计用区划代码)."""
    rows, ignored = _read_rows(Path(path))
    existing = {d.code: d for d in Division.objects.all()}
    errors = validate_division_rows(rows, set(existing))
    if errors:
        raise DivisionFileError(errors, ignored)
    result = LoadResult(ignored_columns=ignored)
    by_code = dict(existing)
    changed: list[Division] = []
    for level in LEVEL_ORDER:
        new: list[Division] = []
        for row in (r for r in rows if r["level"] == level):
            code = row["code"]
            parent = by_code.get(row["parent_code"]) if level != Level.CITY else None
            initials = pinyin_initials(row["name"])
            obj = by_code.get(code)
            if obj is None:
                obj = Division(
                    code=code, level=level, name=row["name"], parent=parent, initials=initials
                )
                new.append(obj)
            elif (obj.name, obj.parent_id, obj.initials) != (
                row["name"],
                parent and parent.pk,
                initials,
            ):
                audit.record(
                    event="update",
                    obj=obj,
                    changes={"name": [obj.name, row["name"]]} if obj.name != row["name"] else {},
                )
                obj.name, obj.parent, obj.initials = row["name"], parent, initials
                obj.version += 1
                changed.append(obj)
            else:
                result.unchanged += 1
        Division.objects.bulk_create(new, batch_size=500)
        result.created += len(new)
        for obj in new:
            by_code[obj.code] = obj
        if progress:
            progress(len(new))
    if changed:
        Division.objects.bulk_update(
            changed, ["name", "parent", "initials", "version"], batch_size=500
        )
        result.updated = len(changed)
    # every row below the city points at its county: one indexed column for every scope filter
    to_fix = []
    for obj in by_code.values():
        county = by_code.get(obj.code[:6]) if obj.level != Level.CITY else None
        if obj.county_id != (county.pk if county else None):
            obj.county = county
            to_fix.append(obj)
    Division.objects.bulk_update(to_fix, ["county"], batch_size=500)
    for level in LEVEL_ORDER:
        result.counts[level] = Division.objects.filter(level=level).count()
    if result.created or result.updated:
        audit.record(
            event="load_divisions",
            object_type="places.division",
            detail=f"created {result.created}, updated {result.updated}, file {Path(path).name}",
        )
    return result

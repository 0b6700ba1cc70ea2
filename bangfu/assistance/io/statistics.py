"""The statistics table (帮扶统计表, attachment 7): computed per unit and in total, and written.

One row per unit (programme: per county; county: per township; township or helper: per
village) with every indicator, for the period (本期) and cumulatively from the programme's
start to the period's end (累计), each on its own sheet. The total row (合计) is the
indicators over the whole scope, not the sum of the rows: helpers, villages and households
are counted once however many units they appear in. Every figure comes from `indicators`
(the one definition of each indicator); nothing here sums records its own way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db.models import Q

from bangfu.accounts import audit
from bangfu.core import caching
from bangfu.core.periods import Period

from .. import indicators
from .frozen import frozen_blocks
from .scope import Scope, form_period, scope_of
from .sheets import (
    Column,
    Formats,
    cumulative_label,
    display_width,
    open_workbook,
    period_label,
    write_form,
)

TITLE_STATISTICS = "“科企帮万村”精准扶贫行动帮扶统计表"


# Attachment 7's column groups (the first header row), by indicator code; an indicator in
# no group gets a header cell of its own over both rows.
GROUPS = {
    "helpers": "帮扶覆盖",
    "villages": "帮扶覆盖",
    "poor_villages": "帮扶覆盖",
    "records": "帮扶覆盖",
    "industry_investment": "资金物资投入",
    "charity": "资金物资投入",
    "money": "资金物资投入",
    "goods": "资金物资投入",
    "persons_trained": "科技培训与就业",
    "poor_trained": "科技培训与就业",
    "jobs": "科技培训与就业",
    "poor_jobs": "科技培训与就业",
    "wages": "科技培训与就业",
    "purchases": "消费及其他帮扶",
    "loans": "消费及其他帮扶",
    "volunteer_hours": "消费及其他帮扶",
    "households_reached": "受益情况",
    "people_reached": "受益情况",
}


@dataclass(frozen=True)
class ExtraColumns:
    """Columns an app above this one adds to attachment 7 (the institute's tech-help
    households), registered from its `AppConfig.ready()`: this layer cannot import it.

    `compute(user=, scope=, start=, end=)` returns (figures per unit id, total) for the
    scope's units (`Scope.unit_level`), each a dict by code, or None when the columns do not
    apply to the scope (then they are left out of the table)."""

    group: str
    codes: tuple[str, ...]
    headers: tuple[str, ...]
    units: tuple[str, ...]
    note: str
    compute: Callable[..., tuple[dict, dict] | None]

    def zeros(self) -> dict:
        return dict.fromkeys(self.codes, 0)


EXTRA_COLUMNS: list[ExtraColumns] = []


def register_extra_columns(extra: ExtraColumns) -> None:
    """Add `extra` to attachment 7 (once, whatever the number of calls)."""
    if all(e.codes != extra.codes for e in EXTRA_COLUMNS):
        EXTRA_COLUMNS.append(extra)


@dataclass
class StatisticsBlock:
    """One sheet of attachment 7: the figures of every unit and of the whole scope."""

    name_zh: str  # 本期 or 累计
    start: dt.date | None  # None: from the programme's start
    end: dt.date
    rows: list[tuple[Any, dict]]  # (Division, figures)
    total: dict


@dataclass
class StatisticsTable:
    period: Period
    scope: Scope
    unit_level: str  # county, township or village
    current: StatisticsBlock
    cumulative: StatisticsBlock
    title: str = TITLE_STATISTICS
    extras: list[ExtraColumns] = field(default_factory=list)  # the columns the rows carry

    @property
    def blocks(self) -> list[StatisticsBlock]:
        return [self.current, self.cumulative]


def _units(scope: Scope, user, end: dt.date, found: set[int]) -> list:
    """The rows of attachment 7: every unit of the scope, with records or not."""
    from bangfu.pairing.models import Pairing
    from bangfu.places.models import Division

    divisions = Division.objects.all() if user is None else Division.objects.for_user(user)
    if scope.unit_level == "county":
        qs = divisions.filter(level="county")
    elif scope.unit_level == "township":
        qs = divisions.filter(level="township", parent=scope.county)
    elif scope.helper is None:
        qs = divisions.filter(level="village", parent=scope.township)
    else:  # the helper's villages: paired with it by the period's end, or helped
        paired = Pairing.objects.filter(
            helper=scope.helper, activated_on__isnull=False, activated_on__lte=end
        )
        if scope.county is not None:
            paired = paired.filter(county=scope.county)
        if scope.township is not None:
            paired = paired.filter(village__parent=scope.township)
        qs = Division.objects.filter(Q(pk__in=paired.values("village_id")) | Q(pk__in=found))
    qs = qs | Division.objects.filter(pk__in=found)  # never drop a unit that has figures
    return list(qs.select_related("parent", "county").distinct().order_by("code"))


def statistics_table(
    *,
    user=None,
    period: Period | str | None,
    county: str | None = None,
    township: str | None = None,
    helper: str | None = None,
    scope: Scope | None = None,
) -> StatisticsTable:
    """Attachment 7 for `period` and a scope: codes (county, township, the helper's USCC)
    checked by `resolve_scope`, or a `scope` already resolved.

    One row per unit (see `Scope.unit_level`) and a total over the whole scope, both from
    `indicators.figures_and_total` (one statement per block); for the period and
    cumulatively. A period accepted in every county of the scope is read from the figures
    frozen at acceptance (`io.frozen`) instead."""
    period = form_period(period)
    scope = scope_of(user, county, township, helper, scope)
    unit = scope.unit_level
    frozen = frozen_blocks(scope, period, user)  # an accepted period: frozen at acceptance
    blocks = []
    for i, (name, start) in enumerate((("本期", period.start), ("累计", None))):
        if frozen is not None:
            by_unit, total = frozen[i]
        else:
            records = indicators.counted_records(
                user=user, start=start, end=period.end, **scope.filters
            )
            by_unit, total = indicators.figures_and_total(records, unit)
        blocks.append((name, start, by_unit, total))
    found = {unit_id for _n, _s, by_unit, _t in blocks for unit_id in by_unit}
    units = _units(scope, user, period.end, found)
    built = [
        StatisticsBlock(
            name_zh=name,
            start=start,
            end=period.end,
            rows=[(u, by_unit.get(u.pk) or indicators.zeros()) for u in units],
            total=total,
        )
        for name, start, by_unit, total in blocks
    ]
    extras = _add_extras(built, user=user, scope=scope)
    return StatisticsTable(period, scope, unit, built[0], built[1], extras=extras)


def kept_statistics_table(*, user=None, period: Period | str | None, **where) -> StatisticsTable:
    """`statistics_table(user=, period=, **where)`, kept for a user until the data changes
    (`core.caching`): a form downloaded again, by the same user, is not computed again.
    Without a user (commands) it is always computed."""
    period = form_period(period)

    def compute() -> StatisticsTable:
        return statistics_table(user=user, period=period, **where)

    if user is None:
        return compute()
    from ..models import Assistance

    named = sorted((k, v) for k, v in where.items() if k != "scope")
    scope = where.get("scope")
    parts = (caching.user_parts(user), period.code, named, scope and sorted(scope.filters.items()))
    return caching.while_unchanged("attachment-7", parts, compute, model=Assistance)


def _add_extras(blocks: list[StatisticsBlock], *, user, scope: Scope) -> list[ExtraColumns]:
    """The registered extra columns' figures added to every row and total of `blocks`
    (computed live: they are not assistance records, and not in the frozen figures)."""
    used = []
    for extra in EXTRA_COLUMNS:
        computed = [extra.compute(user=user, scope=scope, start=b.start, end=b.end) for b in blocks]
        if any(c is None for c in computed):
            continue
        used.append(extra)
        for block, (by_unit, total) in zip(blocks, computed, strict=True):
            block.rows = [
                (u, {**figures, **(by_unit.get(u.pk) or extra.zeros())})
                for u, figures in block.rows
            ]
            block.total = {**block.total, **total}
    return used


UNIT_HEADERS = {"county": "县（市、区）", "township": "乡镇", "village": "村"}


def _unit_name(division, table: StatisticsTable) -> str:
    from bangfu.pairing.documents import village_short_name

    if table.unit_level != "village":
        return division.name
    name = village_short_name(division.name)
    if table.scope.helper is None:
        return name
    if table.scope.township is not None:
        return name
    if table.scope.county is not None:
        return f"{division.parent.name}{name}"
    return f"{division.county.name}{division.parent.name}{name}"


# Where a long indicator name breaks in its header cell (a narrow column wraps anywhere).
HEADER_BREAKS = {
    "helpers": "参与帮扶\n主体数",
    "poor_villages": "其中建档立卡\n贫困村",
    "poor_trained": "其中\n贫困人口",
    "poor_jobs": "其中贫困\n人口就业",
    "volunteer_hours": "志愿服务\n时长",
    "people_reached": "受益贫困\n人口",
}


def header_lines(indicator) -> str:
    """The indicator's Chinese name as its header cell shows it, on one or two lines."""
    name = indicator.name_zh
    broken = HEADER_BREAKS.get(indicator.code, "")
    if broken.replace("\n", "") == name:
        return broken
    if indicator.money or len(name) <= 5:
        return name
    half = math.ceil(len(name) / 2)
    return f"{name[:half]}\n{name[half:]}"


def statistics_columns(
    unit_level: str, names: list[str] = (), extras: list[ExtraColumns] = ()
) -> list[Column]:
    """Attachment 7's columns; the unit column as wide as the longest of `names`; then the
    `extras` (registered by the apps above)."""
    longest = max((display_width(n) for n in names), default=0)
    columns = [
        Column("序号", width=5, kind="index"),
        Column(UNIT_HEADERS[unit_level], width=min(40, max(12, longest * 0.95 + 2)), kind="text"),
    ]
    for i in indicators.INDICATORS:
        header = header_lines(i)
        longest = max(len(line) for line in header.splitlines())
        columns.append(
            Column(
                header,
                unit=i.unit_zh,
                width=max(14.5 if i.money else 9, longest * 1.6 + 1.6),
                kind="money" if i.money else "int",
                group=GROUPS.get(i.code),
            )
        )
    for extra in extras:
        for header, unit in zip(extra.headers, extra.units, strict=True):
            longest = max(len(line) for line in header.splitlines())
            columns.append(
                Column(header, unit=unit, width=max(9, longest * 1.6 + 1.6), group=extra.group)
            )
    return columns


STATISTICS_NOTES = [
    "说明：1. 本表由帮扶记录自动生成，只计县（市、区）扶贫办已确认的帮扶记录，各项指标口径见下；"
    "2. “合计”为全范围去重统计，参与帮扶主体数、帮扶村数、受益贫困户、"
    "受益贫困人口不等于各行之和；3. 金额单位为元，保留两位小数。",
    "指标口径："
    + "；".join(f"{i.name_zh}——{i.definition_zh.rstrip('。')}" for i in indicators.INDICATORS)
    + "。",
]


def write_statistics(
    target: str | Path | IO[bytes],
    *,
    user=None,
    period: Period | str | None = None,
    county: str | None = None,
    township: str | None = None,
    helper: str | None = None,
    scope: Scope | None = None,
) -> int:
    """Attachment 7 as .xlsx: a sheet for the period (本期) and one cumulative (累计).
    Audited as an export; returns the unit rows written (per sheet). The table is kept
    until the data changes (`kept_statistics_table`)."""
    table = kept_statistics_table(
        user=user, period=period, county=county, township=township, helper=helper, scope=scope
    )
    names = [_unit_name(unit, table) for unit, _figures in table.current.rows]
    columns = statistics_columns(table.unit_level, names, table.extras)
    codes = [i.code for i in indicators.INDICATORS]
    codes += [code for extra in table.extras for code in extra.codes]
    notes = [*STATISTICS_NOTES, *(extra.note for extra in table.extras)]
    workbook = open_workbook(target)
    fmt = Formats(workbook)
    for block in table.blocks:
        rows = [
            [n, name, *(figures[c] for c in codes)]
            for n, (name, (_unit, figures)) in enumerate(zip(names, block.rows, strict=True), 1)
        ]
        write_form(
            workbook,
            fmt,
            sheet_name=f"{block.name_zh}（{table.period.code}）",
            title=table.title,
            unit=table.scope.filing_unit,
            period_text=(
                period_label(table.period)
                if block.start is not None
                else cumulative_label(table.period)
            ),
            scope_text=table.scope.label,
            columns=columns,
            rows=rows,
            total=["合计", "", *(block.total[c] for c in codes)],
            notes=notes,
        )
    workbook.close()
    count = len(table.current.rows)
    audit.record(
        event="export",
        object_type="assistance.statistics",
        detail=f"attachment 7: {table.period.code}, {table.scope.level} "
        f"{table.scope.slug}, {count} rows",
    )
    return count

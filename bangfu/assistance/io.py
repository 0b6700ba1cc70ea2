"""The statistics table (帮扶统计表, attachment 7) and the progress table (村企结对帮扶进度表,
attachment 6): computed from confirmed records only, written as .xlsx in the form's layout.

Both are filed every 20 June and 21 December for a half-year period (`core.periods`) and a
scope — the programme, a county, a township or a helper. Every figure comes from
`indicators` (the one definition of each indicator); nothing here sums records its own way.

- Attachment 7 has one row per unit (programme: per county; county: per township; township or
  helper: per village) with every indicator, for the period (本期) and cumulatively from the
  programme's start to the period's end (累计), each on its own sheet. The total row (合计) is
  the indicators over the whole scope, not the sum of the rows: helpers, villages and
  households are counted once however many units they appear in.
- Attachment 6 has one row per pairing that was active at some time in the period, with its
  plan items (total, done, late as of the period's end) and its confirmed assistance in the
  period.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from bangfu.accounts import audit
from bangfu.core import periods
from bangfu.core.io import safe_cell
from bangfu.core.periods import Period, parse_period

from . import indicators

TITLE_STATISTICS = "“科企帮万村”精准扶贫行动帮扶统计表"
TITLE_PROGRESS = "“科企帮万村”精准扶贫行动村企结对帮扶进度表"
PROGRAMME_UNIT = "承德市对口帮扶工作领导小组办公室"  # the filing unit for the whole programme
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
# What attachment 6 adds up as a pairing's confirmed input in yuan.
PROGRESS_YUAN = ("money", "goods", "industry_investment", "purchases")


class ScopeError(LookupError):
    """A county, township or helper that does not exist or is outside the user's scope."""


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def latest_closed(today: dt.date) -> Period:
    """The latest period whose deadline has passed (the forms' default)."""
    return periods.latest_closed(today)


def form_period(code: str | Period | None, *, today: dt.date | None = None) -> Period:
    """The period of a form: `code` (e.g. 2017H2), by default the latest closed period.

    Raises ValueError with a message for the user when the code is not a period or the
    period has not begun yet."""
    today = today or timezone.localdate()
    if isinstance(code, Period):
        period = code
    elif code is None or not str(code).strip():
        return latest_closed(today)
    else:
        period = parse_period(str(code))
    if period.start > today:
        raise ValueError(
            _("%(period)s has not begun yet; choose a period up to %(latest)s.")
            % {"period": period.code, "latest": latest_closed(today).code}
        )
    return period


# --------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """Where a form is for: the programme, a county, a township, or a helper (optionally
    within a county or township)."""

    county: Any = None  # places.Division
    township: Any = None  # places.Division
    helper: Any = None  # helpers.Helper

    @property
    def level(self) -> str:
        if self.helper is not None:
            return "helper"
        if self.township is not None:
            return "township"
        if self.county is not None:
            return "county"
        return "programme"

    @property
    def unit_level(self) -> str:
        """The level of attachment 7's rows."""
        return {"programme": "county", "county": "township"}.get(self.level, "village")

    @property
    def filters(self) -> dict[str, str]:
        """The scope as `indicators.counted_records` takes it."""
        out = {}
        if self.county is not None:
            out["county"] = self.county.code
        if self.township is not None:
            out["township"] = self.township.code
        if self.helper is not None:
            out["helper"] = self.helper.uscc
        return out

    @property
    def filing_unit(self) -> str:
        if self.helper is not None:
            return self.helper.name
        if self.county is not None:
            return f"{self.county.name}扶贫办"
        return PROGRAMME_UNIT

    @property
    def label(self) -> str:
        place = (
            f"{self.county.name}{self.township.name}"
            if self.township is not None
            else self.county.name
            if self.county is not None
            else "承德市对口帮扶五县（全部结对村）"
        )
        if self.helper is None:
            return place
        return f"{self.helper.name}帮扶的村" + (f"（{place}）" if self.county is not None else "")

    @property
    def slug(self) -> str:
        """A short name for file names."""
        place = self.township or self.county
        parts = [place.code if place is not None else "", getattr(self.helper, "uscc", "")]
        return "-".join(p for p in parts if p) or "all"


def resolve_scope(*, user=None, county=None, township=None, helper=None) -> Scope:
    """The scope of a form for `user` (None: the operator, everything).

    A county officer's forms are for its county (another county's: ScopeError); a helper
    liaison's for its own helper. Codes are division codes (county, township) and the USCC
    (helper). Raises ScopeError for an unknown code or one outside the user's scope."""
    from bangfu.accounts.roles import Role
    from bangfu.helpers.models import Helper
    from bangfu.places.models import Division

    role = getattr(user, "role", None)
    if role == Role.COUNTY and user.county_id:
        county = county or user.county.code
        if county != user.county.code:
            raise ScopeError(_("County %(code)s is not in your scope.") % {"code": county})
    if role == Role.HELPER:
        if not user.helper_id:
            raise ScopeError(_("Your account is not linked to a helper."))
        own = user.helper.uscc
        helper = helper or own
        if helper != own:
            raise ScopeError(_("You may see your own helper's forms only."))
    divisions = Division.objects.all() if user is None else Division.objects.for_user(user)
    county_obj = township_obj = helper_obj = None
    if county:
        county_obj = divisions.filter(code=county, level="county").first()
        if county_obj is None:
            raise ScopeError(_("No county has the code %(code)s.") % {"code": county})
    if township:
        township_obj = divisions.filter(code=township, level="township").first()
        if township_obj is None:
            raise ScopeError(_("No township has the code %(code)s.") % {"code": township})
        if county_obj is None:
            county_obj = township_obj.county
        elif township_obj.county_id != county_obj.pk:
            raise ScopeError(
                _("Township %(township)s is not in county %(county)s.")
                % {"township": township, "county": county}
            )
    if helper:
        helper_obj = Helper.objects.filter(uscc=helper).first()
        if helper_obj is None:
            raise ScopeError(_("No helper has the code %(code)s.") % {"code": helper})
    return Scope(county=county_obj, township=township_obj, helper=helper_obj)


def _scope(user, county, township, helper, scope: Scope | None) -> Scope:
    if scope is not None:
        return scope
    return resolve_scope(user=user, county=county, township=township, helper=helper)


# --------------------------------------------------------------------------- attachment 7


def _zeros() -> dict:
    return {i.code: (Decimal("0.00") if i.money else 0) for i in indicators.INDICATORS}


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

    One row per unit (see `Scope.unit_level`) with `indicators.figures_by`, and a total with
    `indicators.figures` over the whole scope; for the period and cumulatively."""
    period = form_period(period)
    scope = _scope(user, county, township, helper, scope)
    unit = scope.unit_level
    blocks = []
    for name, start in (("本期", period.start), ("累计", None)):
        records = indicators.counted_records(
            user=user, start=start, end=period.end, **scope.filters
        )
        blocks.append((name, start, indicators.figures_by(records, unit), records))
    found = {unit_id for _n, _s, by_unit, _r in blocks for unit_id in by_unit}
    units = _units(scope, user, period.end, found)
    built = [
        StatisticsBlock(
            name_zh=name,
            start=start,
            end=period.end,
            rows=[(u, by_unit.get(u.pk) or _zeros()) for u in units],
            total=indicators.total_of(by_unit, records),
        )
        for name, start, by_unit, records in blocks
    ]
    return StatisticsTable(period, scope, unit, built[0], built[1])


# --------------------------------------------------------------------------- attachment 6


@dataclass
class ProgressRow:
    number: str  # the pairing's agreement number
    county: str
    township: str
    village: str
    helper: str
    focus: str
    agreement_on: dt.date | None
    items_total: int = 0
    items_done: int = 0
    items_late: int = 0
    figures: dict = field(default_factory=_zeros)  # the pairing's indicators in the period
    status: str = ""
    status_zh: str = ""

    @property
    def assistance_yuan(self) -> Decimal:
        """Money, goods, investment and purchases (元) of the confirmed records."""
        return sum((self.figures[c] for c in PROGRESS_YUAN), Decimal("0.00"))

    @property
    def persons_trained(self) -> int:
        return self.figures["persons_trained"]

    @property
    def jobs(self) -> int:
        return self.figures["jobs"]


@dataclass
class ProgressTable:
    period: Period
    scope: Scope
    rows: list[ProgressRow]
    total: ProgressRow
    title: str = TITLE_PROGRESS


def pairings_in_period(*, user=None, period: Period, scope: Scope):
    """Pairings active at some time in `period`: activated by its end, not ended before
    its start."""
    from bangfu.pairing.models import Pairing

    qs = Pairing.objects.all() if user is None else Pairing.objects.for_user(user)
    qs = qs.filter(activated_on__isnull=False, activated_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )
    if scope.county is not None:
        qs = qs.filter(county=scope.county)
    if scope.township is not None:
        qs = qs.filter(village__parent=scope.township)
    if scope.helper is not None:
        qs = qs.filter(helper=scope.helper)
    return qs


def plan_counts_as_of(pairings, day: dt.date) -> dict[int, dict[str, int]]:
    """Plan items per pairing: total, done and late as of `day` (PlanItem.state's rule with
    today = day), in one SQL query.

    `achieved` is the latest value; for a past day the value reached is the latest progress
    reported on or before it, else (an item inherited in a relay, not reported on since)
    the predecessor item's latest value on or before it, else the item's own starting value
    if it has never been reported on. An item counts as done once its target was reached
    (`done_on`) by that day."""
    from bangfu.pairing.models import PlanItem, PlanProgress

    reported = PlanProgress.objects.filter(reported_on__lte=day).order_by("-reported_on", "-id")
    value = DecimalField(max_digits=14, decimal_places=2)
    as_of = Coalesce(
        Subquery(reported.filter(item_id=OuterRef("pk")).values("value")[:1]),
        Subquery(reported.filter(item_id=OuterRef("inherited_from_id")).values("value")[:1]),
        Case(
            When(
                Exists(PlanProgress.objects.filter(item_id=OuterRef("pk"))),
                then=Value(Decimal("0")),
            ),
            default=F("achieved"),
        ),
        output_field=value,
    )
    done = Q(done_on__lte=day) | Q(reached__gte=F("target_value"))
    rows = (
        PlanItem.objects.filter(pairing_id__in=pairings.values("id"))
        .annotate(reached=as_of)
        .values("pairing_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=done),
            late=Count("id", filter=~done & Q(due_date__lt=day)),
        )
        .order_by()
    )
    return {r["pairing_id"]: r for r in rows}


def _status_at(pairing, day: dt.date) -> str:
    """The pairing's status at the end of the period. Suspensions are not dated: a pairing
    suspended now counts as suspended (an approximation for past periods)."""
    from bangfu.pairing.models import CLOSED_STATUSES, Status

    if pairing.ended_on is not None and pairing.ended_on <= day:
        return pairing.status if pairing.status in CLOSED_STATUSES else Status.ENDED
    if pairing.status == Status.SUSPENDED:
        return Status.SUSPENDED
    return Status.ACTIVE


def progress_table(
    *,
    user=None,
    period: Period | str | None,
    county: str | None = None,
    township: str | None = None,
    helper: str | None = None,
    scope: Scope | None = None,
) -> ProgressTable:
    """Attachment 6 for `period` and a scope: one row per pairing active in the period."""
    from bangfu.pairing.documents import village_short_name
    from bangfu.pairing.models import Status

    period = form_period(period)
    scope = _scope(user, county, township, helper, scope)
    pairings = pairings_in_period(user=user, period=period, scope=scope)
    records = indicators.counted_records(
        user=user, start=period.start, end=period.end, **scope.filters
    ).filter(pairing_id__in=pairings.values("id"))
    aggregates = indicators._record_aggregates()
    wanted = ("records", *PROGRESS_YUAN, "persons_trained", "jobs")
    by_pairing = {
        r["pairing_id"]: indicators._normalise(r)
        for r in records.order_by()
        .values("pairing_id")
        .annotate(**{code: aggregates[code] for code in wanted})
    }
    plans = plan_counts_as_of(pairings, period.end)
    rows = []
    with override("zh-hans"):
        for p in pairings.select_related(
            "helper", "village", "village__parent", "county", "agreement"
        ).order_by("county__code", "village__code", "activated_on", "id"):
            agreement = getattr(p, "agreement", None)
            plan = plans.get(p.pk, {})
            status = _status_at(p, period.end)
            rows.append(
                ProgressRow(
                    number=p.number,
                    county=p.county.name,
                    township=p.village.parent.name,
                    village=village_short_name(p.village.name),
                    helper=p.helper.name,
                    focus=p.focus,
                    agreement_on=agreement.signed_on if agreement else None,
                    items_total=plan.get("total", 0),
                    items_done=plan.get("done", 0),
                    items_late=plan.get("late", 0),
                    figures=by_pairing.get(p.pk) or _zeros(),
                    status=status,
                    status_zh=str(Status(status).label),
                )
            )
    total = ProgressRow(
        number="",
        county="",
        township="",
        village="",
        helper="",
        focus="",
        agreement_on=None,
        items_total=sum(r.items_total for r in rows),
        items_done=sum(r.items_done for r in rows),
        items_late=sum(r.items_late for r in rows),
        figures=indicators.figures(records),
    )
    return ProgressTable(period, scope, rows, total)


# --------------------------------------------------------------------------- the .xlsx forms


@dataclass(frozen=True)
class Column:
    header: str
    unit: str = ""  # the units row; "" for a text column
    width: float = 10
    kind: str = "int"  # index (序号), text, center, int, money, date
    group: str | None = None


FONT = "宋体"
_BASE = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
_CELL = {**_BASE, "border": 1}
STYLES = {
    "title": {**_BASE, "font_size": 18, "bold": True, "align": "center"},
    "info": {**_BASE, "font_size": 11, "align": "left"},
    "info_right": {**_BASE, "font_size": 11, "align": "right"},
    "head": {**_CELL, "bold": True, "align": "center", "text_wrap": True},
    "unit": {**_CELL, "font_size": 9, "align": "center"},
    "text": {**_CELL, "align": "left", "text_wrap": True},
    "center": {**_CELL, "align": "center"},
    "index": {**_CELL, "align": "center", "num_format": "0"},
    "int": {**_CELL, "align": "right", "num_format": "#,##0"},
    "money": {**_CELL, "align": "right", "num_format": "#,##0.00"},
    "date": {**_CELL, "align": "center", "num_format": "yyyy-mm-dd"},
    "note": {**_BASE, "font_size": 9, "align": "left", "text_wrap": True, "valign": "top"},
    "foot": {**_BASE, "font_size": 11, "align": "left"},
}


class _Formats:
    def __init__(self, workbook):
        self.workbook = workbook
        self.cache: dict[tuple[str, bool], Any] = {}

    def __call__(self, kind: str, total: bool = False):
        key = (kind, total)
        if key not in self.cache:
            style = dict(STYLES[kind])
            if total:
                style["bold"] = True
            self.cache[key] = self.workbook.add_format(style)
        return self.cache[key]


def _workbook(target):
    import xlsxwriter

    return xlsxwriter.Workbook(
        os.fspath(target) if isinstance(target, os.PathLike) else target,
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(value) -> str:
    return safe_cell(str(value if value is not None else ""))


def _write_value(sheet, fmt, row: int, col: int, column: Column, value, total: bool) -> None:
    style = fmt(column.kind, total)
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif column.kind in ("text", "center"):
        sheet.write_string(row, col, _text(value), style)
    elif column.kind == "date":
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), style)
    else:
        sheet.write_number(row, col, float(value), style)


def _header_spans(columns: list[Column]) -> list[tuple[int, int, str]]:
    """Runs of consecutive columns of the same group: (first, last, group)."""
    spans: list[tuple[int, int, str]] = []
    for col, column in enumerate(columns):
        if column.group and spans and spans[-1][2] == column.group and spans[-1][1] == col - 1:
            spans[-1] = (spans[-1][0], col, column.group)
        elif column.group:
            spans.append((col, col, column.group))
    return spans


def _write_form(
    workbook,
    fmt: _Formats,
    *,
    sheet_name: str,
    title: str,
    unit: str,
    period_text: str,
    scope_text: str,
    columns: list[Column],
    rows: list[list],
    total: list,
    notes: list[str],
) -> None:
    """One sheet in the form's layout: merged title, filing unit and period, header rows
    (column groups, names, units), data rows, 合计, notes and the signature line; printed
    landscape on A4, fitted to the page width, header rows repeated on every page."""
    sheet = workbook.add_worksheet(sheet_name)
    last = len(columns) - 1
    half = max(1, last // 2)
    sheet.set_row(0, 36)
    sheet.merge_range(0, 0, 0, last, title, fmt("title"))
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, half, _text(f"填报单位（盖章）：{unit}"), fmt("info"))
    sheet.merge_range(1, half + 1, 1, last, _text(f"统计期间：{period_text}"), fmt("info_right"))
    sheet.set_row(2, 20)
    sheet.merge_range(2, 0, 2, last, _text(f"统计范围：{scope_text}"), fmt("info"))

    grouped = any(c.group for c in columns)
    first = 3  # the first header row
    names = first + 1 if grouped else first
    units = names + 1
    if grouped:
        sheet.set_row(first, 22)
    sheet.set_row(names, 44)
    sheet.set_row(units, 18)
    for col, column in enumerate(columns):
        top = names if column.group else first
        bottom = units if not column.unit else names
        if top == bottom:
            sheet.write_string(top, col, column.header, fmt("head"))
        else:
            sheet.merge_range(top, col, bottom, col, column.header, fmt("head"))
        if column.unit:
            sheet.write_string(units, col, column.unit, fmt("unit"))
    for a, b, group in _header_spans(columns):
        if a == b:
            sheet.write_string(first, a, group, fmt("head"))
        else:
            sheet.merge_range(first, a, first, b, group, fmt("head"))

    row = units
    for values in rows:
        row += 1
        for col, (column, value) in enumerate(zip(columns, values, strict=True)):
            _write_value(sheet, fmt, row, col, column, value, total=False)
    row += 1
    label_end = next(i for i, c in enumerate(columns) if c.unit) - 1
    if label_end > 0:
        sheet.merge_range(row, 0, row, label_end, "合计", fmt("center", True))
    else:
        sheet.write_string(row, 0, "合计", fmt("center", True))
    for col in range(label_end + 1, len(columns)):
        _write_value(sheet, fmt, row, col, columns[col], total[col], total=True)
    total_row = row

    row += 1
    per_line = sum(c.width for c in columns) * 11 / 9  # display width at the notes' size
    for note in notes:
        row += 1
        lines = 1 + int(_display_width(note) // per_line)
        sheet.set_row(row, 14 * lines + 4)
        sheet.merge_range(row, 0, row, last, _text(note), fmt("note"))
    row += 2
    blank = "　" * 8
    sheet.set_row(row, 20)
    sheet.merge_range(
        row,
        0,
        row,
        last,
        f"填表人：{blank}　　审核人：{blank}　　联系电话：{blank}　　"
        f"填报日期：{zh_date(timezone.localdate())}",
        fmt("foot"),
    )

    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(units + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # fit to the width, as many pages as needed down
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.repeat_rows(first, units)
    sheet.print_area(0, 0, row, last)
    sheet.set_footer("&C第 &P 页")
    sheet.ignore_errors({"number_stored_as_text": f"A{units + 2}:XFD{total_row + 1}"})


def _period_text(period: Period) -> str:
    return f"{period.label_zh}（{zh_date(period.start)}—{zh_date(period.end)}）"


def _cumulative_text(period: Period) -> str:
    from bangfu.places.models import Programme

    programme = Programme.objects.filter(is_current=True).first()
    since = f"自{programme.start_year}年行动开始" if programme else "自行动开始"
    return f"累计，{since}至{zh_date(period.end)}（截至{period.label_zh}末）"


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


def statistics_columns(unit_level: str, names: list[str] = ()) -> list[Column]:
    """Attachment 7's columns; the unit column as wide as the longest of `names`."""
    longest = max((_display_width(n) for n in names), default=0)
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
    return columns


STATISTICS_NOTES = [
    "说明：1. 本表由帮扶记录自动生成，只计县（市、区）扶贫办已确认的帮扶记录，口径见 "
    "docs/INDICATORS.md；2. “合计”为全范围去重统计，参与帮扶主体数、帮扶村数、受益贫困户、"
    "受益贫困人口不等于各行之和；3. 金额单位为元，保留两位小数。",
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
    Audited as an export; returns the unit rows written (per sheet)."""
    table = statistics_table(
        user=user, period=period, county=county, township=township, helper=helper, scope=scope
    )
    names = [_unit_name(unit, table) for unit, _figures in table.current.rows]
    columns = statistics_columns(table.unit_level, names)
    codes = [i.code for i in indicators.INDICATORS]
    workbook = _workbook(target)
    fmt = _Formats(workbook)
    for block in table.blocks:
        rows = [
            [n, name, *(figures[c] for c in codes)]
            for n, (name, (_unit, figures)) in enumerate(zip(names, block.rows, strict=True), 1)
        ]
        _write_form(
            workbook,
            fmt,
            sheet_name=f"{block.name_zh}（{table.period.code}）",
            title=table.title,
            unit=table.scope.filing_unit,
            period_text=(
                _period_text(table.period)
                if block.start is not None
                else _cumulative_text(table.period)
            ),
            scope_text=table.scope.label,
            columns=columns,
            rows=rows,
            total=["合计", "", *(block.total[c] for c in codes)],
            notes=STATISTICS_NOTES,
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


PROGRESS_COLUMNS = [
    Column("序号", width=5, kind="index"),
    Column("县（市、区）", width=11, kind="text"),
    Column("乡镇", width=10, kind="text"),
    Column("村", width=10, kind="text"),
    Column("帮扶主体", width=24, kind="text"),
    Column("帮扶重点", width=16, kind="text"),
    Column("协议签订日期", width=11, kind="date"),
    Column("规划事项", "项", 7, group="帮扶规划落实情况"),
    Column("已完成", "项", 7, group="帮扶规划落实情况"),
    Column("逾期未完成", "项", 8, group="帮扶规划落实情况"),
    Column("资金物资投入", "元", 14, kind="money", group="本期已确认帮扶"),
    Column("培训人次", "人次", 8, group="本期已确认帮扶"),
    Column("帮助就业", "人", 8, group="本期已确认帮扶"),
    Column("期末状态", width=8, kind="center"),
]


def _progress_notes() -> list[str]:
    names = "＋".join(indicators.BY_CODE[c].name_zh for c in PROGRESS_YUAN)
    return [
        "说明：1. 列入本期任一时间处于结对帮扶状态的村企结对；2. 规划事项按期末（统计期间"
        "最后一天）的进度计算：已完成为期末前达到目标值，逾期未完成为期末前到期而未达到目标值；"
        f"3. 资金物资投入＝{names}，只计县（市、区）扶贫办已确认的帮扶记录；"
        "4. 金额单位为元，保留两位小数。",
    ]


def write_progress(
    target: str | Path | IO[bytes],
    *,
    user=None,
    period: Period | str | None = None,
    county: str | None = None,
    township: str | None = None,
    helper: str | None = None,
    scope: Scope | None = None,
) -> int:
    """Attachment 6 as .xlsx; audited as an export; returns the pairing rows written."""
    table = progress_table(
        user=user, period=period, county=county, township=township, helper=helper, scope=scope
    )
    rows = [
        [
            n,
            r.county,
            r.township,
            r.village,
            r.helper,
            r.focus,
            r.agreement_on,
            r.items_total,
            r.items_done,
            r.items_late,
            r.assistance_yuan,
            r.persons_trained,
            r.jobs,
            r.status_zh,
        ]
        for n, r in enumerate(table.rows, start=1)
    ]
    t = table.total
    workbook = _workbook(target)
    _write_form(
        workbook,
        _Formats(workbook),
        sheet_name=f"附件6（{table.period.code}）",
        title=table.title,
        unit=table.scope.filing_unit,
        period_text=_period_text(table.period),
        scope_text=table.scope.label,
        columns=PROGRESS_COLUMNS,
        rows=rows,
        total=[
            "合计",
            *[""] * 6,
            t.items_total,
            t.items_done,
            t.items_late,
            t.assistance_yuan,
            t.persons_trained,
            t.jobs,
            "",
        ],
        notes=_progress_notes(),
    )
    workbook.close()
    audit.record(
        event="export",
        object_type="assistance.progress",
        detail=f"attachment 6: {table.period.code}, {table.scope.level} "
        f"{table.scope.slug}, {len(rows)} rows",
    )
    return len(rows)


def filename(form: str, period: Period, scope: Scope) -> str:
    name = {"statistics": "帮扶统计表", "progress": "村企结对帮扶进度表"}[form]
    return f"{name}-{period.code}-{scope.slug}.xlsx"

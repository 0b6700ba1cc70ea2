"""The progress table (村企结对帮扶进度表, attachment 6): one row per pairing, computed and written.

A row for each pairing that was active at some time in the period, with its plan items
(total, done, late as of the period's end) and its confirmed assistance in the period
(figures from `indicators`, confirmed records only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.db.models import (
    Q,
)
from django.utils.translation import override

from bangfu.accounts import audit
from bangfu.core.periods import Period
from bangfu.pairing.selectors.pairings import plan_counts_as_of

from .. import indicators
from .scope import Scope, form_period, scope_of
from .sheets import Column, Formats, open_workbook, period_label, write_form

TITLE_PROGRESS = "“科企帮万村”精准扶贫行动村企结对帮扶进度表"


# What attachment 6 adds up as a pairing's confirmed input in yuan.
PROGRESS_YUAN = ("money", "goods", "industry_investment", "purchases")


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
    figures: dict = field(
        default_factory=indicators.zeros
    )  # the pairing's indicators in the period
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
    scope = scope_of(user, county, township, helper, scope)
    pairings = pairings_in_period(user=user, period=period, scope=scope)
    records = indicators.counted_records(
        user=user, start=period.start, end=period.end, **scope.filters
    ).filter(pairing_id__in=pairings.values("id"))
    aggregates = indicators.record_aggregates()
    wanted = ("records", *PROGRESS_YUAN, "persons_trained", "jobs")
    by_pairing = {
        r["pairing_id"]: indicators.normalise(r)
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
                    figures=by_pairing.get(p.pk) or indicators.zeros(),
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
    workbook = open_workbook(target)
    write_form(
        workbook,
        Formats(workbook),
        sheet_name=f"附件6（{table.period.code}）",
        title=table.title,
        unit=table.scope.filing_unit,
        period_text=period_label(table.period),
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

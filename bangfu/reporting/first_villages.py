"""Attachment 2 (首批结对帮扶贫困村名单): the villages a county paired first, from its pairings.

The plan (§四(二)) has each county and the institute choose 9 poor villages to pair first in
2017 (附件 2); it prints no layout and no date for the form. bangfu lists, from the pairings it
holds (nothing typed), the villages of the county whose pairing started in the programme's
first year on or before the form's due date (28 April, the end of the step that chooses the
villages and signs the agreements, §五(二)): one row per village, its helpers, their focus,
the dates of pairing and of the agreements, and the plan items made. The checks
(`reporting.checks`) ask for a remark when the list does not hold exactly `QUOTA` villages or
a village has a pairing without an agreement (docs/DECISIONS.md "Issue 18").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import override

from bangfu.core.excel.printing import stamp_line, zh_date
from bangfu.core.excel.writing import write_xlsx

QUOTA = 9  # the plan: “首先选择 9 个贫困村结对帮扶”
TITLE = "“科企帮万村”精准扶贫行动首批结对帮扶贫困村名单"
HEADERS = [
    "序号",
    "县（市、区）",
    "乡镇",
    "贫困村",
    "结对帮扶主体",
    "主体类型",
    "帮扶重点",
    "结对日期",
    "协议签订日期",
    "帮扶规划（项）",
    "备注",
]
WIDTHS = [6, 10, 12, 14, 26, 12, 18, 12, 13, 10, 16]
NO_AGREEMENT = "未签订"


@dataclass
class FirstVillage:
    """A village of the list and the pairings that make it paired."""

    village: object  # places.Division
    pairings: list = field(default_factory=list)  # pairing.Pairing, by start date

    @property
    def paired_on(self) -> dt.date:
        return min(p.start_date for p in self.pairings)

    @property
    def without_agreement(self) -> list:
        return [p for p in self.pairings if agreement_of(p) is None]


def agreement_of(pairing):
    """The pairing's signed agreement, or None."""
    from bangfu.pairing.models import Agreement

    try:
        return pairing.agreement
    except Agreement.DoesNotExist:
        return None


def first_villages(programme, county, *, by: dt.date, limit: int | None = None) -> list:
    """The county's villages paired in the programme's first year on or before `by`, the
    earliest first (then by village code); `limit` keeps that many. Pairings proposed and
    dropped without ever being active are not a pairing of the village."""
    from bangfu.pairing.models import Pairing, Status

    qs = (
        Pairing.objects.filter(
            programme=programme,
            county=county,
            start_date__gte=dt.date(programme.start_year, 1, 1),
            start_date__lte=by,
        )
        .exclude(status=Status.ENDED, activated_on__isnull=True)
        .select_related("county", "helper", "village", "village__parent", "agreement")
        .annotate(items=Count("plan_items"))
        .order_by("start_date", "village__code", "pk")
    )
    found: dict[int, FirstVillage] = {}
    for pairing in qs:
        found.setdefault(pairing.village_id, FirstVillage(pairing.village)).pairings.append(pairing)
    villages = sorted(found.values(), key=lambda v: (v.paired_on, v.village.code))
    return villages[:limit] if limit is not None else villages


def step_villages(programme, county, *, deadline: dt.date) -> list:
    """The villages the plan's steps count for a county: those paired by `deadline`, or —
    when it had paired none by then — the first `QUOTA` it paired in the programme's first
    year, so that a county that catches up meets the step late instead of never."""
    villages = first_villages(programme, county, by=deadline)
    if villages:
        return villages
    return first_villages(programme, county, by=dt.date(programme.start_year, 12, 31), limit=QUOTA)


def rows(villages: list) -> list[list]:
    """The sheet's rows (plain values: the filing keeps them as JSON)."""
    from bangfu.helpers.models import Helper

    with override("zh-hans"):
        kinds = {k: str(label) for k, label in Helper.Kind.choices}
    result = []
    for i, v in enumerate(villages, start=1):
        pairings = v.pairings
        agreements = [agreement_of(p) for p in pairings]
        result.append(
            [
                i,
                pairings[0].county.name if pairings else "",
                v.village.parent.name if v.village.parent_id else "",
                v.village.name,
                "\n".join(p.helper.name for p in pairings),
                "\n".join(kinds.get(p.helper.kind, p.helper.kind) for p in pairings),
                "\n".join(p.focus or "—" for p in pairings),
                v.paired_on.isoformat(),
                "\n".join(a.signed_on.isoformat() if a else NO_AGREEMENT for a in agreements),
                sum(getattr(p, "items", 0) for p in pairings),
                "协议未签订" if v.without_agreement else "",
            ]
        )
    return result


def write(target: IO[bytes], submission, *, today: dt.date | None = None) -> int:
    """Attachment 2 of `submission`'s county as .xlsx in the form's layout (title, filing
    unit and date, a line with the count against the plan's 9, header, rows, signature)."""
    programme = submission.report.programme
    villages = first_villages(programme, submission.county, by=submission.due_date)
    notes = [
        stamp_line(f"{submission.county.name}扶贫办", today or timezone.localdate()),
        f"{programme.start_year}年首先结对帮扶的贫困村（截至{zh_date(submission.due_date)}）"
        f"{len(villages)}个，方案要求{QUOTA}个",
    ]
    return write_xlsx(
        target,
        title=TITLE,
        headers=HEADERS,
        rows=rows(villages),
        notes=notes,
        column_widths=WIDTHS,
        sheet_name="附件2",
        form=True,
    )

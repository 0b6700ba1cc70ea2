"""Attachments 3 and 4 as .xlsx in the forms' layout (title, filing unit and date, header, rows).

`roster_table` / `demonstration_table` return the form as plain values (str, int, None only:
the filing keeps them as JSON); `write_roster` / `write_demonstration` write a table with
`core.excel.write_xlsx` (formula-like text escaped). The writers do not audit: the pages that
download a form record the export, and a filing is recorded by its submission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from django.utils import timezone

from bangfu.core.excel.printing import stamp_line
from bangfu.core.excel.writing import write_xlsx
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember
from bangfu.places.models import Division, Programme

PROGRAMME_UNIT = "承德市对口帮扶工作领导小组办公室"  # the filing unit for the whole programme
ROSTER_TITLE = "“科企帮万村”精准扶贫行动领导小组名单及联络人"
DEMONSTRATION_TITLE = "“科企帮万村”精准扶贫行动示范村推荐表"
FILING_TITLE = "“科企帮万村”精准扶贫行动示范村备案表"
# The plan (§五(二)3): the recommended villages are filed with these two offices.
FILING_RECIPIENTS = "京津冀协同发展领导小组办公室、发展改革委"

ROSTER_HEADERS = ["序号", "姓名", "领导小组职务", "职务", "工作单位", "联系电话", "电子邮箱"]
ROSTER_WIDTHS = [6, 12, 14, 24, 30, 16, 26]
# The form's own words (the form is filed in Chinese whatever the user's language).
ROLES_ZH = {
    GroupRole.LEADER: "组长",
    GroupRole.DEPUTY: "副组长",
    GroupRole.MEMBER: "成员",
    GroupRole.LIAISON: "联络人",
}
DEMONSTRATION_HEADERS = [
    "序号",
    "县（市、区）",
    "帮扶方",
    "乡镇",
    "推荐示范村",
    "主导产业",
    "推荐理由",
    "推荐单位（人）",
    "推荐日期",
    "是否入选",
    "入选日期",
    "备注",
]
DEMONSTRATION_WIDTHS = [6, 12, 16, 12, 14, 16, 36, 16, 12, 8, 12, 18]


type Cell = str | int | None


@dataclass
class FormTable:
    """A form as plain values: what the sheet shows, line by line."""

    title: str
    notes: list[str]
    headers: list[str]
    rows: list[list[Cell]]
    sheet_name: str
    widths: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _unit_line(unit: str, today: dt.date | None = None) -> str:
    return stamp_line(unit, today or timezone.localdate())


def county_unit(county: Division) -> str:
    return f"{county.name}扶贫办"


def roster_table(
    programme: Programme, county: Division, *, today: dt.date | None = None, viewer=None
) -> FormTable:
    """Attachment 3 (领导小组名单及联络人) of `county`: one row per member, in the roster's order.
    Phones follow `accounts.contacts.phone_for` for `viewer`; None (the county's filing) in full."""
    from bangfu.accounts.contacts import phone_for

    members = LeadingGroupMember.objects.filter(programme=programme, county=county).order_by(
        "order", "id"
    )
    rows: list[list[Cell]] = [
        [
            i,
            m.name,
            ROLES_ZH.get(m.group_role, m.group_role),
            m.post,
            m.unit,
            m.phone if viewer is None else phone_for(viewer, m.phone, county_id=m.county_id),
            m.email,
        ]
        for i, m in enumerate(members, start=1)
    ]
    return FormTable(
        title=ROSTER_TITLE,
        notes=[_unit_line(county_unit(county), today)],
        headers=list(ROSTER_HEADERS),
        rows=rows,
        sheet_name="附件3",
        widths=list(ROSTER_WIDTHS),
    )


def demonstration_table(
    programme: Programme,
    county: Division | None = None,
    selected_only: bool = False,
    *,
    today: dt.date | None = None,
) -> FormTable:
    """Attachment 4 (示范村推荐表): a county's recommendations (`county`), all counties', or —
    with `selected_only` — the filing of the selected villages for the co-ordination office
    and the development and reform commission."""
    qs = DemonstrationRecommendation.objects.filter(programme=programme)
    if county is not None:
        qs = qs.filter(county=county)
    if selected_only:
        qs = qs.filter(selected=True)
    qs = qs.select_related("county", "village", "village__parent", "region_pairing").order_by(
        "county__code", "region_pairing__helping_district"
    )
    rows: list[list[Cell]] = [
        [
            i,
            r.county.name,
            r.region_pairing.helping_district,
            r.village.parent.name if r.village.parent_id else "",
            r.village.name,
            r.industry,
            r.reasons,
            r.recommended_by,
            _iso(r.recommended_on),
            "是" if r.selected else "否",
            _iso(r.selected_on),
            r.selection_note,
        ]
        for i, r in enumerate(qs, start=1)
    ]
    unit = county_unit(county) if county is not None else PROGRAMME_UNIT
    notes = [_unit_line(unit, today)]
    if selected_only:
        notes.append(
            f"报送：{FILING_RECIPIENTS}（备案）　　入选示范村 {len(rows)} 个，"
            f"名额 {programme.demonstration_quota} 个"
        )
    return FormTable(
        title=FILING_TITLE if selected_only else DEMONSTRATION_TITLE,
        notes=notes,
        headers=list(DEMONSTRATION_HEADERS),
        rows=rows,
        sheet_name="示范村备案" if selected_only else "附件4",
        widths=list(DEMONSTRATION_WIDTHS),
    )


def write_table(target: str | Path | IO[bytes], table: FormTable) -> int:
    """Write `table` as one sheet; returns the rows written."""
    return write_xlsx(
        target,
        title=table.title,
        headers=table.headers,
        rows=table.rows,
        notes=table.notes,
        column_widths=table.widths or None,
        sheet_name=table.sheet_name,
        form=True,
    )


def write_roster(target: str | Path | IO[bytes], table: FormTable) -> int:
    """Attachment 3 as .xlsx."""
    return write_table(target, table)


def write_demonstration(target: str | Path | IO[bytes], table: FormTable) -> int:
    """Attachment 4 (or the filing of the selected villages) as .xlsx."""
    return write_table(target, table)

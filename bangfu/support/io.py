"""The tax-benefit list as .xlsx (税收优惠明细): one row per benefit, the filters in a note.

The writer does not audit: the page that downloads the list records the export.
"""

from __future__ import annotations

from typing import IO

from django.utils import timezone

from bangfu.core.excel.writing import write_xlsx

TITLE = "“科企帮万村”帮扶主体结对村投资捐赠税收优惠明细"
HEADERS = [
    "序号",
    "帮扶主体",
    "统一社会信用代码",
    "县（市、区）",
    "乡镇",
    "结对村",
    "结对编号",
    "优惠类型",
    "金额（元）",
    "年度",
    "证明材料",
    "备注",
]
WIDTHS = [6, 30, 22, 12, 12, 14, 20, 28, 14, 8, 24, 30]


def benefit_rows(benefits) -> list[list]:
    """The rows of the list, in the order of `benefits` (a queryset of the list selector)."""
    return [
        [
            i,
            b.helper.name,
            b.helper.uscc,
            b.county.name,
            b.pairing.village.parent.name,
            b.pairing.village.name,
            b.pairing.number,
            str(b.get_kind_display()),
            b.amount_yuan,
            b.year,
            b.evidence.original_name,
            b.remark,
        ]
        for i, b in enumerate(benefits, start=1)
    ]


def write_tax_benefits(target: IO[bytes], benefits, *, note: str = "") -> int:
    """Write the list; returns the number of rows."""
    notes = [f"导出日期：{timezone.localdate():%Y-%m-%d}" + (f"；筛选：{note}" if note else "")]
    return write_xlsx(
        target,
        title=TITLE,
        headers=HEADERS,
        rows=benefit_rows(benefits),
        notes=notes,
        column_widths=WIDTHS,
        sheet_name="税收优惠",
    )

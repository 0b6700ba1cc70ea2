"""Import and export of helpers (帮扶主体) in the template's layout; the USCC is the key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext as _

from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.uscc import validate_uscc
from bangfu.core.imports.spec import (
    Column,
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    count_clears,
    duplicates,
    error,
    take,
    upsert,
)
from bangfu.core.parsing import parse_choice, parse_int, parse_text
from bangfu.core.text import normalize_text
from bangfu.places.services import pinyin_initials

from .models import Helper

KINDS = {
    "科研集体企业": "research",
    "民营企业": "private",
    "行业协会": "association",
    "异地商会": "chamber",
    "农民协会或合作社": "cooperative",
    "合作社": "cooperative",
    "农民协会": "cooperative",
    "其他": "other",
}

# The helpers template, with the other headers real lists of enterprises use for each column.
C = {
    "name": Column(
        "名称",
        "name",
        True,
        "承德绿源农业科技有限公司",
        "",
        ("单位名称", "企业名称", "帮扶主体名称", "帮扶单位名称", "帮扶主体"),
    ),
    "uscc": Column(
        "统一社会信用代码",
        "uscc",
        True,
        "91130821MA0A1B2C3J",
        "18位",
        ("信用代码", "社会信用代码", "统一代码"),
    ),
    "kind": Column(
        "类型",
        "kind",
        True,
        "民营企业",
        "、".join(dict.fromkeys(KINDS)),
        ("主体类型", "单位类型", "帮扶主体类型", "单位性质"),
    ),
    "industry": Column("行业", "industry", False, "农业科技", "", ("所属行业", "行业类别"), "行业"),
    "strengths": Column(
        "优势", "strengths", False, "饲草种植技术、冷链物流", "", ("帮扶优势", "优势特长"), "优势"
    ),
    "address": Column(
        "地址", "address", False, "承德县下板城镇", "", ("单位地址", "通讯地址", "注册地址"), "地址"
    ),
    "capacity": Column(
        "计划帮扶村数",
        "capacity",
        False,
        3,
        "村；留空为1",
        ("帮扶村数", "计划帮扶村数量"),
        "计划帮扶村数",
    ),
    "liaison_name": Column(
        "联络人", "liaison_name", False, "刘洋", "", ("联系人", "联络员"), "联络人"
    ),
    "liaison_phone": Column(
        "联络电话",
        "liaison_phone",
        False,
        "13812345678",
        "手机号码",
        ("联系电话", "联系人电话", "联络人电话", "手机号", "手机号码", "联系方式"),
        "联络电话",
    ),
}
TEXT_LIMITS = (
    ("name", 100),
    ("industry", 64),
    ("strengths", 2000),
    ("address", 200),
    ("liaison_name", 32),
)
FIELDS = [
    "name",
    "kind",
    "industry",
    "strengths",
    "address",
    "capacity",
    "liaison_name",
    "liaison_phone",
]


def _label(code: str) -> str:
    return next(label for label, c in KINDS.items() if c == code)


class HelperSpec(ImportSpec):
    kind = "helpers"
    title = "帮扶主体"
    columns = list(C.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        empty: set[str] = set()
        cell = lambda key: normalize_text(cells.get(C[key].header) or "")  # noqa: E731
        data: dict = {}
        for key, limit in TEXT_LIMITS:
            if C[key].header in cells:  # an absent column leaves the field as stored
                data[key] = take(errors, row, C[key], cell(key), parse_text, max_length=limit) or ""
                if not cell(key):
                    empty.add(key)
        if not data["name"] and not cell("name"):
            errors.append(error(row, C["name"], "", _("the name is empty")))
        data["uscc"] = take(
            errors, row, C["uscc"], cell("uscc"), validate_uscc, field_label=C["uscc"].header
        )
        data["kind"] = take(errors, row, C["kind"], cell("kind"), parse_choice, KINDS)
        if C["capacity"].header in cells:
            capacity = cell("capacity")
            data["capacity"] = (
                take(errors, row, C["capacity"], capacity, parse_int, minimum=1, maximum=1000)
                if capacity
                else 1
            )
            if not capacity:
                empty.add("capacity")
        if C["liaison_phone"].header in cells:
            phone = cell("liaison_phone")
            data["liaison_phone"] = (
                take(
                    errors,
                    row,
                    C["liaison_phone"],
                    phone,
                    validate_mobile,
                    field_label=C["liaison_phone"].header,
                )
                if phone
                else ""
            )
            if not phone:
                empty.add("liaison_phone")
        if errors:
            return None, errors
        return ParsedRow(row=row, data=data, empty=frozenset(empty)), []

    def check(self, rows, ctx):
        return duplicates(rows, "uscc", C["uscc"], _("the same code is listed twice (row %(row)d)"))

    @staticmethod
    def _existing(rows, ctx) -> dict[str, Helper]:
        if "helpers_existing" not in ctx:
            codes = [r.data["uscc"] for r in rows]
            ctx["helpers_existing"] = {h.uscc: h for h in Helper.objects.filter(uscc__in=codes)}
        return ctx["helpers_existing"]

    def clears(self, rows, ctx) -> Counter:
        counter: Counter = Counter()
        existing = self._existing(rows, ctx)
        for r in rows:
            count_clears(counter, C, existing.get(r.data["uscc"]), r.data, r.empty)
        return counter

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        existing = self._existing(rows, ctx)
        items = []
        for r in rows:
            values = {k: r.data[k] for k in FIELDS if k in r.data}
            new = {"uscc": r.data["uscc"], "initials": pinyin_initials(values["name"])}
            items.append((r.data["uscc"], values, new))
        upsert(Helper, items, existing, counts)
        return counts

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        from bangfu.accounts.contacts import phone_for

        for h in queryset.iterator(chunk_size=1000):
            phone = (
                h.liaison_phone
                if full_numbers
                else phone_for(viewer, h.liaison_phone, helper_id=h.pk)
            )
            yield [
                h.name,
                h.uscc,
                _label(h.kind),
                h.industry,
                h.strengths,
                h.address,
                h.capacity,
                h.liaison_name,
                phone,
            ]

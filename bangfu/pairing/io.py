"""The pairing list (村企结对帮扶名单, attachment 5): one row per active pairing."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.utils import timezone
from django.utils.translation import override

from bangfu.accounts import audit
from bangfu.core.excel.printing import stamp_line
from bangfu.core.excel.writing import write_xlsx

from .models import Pairing, Status

TITLE = "“科企帮万村”精准扶贫行动村企结对帮扶名单"
HEADERS = [
    "序号",
    "县（市、区）",
    "乡镇",
    "村",
    "帮扶主体",
    "主体类型",
    "帮扶重点",
    "帮扶内容",
    "帮扶途径",
    "协议签订日期",
    "联络人",
    "联系电话",
]
WIDTHS = [6, 10, 12, 14, 24, 12, 18, 32, 16, 12, 10, 13]


def active_pairings(*, user=None, county: str | None = None):
    """Active pairings in `user`'s scope (None: the operator, everything), list order."""
    qs = Pairing.objects.all() if user is None else Pairing.objects.for_user(user)
    qs = qs.filter(status=Status.ACTIVE)
    if county:
        qs = qs.filter(county__code=county)
    return qs.select_related(
        "helper", "village", "village__parent", "county", "agreement"
    ).order_by("county__code", "village__code", "slot")


def pairing_list_rows(qs, *, viewer=None):
    """The sheet's rows, read as plain values (no model objects: 8,000 rows in ~0.1 s).

    Liaison phones follow `accounts.contacts.phone_for` for `viewer`; None is the operator's own
    copy (`bangfu export_data`, a county's filing): in full."""
    from bangfu.accounts.contacts import phone_for
    from bangfu.helpers.models import Helper

    from .models import Pathway

    with override("zh-hans"):
        kinds = {k: str(label) for k, label in Helper.Kind.choices}
        pathways = {p: str(label) for p, label in Pathway.choices}
    rows = qs.values_list(
        "county__name",
        "village__parent__name",
        "village__name",
        "helper__name",
        "helper__kind",
        "focus",
        "content",
        "pathways",
        "agreement__signed_on",
        "helper__liaison_name",
        "helper__liaison_phone",
        "helper_id",
    )
    for i, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        (county, township, village, helper, kind, focus, content, paths, signed, liaison, phone) = (
            row[:-1]
        )
        if viewer is not None:
            phone = phone_for(viewer, phone, helper_id=row[-1])
        yield [
            i,
            county,
            township,
            village,
            helper,
            kinds.get(kind, kind),
            focus,
            content,
            "、".join(pathways[p] for p in (paths or "").strip(",").split(",") if p in pathways),
            signed,
            liaison,
            phone,
        ]


def write_pairing_list(
    target: str | Path | IO[bytes], *, user=None, county: str | None = None
) -> int:
    """Write attachment 5 in the form's layout (title, filing unit and date, header, rows).
    Audited as an export; returns the rows written."""
    from bangfu.places.models import Division

    qs = active_pairings(user=user, county=county)
    if county:
        unit = f"{Division.objects.get(code=county).name}扶贫办"
    elif user is not None and getattr(user, "county_id", None):
        unit = f"{user.county.name}扶贫办"
    else:
        unit = "承德市对口帮扶工作领导小组办公室"
    today = timezone.localdate()
    notes = [stamp_line(unit, today)]
    count = write_xlsx(
        target,
        title=TITLE,
        headers=HEADERS,
        rows=pairing_list_rows(qs, viewer=user),
        notes=notes,
        column_widths=WIDTHS,
        sheet_name="附件5",
        form=True,
    )
    audit.record(
        event="export",
        object_type="pairing.pairing_list",
        detail=f"attachment 5: {count} rows, county {county or 'all'}",
    )
    return count

"""The service network as .xlsx (科技服务网络名册): the list page's rows, as its filters chose.

Staff numbers follow `accounts.contacts.phone_for` (in full for the point's own county
office and the city office, masked for everyone else); every export is audited.
"""

from __future__ import annotations

from typing import IO

from bangfu.accounts import audit
from bangfu.accounts.contacts import phone_for
from bangfu.core.excel.writing import write_xlsx

from . import selectors

HEADERS = [
    "县（市、区）",
    "乡镇",
    "村",
    "类别",
    "名称",
    "地址",
    "建站日期",
    "状态",
    "站长",
    "站长电话",
    "人员数",
]


def network_rows(*, user, filters: dict):
    """One row per centre or workstation in `user`'s scope, as `HEADERS` names them."""
    for point in selectors.point_list_for_user(user=user, filters=filters).iterator(
        chunk_size=1000
    ):
        division = point.division
        township = division if point.kind == "centre" else division.parent
        master = point.masters[0] if point.masters else None
        yield [
            division.county.name,
            township.name,
            "" if point.kind == "centre" else division.name,
            str(point.get_kind_display()),
            point.name,
            point.address,
            point.opened_on,
            str(point.get_status_display()),
            master.name if master else "",
            phone_for(user, master.phone, county_id=division.county_id) if master else "",
            point.n_staff,
        ]


def write_network(target: IO[bytes], *, user, filters: dict) -> int:
    """Write the network list to `target`; returns the rows written (audited as an export)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        count = write_xlsx(
            target,
            title="乡镇科技服务中心和村级科技服务工作站名册",
            headers=HEADERS,
            rows=network_rows(user=user, filters=filters),
            sheet_name="科技服务网络",
        )
    audit.record(
        event="export",
        object_type="places.servicepoint",
        detail=f"service network: {count} rows, filters {sorted(filters.items())}",
    )
    return count

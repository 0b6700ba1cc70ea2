"""The audit trail's pages: the filtered list and its CSV export (itself audited)."""

import csv
import json

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bangfu.core.io import Echo, safe_cell

from .. import audit, selectors
from ..decorators import capability_required
from ..forms import (
    AuditFilterForm,
)


@require_GET
@capability_required("audit.read")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for_user(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


AUDIT_COLUMNS = [
    ("id", "编号"),
    ("at", "时间(UTC)"),
    ("actor_name", "操作人"),
    ("role", "角色"),
    ("address", "地址"),
    ("request_id", "请求号"),
    ("channel", "渠道"),
    ("event", "事件"),
    ("object_type", "对象类型"),
    ("object_id", "对象编号"),
    ("object_repr", "对象"),
    ("outcome", "结果"),
    ("changes", "字段变更"),
    ("detail", "说明"),
    ("hash", "哈希"),
]


@require_GET
@capability_required("audit.export")
def audit_export(request):
    """The filtered audit trail as CSV, streamed; the export itself is audited."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for_user(user=request.user, filters=filters)
    audit.record(
        event="export",
        object_type="accounts.auditevent",
        detail=json.dumps({k: str(v) for k, v in filters.items() if v}, ensure_ascii=False),
    )
    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff" + writer.writerow([label for _, label in AUDIT_COLUMNS])
        for ev in events.iterator(chunk_size=2000):
            values = []
            for name, _label in AUDIT_COLUMNS:
                value = getattr(ev, name)
                if name == "changes":
                    value = json.dumps(value, ensure_ascii=False)
                elif name == "at":
                    value = value.isoformat()
                values.append(safe_cell(value))
            yield writer.writerow(values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response

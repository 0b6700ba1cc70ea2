"""What the leading-group and demonstration pages share: the section's links, .xlsx downloads."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.groups import io as group_io

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def group_links() -> list[tuple[str, str]]:
    """The two forms' pages, for the reporting section's navigation."""
    return [
        (_("Leading groups"), reverse("groups:roster")),
        (_("Demonstration villages"), reverse("groups:demonstration")),
    ]


def xlsx_response(table: group_io.FormTable, name: str, *, what: str) -> HttpResponse:
    """`table` as an .xlsx download named `name`; the export is audited."""
    buffer = io.BytesIO()
    count = group_io.write_table(buffer, table)
    audit.record(event="export", object_type=f"groups.{what}", detail=f"{name}: {count} rows")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

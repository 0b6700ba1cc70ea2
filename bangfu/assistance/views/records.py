"""Assistance record pages: the list, one record, a record's evidence files."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import can
from bangfu.core.uploads import file_response
from bangfu.pairing.views.shared import form_filters, page_of

from ..forms.filters import AssistanceFilterForm
from ..forms.records import MEASURE_GROUPS, NoteForm
from ..indicators import BY_CODE, figures
from ..indicators_display import display, unit_of
from ..models import AssistanceStatus
from ..selectors.records import (
    assistance_get_for_user,
    assistance_list_for_user,
    beneficiaries,
    counted_units,
    queue_count,
)
from ..services.rules import EDITABLE, is_county_office, is_locked, may_record, may_record_any


@require_GET
@capability_required("business.read")
def assistance_list(request):
    form = AssistanceFilterForm(request.GET or None, user=request.user)
    filters = form_filters(form)
    for name in ("pairing", "village"):  # links from a pairing's or a village's page
        if request.GET.get(name):
            filters[name] = request.GET[name]
    qs = assistance_list_for_user(user=request.user, filters=filters)
    counted = counted_figure(request.user, filters, qs)
    page, query = page_of(request, counted["units_list"] if counted and counted["units"] else qs)
    return render(
        request,
        "assistance/list.html",
        {
            "form": form,
            "counted": counted,
            "page": page,
            "query": query,
            "can_record": may_record_any(request.user),
            "to_confirm": queue_count(user=request.user)
            if can(request.user, "assistance.confirm")
            else None,
            "export_query": urlencode(
                {k: filters[k] for k in ("period", "county") if filters.get(k)}
            ),
        },
    )


def counted_figure(user, filters: dict, records) -> dict | None:
    """For a list opened from a figure (`indicator`): the indicator, its figure over the
    listed records (the same as where the link came from), and for a figure that counts
    helpers, villages or households the list of those (households: roles that may see them)."""
    code = filters.get("indicator")
    if not code:
        return None
    indicator = BY_CODE[code]
    units = indicator.counts_units
    if units == "households" and not can(user, "personal.read"):
        units = None  # a helper liaison sees the records that list households, not them
    return {
        "indicator": indicator,
        "unit": unit_of(indicator),
        "value": display(figures(records)[code], money=indicator.money),
        "units": units,
        "units_list": counted_units(records=records, units=units) if units else None,
    }


def _measures(record) -> list[tuple[str, object, bool]]:
    """(label, value, is money) of the measures the record carries."""
    out = []
    for _group, names in MEASURE_GROUPS:
        for name in names:
            value = getattr(record, name)
            if value in (None, 0, Decimal("0")):
                continue
            label = record._meta.get_field(name).verbose_name
            out.append((label, value, name.endswith("_yuan")))
    return out


@require_GET
@capability_required("business.read")
def assistance_detail(request, number):
    record = assistance_get_for_user(user=request.user, number=number)
    user = request.user
    recorder = may_record(user, helper_id=record.helper_id, county_id=record.county_id)
    office = is_county_office(user, record.county_id)
    corrections = list(assistance_list_for_user(user=user).filter(corrects=record).order_by("id"))
    open_correction = next(
        (c for c in corrections if c.status not in (AssistanceStatus.CONFIRMED,)), None
    )
    # nothing changes in a half-year locked since its filing was accepted: no buttons that
    # could only be refused
    locked = is_locked(record.county_id, record.period)
    editable = record.status in EDITABLE and not locked
    return render(
        request,
        "assistance/detail.html",
        {
            "locked": locked,
            "record": record,
            "measures": _measures(record),
            "beneficiaries": beneficiaries(record=record) if can(user, "personal.read") else None,
            "evidence": record.evidence.order_by("id"),
            "corrections": corrections,
            "open_correction": open_correction,
            "history": history_for(obj=record, user=request.user),
            "can_edit": recorder and editable,
            "can_review": office and record.status == AssistanceStatus.SUBMITTED and not locked,
            "can_reopen": office and record.status == AssistanceStatus.CONFIRMED and not locked,
            "can_correct": recorder
            and not locked
            and record.status == AssistanceStatus.CONFIRMED
            and open_correction is None,
            "note_form": NoteForm(),
        },
    )


@require_GET
@capability_required("business.read")
def evidence_file(request, number, key):
    record = assistance_get_for_user(user=request.user, number=number)
    stored = record.evidence.filter(key=key).first()
    if stored is None:
        raise Http404("No such file")
    return file_response(stored, inline=request.GET.get("inline") == "1")

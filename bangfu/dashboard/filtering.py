"""The dashboard's filters: the period (or everything so far) and the scope a user looks at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bangfu.accounts.roles import Role
from bangfu.assistance.indicators import counted_records
from bangfu.core.periods import Period, latest_closed, parse_period, period_of, periods_between
from bangfu.places.models import Division, Level, Programme
from bangfu.places.selectors import division_get_for_user

ALL = "all"  # the period filter's value for everything confirmed so far (cumulative)


@dataclass(frozen=True)
class Filters:
    """What the dashboard looks at: a period (None: everything so far) and a scope."""

    period: Period | None
    county: Division | None = None  # a county officer's is always its own county
    helper: object | None = None  # helpers.Helper: a liaison's own helper

    @property
    def period_code(self) -> str:
        return self.period.code if self.period else ALL

    @property
    def level(self) -> str:
        if self.helper is not None:
            return "helper"
        return "county" if self.county is not None else "programme"

    @property
    def unit_level(self) -> str:
        """The level of the by-unit chart and table: townships within a county."""
        return "township" if self.county is not None else "county"

    @property
    def scope(self) -> dict:
        """The scope as `indicators.counted_records` takes it (the user's own scope aside)."""
        return {"county": self.county.code} if self.county is not None else {}

    @property
    def dates(self) -> dict:
        return {"start": self.period.start, "end": self.period.end} if self.period else {}


def first_period() -> Period:
    """The programme's first half-year (2017H1 for 科企帮万村)."""
    programme = Programme.objects.filter(is_current=True).only("start_year").first()
    return Period(programme.start_year if programme else 2017, 1)


def parse_dashboard_period(code: str | None, *, today: dt.date | None = None) -> Period | None:
    """`2017H2` → that period; `all` → None (cumulative); empty → the latest closed period.

    Raises ValueError with a message for the user for a code that is not a period, or a
    period that has not begun yet."""
    today = today or timezone.localdate()
    code = (code or "").strip()
    if not code:
        return latest_closed(today)
    if code.lower() == ALL:
        return None
    period = parse_period(code)
    if period.start > today:
        raise ValueError(
            _("%(period)s has not begun yet; choose a period up to %(latest)s.")
            % {"period": period.code, "latest": period_of(today).code}
        )
    return period


def dashboard_filters(
    *, user, period: str | None = None, county: str | None = None, today: dt.date | None = None
) -> Filters:
    """The dashboard's (and the indicators API's) filters for `user`.

    A county officer always looks at its own county (another county: 404, audited); a helper
    liaison at its own helper's records; programme-wide roles at the programme or `county`.
    An unknown county is a 404; a bad period a ValueError (see `parse_dashboard_period`)."""
    chosen = parse_dashboard_period(period, today=today)
    code = (county or "").strip()
    if user.role == Role.COUNTY and not code:
        code = user.county.code if user.county_id else ""
    county_obj = None
    if code:
        county_obj = division_get_for_user(user=user, code=code)
        if county_obj.level != Level.COUNTY:
            raise Http404("Not a county")
    helper = user.helper if user.role == Role.HELPER and user.helper_id else None
    filters = Filters(period=chosen, county=county_obj, helper=helper)
    if not (period or "").strip() and chosen is not None:
        # No period asked for: the latest closed one — or, if nothing was confirmed in it,
        # the latest closed period that has confirmed records in the scope.
        last = (
            counted_records(user=user, end=chosen.end, **filters.scope)
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )
        if last is not None and period_of(last) < chosen:
            filters = Filters(period=period_of(last), county=county_obj, helper=helper)
    return filters


def period_choices(*, today: dt.date | None = None) -> list[tuple[str, str]]:
    """The period select: every half-year of the programme up to the current one, newest
    first, after the cumulative choice."""
    today = today or timezone.localdate()
    current = period_of(today)
    first = first_period()
    out = [(ALL, _("All periods (cumulative)"))]
    for p in reversed(periods_between(min(first, current), current)):
        label = f"{p.code} · {p.label}"
        if p == current:
            label = _("%(period)s (in progress)") % {"period": label}
        out.append((p.code, label))
    return out


def scope_label(filters: Filters) -> str:
    if filters.helper is not None:
        if filters.county is not None:
            return f"{filters.helper.name} · {filters.county.name}"
        return filters.helper.name
    if filters.county is not None:
        return filters.county.name
    return _("the programme (all five counties)")


def period_label(filters: Filters) -> str:
    if filters.period is None:
        return _("all periods (cumulative)")
    p = filters.period
    return _("%(label)s (%(start)s – %(end)s)") % {
        "label": p.label,
        "start": formats.date_format(p.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(p.end, "SHORT_DATE_FORMAT"),
    }

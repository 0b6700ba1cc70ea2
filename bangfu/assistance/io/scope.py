"""Where and when a form is for: the scope (programme, county, township, helper), the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core import periods
from bangfu.core.periods import Period, parse_period

PROGRAMME_UNIT = "承德市对口帮扶工作领导小组办公室"  # the filing unit for the whole programme
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScopeError(LookupError):
    """A county, township or helper that does not exist or is outside the user's scope."""


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def latest_closed(today: dt.date) -> Period:
    """The latest period whose deadline has passed (the forms' default)."""
    return periods.latest_closed(today)


def form_period(code: str | Period | None, *, today: dt.date | None = None) -> Period:
    """The period of a form: `code` (e.g. 2017H2), by default the latest closed period.

    Raises ValueError with a message for the user when the code is not a period or the
    period has not begun yet."""
    today = today or timezone.localdate()
    if isinstance(code, Period):
        period = code
    elif code is None or not str(code).strip():
        return latest_closed(today)
    else:
        period = parse_period(str(code))
    if period.start > today:
        raise ValueError(
            _("%(period)s has not begun yet; choose a period up to %(latest)s.")
            % {"period": period.code, "latest": latest_closed(today).code}
        )
    return period


@dataclass(frozen=True)
class Scope:
    """Where a form is for: the programme, a county, a township, or a helper (optionally
    within a county or township)."""

    county: Any = None  # places.Division
    township: Any = None  # places.Division
    helper: Any = None  # helpers.Helper

    @property
    def level(self) -> str:
        if self.helper is not None:
            return "helper"
        if self.township is not None:
            return "township"
        if self.county is not None:
            return "county"
        return "programme"

    @property
    def unit_level(self) -> str:
        """The level of attachment 7's rows."""
        return {"programme": "county", "county": "township"}.get(self.level, "village")

    @property
    def filters(self) -> dict[str, str]:
        """The scope as `indicators.counted_records` takes it."""
        out = {}
        if self.county is not None:
            out["county"] = self.county.code
        if self.township is not None:
            out["township"] = self.township.code
        if self.helper is not None:
            out["helper"] = self.helper.uscc
        return out

    @property
    def filing_unit(self) -> str:
        if self.helper is not None:
            return self.helper.name
        if self.county is not None:
            return f"{self.county.name}扶贫办"
        return PROGRAMME_UNIT

    @property
    def label(self) -> str:
        place = (
            f"{self.county.name}{self.township.name}"
            if self.township is not None
            else self.county.name
            if self.county is not None
            else "承德市对口帮扶五县（全部结对村）"
        )
        if self.helper is None:
            return place
        return f"{self.helper.name}帮扶的村" + (f"（{place}）" if self.county is not None else "")

    @property
    def slug(self) -> str:
        """A short name for file names."""
        place = self.township or self.county
        parts = [place.code if place is not None else "", getattr(self.helper, "uscc", "")]
        return "-".join(p for p in parts if p) or "all"


def resolve_scope(*, user=None, county=None, township=None, helper=None) -> Scope:
    """The scope of a form for `user` (None: the operator, everything).

    A county officer's forms are for its county (another county's: ScopeError); a helper
    liaison's for its own helper. Codes are division codes (county, township) and the USCC
    (helper). Raises ScopeError for an unknown code or one outside the user's scope."""
    from bangfu.accounts.roles import Role
    from bangfu.helpers.models import Helper
    from bangfu.places.models import Division

    role = getattr(user, "role", None)
    if role == Role.COUNTY and user.county_id:
        county = county or user.county.code
        if county != user.county.code:
            raise ScopeError(_("County %(code)s is not in your scope.") % {"code": county})
    if role == Role.HELPER:
        if not user.helper_id:
            raise ScopeError(_("Your account is not linked to a helper."))
        own = user.helper.uscc
        helper = helper or own
        if helper != own:
            raise ScopeError(_("You may see your own helper's forms only."))
    divisions = Division.objects.all() if user is None else Division.objects.for_user(user)
    county_obj = township_obj = helper_obj = None
    if county:
        county_obj = divisions.filter(code=county, level="county").first()
        if county_obj is None:
            raise ScopeError(_("No county has the code %(code)s.") % {"code": county})
    if township:
        township_obj = divisions.filter(code=township, level="township").first()
        if township_obj is None:
            raise ScopeError(_("No township has the code %(code)s.") % {"code": township})
        if county_obj is None:
            county_obj = township_obj.county
        elif township_obj.county_id != county_obj.pk:
            raise ScopeError(
                _("Township %(township)s is not in county %(county)s.")
                % {"township": township, "county": county}
            )
    if helper:
        helper_obj = Helper.objects.filter(uscc=helper).first()
        if helper_obj is None:
            raise ScopeError(_("No helper has the code %(code)s.") % {"code": helper})
    return Scope(county=county_obj, township=township_obj, helper=helper_obj)


def scope_of(user, county, township, helper, scope: Scope | None) -> Scope:
    if scope is not None:
        return scope
    return resolve_scope(user=user, county=county, township=township, helper=helper)


def filename(form: str, period: Period, scope: Scope) -> str:
    name = {"statistics": "帮扶统计表", "progress": "村企结对帮扶进度表"}[form]
    return f"{name}-{period.code}-{scope.slug}.xlsx"

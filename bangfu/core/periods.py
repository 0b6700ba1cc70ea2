"""Half-year reporting periods (半年度): they end on 20 June and on 21 December.

The plan (seed §五(五)5) has the progress and statistics tables (attachments 6 and 7) filed
every 20 June and 21 December, so a period is named by its year and half and covers the days
since the previous deadline: ``2017H1`` is 22 December 2016 – 20 June 2017, ``2017H2`` is
21 June 2017 – 21 December 2017. A date on a deadline belongs to the period that ends on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

H1_END = (6, 20)
H2_END = (12, 21)
_CODE = re.compile(r"^(\d{4})H([12])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int  # 1 or 2

    @property
    def code(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def start(self) -> dt.date:
        if self.half == 1:
            return dt.date(self.year - 1, *H2_END) + dt.timedelta(days=1)
        return dt.date(self.year, *H1_END) + dt.timedelta(days=1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, *(H1_END if self.half == 1 else H2_END))

    @property
    def label(self) -> str:
        return (
            _("%(year)d first half") % {"year": self.year}
            if self.half == 1
            else _("%(year)d second half") % {"year": self.year}
        )

    @property
    def label_zh(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"

    def previous(self) -> Period:
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def __str__(self) -> str:
        return self.code


def period_of(day: dt.date) -> Period:
    if day <= dt.date(day.year, *H1_END):
        return Period(day.year, 1)
    if day <= dt.date(day.year, *H2_END):
        return Period(day.year, 2)
    return Period(day.year + 1, 1)


def parse_period(code: str) -> Period:
    """``2017H2`` → Period; a clear error (in the user's language) otherwise."""
    m = _CODE.match((code or "").strip().upper())
    if not m:
        raise ValueError(
            _("“%(code)s” is not a period; write the year and the half, e.g. 2017H2.")
            % {"code": code}
        )
    return Period(int(m.group(1)), int(m.group(2)))


def latest_closed(today: dt.date) -> Period:
    """The latest period whose deadline has passed (the default for the forms)."""
    return period_of(today).previous()


def periods_between(first: Period, last: Period) -> list[Period]:
    out, p = [], first
    while p <= last:
        out.append(p)
        p = p.next()
    return out

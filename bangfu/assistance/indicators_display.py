"""How a figure reads on a page: its unit in the user's language and its digits."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.utils import numberformat
from django.utils.translation import pgettext_lazy

# Units in the user's language (the indicators carry the Chinese unit only).
UNITS = {
    "元": pgettext_lazy("unit", "yuan"),
    "人次": pgettext_lazy("unit", "person-times"),
    "人": pgettext_lazy("unit", "persons"),
    "户": pgettext_lazy("unit", "households"),
    "小时": pgettext_lazy("unit", "hours"),
    "条": pgettext_lazy("unit", "records"),
}
UNITS_BY_CODE = {  # 个 counts different things
    "helpers": pgettext_lazy("unit", "helpers"),
    "villages": pgettext_lazy("unit", "villages"),
    "poor_villages": pgettext_lazy("unit", "villages"),
}


def unit_of(indicator) -> str:
    return str(UNITS_BY_CODE.get(indicator.code) or UNITS.get(indicator.unit_zh, indicator.unit_zh))


FEN = Decimal("0.01")


def display(value, *, money: bool) -> str:
    """A figure as the page shows it: digits grouped by three (as Chinese statistical tables
    and the charts' labels do, whatever the locale's own grouping), two decimals for yuan.

    Python's own format (`,` and `.2f`): the page shows about 2,000 figures, and Django's
    `numberformat.format` costs ten times more per figure. Like it, digits past the fen are
    cut, not rounded (tests/dashboard/test_display.py)."""
    if money:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return f"{amount.quantize(FEN, rounding=ROUND_DOWN):,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return numberformat.format(
        value,
        decimal_sep=".",
        decimal_pos=0,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
    )

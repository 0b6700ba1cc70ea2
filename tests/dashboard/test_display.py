"""The dashboard's figures are written as Django's number format writes them, only faster."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import numberformat

from bangfu.dashboard.breakdown import display


def _django(value, money: bool) -> str:
    return numberformat.format(
        value,
        decimal_sep=".",
        decimal_pos=2 if money else 0,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
    )


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0.00"),
        Decimal("0.50"),
        Decimal("12.30"),
        Decimal("1234.56"),
        Decimal("1000000.00"),
        Decimal("332782531641.35"),
        Decimal("-98765.40"),
        Decimal("999999999999999.99"),
        Decimal("1234.567"),  # past the fen: cut, not rounded
        Decimal("12.3456789"),
        1234.5,
    ],
)
def test_money_as_django_writes_it(value):
    assert display(value, money=True) == _django(value, True)


@pytest.mark.parametrize("value", [0, 7, 999, 1000, 1234567, 10**12, -4321])
def test_counts_as_django_writes_them(value):
    assert display(value, money=False) == _django(value, False)

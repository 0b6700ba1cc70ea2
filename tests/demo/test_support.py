"""Demo loans, donation receipts and tax benefits on a small world."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.demo.support import demo_support
from bangfu.support.models import DonationReceipt, Loan, TaxBenefit

from .conftest import charity

pytestmark = pytest.mark.django_db


def test_demo_loans_and_receipts_and_a_second_run_creates_nothing(
    pairing, city_officer, officer_chengde, officer_weichang, helper_liaison
):
    charity(pairing, dt.date(2017, 5, 1), money="5000")
    charity(pairing, dt.date(2018, 5, 1), goods="3000", kind="goods_donation")
    first = demo_support(seed=1)
    assert Loan.objects.filter(helper=pairing.helper).exists()
    assert set(DonationReceipt.objects.values_list("year", flat=True)) == {2017, 2018}
    benefits = TaxBenefit.objects.filter(pairing=pairing)
    assert benefits.count() == first["tax_benefits"] > 0
    assert all(b.evidence.content_type == "application/pdf" for b in benefits)
    assert first["created"] == first["loans"] + first["receipts"] + first["tax_benefits"] > 0
    again = demo_support(seed=1)
    assert again["created"] == 0
    assert TaxBenefit.objects.count() == first["tax_benefits"]

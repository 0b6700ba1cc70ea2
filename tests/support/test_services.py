"""Support owed to helpers: subsidised loans and donation receipts (services)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from bangfu.support import selectors
from bangfu.support import services as support
from bangfu.support.documents import yuan_in_words
from bangfu.support.models import DonationReceipt, Loan

from .conftest import charity

pytestmark = pytest.mark.django_db


def _loan(**extra):
    return {
        "bank": "承德县农村信用社",
        "amount_yuan": Decimal("500000.00"),
        "interest_rate": Decimal("4.35"),
        "subsidy_rate": Decimal("3.00"),
        "term_months": 36,
        "granted_on": dt.date(2017, 8, 1),
        **extra,
    }


# --------------------------------------------------------------------------- loans


def test_loan_to_a_paired_helper(pairing, officer_chengde, chengde):
    loan = support.loan_record(
        user=officer_chengde, helper=pairing.helper, county=chengde, **_loan()
    )
    assert loan.yearly_subsidy_yuan == Decimal("15000.00")
    assert loan.recorded_by == officer_chengde


def test_loan_to_a_helper_with_no_pairing_is_refused(
    programme, make_helper, officer_chengde, chengde
):
    """Bad input: a helper never paired (active) in the county: clear error, nothing saved."""
    helper = make_helper(name="未结对企业")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        support.loan_record(user=officer_chengde, helper=helper, county=chengde, **_loan())
    assert exc.value.message_dict["helper"] == [
        f"未结对企业 has no pairing in {chengde.name} that was active by 2017-08-01: "
        "subsidised loans go to paired helpers only."
    ]
    assert Loan.objects.count() == 0


def test_loan_needs_a_pairing_that_was_active_in_that_county(
    pairing, officer_weichang, weichang, city_officer, chengde, officer_chengde
):
    """Paired in 承德县 only: a 围场县 loan is refused; a merely proposed pairing does not
    count; a loan granted before the pairing became active does not either; an ended
    pairing that was active still counts."""
    with pytest.raises(ValidationError):
        support.loan_record(user=city_officer, helper=pairing.helper, county=weichang, **_loan())
    with pytest.raises(ValidationError):
        support.loan_record(
            user=city_officer,
            helper=pairing.helper,
            county=chengde,
            **_loan(granted_on=dt.date(2017, 4, 30)),
        )
    assert Loan.objects.count() == 0
    from bangfu.pairing.services.pairings import pairing_end

    pairing_end(user=officer_chengde, pairing=pairing, reason="协议期满", on=dt.date(2018, 1, 1))
    support.loan_record(
        user=city_officer,
        helper=pairing.helper,
        county=chengde,
        **_loan(granted_on=dt.date(2018, 6, 1)),
    )
    assert Loan.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1000", "The amount must be more than 0 yuan."),
        ("0", "The amount must be more than 0 yuan."),
        (
            "5000000000",
            "5000000000 yuan is more than a single loan can be (1 billion yuan); check the figure.",
        ),
    ],
)
def test_negative_or_absurd_loan_amount_is_refused(
    pairing, officer_chengde, chengde, amount, message
):
    """Bad input: a negative, zero or absurd amount: clear error, nothing saved."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        support.loan_record(
            user=officer_chengde,
            helper=pairing.helper,
            county=chengde,
            **_loan(amount_yuan=Decimal(amount)),
        )
    assert exc.value.message_dict["amount_yuan"] == [message]
    assert Loan.objects.count() == 0


def test_database_refuses_a_negative_loan(pairing, chengde):
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(
            helper=pairing.helper, county=chengde, **_loan(amount_yuan=Decimal("-1"))
        )


def test_subsidy_above_the_rate_and_bad_terms_are_refused(pairing, officer_chengde, chengde):
    for bad in (
        {"subsidy_rate": Decimal("5")},
        {"interest_rate": Decimal("40")},
        {"term_months": 0},
        {"term_months": 1000},
    ):
        with pytest.raises(ValidationError):
            support.loan_record(
                user=officer_chengde, helper=pairing.helper, county=chengde, **_loan(**bad)
            )
    assert Loan.objects.count() == 0


def test_who_may_record_loans(pairing, officer_weichang, inspector, helper_liaison, chengde):
    for user in (officer_weichang, inspector, helper_liaison):
        with pytest.raises(PermissionDenied):
            support.loan_record(user=user, helper=pairing.helper, county=chengde, **_loan())
    assert Loan.objects.count() == 0


def test_loans_scope(
    pairing, officer_chengde, officer_weichang, helper_liaison, make_helper, chengde
):
    loan = support.loan_record(
        user=officer_chengde, helper=pairing.helper, county=chengde, **_loan()
    )
    assert list(selectors.loan_list_for_user(user=helper_liaison)) == [loan]
    assert list(selectors.loan_list_for_user(user=officer_weichang)) == []
    from bangfu.accounts.models import User

    other = User.objects.create(username="o", role="helper", helper=make_helper())
    assert list(selectors.loan_list_for_user(user=other)) == []


# --------------------------------------------------------------------------- receipts


@pytest.fixture
def records(pairing, poor_villages, officer_chengde, make_helper):
    """Charity of the pairing in 2017 (confirmed, plus ones that must not count)."""
    counted = [
        charity(pairing, dt.date(2017, 3, 5), money="12000.50"),
        charity(pairing, dt.date(2017, 7, 1), goods="8000", kind="goods_donation"),
        charity(pairing, dt.date(2017, 12, 31), money="1000", goods="499.50", kind="schooling"),
    ]
    charity(pairing, dt.date(2017, 8, 1), money="777", status="submitted")
    charity(pairing, dt.date(2017, 8, 2), money="555", status="draft")
    charity(pairing, dt.date(2018, 1, 1), money="999")
    from bangfu.assistance.models import Assistance

    Assistance.objects.create(  # confirmed but not charity: not counted
        pairing=pairing,
        helper=pairing.helper,
        village=pairing.village,
        on=dt.date(2017, 9, 1),
        pathway="industry",
        kind="investment",
        description="投资",
        investment_yuan=Decimal("50000"),
        money_yuan=Decimal("3000"),
        status="confirmed",
    )
    return counted


def test_receipt_sum_equals_an_independent_count(records, pairing, officer_chengde, chengde):
    """The receipt's sum is the confirmed charity money + goods of the year, counted here
    independently in Python from the records."""
    from bangfu.assistance.models import Assistance

    expected = sum(
        (
            a.money_yuan + a.goods_yuan
            for a in Assistance.objects.all()
            if a.status == "confirmed"
            and a.pathway == "charity"
            and a.on.year == 2017
            and a.helper_id == pairing.helper_id
        ),
        Decimal("0"),
    )
    assert expected == Decimal("21500.00")
    receipt = support.receipt_issue(
        user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
    )
    assert receipt.amount_yuan == expected
    assert receipt.money_yuan == Decimal("13000.50")
    assert receipt.goods_yuan == Decimal("8499.50")
    assert receipt.records == len(records) == 3
    assert receipt.number == "JZ13082120170001"
    assert receipt.issuer
    assert receipt.issued_by == officer_chengde


def test_receipt_docx_names_the_helper_and_the_sum(records, pairing, officer_chengde, chengde):
    from docx import Document

    from tests.printing import assert_docx_a4

    receipt = support.receipt_issue(
        user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
    )
    assert receipt.document.original_name == "捐赠票据-JZ13082120170001.docx"
    data = receipt.document.file.read()
    assert_docx_a4(data)  # A4, with the issuer's stamp line
    doc = Document(io.BytesIO(data))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    assert pairing.helper.name in text
    assert "21,500.00" in text
    assert "贰万壹仟伍佰元整" in text
    assert "JZ13082120170001" in text
    assert len(doc.tables[1].rows) == 1 + 3


def test_issuing_twice_is_refused_unless_voided(records, pairing, officer_chengde, chengde):
    first = support.receipt_issue(
        user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
    )
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        support.receipt_issue(
            user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
        )
    assert exc.value.messages == [
        f"Receipt JZ13082120170001 was already issued to {pairing.helper.name} for 2017; "
        "void it with a reason before issuing another."
    ]
    assert DonationReceipt.objects.count() == 1
    with pytest.raises(ValidationError):
        support.receipt_void(user=officer_chengde, receipt=first, reason=" ")
    first.refresh_from_db()
    assert not first.is_void
    support.receipt_void(user=officer_chengde, receipt=first, reason="金额有误，重开")
    second = support.receipt_issue(
        user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
    )
    assert second.number == "JZ13082120170002"
    assert DonationReceipt.objects.valid().get() == second


def test_database_keeps_one_valid_receipt_per_helper_county_year(records, pairing, chengde):
    fields = {
        "helper": pairing.helper,
        "county": chengde,
        "year": 2017,
        "money_yuan": Decimal("1"),
        "goods_yuan": Decimal("0"),
        "amount_yuan": Decimal("1"),
        "records": 1,
        "issued_on": dt.date(2018, 1, 1),
        "issuer": "x",
    }
    DonationReceipt.objects.create(number="A1", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        DonationReceipt.objects.create(number="A2", **fields)


def test_nothing_to_issue_without_confirmed_charity(pairing, officer_chengde, chengde):
    charity(pairing, dt.date(2017, 3, 5), money="100", status="submitted")
    with pytest.raises(ValidationError):
        support.receipt_issue(
            user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
        )
    assert DonationReceipt.objects.count() == 0


def test_receipts_scope_and_rights(
    records, pairing, officer_chengde, officer_weichang, helper_liaison, inspector, chengde
):
    for user in (officer_weichang, helper_liaison, inspector):
        with pytest.raises(PermissionDenied):
            support.receipt_issue(user=user, helper=pairing.helper, county=chengde, year=2017)
    receipt = support.receipt_issue(
        user=officer_chengde, helper=pairing.helper, county=chengde, year=2017
    )
    assert list(selectors.receipt_list_for_user(user=helper_liaison)) == [receipt]
    assert list(selectors.receipt_list_for_user(user=officer_weichang)) == []
    with pytest.raises(PermissionDenied):
        support.receipt_void(user=helper_liaison, receipt=receipt, reason="x")


def test_receipt_candidates_leave_out_issued(records, pairing, officer_chengde, chengde):
    rows = selectors.receipt_candidates(user=officer_chengde, year=2017)
    assert [(r["helper__uscc"], r["amount"]) for r in rows] == [
        (pairing.helper.uscc, Decimal("21500.00"))
    ]
    support.receipt_issue(user=officer_chengde, helper=pairing.helper, county=chengde, year=2017)
    assert selectors.receipt_candidates(user=officer_chengde, year=2017) == []


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("10010", "壹万零壹拾元整"),
        ("1000001.05", "壹佰万零壹元零伍分"),
        ("21500.00", "贰万壹仟伍佰元整"),
        ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
        ("300000000", "叁亿元整"),
    ],
)
def test_yuan_in_words(amount, words):
    assert yuan_in_words(Decimal(amount)) == words

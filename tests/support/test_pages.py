"""Pages and API of subsidised loans and donation receipts."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.support.models import DonationReceipt, Loan

from .conftest import charity

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOAN = {
    "bank": "承德银行",
    "amount_yuan": "300000",
    "interest_rate": "4.35",
    "subsidy_rate": "2.00",
    "term_months": "24",
    "granted_on": "2017-09-01",
}


def test_loan_recorded_through_the_page_and_read_by_the_liaison(
    client_for, officer_chengde, helper_liaison, pairing, chengde
):
    c = client_for(officer_chengde)
    assert c.get("/oversight/loans/new/").status_code == 200
    resp = c.post(
        "/oversight/loans/new/", {**LOAN, "helper": pairing.helper.pk, "county": chengde.pk}
    )
    loan = Loan.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == f"/oversight/loans/{loan.pk}/"
    liaison = client_for(helper_liaison)
    assert "承德银行" in liaison.get("/oversight/loans/").text
    assert liaison.get(f"/oversight/loans/{loan.pk}/").status_code == 200


def test_loan_page_refuses_a_negative_amount(client_for, officer_chengde, pairing, chengde):
    resp = client_for(officer_chengde).post(
        "/oversight/loans/new/",
        {**LOAN, "amount_yuan": "-5", "helper": pairing.helper.pk, "county": chengde.pk},
        **EN,
    )
    assert resp.status_code == 200
    assert "The amount must be more than 0 yuan." in resp.text
    assert Loan.objects.count() == 0


def test_api_loan_to_an_unpaired_helper_is_refused(
    client_for, city_officer, make_helper, programme
):
    helper = make_helper()
    resp = client_for(city_officer).post(
        "/api/v1/loans/",
        {**LOAN, "helper": helper.uscc, "county": "130821"},
        content_type="application/json",
        **EN,
    )
    assert resp.status_code == 400
    assert "subsidised loans go to paired helpers only" in resp.json()["helper"][0]
    assert Loan.objects.count() == 0


def test_api_loan_created(client_for, city_officer, pairing):
    resp = client_for(city_officer).post(
        "/api/v1/loans/",
        {**LOAN, "helper": pairing.helper.uscc, "county": "130821"},
        content_type="application/json",
    )
    assert resp.status_code == 201
    assert resp.json()["yearly_subsidy_yuan"] == "6000.00"


@pytest.fixture
def gifts(pairing):
    charity(pairing, dt.date(2017, 4, 1), money="10000")
    charity(pairing, dt.date(2017, 6, 1), goods="2500.50", kind="goods_donation")


def test_receipt_issued_from_the_candidates_downloaded_reissue_refused_void(
    client_for, officer_chengde, helper_liaison, pairing, gifts
):
    c = client_for(officer_chengde)
    listing = c.get("/oversight/receipts/?year=2017").text
    assert pairing.helper.uscc in listing  # offered for issue
    form = {"helper": pairing.helper.uscc, "county": "130821", "year": "2017"}
    resp = c.post("/oversight/receipts/new/", form)
    receipt = DonationReceipt.objects.get()
    assert resp["Location"] == f"/oversight/receipts/{receipt.pk}/"
    assert receipt.amount_yuan == 12500.50
    doc = client_for(helper_liaison).get(f"/oversight/receipts/{receipt.pk}/receipt.docx")
    assert doc.status_code == 200
    assert doc["Content-Type"].startswith("application/vnd.openxmlformats")
    assert doc.getvalue()[:2] == b"PK"
    again = c.post("/oversight/receipts/new/", form, **EN)
    assert again.status_code == 200
    assert "void it with a reason before issuing another" in again.text
    assert DonationReceipt.objects.count() == 1
    assert c.post(f"/oversight/receipts/{receipt.pk}/void/", {"reason": ""}).status_code == 200
    c.post(f"/oversight/receipts/{receipt.pk}/void/", {"reason": "重开"})
    receipt.refresh_from_db()
    assert receipt.is_void
    assert c.post("/oversight/receipts/new/", form).status_code == 302
    assert DonationReceipt.objects.valid().count() == 1


def test_api_receipt_issue_and_void(client_for, city_officer, officer_weichang, pairing, gifts):
    c = client_for(city_officer)
    resp = c.post(
        "/api/v1/donation-receipts/",
        {"helper": pairing.helper.uscc, "county": "130821", "year": 2017},
        content_type="application/json",
    )
    assert resp.status_code == 201
    body = resp.json()
    assert body["amount_yuan"] == "12500.50"
    assert body["records"] == 2
    url = f"/api/v1/donation-receipts/{body['id']}/void/"
    assert (
        client_for(officer_weichang)
        .post(url, {"reason": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    resp = c.post(url, {"reason": "金额有误"}, content_type="application/json")
    assert resp.status_code == 200
    assert resp.json()["voided_on"]


def test_support_lists_query_count(
    client_for, city_officer, pairing, gifts, chengde, django_assert_max_num_queries
):
    from bangfu.support import services as support

    support.receipt_issue(user=city_officer, helper=pairing.helper, county=chengde, year=2017)
    c = client_for(city_officer)
    with django_assert_max_num_queries(20):
        assert c.get("/oversight/receipts/?year=2017").status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get("/oversight/loans/").status_code == 200

"""Tax benefits (税收优惠) of helpers' investments in paired villages: recording with evidence,
validation in Chinese, audit, scope, the totals against an independent sum, export, API."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from bangfu.accounts.models import AuditEvent
from bangfu.support import services
from bangfu.support.models import TaxBenefit
from tests.pairing.conftest import PDF_BYTES, make_active, scan

pytestmark = pytest.mark.django_db


def record(user, pairing, amount, year=2018, kind="investment"):
    return services.tax_benefit_record(
        user=user, pairing=pairing, kind=kind, amount_yuan=amount, year=year, evidence=scan()
    )


@pytest.fixture
def other_pairing(poor_villages, make_helper, officer_chengde, programme):
    """A second helper paired in 承德县."""
    return make_active(officer_chengde, make_helper(name="承德山水旅游公司"), poor_villages[1])


@pytest.fixture
def weichang_pairing(weichang_village, make_helper, officer_weichang, programme):
    return make_active(officer_weichang, make_helper(name="围场草原牧业公司"), weichang_village)


def test_officer_records_a_benefit_with_its_evidence_on_the_page(
    client_for, officer_chengde, pairing
):
    c = client_for(officer_chengde)
    assert c.get("/oversight/tax-benefits/new/").status_code == 200
    resp = c.post(
        "/oversight/tax-benefits/new/",
        {
            "pairing": pairing.pk,
            "kind": "investment",
            "amount_yuan": "85000.50",
            "year": "2018",
            "remark": "中药材基地投资",
            "evidence": scan("减免税批复.pdf"),
        },
    )
    benefit = TaxBenefit.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == f"/oversight/tax-benefits/{benefit.pk}/"
    assert (benefit.helper, benefit.county.code, benefit.amount_yuan, benefit.year) == (
        pairing.helper,
        "130821",
        Decimal("85000.50"),
        2018,
    )
    assert AuditEvent.objects.filter(
        object_type="support.taxbenefit", object_id=str(benefit.pk), event="create"
    ).exists()
    page = c.get(benefit.get_absolute_url()).text
    assert "减免税批复.pdf" in page
    assert pairing.number in page
    file = c.get(f"/oversight/tax-benefits/{benefit.pk}/evidence/")
    assert b"".join(file.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount_yuan": "-5"}, "amount_yuan", "优惠金额须大于0元。"),
        ({"amount_yuan": "200000000"}, "amount_yuan", "超过单笔税收优惠的上限"),
        ({"year": "2016"}, "year", "年份须在结对开始之年（2017年）至今年"),
        ({"evidence": None}, "evidence", "请附上证明材料"),
        ({"evidence": "exe"}, "evidence", "不是 PDF 或图片"),
    ],
)
def test_bad_benefits_are_refused_in_chinese_and_nothing_is_written(
    client_for, officer_chengde, pairing, change, field, message
):
    data = {"pairing": pairing.pk, "kind": "donation", "amount_yuan": "1000", "year": "2018"}
    data["evidence"] = scan()
    data.update(change)
    if change.get("evidence") == "exe":
        data["evidence"] = scan("税务.pdf", data=b"MZ\x90\x00" * 10)
    if data["evidence"] is None:
        del data["evidence"]
    resp = client_for(officer_chengde).post("/oversight/tax-benefits/new/", data)
    assert resp.status_code == 200
    assert message in resp.text
    assert not TaxBenefit.objects.exists()


def test_correction_is_audited_and_a_new_file_replaces_the_evidence(
    client_for, officer_chengde, pairing
):
    benefit = record(officer_chengde, pairing, "1000")
    first = benefit.evidence_id
    resp = client_for(officer_chengde).post(
        f"/oversight/tax-benefits/{benefit.pk}/edit/",
        {"kind": "donation", "amount_yuan": "1200", "year": "2019", "remark": "更正金额"},
    )
    assert resp.status_code == 302
    benefit.refresh_from_db()
    assert (benefit.kind, benefit.amount_yuan, benefit.year, benefit.evidence_id) == (
        "donation",
        Decimal("1200.00"),
        2019,
        first,
    )
    (row,) = AuditEvent.objects.filter(object_type="support.taxbenefit", event="update")
    assert row.changes["amount_yuan"] == ["1000.00", "1200.00"]
    services.tax_benefit_update(
        user=officer_chengde,
        benefit=benefit,
        kind="donation",
        amount_yuan="1200",
        year=2019,
        evidence=scan("新批复.pdf"),
    )
    benefit.refresh_from_db()
    assert benefit.evidence_id != first
    assert benefit.evidence.original_name == "新批复.pdf"


def test_who_may_record_benefits(
    pairing, weichang_pairing, officer_weichang, inspector, helper_liaison, institute_staff
):
    for user in (officer_weichang, inspector, helper_liaison, institute_staff):
        with pytest.raises(PermissionDenied):
            record(user, pairing, "100")
    assert not TaxBenefit.objects.exists()


def test_scope_of_benefits(
    client_for,
    officer_chengde,
    officer_weichang,
    city_officer,
    helper_liaison,
    pairing,
    other_pairing,
    weichang_pairing,
):
    own = record(officer_chengde, pairing, "100")
    other = record(officer_chengde, other_pairing, "200")
    far = record(officer_weichang, weichang_pairing, "300")

    def ids(user):
        got = client_for(user).get("/api/v1/tax-benefits/").json()["results"]
        return sorted(b["id"] for b in got)

    assert ids(city_officer) == sorted([own.pk, other.pk, far.pk])
    assert ids(officer_chengde) == sorted([own.pk, other.pk])
    assert ids(helper_liaison) == [own.pk]
    liaison = client_for(helper_liaison)
    assert liaison.get(f"/oversight/tax-benefits/{other.pk}/").status_code == 404
    assert liaison.get(f"/oversight/tax-benefits/{own.pk}/").status_code == 200
    assert liaison.get("/oversight/tax-benefits/new/").status_code == 403
    weichang = client_for(officer_weichang)
    assert weichang.get(f"/oversight/tax-benefits/{own.pk}/edit/").status_code == 404
    assert weichang.get(f"/api/v1/tax-benefits/{own.pk}/").status_code == 404


def test_totals_per_helper_and_county_equal_an_independent_sum(
    client_for,
    city_officer,
    officer_chengde,
    officer_weichang,
    pairing,
    other_pairing,
    weichang_pairing,
):
    plan = [
        (officer_chengde, pairing, "12000.10", 2018),
        (officer_chengde, pairing, "3000.05", 2019),
        (officer_chengde, other_pairing, "450.00", 2018),
        (officer_weichang, weichang_pairing, "99999.99", 2018),
        (officer_weichang, weichang_pairing, "0.01", 2020),
    ]
    for user, p, amount, year in plan:
        record(user, p, amount, year=year)
    by_helper, by_county = {}, {}
    for _user, p, amount, _year in plan:
        by_helper[p.helper.uscc] = by_helper.get(p.helper.uscc, 0) + Decimal(amount)
        by_county[p.county.code] = by_county.get(p.county.code, 0) + Decimal(amount)

    c = client_for(city_officer)
    api = c.get("/api/v1/tax-benefits/totals/").json()
    assert {h["helper"]: Decimal(h["total"]) for h in api["helpers"]} == by_helper
    assert {x["county"]: Decimal(x["total"]) for x in api["counties"]} == by_county
    assert Decimal(api["total"]) == sum(by_helper.values())
    assert api["n"] == len(plan)
    page = c.get("/oversight/tax-benefits/totals/").text
    for code, total in by_county.items():
        row = page.split(f'data-county="{code}"')[1].split("</tr>")[0]
        assert f"?county={code}" in row
        assert f"{total:.2f}" in row.replace(",", "")
    # a figure opens the list filtered to it, whose total is the same figure
    uscc = pairing.helper.uscc
    listed = c.get(f"/oversight/tax-benefits/?helper={uscc}").text
    shown = listed.split('data-testid="benefit-total">')[1].split("<")[0]
    assert Decimal(shown.replace(",", "")) == by_helper[uscc]
    year_2018 = c.get("/api/v1/tax-benefits/totals/?year=2018").json()
    expected_2018 = sum(Decimal(a) for _u, _p, a, y in plan if y == 2018)
    assert Decimal(year_2018["total"]) == expected_2018


def test_export_lists_the_filtered_benefits_and_is_audited(
    client_for, officer_chengde, pairing, other_pairing
):
    record(officer_chengde, pairing, "100", year=2018)
    record(officer_chengde, other_pairing, "250.50", year=2019, kind="donation")
    resp = client_for(officer_chengde).get("/oversight/tax-benefits/export.xlsx?year=2019")
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[6], r[8], r[9]) for r in rows] == [
        ("承德山水旅游公司", other_pairing.number, 250.5, 2019)
    ]
    assert AuditEvent.objects.filter(event="export", object_type="support.taxbenefit").exists()


def test_api_records_and_corrects_a_benefit(client_for, city_officer, officer_chengde, pairing):
    c = client_for(officer_chengde)
    resp = c.post(
        "/api/v1/tax-benefits/",
        {
            "pairing": pairing.number,
            "kind": "fiscal",
            "amount_yuan": "5000",
            "year": 2018,
            "evidence": scan(),
        },
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["helper"], body["county"], body["evidence"]["content_type"]) == (
        pairing.helper.uscc,
        "130821",
        "application/pdf",
    )
    patched = c.patch(
        f"/api/v1/tax-benefits/{body['id']}/",
        {"amount_yuan": "5500"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["amount_yuan"] == "5500.00"
    bad = c.post(
        "/api/v1/tax-benefits/",
        {
            "pairing": pairing.number,
            "kind": "fiscal",
            "amount_yuan": "0",
            "year": 2018,
            "evidence": scan(),
        },
    )
    assert bad.status_code == 400
    assert bad.json()["amount_yuan"] == ["优惠金额须大于0元。"]
    unknown = c.post(
        "/api/v1/tax-benefits/",
        {"pairing": "KQ0", "kind": "fiscal", "amount_yuan": "1", "year": 2018, "evidence": scan()},
    )
    assert unknown.status_code == 400
    assert TaxBenefit.objects.count() == 1


def test_benefit_list_query_count(
    client_for, officer_chengde, pairing, other_pairing, django_assert_max_num_queries
):
    for i in range(6):
        record(officer_chengde, pairing if i % 2 else other_pairing, str(100 + i))
    c = client_for(officer_chengde)
    with django_assert_max_num_queries(20):
        assert c.get("/oversight/tax-benefits/").status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get("/api/v1/tax-benefits/").status_code == 200

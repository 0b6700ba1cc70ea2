# ruff: noqa: F811  (the fixtures imported from test_services are used as arguments)
"""Rigid expenses of monitored households (刚性支出): pages, API, scope, audit, and the rule
they feed; the "still followed after exit" API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from bangfu.accounts.models import AuditEvent
from bangfu.monitoring.models import MonitoringCase
from bangfu.monitoring.services.cases import flag_households
from bangfu.registry.models import Income, RigidExpense
from tests.monitoring.test_services import exited, weichang_household  # noqa: F401

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def audit_rows(expense_id, event):
    return AuditEvent.objects.filter(
        object_type="registry.rigidexpense", object_id=str(expense_id), event=event
    )


def test_officer_adds_corrects_and_deletes_an_expense_on_the_household_page(
    client_for, officer_chengde, exited
):
    c = client_for(officer_chengde)
    page = c.get(exited.get_absolute_url())
    assert 'data-testid="add-expense"' in page.text
    url = f"/registry/monitoring/households/{exited.ref}/expenses/new/"
    resp = c.post(url, {"year": "2019", "kind": "medical", "amount": "12000.50"})
    assert resp.status_code == 302
    assert resp["Location"] == exited.get_absolute_url()
    expense = RigidExpense.objects.get(household=exited)
    assert (expense.year, expense.kind, expense.amount) == (2019, "medical", Decimal("12000.50"))
    assert audit_rows(expense.pk, "create").count() == 1
    shown = c.get(exited.get_absolute_url()).text
    row = shown.split(f'data-expense="{expense.pk}"')[1].split("</tr>")[0]
    assert "12000.50" in row.replace(",", "")

    edit = f"/registry/monitoring/households/{exited.ref}/expenses/{expense.pk}/"
    resp = c.post(edit, {"year": "2019", "kind": "medical", "amount": "9000"})
    assert resp.status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal("9000.00")
    (row,) = audit_rows(expense.pk, "update")
    assert row.changes["amount"] == ["12000.50", "9000.00"]

    resp = c.post(edit + "delete/")
    assert resp.status_code == 302
    assert not RigidExpense.objects.exists()
    assert audit_rows(expense.pk, "delete").count() == 1


def test_a_second_expense_of_the_same_kind_and_year_is_refused_in_chinese(
    client_for, officer_chengde, exited
):
    RigidExpense.objects.create(household=exited, year=2019, kind="medical", amount="500")
    url = f"/registry/monitoring/households/{exited.ref}/expenses/new/"
    resp = client_for(officer_chengde).post(
        url, {"year": "2019", "kind": "medical", "amount": "800"}
    )
    assert resp.status_code == 200
    assert "该户2019年已有医疗支出记录，请更正原记录" in resp.text
    assert list(RigidExpense.objects.values_list("amount", flat=True)) == [Decimal("500.00")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2019", "kind": "medical", "amount": "-1"}, "请填写以元为单位的金额"),
        ({"year": "2009", "kind": "medical", "amount": "10"}, "年份须在2014年至"),
        ({"year": str(THIS_YEAR + 1), "kind": "education", "amount": "10"}, "年份须在2014年至"),
    ],
)
def test_bad_expenses_are_refused_in_chinese_and_nothing_is_written(
    client_for, officer_chengde, exited, data, message
):
    url = f"/registry/monitoring/households/{exited.ref}/expenses/new/"
    resp = client_for(officer_chengde).post(url, data)
    assert resp.status_code == 200
    assert message in resp.text
    assert not RigidExpense.objects.exists()


def test_expense_pages_are_the_county_office_of_the_household(
    client_for, officer_weichang, city_officer, institute_staff, exited
):
    expense = RigidExpense.objects.create(household=exited, year=2019, kind="medical", amount=1)
    base = f"/registry/monitoring/households/{exited.ref}/expenses/"
    weichang = client_for(officer_weichang)
    assert weichang.get(base + "new/").status_code == 404
    assert weichang.post(base + f"{expense.pk}/delete/").status_code == 404
    assert client_for(city_officer).post(base + f"{expense.pk}/delete/").status_code == 403
    # the city office and the institute read the list, without the buttons
    page = client_for(institute_staff).get(exited.get_absolute_url()).text
    assert f'data-expense="{expense.pk}"' in page
    assert "add-expense" not in page
    assert RigidExpense.objects.filter(pk=expense.pk).exists()


def test_api_adds_corrects_deletes_and_scopes_expenses(
    client_for, officer_chengde, officer_weichang, helper_liaison, inspector, exited
):
    c = client_for(officer_chengde)
    resp = c.post(
        "/api/v1/rigid-expenses/",
        {"household": exited.ref, "year": 2020, "kind": "education", "amount": "3000"},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["county"] == "130821"
    resp = c.patch(
        f"/api/v1/rigid-expenses/{pk}/", {"amount": "3500"}, content_type="application/json"
    )
    assert resp.status_code == 200
    assert resp.json()["amount"] == "3500.00"
    assert [
        e["id"] for e in client_for(inspector).get("/api/v1/rigid-expenses/").json()["results"]
    ] == [pk]
    assert client_for(officer_weichang).get("/api/v1/rigid-expenses/").json()["count"] == 0
    assert client_for(officer_weichang).delete(f"/api/v1/rigid-expenses/{pk}/").status_code == 404
    assert client_for(inspector).delete(f"/api/v1/rigid-expenses/{pk}/").status_code == 403
    assert client_for(helper_liaison).get("/api/v1/rigid-expenses/").status_code == 403
    filtered = c.get("/api/v1/rigid-expenses/?year=2019").json()
    assert filtered["count"] == 0
    duplicate = c.post(
        "/api/v1/rigid-expenses/",
        {"household": exited.ref, "year": 2020, "kind": "education", "amount": "1"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert "该户2020年已有教育支出记录" in duplicate.json()["kind"][0]
    assert c.delete(f"/api/v1/rigid-expenses/{pk}/").status_code == 204
    assert not RigidExpense.objects.exists()
    assert audit_rows(pk, "delete").count() == 1


def test_expenses_entered_on_the_page_feed_the_monitoring_rule(client_for, officer_chengde, exited):
    """刘振华's household (3 persons, exited 2018) earns 7,000 yuan a person in 2020 (above
    the 6,000-yuan threshold): 21,000 yuan. Without expenses the rule proposes nothing; the
    medical and schooling expenses entered on the page (10,600 > half of 21,000) propose a
    case of sudden severe difficulty."""
    Income.objects.create(household=exited, year=2020, per_capita="7000.00")  # over 6000
    assert flag_households(year=2020) == []
    url = f"/registry/monitoring/households/{exited.ref}/expenses/new/"
    client_for(officer_chengde).post(url, {"year": "2020", "kind": "medical", "amount": "6000"})
    client_for(officer_chengde).post(url, {"year": "2020", "kind": "education", "amount": "4600"})
    expected_total = Decimal("6000") + Decimal("4600")
    assert expected_total > Decimal("7000") * exited.size / 2
    (case,) = flag_households(year=2020)
    assert (case.household, case.group, case.source) == (exited, "sudden", "rule")
    assert "10600" in case.reason
    assert "21000.00" in case.reason
    assert MonitoringCase.objects.count() == 1


# ----------------------------------------------------------------------------- still followed


def test_followed_api_lists_the_pages_households_and_villages_with_its_filter(
    client_for, city_officer, officer_weichang, helper_liaison, exited, weichang_household
):
    from bangfu.registry.models import VillageProfile

    profile = VillageProfile.objects.get(village=exited.village)
    profile.exited_on = timezone.localdate().replace(year=2019, month=12, day=1)
    profile.save()
    c = client_for(city_officer)
    got = c.get("/api/v1/followed-households/?on=2020-06-01").json()
    page = c.get("/registry/monitoring/followed/?on=2020-06-01").text
    assert [h["household"] for h in got["results"]] == [exited.ref, weichang_household.ref]
    assert all(h["household"] in page for h in got["results"])
    first = got["results"][0]
    assert (first["year_exited"], first["followed_until_year"]) == (2018, 2021)
    assert "*" in first["head_id_number"]
    # exited 2018: followed through 2021, not in 2022
    later = c.get("/api/v1/followed-households/?on=2022-01-01").json()["results"]
    assert [h["household"] for h in later] == [weichang_household.ref]
    villages = c.get("/api/v1/followed-villages/?on=2020-06-01").json()["results"]
    assert [(v["village"], v["followed_until"]) for v in villages] == [
        (exited.village.code, "2024-12-01")
    ]
    assert c.get("/api/v1/followed-villages/?on=2025-01-01").json()["count"] == 0
    # scope: 围场县's office sees its own household only; liaisons none
    weichang = client_for(officer_weichang).get("/api/v1/followed-households/?on=2020-06-01")
    assert [h["household"] for h in weichang.json()["results"]] == [weichang_household.ref]
    assert client_for(helper_liaison).get("/api/v1/followed-households/").status_code == 403
    bad = c.get("/api/v1/followed-households/?on=2020-13-01")
    assert bad.status_code == 400
    assert "日期格式错误" in bad.json()["on"][0]


def test_expense_and_followed_lists_do_not_grow_with_rows(
    client_for, city_officer, exited, django_assert_max_num_queries
):
    from bangfu.core.identifiers.resident_id import make_id_number
    from bangfu.registry.models import Household

    for n in range(5):
        household = Household.objects.create(
            village=exited.village,
            head_name=f"李{n}",
            id_number=make_id_number(f"1308211980020{n:02d}12"),
            year_registered=2015,
            year_exited=2018,
        )
        for year in (2019, 2020):
            RigidExpense.objects.create(household=household, year=year, kind="medical", amount=9)
    c = client_for(city_officer)
    with django_assert_max_num_queries(12):
        assert c.get("/api/v1/rigid-expenses/").json()["count"] == 10
    with django_assert_max_num_queries(12):
        assert c.get("/api/v1/followed-households/?on=2020-01-01").json()["count"] == 6

"""Pages and API of the leading groups and demonstration villages."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bangfu.accounts.models import AuditEvent
from bangfu.groups.models import DemonstrationRecommendation, LeadingGroupMember
from bangfu.groups.services import recommendation_save, recommendation_select
from bangfu.places.models import RegionPairing

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MEMBER = {
    "name": "周杰",
    "group_role": "member",
    "post": "股长",
    "unit": "承德县扶贫开发办公室",
    "phone": "13931400009",
    "email": "zhoujie@example.cn",
    "order": "5",
}


# --------------------------------------------------------------------------- roster pages


def test_the_city_office_sees_every_countys_roster_with_its_problems(
    region_pairings, roster_chengde, client_for, city_officer, django_assert_max_num_queries
):
    c = client_for(city_officer)
    # +1: the city office's second-factor device, read on every request (django-otp)
    with django_assert_max_num_queries(13):
        resp = c.get("/reporting/roster/", **EN)
    assert resp.status_code == 200
    blocks = resp.context["blocks"]
    assert [b["county"].code for b in blocks] == ["130821", "130822", "130825", "130828", "130881"]
    assert blocks[0]["problems"] == []
    assert blocks[1]["problems"] == ["兴隆县 has no leading group roster yet."]
    assert all(b["may_edit"] for b in blocks)
    assert "13931400001" in resp.content.decode()


def test_a_county_officer_sees_its_own_roster_only(
    region_pairings, roster_chengde, client_for, officer_weichang
):
    c = client_for(officer_weichang)
    resp = c.get("/reporting/roster/", **EN)
    assert [b["county"].code for b in resp.context["blocks"]] == ["130828"]
    assert "李娜" not in resp.content.decode()
    assert c.get("/reporting/roster/?county=130821").status_code == 404
    assert c.get("/reporting/roster/130821/form.xlsx").status_code == 404


def test_a_county_officer_adds_a_member_through_the_page(
    region_pairings, client_for, officer_chengde
):
    resp = client_for(officer_chengde).post("/reporting/roster/130821/new/", MEMBER, **EN)
    assert resp.status_code == 302
    assert resp["Location"] == "/reporting/roster/?county=130821"
    m = LeadingGroupMember.objects.get()
    assert (m.county.code, m.name, m.phone, m.order) == ("130821", "周杰", "13931400009", 5)


def test_the_page_shows_an_invalid_phone_or_email_and_saves_nothing(
    region_pairings, client_for, officer_chengde
):
    c = client_for(officer_chengde)
    resp = c.post("/reporting/roster/130821/new/", {**MEMBER, "phone": "12345"}, **EN)
    assert resp.status_code == 200
    assert "“12345” is not a phone number" in resp.context["form"].errors["phone"][0]
    resp = c.post("/reporting/roster/130821/new/", {**MEMBER, "email": "zhoujie@"}, **EN)
    assert resp.context["form"].errors["email"] == ["“zhoujie@” is not an e-mail address."]
    assert not LeadingGroupMember.objects.exists()


def test_a_county_officer_cannot_edit_another_countys_roster_through_the_pages(
    region_pairings, roster_chengde, client_for, officer_weichang
):
    c = client_for(officer_weichang)
    liaison = roster_chengde[3]
    assert c.get("/reporting/roster/130821/new/").status_code == 404
    assert c.post("/reporting/roster/130821/new/", MEMBER).status_code == 404
    assert c.get(f"/reporting/roster/members/{liaison.pk}/").status_code == 404
    resp = c.post(f"/reporting/roster/members/{liaison.pk}/", {**MEMBER, "name": "改名"})
    assert resp.status_code == 404
    assert c.post(f"/reporting/roster/members/{liaison.pk}/remove/").status_code == 404
    liaison.refresh_from_db()
    assert liaison.name == "李娜"
    assert LeadingGroupMember.objects.count() == 4


def test_inspectors_read_rosters_but_get_no_forms(
    region_pairings, roster_chengde, client_for, inspector
):
    c = client_for(inspector)
    resp = c.get("/reporting/roster/")
    assert resp.status_code == 200
    assert not any(b["may_edit"] for b in resp.context["blocks"])
    assert c.get("/reporting/roster/130821/new/").status_code == 403
    assert c.post(f"/reporting/roster/members/{roster_chengde[0].pk}/remove/").status_code == 403
    assert LeadingGroupMember.objects.count() == 4


def test_the_city_office_edits_and_removes_members(
    region_pairings, roster_chengde, client_for, city_officer
):
    c = client_for(city_officer)
    member = roster_chengde[2]
    resp = c.post(
        f"/reporting/roster/members/{member.pk}/",
        {**MEMBER, "name": "孙磊", "group_role": "deputy"},
    )
    assert resp.status_code == 302
    member.refresh_from_db()
    assert member.group_role == "deputy"
    c.post(f"/reporting/roster/members/{member.pk}/remove/")
    assert not LeadingGroupMember.objects.filter(pk=member.pk).exists()


def test_the_roster_downloads_as_the_form(region_pairings, roster_chengde, client_for, inspector):
    resp = client_for(inspector).get("/reporting/roster/130821/form.xlsx")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet["A1"].value == "“科企帮万村”精准扶贫行动领导小组名单及联络人"
    assert [c.value for c in sheet[7]][:3] == [4, "李娜", "联络人"]
    assert AuditEvent.objects.filter(event="export", object_type="groups.roster").exists()


def test_helpers_and_anonymous_do_not_reach_the_group_pages(
    region_pairings, client, client_for, helper_liaison
):
    for url in ("/reporting/roster/", "/reporting/demonstration/"):
        resp = client.get(url)
        assert resp.status_code == 302
        assert resp["Location"].startswith("/accounts/login/")
        assert client_for(helper_liaison).get(url).status_code == 403


# --------------------------------------------------------------------------- demonstration


def form(village, **kw):
    data = {
        "village": village.code,
        "reasons": "中药材产业基础好",
        "industry": "中药材",
        "recommended_by": "甲区合作交流办",
        "recommended_on": "2017-04-15",
    }
    data.update(kw)
    return data


def test_a_county_officer_recommends_through_the_page(
    region_pairings, client_for, officer_chengde, poor_village_of
):
    village = poor_village_of("130821", 0)
    c = client_for(officer_chengde)
    url = f"/reporting/demonstration/districts/{region_pairings[0].pk}/"
    page = c.get(url)
    assert village.code in page.content.decode()  # offered in the list of poor villages
    resp = c.post(url, form(village), **EN)
    assert resp.status_code == 302
    rec = DemonstrationRecommendation.objects.get()
    assert (rec.village, rec.industry, rec.recommended_by) == (village, "中药材", "甲区合作交流办")
    listing = c.get("/reporting/demonstration/", **EN)
    assert listing.context["blocks"][0]["rows"][0] == (region_pairings[0], rec)


def test_the_page_refuses_a_village_outside_the_county(
    region_pairings, client_for, officer_chengde, poor_village_of
):
    outside = poor_village_of("130828", 0)
    resp = client_for(officer_chengde).post(
        f"/reporting/demonstration/districts/{region_pairings[0].pk}/", form(outside), **EN
    )
    assert resp.status_code == 200
    assert resp.context["form"].errors["village"] == [
        f"{outside.name} is not in 承德县: 甲区 recommends a village of the county it helps."
    ]
    assert not DemonstrationRecommendation.objects.exists()


def test_a_county_officer_cannot_recommend_for_another_countys_district(
    region_pairings, client_for, officer_weichang, poor_village_of
):
    url = f"/reporting/demonstration/districts/{region_pairings[0].pk}/"
    resp = client_for(officer_weichang).post(url, form(poor_village_of("130821")))
    assert resp.status_code == 404
    assert not DemonstrationRecommendation.objects.exists()


@pytest.fixture
def ten(programme, counties, city_officer, poor_village_of):
    recs = []
    for i, code in enumerate(sorted(counties)):
        for j in range(2):
            rp = RegionPairing.objects.create(
                programme=programme, helping_district=f"区{i}{j}", county=counties[code]
            )
            recs.append(
                recommendation_save(
                    user=city_officer,
                    programme=programme,
                    region_pairing=rp,
                    village=poor_village_of(code, j),
                    reasons="示范",
                )
            )
    return recs


def test_the_city_office_selects_through_the_page_and_a_tenth_is_refused(
    ten, client_for, city_officer
):
    c = client_for(city_officer)
    for rec in ten[:9]:
        resp = c.post(f"/reporting/demonstration/{rec.pk}/select/", {"note": "审定"})
        assert resp.status_code == 302
    resp = c.post(f"/reporting/demonstration/{ten[9].pk}/select/", follow=True, **EN)
    assert "9 demonstration villages are already selected" in resp.content.decode()
    assert resp.context["selected"] == 9
    ten[9].refresh_from_db()
    assert not ten[9].selected
    c.post(f"/reporting/demonstration/{ten[0].pk}/unselect/", {"note": "调整"})
    ten[0].refresh_from_db()
    assert (ten[0].selected, ten[0].selection_note) == (False, "调整")


def test_county_officers_do_not_select(ten, client_for, officer_chengde):
    resp = client_for(officer_chengde).post(f"/reporting/demonstration/{ten[0].pk}/select/")
    assert resp.status_code == 403
    assert not DemonstrationRecommendation.objects.filter(selected=True).exists()


def test_the_demonstration_list_and_api_keep_their_queries_flat(
    ten, client_for, city_officer, django_assert_max_num_queries
):
    c = client_for(city_officer)
    # +1: the city office's second-factor device, read on every request (django-otp)
    with django_assert_max_num_queries(15):
        resp = c.get("/reporting/demonstration/")
    assert sum(len(b["rows"]) for b in resp.context["blocks"]) == 10
    with django_assert_max_num_queries(10):
        data = c.get("/api/v1/demonstration-recommendations/").json()
    assert data["count"] == 10


def test_the_recommendation_form_and_the_filing_download(ten, client_for, city_officer):
    c = client_for(city_officer)
    recommendation_select(user=city_officer, recommendation=ten[0])
    county = c.get("/reporting/demonstration/form.xlsx?county=130821")
    sheet = load_workbook(io.BytesIO(county.content)).active
    assert sheet["A1"].value == "“科企帮万村”精准扶贫行动示范村推荐表"
    assert sheet.max_row == 3 + 2 + 2  # title, stamp line, header; 2 rows; gap, signatures
    assert sheet.cell(row=sheet.max_row, column=1).value.startswith("填表人：")
    filing = c.get("/reporting/demonstration/form.xlsx?selected=1")
    sheet = load_workbook(io.BytesIO(filing.content)).active
    assert sheet["A1"].value == "“科企帮万村”精准扶贫行动示范村备案表"
    assert sheet["E5"].value == ten[0].village.name
    assert sheet.max_row == 5 + 2


def test_a_county_officer_downloads_its_own_countys_form_only(ten, client_for, officer_weichang):
    resp = client_for(officer_weichang).get("/reporting/demonstration/form.xlsx")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    rows = range(4, sheet.max_row + 1)
    assert {
        sheet.cell(row=r, column=2).value for r in rows if sheet.cell(row=r, column=2).value
    } == {"围场满族蒙古族自治县"}


# --------------------------------------------------------------------------- API


def test_the_api_lists_rosters_in_scope(
    region_pairings, roster_chengde, client_for, officer_weichang, city_officer
):
    assert client_for(officer_weichang).get("/api/v1/leading-group-members/").json()["count"] == 0
    data = client_for(city_officer).get("/api/v1/leading-group-members/?county=130821").json()
    assert [m["name"] for m in data["results"]] == ["赵刚", "钱敏", "孙磊", "李娜"]
    liaison = roster_chengde[3].pk
    assert (
        client_for(officer_weichang).get(f"/api/v1/leading-group-members/{liaison}/").status_code
        == 404
    )


def test_the_api_adds_edits_and_removes_members(region_pairings, client_for, officer_chengde):
    c = client_for(officer_chengde)
    resp = c.post(
        "/api/v1/leading-group-members/",
        {**MEMBER, "county": "130821"},
        content_type="application/json",
    )
    assert resp.status_code == 201
    pk = resp.json()["id"]
    resp = c.patch(
        f"/api/v1/leading-group-members/{pk}/", {"post": "副主任"}, content_type="application/json"
    )
    assert resp.status_code == 200
    assert LeadingGroupMember.objects.get().post == "副主任"
    assert c.delete(f"/api/v1/leading-group-members/{pk}/").status_code == 204
    assert not LeadingGroupMember.objects.exists()


def test_the_api_refuses_bad_members_and_other_counties(
    region_pairings, client_for, officer_weichang
):
    c = client_for(officer_weichang)
    bad = c.post(
        "/api/v1/leading-group-members/",
        {**MEMBER, "county": "130828", "phone": "12345", "email": "x@"},
        content_type="application/json",
        **EN,
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"phone", "email"}
    other = c.post(
        "/api/v1/leading-group-members/",
        {**MEMBER, "county": "130821"},
        content_type="application/json",
        **EN,
    )
    assert other.status_code == 400
    assert other.json() == [
        "You keep the records of 围场满族蒙古族自治县 only; 承德县 is another county's."
    ]
    assert not LeadingGroupMember.objects.exists()


def test_the_api_recommends_and_selects_within_the_quota(
    ten, client_for, city_officer, officer_chengde, poor_village_of
):
    c = client_for(city_officer)
    for rec in ten[:9]:
        assert c.post(f"/api/v1/demonstration-recommendations/{rec.pk}/select/").status_code == 200
    resp = c.post(f"/api/v1/demonstration-recommendations/{ten[9].pk}/select/", **EN)
    assert resp.status_code == 400
    assert "9 demonstration villages are already selected" in resp.json()[0]
    assert (
        client_for(officer_chengde)  # its own county's recommendation, yet not its to select
        .post(f"/api/v1/demonstration-recommendations/{ten[0].pk}/unselect/")
        .status_code
        == 403
    )
    listed = c.get("/api/v1/demonstration-recommendations/?selected=1").json()
    assert listed["count"] == 9


def test_the_api_refuses_a_village_outside_the_county_and_a_second_recommendation(
    region_pairings, client_for, officer_chengde, poor_village_of
):
    c = client_for(officer_chengde)
    body = {
        "region_pairing": region_pairings[0].pk,
        "village": poor_village_of("130828").code,
        "reasons": "示范",
    }
    resp = c.post(
        "/api/v1/demonstration-recommendations/", body, content_type="application/json", **EN
    )
    assert resp.status_code == 400
    assert "is not in 承德县" in resp.json()["village"][0]
    assert not DemonstrationRecommendation.objects.exists()
    body["village"] = poor_village_of("130821").code
    first = c.post("/api/v1/demonstration-recommendations/", body, content_type="application/json")
    assert first.status_code == 201
    again = c.post(
        "/api/v1/demonstration-recommendations/", body, content_type="application/json", **EN
    )
    assert again.status_code == 400
    assert "has already recommended" in again.json()[0]
    assert DemonstrationRecommendation.objects.count() == 1
    changed = c.patch(
        f"/api/v1/demonstration-recommendations/{first.json()['id']}/",
        {"reasons": "更新的理由"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert DemonstrationRecommendation.objects.get().reasons == "更新的理由"

"""Leading groups (attachment 3) and demonstration villages (attachment 4): the rules."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import translation
from openpyxl import load_workbook

from bangfu.groups import io as group_io
from bangfu.groups.models import DemonstrationRecommendation, LeadingGroupMember
from bangfu.groups.selectors import roster_for_user, roster_problems, selected_count
from bangfu.groups.services import (
    member_remove,
    member_save,
    recommendation_create,
    recommendation_save,
    recommendation_select,
    recommendation_unselect,
)
from bangfu.places.models import RegionPairing
from bangfu.registry.models import VillageProfile

pytestmark = pytest.mark.django_db

ON = dt.date(2017, 4, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def member_data(**kw):
    data = {
        "name": "周杰",
        "group_role": "member",
        "post": "股长",
        "unit": "承德县扶贫开发办公室",
        "phone": "13931400009",
        "email": "zhoujie@example.cn",
    }
    data.update(kw)
    return data


# --------------------------------------------------------------------------- roster problems


def test_a_complete_roster_has_no_problems(programme, counties, roster_chengde):
    assert roster_problems(programme, counties["130821"]) == []


def test_an_empty_roster_is_reported(programme, counties, roster_chengde):
    assert roster_problems(programme, counties["130828"]) == [
        "围场满族蒙古族自治县 has no leading group roster yet."
    ]


def test_a_roster_without_a_liaison_is_reported(programme, counties, roster_chengde):
    roster_chengde[3].delete()
    assert roster_problems(programme, counties["130821"]) == [
        "The leading group has no liaison: name one with a phone number."
    ]


def test_a_roster_without_a_leader_and_a_liaison_without_phone_are_reported(
    programme, counties, make_member
):
    chengde = counties["130821"]
    make_member(chengde, "钱敏", "deputy")
    make_member(chengde, "李娜", "liaison")
    assert roster_problems(programme, chengde) == [
        "The leading group has no leader.",
        "The liaison 李娜 has no phone number.",
    ]


# --------------------------------------------------------------------------- roster writes


def test_a_county_office_adds_a_member_to_its_roster(programme, counties, officer_chengde):
    m = member_save(
        user=officer_chengde,
        programme=programme,
        county=counties["130821"],
        **member_data(phone="+86 139-3140-0009", email=" zhoujie@example.cn "),
    )
    m.refresh_from_db()
    assert (m.name, m.group_role, m.phone, m.email, m.order) == (
        "周杰",
        "member",
        "13931400009",
        "zhoujie@example.cn",
        1,
    )


def test_an_office_landline_is_accepted_with_its_area_code(programme, counties, city_officer):
    m = member_save(
        user=city_officer,
        programme=programme,
        county=counties["130828"],
        **member_data(group_role="liaison", phone="0314 7512345"),
    )
    assert m.phone == "0314-7512345"


@pytest.mark.parametrize("phone", ["12345", "1393140000", "23931400009", "电话13931400009"])
def test_an_invalid_phone_is_refused_and_nothing_saved(programme, counties, officer_chengde, phone):
    with pytest.raises(ValidationError) as exc:
        member_save(
            user=officer_chengde,
            programme=programme,
            county=counties["130821"],
            **member_data(phone=phone),
        )
    assert "is not a phone number" in exc.value.message_dict["phone"][0]
    assert not LeadingGroupMember.objects.exists()


@pytest.mark.parametrize("email", ["zhoujie", "zhoujie@", "zhou jie@example.cn", "@example.cn"])
def test_an_invalid_email_is_refused_and_nothing_saved(programme, counties, officer_chengde, email):
    with pytest.raises(ValidationError) as exc:
        member_save(
            user=officer_chengde,
            programme=programme,
            county=counties["130821"],
            **member_data(email=email),
        )
    assert exc.value.message_dict["email"] == [f"“{email.strip()}” is not an e-mail address."]
    assert not LeadingGroupMember.objects.exists()


def test_a_liaison_needs_a_phone(programme, counties, officer_chengde):
    with pytest.raises(ValidationError) as exc:
        member_save(
            user=officer_chengde,
            programme=programme,
            county=counties["130821"],
            **member_data(group_role="liaison", phone=""),
        )
    assert exc.value.message_dict["phone"] == [
        "A liaison is published for enterprises: give a phone number."
    ]
    assert not LeadingGroupMember.objects.exists()


def test_a_county_officer_cannot_add_to_another_countys_roster(
    programme, counties, officer_weichang
):
    with pytest.raises(ValidationError) as exc:
        member_save(
            user=officer_weichang,
            programme=programme,
            county=counties["130821"],
            **member_data(),
        )
    assert exc.value.messages == [
        "You keep the records of 围场满族蒙古族自治县 only; 承德县 is another county's."
    ]
    assert not LeadingGroupMember.objects.exists()


def test_a_county_officer_cannot_edit_or_remove_another_countys_member(
    programme, counties, roster_chengde, officer_weichang
):
    liaison = roster_chengde[3]
    with pytest.raises(ValidationError):
        member_save(
            user=officer_weichang,
            programme=programme,
            county=counties["130828"],  # naming its own county does not move the member
            member=liaison,
            phone="13800000000",
        )
    with pytest.raises(ValidationError):
        member_remove(user=officer_weichang, member=liaison)
    liaison.refresh_from_db()
    assert liaison.phone == "13931400001"
    assert LeadingGroupMember.objects.count() == 4


def test_inspectors_and_the_institute_read_rosters_but_do_not_write_them(
    programme, counties, inspector, institute_staff
):
    for user in (inspector, institute_staff):
        with pytest.raises(PermissionDenied):
            member_save(user=user, programme=programme, county=counties["130821"], **member_data())
    assert not LeadingGroupMember.objects.exists()


def test_the_city_office_edits_any_countys_roster(programme, roster_chengde, city_officer):
    member_save(
        user=city_officer,
        programme=programme,
        county=roster_chengde[0].county,
        member=roster_chengde[0],
        post="县长",
    )
    member_remove(user=city_officer, member=roster_chengde[2])
    assert list(LeadingGroupMember.objects.values_list("name", "post")) == [
        ("赵刚", "县长"),
        ("钱敏", "主任"),
        ("李娜", "科员"),
    ]


def test_a_county_officer_sees_only_its_own_roster(
    programme, counties, roster_chengde, make_member, officer_weichang, city_officer
):
    make_member(counties["130828"], "王芳", "liaison", phone="13931400002")
    assert [m.name for m in roster_for_user(user=officer_weichang, programme=programme)] == ["王芳"]
    assert len(roster_for_user(user=city_officer, programme=programme)) == 5


# --------------------------------------------------------------------------- attachment 3


def test_the_roster_table_is_plain_json_serialisable_rows(programme, counties, roster_chengde):
    table = group_io.roster_table(programme, counties["130821"], today=dt.date(2017, 4, 6))
    assert table.title == "“科企帮万村”精准扶贫行动领导小组名单及联络人"
    assert table.notes == ["填报单位（盖章）：承德县扶贫办　　　　填报日期：2017年4月6日"]
    assert table.headers == [
        "序号",
        "姓名",
        "领导小组职务",
        "职务",
        "工作单位",
        "联系电话",
        "电子邮箱",
    ]
    assert table.rows[0] == [1, "赵刚", "组长", "副县长", "承德县人民政府", "", ""]
    assert table.rows[3] == [
        4,
        "李娜",
        "联络人",
        "科员",
        "承德县扶贫开发办公室",
        "13931400001",
        "lina@example.cn",
    ]
    assert json.loads(json.dumps(table.as_dict())) == table.as_dict()


def test_the_roster_form_is_written_in_its_layout(programme, counties, roster_chengde):
    out = io.BytesIO()
    table = group_io.roster_table(programme, counties["130821"])
    assert group_io.write_roster(out, table) == 4
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "附件3"
    assert rows[0][0] == table.title
    assert rows[1][0].startswith("填报单位（盖章）：承德县扶贫办")
    assert list(rows[2]) == table.headers
    assert list(rows[6]) == table.rows[3]


# --------------------------------------------------------------------------- recommendations


def recommend(user, programme, rp, village, **kw):
    kw.setdefault("reasons", "产业基础好，带贫效果明显")
    kw.setdefault("recommended_on", ON)
    return recommendation_save(
        user=user, programme=programme, region_pairing=rp, village=village, **kw
    )


def test_a_helping_district_recommends_a_poor_village_of_its_county(
    programme, region_pairings, officer_chengde, poor_village_of
):
    village = poor_village_of("130821", 0, main_industries="中药材")
    rec = recommend(
        officer_chengde,
        programme,
        region_pairings[0],
        village,
        industry="中药材",
        recommended_by="甲区合作交流办",
    )
    rec.refresh_from_db()
    assert (rec.county.code, rec.village, rec.industry, rec.selected) == (
        "130821",
        village,
        "中药材",
        False,
    )


def test_a_village_outside_the_county_is_refused_and_nothing_saved(
    programme, region_pairings, officer_chengde, city_officer, poor_village_of
):
    weichang_village = poor_village_of("130828", 0)
    for user in (officer_chengde, city_officer):
        with pytest.raises(ValidationError) as exc:
            recommend(user, programme, region_pairings[0], weichang_village)
        assert exc.value.message_dict["village"] == [
            f"{weichang_village.name} is not in 承德县: 甲区 recommends a village of the county "
            "it helps."
        ]
    assert not DemonstrationRecommendation.objects.exists()


def test_a_village_that_is_not_registered_poor_is_refused(
    programme, region_pairings, city_officer, poor_village_of
):
    village = poor_village_of("130821", 0, is_registered_poor=False)
    with pytest.raises(ValidationError) as exc:
        recommend(city_officer, programme, region_pairings[0], village)
    assert "is not a registered poor village" in exc.value.message_dict["village"][0]
    assert not DemonstrationRecommendation.objects.exists()


def test_a_county_officer_cannot_recommend_for_another_county(
    programme, region_pairings, officer_weichang, poor_village_of
):
    with pytest.raises(ValidationError) as exc:
        recommend(officer_weichang, programme, region_pairings[0], poor_village_of("130821"))
    assert "承德县 is another county's" in exc.value.messages[0]
    assert not DemonstrationRecommendation.objects.exists()


def test_one_recommendation_per_helping_district(
    programme, region_pairings, officer_chengde, poor_village_of
):
    first = recommend(officer_chengde, programme, region_pairings[0], poor_village_of("130821", 0))
    with pytest.raises(ValidationError) as exc:
        recommendation_create(
            user=officer_chengde,
            programme=programme,
            region_pairing=region_pairings[0],
            village=poor_village_of("130821", 1),
            reasons="另一个村",
            recommended_on=ON,
        )
    assert exc.value.messages == [
        f"甲区 has already recommended {first.village.name}; a helping district recommends one "
        "village: change that recommendation instead."
    ]
    assert list(DemonstrationRecommendation.objects.values_list("village", flat=True)) == [
        first.village_id
    ]
    with pytest.raises(IntegrityError):  # and the database holds the rule as well
        DemonstrationRecommendation.objects.create(
            programme=programme,
            region_pairing=region_pairings[0],
            county=first.county,
            village=first.village,
            reasons="x",
            recommended_on=ON,
        )


def test_saving_again_changes_the_districts_recommendation(
    programme, region_pairings, officer_chengde, poor_village_of
):
    recommend(officer_chengde, programme, region_pairings[0], poor_village_of("130821", 0))
    second = poor_village_of("130821", 1)
    recommend(officer_chengde, programme, region_pairings[0], second, reasons="更好")
    assert list(DemonstrationRecommendation.objects.values_list("village", "reasons")) == [
        (second.pk, "更好")
    ]


# --------------------------------------------------------------------------- selection


@pytest.fixture
def ten_recommendations(programme, counties, city_officer, poor_village_of):
    """Ten helping districts (two per county), each with a recommended poor village."""
    recs = []
    for i, code in enumerate(sorted(counties)):
        for j in range(2):
            rp = RegionPairing.objects.create(
                programme=programme, helping_district=f"区{i}{j}", county=counties[code]
            )
            recs.append(recommend(city_officer, programme, rp, poor_village_of(code, j)))
    return recs


def test_the_city_office_selects_at_most_the_quota(programme, ten_recommendations, city_officer):
    for rec in ten_recommendations[:9]:
        recommendation_select(user=city_officer, recommendation=rec, note="审定")
    tenth = ten_recommendations[9]
    with pytest.raises(ValidationError) as exc:
        recommendation_select(user=city_officer, recommendation=tenth)
    assert exc.value.messages == [
        "9 demonstration villages are already selected, the programme's quota; unselect one "
        f"before selecting {tenth.village.name}."
    ]
    tenth.refresh_from_db()
    assert (tenth.selected, tenth.selected_on) == (False, None)
    assert selected_count(programme) == 9
    assert not VillageProfile.objects.get(village=tenth.village).is_demonstration
    # unselecting one makes room
    recommendation_unselect(user=city_officer, recommendation=ten_recommendations[0], note="调整")
    recommendation_select(user=city_officer, recommendation=tenth)
    assert selected_count(programme) == 9


def test_selecting_marks_the_village_and_keeps_the_note(
    programme, ten_recommendations, city_officer
):
    rec = ten_recommendations[0]
    recommendation_select(
        user=city_officer, recommendation=rec, note="经审定", on=dt.date(2017, 4, 28)
    )
    rec.refresh_from_db()
    assert (rec.selected, rec.selected_on, rec.selection_note) == (
        True,
        dt.date(2017, 4, 28),
        "经审定",
    )
    assert VillageProfile.objects.get(village=rec.village).is_demonstration
    with pytest.raises(ValidationError):
        recommendation_select(user=city_officer, recommendation=rec)
    recommendation_unselect(user=city_officer, recommendation=rec, note="不再入选")
    rec.refresh_from_db()
    assert (rec.selected, rec.selected_on, rec.selection_note) == (False, None, "不再入选")
    assert not VillageProfile.objects.get(village=rec.village).is_demonstration


def test_only_the_city_office_selects(
    programme, ten_recommendations, officer_chengde, institute_staff
):
    for user in (officer_chengde, institute_staff):
        with pytest.raises(PermissionDenied):
            recommendation_select(user=user, recommendation=ten_recommendations[0])
    assert selected_count(programme) == 0


def test_a_selected_village_is_not_replaced_by_the_county(
    programme, region_pairings, city_officer, officer_chengde, poor_village_of
):
    rec = recommend(officer_chengde, programme, region_pairings[0], poor_village_of("130821", 0))
    recommendation_select(user=city_officer, recommendation=rec)
    with pytest.raises(ValidationError) as exc:
        recommend(officer_chengde, programme, region_pairings[0], poor_village_of("130821", 1))
    assert "must unselect it" in exc.value.message_dict["village"][0]
    rec.refresh_from_db()
    assert rec.village == poor_village_of("130821", 0)


# --------------------------------------------------------------------------- attachment 4


def test_the_demonstration_table_by_county_and_the_filing(
    programme, ten_recommendations, city_officer
):
    recommendation_select(
        user=city_officer, recommendation=ten_recommendations[3], on=dt.date(2017, 4, 28)
    )
    county = ten_recommendations[2].county
    table = group_io.demonstration_table(programme, county=county, today=dt.date(2017, 4, 20))
    assert table.title == "“科企帮万村”精准扶贫行动示范村推荐表"
    assert table.notes[0].startswith(f"填报单位（盖章）：{county.name}扶贫办")
    village = ten_recommendations[3].village
    assert table.rows[1] == [
        2,
        county.name,
        "区11",
        village.parent.name,
        village.name,
        "",
        "产业基础好，带贫效果明显",
        "",
        "2017-04-15",
        "是",
        "2017-04-28",
        "",
    ]
    assert len(table.rows) == 2
    filing = group_io.demonstration_table(programme, selected_only=True)
    assert filing.title == "“科企帮万村”精准扶贫行动示范村备案表"
    assert filing.notes[1].startswith("报送：京津冀协同发展领导小组办公室、发展改革委（备案）")
    assert [r[4] for r in filing.rows] == [village.name]
    everything = group_io.demonstration_table(programme)
    assert len(everything.rows) == 10
    assert everything.notes[0].startswith("填报单位（盖章）：承德市对口帮扶工作领导小组办公室")
    assert json.loads(json.dumps(everything.as_dict())) == everything.as_dict()
    out = io.BytesIO()
    assert group_io.write_demonstration(out, filing) == 1
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.title == "示范村备案"
    assert [c.value for c in sheet[5]][4] == village.name


def test_the_filing_of_attachment_3_carries_the_roster(calendar, counties, roster_chengde):
    """The lead's `content.build` writes the form with `group_io` and reads it back."""
    from bangfu.reporting import content
    from bangfu.reporting.models import Submission

    submission = Submission.objects.get(report__code="roster", county__code="130821")
    rows = content.build(submission).content["sheets"][0]["rows"]
    assert rows[0] == ["“科企帮万村”精准扶贫行动领导小组名单及联络人"]
    assert rows[6] == [
        4,
        "李娜",
        "联络人",
        "科员",
        "承德县扶贫开发办公室",
        "13931400001",
        "lina@example.cn",
    ]

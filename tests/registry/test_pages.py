"""Registry pages: lists with filters, detail with history, create and edit forms."""

import pytest

from bangfu.accounts.models import AuditEvent
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.core.identifiers.uscc import make_uscc
from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.registry.models import Household, Member
from tests.registry.conftest import HEAD_ID

pytestmark = pytest.mark.django_db
NEW_ID = make_id_number("13082119900303456")


def household_form(**over):
    data = {
        "village": Division.objects.get(code="130821100202").pk,
        "head_name": "孙丽",
        "id_number": NEW_ID,
        "phone": "+86 139-1234-5678",
        "size": "2",
        "cause_list": ["illness"],
        "year_registered": "2016",
        "year_exited": "",
        "monitoring": "none",
    }
    data.update(over)
    return data


def test_create_household_normalises_and_audits(client_for, officer_chengde):
    c = client_for(officer_chengde)
    resp = c.post("/registry/households/new/", household_form(id_number=NEW_ID.lower()))
    assert resp.status_code == 302
    h = Household.objects.get(head_name="孙丽")
    assert (h.id_number, h.phone, h.cause_list, h.county.code) == (
        NEW_ID,
        "13912345678",
        ["illness"],
        "130821",
    )
    ev = AuditEvent.objects.get(event="create", object_type="registry.household")
    assert ev.changes["id_number"] == [None, "***"]
    page = c.get(h.get_absolute_url()).content.decode()
    assert 'data-testid="history"' in page
    assert "创建了该记录" in page  # the history as sentences (issue 16)


def test_duplicate_head_id_is_refused_with_a_message(client_for, officer_chengde, household):
    resp = client_for(officer_chengde).post(
        "/registry/households/new/", household_form(id_number=HEAD_ID)
    )
    assert resp.status_code == 200
    assert household.ref in resp.content.decode()
    assert Household.objects.count() == 1


def test_wrong_check_character_is_named_in_the_form(client_for, officer_chengde):
    bad = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    resp = client_for(officer_chengde).post(
        "/registry/households/new/", household_form(id_number=bad)
    )
    assert resp.status_code == 200
    assert Household.objects.count() == 0
    assert bad in resp.content.decode()  # the user's own input, with the reason


def test_edit_keeps_the_id_when_left_empty_and_never_shows_it(
    client_for, officer_chengde, household
):
    c = client_for(officer_chengde)
    form = c.get(f"/registry/households/{household.ref}/edit/").content.decode()
    assert HEAD_ID not in form
    assert household.masked_id_number in form
    resp = c.post(
        f"/registry/households/{household.ref}/edit/",
        household_form(
            village=household.village_id, head_name="王伟", id_number="", phone="", size="3"
        ),
    )
    assert resp.status_code == 302
    household.refresh_from_db()
    assert (household.id_number, household.size, household.version) == (HEAD_ID, 3, 3)


def test_stale_edit_is_refused(client_for, officer_chengde, household):
    Household.objects.filter(pk=household.pk).update(version=99)  # someone else saved meanwhile
    c = client_for(officer_chengde)
    stale = Household.objects.get(pk=household.pk)
    stale.version = 2
    from bangfu.core.models import StaleRecordError

    with pytest.raises(StaleRecordError):
        stale.save()
    assert Household.objects.get(pk=household.pk).version == 99
    assert c.get(household.get_absolute_url()).status_code == 200


def test_member_in_another_household_is_refused(client_for, officer_chengde, household):
    other = Household.objects.create(
        village=household.village, head_name="赵六", id_number=NEW_ID, year_registered=2016
    )
    resp = client_for(officer_chengde).post(
        f"/registry/households/{other.ref}/members/new/",
        {
            "name": "王伟",
            "id_number": HEAD_ID,
            "relation": "other",
            "status": "home",
        },
    )
    assert resp.status_code == 200
    assert household.ref in resp.content.decode()
    assert Member.objects.filter(household=other).count() == 0


def test_household_filters(client_for, city_officer, household, household_weichang):
    c = client_for(city_officer)

    def refs(**params):
        return {h.ref for h in c.get("/registry/households/", params).context["page"]}

    assert refs() == {household.ref, household_weichang.ref}
    assert refs(county="130828") == {household_weichang.ref}
    assert refs(cause="illness") == {household.ref}
    assert refs(tech_help="on") == {household.ref}
    assert refs(q="王伟") == {household.ref}
    assert refs(q="zjdc") == {household.ref}  # 张家店村: pinyin initials of the village
    assert refs(q=HEAD_ID) == {household.ref}


def test_village_profile_edit_checks_cross_field_rules(client_for, officer_chengde, household):
    c = client_for(officer_chengde)
    resp = c.post(
        "/registry/villages/130821100201/edit/",
        {
            "is_registered_poor": "on",
            "households_total": "10",
            "households_poor": "20",
            "people_total": "0",
            "people_poor": "0",
            "labour_force": "0",
            "arable_mu": "0",
            "forest_mu": "0",
            "grassland_mu": "0",
        },
    )
    assert resp.status_code == 200
    assert "invalid-feedback" in resp.content.decode()


def test_helper_create_with_bad_code_and_good_code(client_for, city_officer):
    c = client_for(city_officer)
    data = {
        "name": "承德某合作社",
        "uscc": "91130821MA0A1B2C3X",
        "kind": "cooperative",
        "capacity": "2",
        "liaison_phone": "",
    }
    bad = c.post("/helpers/new/", data)
    assert bad.status_code == 200
    assert Helper.objects.count() == 0
    data["uscc"] = make_uscc("93130821MA0A1B2C3").lower()
    assert c.post("/helpers/new/", data).status_code == 302
    assert Helper.objects.get().uscc == make_uscc("93130821MA0A1B2C3")


def test_liaison_edits_only_its_own_helper(client_for, helper_liaison, helper_org):
    other = Helper.objects.create(name="别家", uscc=make_uscc("91120000MA05ABCD1"), kind="private")
    c = client_for(helper_liaison)
    assert c.get(f"/helpers/{helper_org.uscc}/edit/").status_code == 200
    assert c.get(f"/helpers/{other.uscc}/edit/").status_code == 403


def test_home_shows_the_registry_in_figures_for_the_scope(
    client_for, officer_chengde, helper_liaison, household, household_weichang
):
    ctx = client_for(officer_chengde).get("/").context
    assert (
        ctx["registry"]["households"],
        ctx["registry"]["tech_help"],
        ctx["registry"]["poor_villages"],
    ) == (1, 1, 1)
    helper_ctx = client_for(helper_liaison).get("/").context
    assert "households" not in helper_ctx["registry"]

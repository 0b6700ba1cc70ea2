"""Relapse monitoring (防返贫监测): the rules, the actions and the reads of bangfu.monitoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from bangfu.accounts.models import AuditEvent
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.monitoring.models import STEP_ORDER, MonitoringCase, MonitoringStep
from bangfu.monitoring.rules import add_months, income_threshold, poverty_line
from bangfu.monitoring.selectors import (
    case_counts,
    case_get_for_user,
    case_history,
    case_list_for_user,
    followed_households_for_user,
    followed_villages_for_user,
    step_table,
)
from bangfu.monitoring.services.cases import flag_households, monitoring_case_open
from bangfu.monitoring.services.followup import (
    monitoring_measure_add,
    monitoring_risk_remove,
    monitoring_visit_add,
)
from bangfu.monitoring.services.identification import monitoring_step_record
from bangfu.places.models import Division
from bangfu.registry.models import Household, Income, RigidExpense, VillageProfile

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OPENED = TODAY - dt.timedelta(days=400)


@pytest.fixture
def exited(db):
    """刘振华's household in 承德县 下板城镇, registered 2015, exited 2018."""
    village = Division.objects.get(code="130821100201")
    VillageProfile.objects.get_or_create(village=village, defaults={"is_registered_poor": True})
    return Household.objects.create(
        village=village,
        head_name="刘振华",
        id_number=make_id_number("13082119700707123"),
        size=3,
        year_registered=2015,
        year_exited=2018,
    )


@pytest.fixture
def weichang_household(db):
    village = (
        Division.objects.filter(level="village", county__code="130828").order_by("code").first()
    )
    return Household.objects.create(
        village=village,
        head_name="赵强",
        id_number=make_id_number("13082819750505123"),
        year_registered=2016,
        year_exited=2019,
    )


def open_case(user, household, opened_on=OPENED, group="unstable"):
    return monitoring_case_open(
        user=user,
        household=household,
        group=group,
        source="visit",
        reason="家中主要劳动力患病，收入下降",
        opened_on=opened_on,
    )


def record(user, case, step, on, **extra):
    case.refresh_from_db()
    return monitoring_step_record(
        user=user, case=case, step=step, done_on=on, signed_name="李强", **extra
    )


def walk(user, case, start=OPENED, until="county_approval"):
    """Record the steps in order up to `until`: a 6-day notice, everything within 15 days."""
    plan = [
        ("home_visit", start + dt.timedelta(days=1), {}),
        ("data_check", start + dt.timedelta(days=2), {}),
        (
            "public_notice",
            start + dt.timedelta(days=3),
            {
                "notice_start": start + dt.timedelta(days=3),
                "notice_end": start + dt.timedelta(days=8),
            },
        ),
        ("township_review", start + dt.timedelta(days=9), {}),
        ("county_approval", start + dt.timedelta(days=10), {}),
    ]
    for step, on, extra in plan:
        record(user, case, step, on, **extra)
        if step == until:
            break
    case.refresh_from_db()
    return case


def identified_case(user, household):
    return walk(user, open_case(user, household))


# ----------------------------------------------------------------------------- rules


def test_poverty_lines_and_threshold_are_the_national_figures():
    assert [poverty_line(y) for y in (2017, 2018, 2019, 2020)] == [
        Decimal("3335"),
        Decimal("3535"),
        Decimal("3747"),
        Decimal("4000"),
    ]
    assert income_threshold(2019) == Decimal("5620.50")
    assert income_threshold(2025) == Decimal("6000.00")  # the 2020 line carries on
    assert income_threshold(2010) == income_threshold(2014)


def test_add_months_keeps_the_end_of_month():
    assert add_months(dt.date(2019, 8, 31), 6) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2019, 3, 15), -12) == dt.date(2018, 3, 15)


# ----------------------------------------------------------------------------- opening


def test_officer_opens_a_case_whose_first_step_is_the_home_visit(officer_chengde, exited):
    case = open_case(officer_chengde, exited)
    assert (case.state, case.next_step, case.next_due, case.county.code, case.opened_by) == (
        "identifying",
        "home_visit",
        OPENED + dt.timedelta(days=3),
        "130821",
        officer_chengde,
    )
    assert AuditEvent.objects.filter(
        object_type="monitoring.monitoringcase", object_id=case.number, event="create"
    ).exists()


def test_officer_cannot_open_a_case_for_another_countys_household(officer_weichang, exited):
    with pytest.raises(PermissionDenied):
        open_case(officer_weichang, exited)
    assert not MonitoringCase.objects.exists()
    assert AuditEvent.objects.filter(event="access_denied", detail="monitoring.open").exists()


def test_city_office_cannot_open_a_case(city_officer, exited):
    with pytest.raises(PermissionDenied):
        open_case(city_officer, exited)
    assert not MonitoringCase.objects.exists()


def test_unstable_group_needs_an_exited_household(officer_chengde, exited):
    exited.year_exited = None
    exited.save(update_fields=["year_exited"])
    with translation.override("en"), pytest.raises(ValidationError) as err:
        open_case(officer_chengde, exited)
    assert "Only a household that has exited" in str(err.value)
    assert not MonitoringCase.objects.exists()
    assert open_case(officer_chengde, exited, group="sudden").group == "sudden"


def test_a_household_has_one_open_case_only(officer_chengde, exited):
    first = open_case(officer_chengde, exited)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        open_case(officer_chengde, exited, group="sudden")
    assert first.number in str(err.value)
    assert MonitoringCase.objects.count() == 1


def test_a_case_cannot_open_in_the_future(officer_chengde, exited):
    with pytest.raises(ValidationError):
        open_case(officer_chengde, exited, opened_on=TODAY + dt.timedelta(days=1))
    assert not MonitoringCase.objects.exists()


# ----------------------------------------------------------------------------- steps


def test_walking_all_steps_identifies_the_case_and_marks_the_household(officer_chengde, exited):
    case = identified_case(officer_chengde, exited)
    assert (case.state, case.identified_on, case.next_step, case.next_due) == (
        "identified",
        OPENED + dt.timedelta(days=10),
        "",
        None,
    )
    assert list(case.steps.values_list("step", flat=True)) == list(STEP_ORDER)
    assert set(case.steps.values_list("signed_name", flat=True)) == {"李强"}
    assert set(case.steps.values_list("recorded_by", flat=True)) == {officer_chengde.pk}
    exited.refresh_from_db()
    assert exited.monitoring == "unstable"


def test_skipping_the_public_notice_is_refused(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="data_check")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        record(officer_chengde, case, "township_review", OPENED + dt.timedelta(days=9))
    assert "public notice" in str(err.value)
    assert "cannot be skipped" in str(err.value)
    case.refresh_from_db()
    assert (case.steps.count(), case.state, case.next_step) == (2, "identifying", "public_notice")


def test_a_notice_shorter_than_5_days_is_refused(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="data_check")
    start = OPENED + dt.timedelta(days=3)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        record(
            officer_chengde,
            case,
            "public_notice",
            start,
            notice_start=start,
            notice_end=start + dt.timedelta(days=3),
        )
    assert "at least 5 days" in str(err.value)
    assert "is 4" in str(err.value)
    assert not MonitoringStep.objects.filter(step="public_notice").exists()
    # exactly 5 days, first and last counted, is enough
    record(
        officer_chengde,
        case,
        "public_notice",
        start,
        notice_start=start,
        notice_end=start + dt.timedelta(days=4),
    )
    case.refresh_from_db()
    assert case.next_step == "township_review"


def test_a_notice_needs_its_dates(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="data_check")
    with pytest.raises(ValidationError):
        record(officer_chengde, case, "public_notice", OPENED + dt.timedelta(days=3))
    assert case.steps.count() == 2


def test_steps_out_of_order_are_refused(officer_chengde, exited):
    case = open_case(officer_chengde, exited)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        record(officer_chengde, case, "data_check", OPENED + dt.timedelta(days=1))
    assert "record the home visit first" in str(err.value)
    with pytest.raises(ValidationError):
        record(officer_chengde, case, "county_approval", OPENED + dt.timedelta(days=1))
    assert not MonitoringStep.objects.exists()


def test_a_step_dated_before_the_previous_one_is_refused(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="home_visit")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        record(officer_chengde, case, "data_check", OPENED)  # home visit was the day after
    assert "before the previous step" in str(err.value)
    with pytest.raises(ValidationError):
        record(officer_chengde, open_case_for_sudden(officer_chengde), "home_visit", OPENED)
    assert case.steps.count() == 1


def open_case_for_sudden(user):
    village = Division.objects.get(code="130821100202")
    household = Household.objects.create(
        village=village,
        head_name="孙丽",
        id_number=make_id_number("13082119900303456"),
        year_registered=2016,
    )
    return open_case(user, household, opened_on=OPENED + dt.timedelta(days=1), group="sudden")


def test_the_township_reviews_only_after_the_notice_has_ended(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="public_notice")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        record(officer_chengde, case, "township_review", OPENED + dt.timedelta(days=8))
    assert "after the public notice has ended" in str(err.value)
    assert case.steps.count() == 3


def test_a_step_is_recorded_once_and_a_closed_case_takes_no_step(officer_chengde, exited):
    case = identified_case(officer_chengde, exited)
    with pytest.raises(ValidationError):
        record(officer_chengde, case, "county_approval", OPENED + dt.timedelta(days=11))
    assert case.steps.count() == 5


def test_a_step_not_confirming_the_risk_dismisses_the_case(officer_chengde, exited):
    case = walk(officer_chengde, open_case(officer_chengde, exited), until="home_visit")
    with pytest.raises(ValidationError):  # a reason is needed
        record(officer_chengde, case, "data_check", OPENED + dt.timedelta(days=2), passed=False)
    record(
        officer_chengde,
        case,
        "data_check",
        OPENED + dt.timedelta(days=2),
        passed=False,
        notes="比对发现家庭有财政供养人员",
    )
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.closing_note) == (
        "dismissed",
        OPENED + dt.timedelta(days=2),
        "比对发现家庭有财政供养人员",
    )
    # the household may be opened again later
    assert open_case(officer_chengde, exited, opened_on=TODAY).state == "identifying"


def test_another_countys_officer_cannot_record_a_step(officer_chengde, officer_weichang, exited):
    case = open_case(officer_chengde, exited)
    with pytest.raises(PermissionDenied):
        record(officer_weichang, case, "home_visit", OPENED + dt.timedelta(days=1))
    assert not MonitoringStep.objects.exists()


def test_overdue_steps_are_flagged(officer_chengde, exited, weichang_household, city_officer):
    late = open_case(officer_chengde, exited, opened_on=TODAY - dt.timedelta(days=20))
    rows = step_table(late)
    assert [r["overdue"] for r in rows] == [True, True, True, True, True]
    assert [c.number for c in case_list_for_user(user=city_officer, filters={"overdue": True})] == [
        late.number
    ]
    walk(officer_chengde, late, start=TODAY - dt.timedelta(days=20), until="data_check")
    late.refresh_from_db()
    rows = step_table(late)
    assert [r["overdue"] for r in rows] == [False, False, True, True, True]
    assert case_counts(user=city_officer)["overdue"] == 1


def test_a_fresh_case_is_not_overdue(officer_chengde, exited, city_officer):
    open_case(officer_chengde, exited, opened_on=TODAY)
    assert not case_list_for_user(user=city_officer, filters={"overdue": True})
    assert case_counts(user=city_officer)["identifying"] == 1


# ----------------------------------------------------------------------------- after


def test_measures_and_visits_only_for_an_identified_case(officer_chengde, exited):
    case = open_case(officer_chengde, exited)
    with pytest.raises(ValidationError):
        monitoring_visit_add(
            user=officer_chengde,
            case=case,
            visited_on=OPENED + dt.timedelta(days=1),
            visitor="李强",
            per_capita_income="7000",
        )
    with pytest.raises(ValidationError):
        monitoring_measure_add(
            user=officer_chengde,
            case=case,
            kind="employment",
            description="公益岗位",
            started_on=OPENED + dt.timedelta(days=1),
        )
    assert not case.visits.exists()
    assert not case.measures.exists()


def add_visit(user, case, on, income):
    case.refresh_from_db()
    return monitoring_visit_add(
        user=user, case=case, visited_on=on, visitor="村干部", per_capita_income=income
    )


def test_risk_removal_needs_six_months_of_stable_income(officer_chengde, exited):
    case = identified_case(officer_chengde, exited)
    monitoring_measure_add(
        user=officer_chengde,
        case=case,
        kind="employment",
        description="安排公益岗位",
        started_on=OPENED + dt.timedelta(days=11),
    )
    first = OPENED + dt.timedelta(days=20)
    add_visit(officer_chengde, case, first, "3000")  # below
    add_visit(officer_chengde, case, first + dt.timedelta(days=30), "7000")
    add_visit(officer_chengde, case, add_months(first, 6), "7200")  # 5 months on
    with translation.override("en"), pytest.raises(ValidationError) as err:
        monitoring_risk_remove(user=officer_chengde, case=case, removed_on=TODAY, note="收入稳定")
    assert "at least 6 months" in str(err.value)
    case.refresh_from_db()
    assert case.state == "identified"
    exited.refresh_from_db()
    assert exited.monitoring == "unstable"
    add_visit(officer_chengde, case, add_months(first, 7), "7300")  # 6 months on
    monitoring_risk_remove(
        user=officer_chengde, case=case, removed_on=TODAY, note="收入稳定，风险消除"
    )
    case.refresh_from_db()
    exited.refresh_from_db()
    assert (case.state, case.closed_on, exited.monitoring) == ("removed", TODAY, "cleared")
    # the whole history stays: steps, the measure, the visits and the state changes
    assert (case.steps.count(), case.measures.count(), case.visits.count()) == (5, 1, 4)
    history = case_history(case)
    types = {ev.object_type for ev in history}
    assert types == {
        "monitoring.monitoringcase",
        "monitoring.monitoringstep",
        "monitoring.monitoringmeasure",
        "monitoring.monitoringvisit",
    }
    states = [
        ev.changes["state"] for ev in history if ev.event == "update" and "state" in ev.changes
    ]
    assert ["identified", "removed"] in states


def test_a_visit_below_the_threshold_breaks_the_stable_run(officer_chengde, exited):
    case = identified_case(officer_chengde, exited)
    first = OPENED + dt.timedelta(days=20)
    add_visit(officer_chengde, case, first, "7000")
    add_visit(officer_chengde, case, first + dt.timedelta(days=90), "4000")  # below 1.5× line
    add_visit(officer_chengde, case, add_months(first, 7), "7300")
    with pytest.raises(ValidationError):
        monitoring_risk_remove(user=officer_chengde, case=case, removed_on=TODAY, note="收入稳定")
    case.refresh_from_db()
    assert case.state == "identified"


def test_a_visit_before_identification_or_with_bad_income_is_refused(officer_chengde, exited):
    case = identified_case(officer_chengde, exited)
    with pytest.raises(ValidationError):
        add_visit(officer_chengde, case, OPENED, "7000")
    with pytest.raises(ValidationError):
        add_visit(officer_chengde, case, OPENED + dt.timedelta(days=20), "-1")
    assert not case.visits.exists()


# ----------------------------------------------------------------------------- rule


def test_flag_households_proposes_cases_once(officer_chengde, exited, weichang_household):
    Income.objects.create(household=exited, year=2019, per_capita="5000.00")  # < 5620.50
    Income.objects.create(household=weichang_household, year=2019, per_capita="9000.00")
    created = flag_households(year=2019)
    assert [(c.household, c.group, c.source) for c in created] == [(exited, "unstable", "rule")]
    assert "5000.00" in created[0].reason
    assert flag_households(year=2019) == []  # never a second open case
    assert MonitoringCase.objects.count() == 1


def test_flag_households_by_rigid_expenses(officer_chengde, exited, weichang_household):
    Income.objects.create(household=weichang_household, year=2020, per_capita="8000.00")
    RigidExpense.objects.create(
        household=weichang_household, year=2020, kind="medical", amount="4500"
    )  # household of 1: 8000 yuan income, 4500 > 50 %
    Income.objects.create(household=exited, year=2020, per_capita="8000.00")
    RigidExpense.objects.create(household=exited, year=2020, kind="medical", amount="4500")
    # household of 3: 24000 yuan, 4500 is under half
    created = flag_households(year=2020)
    assert [(c.household, c.group) for c in created] == [(weichang_household, "sudden")]


def test_flag_households_only_within_the_monitoring_period(exited):
    Income.objects.create(household=exited, year=2022, per_capita="100.00")  # 2018 + 3 = 2021
    assert flag_households(year=2022) == []
    Income.objects.create(household=exited, year=2021, per_capita="100.00")
    assert len(flag_households(year=2021)) == 1


def test_a_county_officer_flags_only_its_county(officer_weichang, exited, weichang_household):
    Income.objects.create(household=exited, year=2019, per_capita="100.00")
    Income.objects.create(household=weichang_household, year=2019, per_capita="100.00")
    created = flag_households(year=2019, user=officer_weichang)
    assert [c.household for c in created] == [weichang_household]


# ----------------------------------------------------------------------------- reads


def test_followed_villages_and_households_within_their_periods(city_officer, exited, settings):
    village = Division.objects.get(code="130821100202")
    VillageProfile.objects.create(
        village=village, is_registered_poor=True, exited_on=dt.date(2018, 10, 1)
    )
    on = dt.date(2023, 9, 30)
    assert [p.village.code for p in followed_villages_for_user(user=city_officer, on=on)] == [
        "130821100202"
    ]
    assert not followed_villages_for_user(user=city_officer, on=dt.date(2023, 10, 2))
    assert list(followed_households_for_user(user=city_officer, on=on)) == []
    assert list(followed_households_for_user(user=city_officer, on=dt.date(2021, 12, 31))) == [
        exited
    ]
    settings.MONITORING_HOUSEHOLD_YEARS = 5
    assert list(followed_households_for_user(user=city_officer, on=on)) == [exited]


def test_cases_are_scoped_like_households(
    officer_chengde, officer_weichang, helper_liaison, inspector, exited
):
    case = open_case(officer_chengde, exited)
    assert list(case_list_for_user(user=officer_chengde)) == [case]
    assert list(case_list_for_user(user=inspector)) == [case]
    assert not case_list_for_user(user=officer_weichang)
    assert not case_list_for_user(user=helper_liaison)
    from django.http import Http404

    with pytest.raises(Http404):
        case_get_for_user(user=officer_weichang, number=case.number)
    with pytest.raises(Http404):
        case_get_for_user(user=helper_liaison, number=case.number)
    assert AuditEvent.objects.filter(event="access_denied", object_id=case.number).count() == 2


def test_flag_households_command_prints_a_summary(exited, capsys):
    from django.core.management import call_command

    Income.objects.create(household=exited, year=2019, per_capita="5000.00")
    call_command("flag_households", "2019", "--county", "130821")
    assert "1 new monitoring case(s)" in capsys.readouterr().out
    call_command("flag_households", "2019")
    assert "0 new monitoring case(s)" in capsys.readouterr().out
    assert MonitoringCase.objects.filter(source="rule").count() == 1

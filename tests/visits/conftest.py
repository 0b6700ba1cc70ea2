"""Oversight fixtures: a current programme, poor villages of 承德县 (and one of 围场县), the
liaison's helper paired in 承德县, a supervision visit, confirmed charity records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.pairing.conftest import (  # noqa: F401  (fixtures re-used)
    PDF_BYTES,
    PNG_BYTES,
    START,
    make_active,
    make_helper,
    poor_villages,
    programme,
    scan,
    weichang_village,
)

VISITED_ON = dt.date(2017, 9, 12)


@pytest.fixture
def village(poor_villages):  # noqa: F811
    return poor_villages[0]


@pytest.fixture
def pairing(programme, village, helper_org, officer_chengde):  # noqa: F811
    """helper_org's active pairing in 承德县 (activated on START, 2017-05-01)."""
    return make_active(officer_chengde, helper_org, village, "技术培训")


@pytest.fixture
def chengde():
    from bangfu.places.models import Division

    return Division.objects.get(code="130821")


@pytest.fixture
def weichang():
    from bangfu.places.models import Division

    return Division.objects.get(code="130828")


@pytest.fixture
def visit(pairing, officer_chengde, chengde):
    """承德县's office visited the pairing's village on 12 September 2017."""
    from bangfu.visits.services import visit_record

    return visit_record(
        user=officer_chengde,
        county=chengde,
        visited_on=VISITED_ON,
        participants="承德县扶贫办 李强、研究院 陈晨",
        findings="中药材基地已种植120亩",
        problems="灌溉水源不足",
        villages=[pairing.village],
        pairings=[pairing],
    )


@pytest.fixture
def follow_up(visit, officer_chengde):
    from bangfu.visits.services import follow_up_add

    return follow_up_add(
        user=officer_chengde,
        visit=visit,
        problem="灌溉水源不足",
        owner_name="下板城镇政府",
        due_on=dt.date(2017, 11, 30),
    )


def charity(pairing, on, money="0", goods="0", status="confirmed", kind="money_donation"):
    """A charity-pathway record of the pairing (created directly, as the matrix does)."""
    from bangfu.assistance.models import Assistance

    return Assistance.objects.create(
        pairing=pairing,
        helper=pairing.helper,
        village=pairing.village,
        on=on,
        pathway="charity",
        kind=kind,
        description="捐款捐物",
        money_yuan=Decimal(money),
        goods_yuan=Decimal(goods),
        status=status,
    )


def matrix_objects(*, helper, pairing, user) -> dict:
    """The access matrix's oversight objects in 承德县 (tests/test_access_matrix.py): a
    visit with a follow-up, a problem raised by `helper`, a loan to it, a receipt and a tax
    benefit (with its evidence file) of its pairing."""
    from bangfu.core.uploads import store_generated
    from bangfu.support.models import DonationReceipt, Loan, TaxBenefit
    from bangfu.visits.models import FollowUp, Visit

    county = pairing.county
    visit = Visit.objects.create(
        county=county,
        visited_on=dt.date(2017, 9, 12),
        participants="承德县扶贫办",
        findings="进展顺利",
        recorded_by=user,
    )
    follow_up = FollowUp.objects.create(
        source="visit",
        county=county,
        visit=visit,
        problem="灌溉水源不足",
        raised_on=visit.visited_on,
        owner_name="下板城镇政府",
        due_on=dt.date(2017, 11, 30),
    )
    problem = FollowUp.objects.create(
        source="helper",
        county=county,
        helper=helper,
        pairing=pairing,
        village=pairing.village,
        problem="用地审批缓慢",
        raised_on=dt.date(2018, 3, 1),
        owner_name="承德县扶贫办",
        due_on=dt.date(2018, 3, 31),
    )
    loan = Loan.objects.create(
        helper=helper,
        county=county,
        bank="承德县农村信用社",
        amount_yuan=Decimal("500000"),
        interest_rate=Decimal("4.35"),
        subsidy_rate=Decimal("3.00"),
        term_months=36,
        granted_on=dt.date(2017, 8, 1),
    )
    receipt = DonationReceipt.objects.create(
        number="JZ13082120170001",
        helper=helper,
        county=county,
        year=2017,
        money_yuan=Decimal("10000"),
        goods_yuan=Decimal("0"),
        amount_yuan=Decimal("10000"),
        records=1,
        issued_on=dt.date(2018, 1, 10),
        issuer="承德县扶贫办",
    )
    benefit = TaxBenefit.objects.create(
        helper=helper,
        pairing=pairing,
        county=county,
        kind="investment",
        amount_yuan=Decimal("80000"),
        year=2018,
        evidence=store_generated(PDF_BYTES, name="批复.pdf", content_type="application/pdf"),
    )
    return {
        "tax_benefit": benefit.pk,
        "ov_visit": visit.pk,
        "ov_followup": follow_up.pk,
        "ov_problem": problem.pk,
        "ov_loan": loan.pk,
        "ov_receipt": receipt.pk,
    }


# --- annual evaluation ---

COUNTY_CODES = ["130821", "130822", "130825", "130828", "130881"]
# 2017's cross-checks (checker → checked): 兴隆县 checks 承德县, 承德县 checks 隆化县, …;
# 围场县 checks 平泉市, so that 围场县's office never sees 承德县's evaluation.
ROTATION_2017 = {
    "130822": "130821",
    "130821": "130825",
    "130825": "130828",
    "130828": "130881",
    "130881": "130822",
}


@pytest.fixture
def counties(db):
    from bangfu.places.models import Division

    return {d.code: d for d in Division.objects.filter(level="county")}


@pytest.fixture
def officer_xinglong(db):
    from tests.conftest import _make

    return _make("officer_xinglong", "county", "130822")


@pytest.fixture
def checklist_2017(programme, city_officer):  # noqa: F811
    """2017's checklist (the plan's self-check items, 100 points) with 5 evaluations."""
    from bangfu.evaluation.services.checklist import checklist_create

    return checklist_create(user=city_officer, programme=programme, year=2017)


def make_rotation(prog, year, pairs):
    from bangfu.evaluation.models import CrossCheckAssignment
    from bangfu.places.models import Division

    by_code = {d.code: d for d in Division.objects.filter(level="county")}
    return [
        CrossCheckAssignment.objects.create(
            programme=prog, year=year, checker=by_code[a], checked=by_code[b]
        )
        for a, b in pairs.items()
    ]


@pytest.fixture
def rotation_2017(programme, checklist_2017):  # noqa: F811
    return make_rotation(programme, 2017, ROTATION_2017)


@pytest.fixture
def eval_chengde(checklist_2017, rotation_2017):
    return checklist_2017.evaluations.get(county__code="130821")


@pytest.fixture
def inspector_on_chengde(programme, inspector, checklist_2017):  # noqa: F811
    """The inspector cross-checks 承德县 in 2017 (and no other county)."""
    from bangfu.places.models import Division
    from bangfu.visits.models import InspectorAssignment

    return InspectorAssignment.objects.create(
        programme=programme,
        year=2017,
        inspector=inspector,
        county=Division.objects.get(code="130821"),
    )


def full_scores(checklist, fraction="1"):
    """{item id: (score, note)} giving every item `fraction` of its points."""
    from decimal import Decimal

    return {
        i.pk: ((Decimal(i.points) * Decimal(fraction)).quantize(Decimal("0.1")), "")
        for i in checklist.items.all()
    }


def evaluation_matrix_objects(*, prog, inspector) -> dict:
    """The access matrix's evaluation objects: 2017's checklist, 承德县's evaluation
    (cross-checked by 兴隆县, so 围场县's office gets 404), the inspector assigned to
    承德县, an issued commendation notice."""
    from bangfu.evaluation.models import (
        Checklist,
        ChecklistItem,
        Evaluation,
        Notice,
        NoticeEntry,
    )
    from bangfu.places.models import Division
    from bangfu.visits.models import InspectorAssignment

    by_code = {d.code: d for d in Division.objects.filter(level="county")}
    checklist = Checklist.objects.create(programme=prog, year=2017)
    item = ChecklistItem.objects.create(
        checklist=checklist, group="organisation", title="成立领导小组", points=10, order=1
    )
    evaluation = Evaluation.objects.create(checklist=checklist, county=by_code["130821"])
    make_rotation(prog, 2017, ROTATION_2017)
    InspectorAssignment.objects.create(
        programme=prog, year=2017, inspector=inspector, county=by_code["130821"]
    )
    notice = Notice.objects.create(
        programme=prog,
        year=2017,
        kind="commendation",
        subject="2017年度先进单位",
        issuer="市合作交流办",
        issued_on=dt.date(2018, 1, 15),
    )
    entry = NoticeEntry.objects.create(
        notice=notice, subject="unit", name="承德县扶贫办", reason="成绩突出"
    )
    return {
        "notice_entry": entry.pk,
        "evaluation": evaluation.pk,
        "eval_checklist": checklist.pk,
        "eval_item": item.pk,
        "notice": notice.pk,
    }

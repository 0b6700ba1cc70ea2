"""Attachment 2 (the first paired villages of 2017): made from the pairings, checked against
the plan's 9, written in the office's layout, filed by the county and accepted by the city."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from bangfu.reporting import checks, content
from bangfu.reporting.first_villages import HEADERS, first_villages
from bangfu.reporting.models import Report, State, Submission
from bangfu.reporting.services.filing import submission_submit
from bangfu.reporting.services.review import submission_accept
from tests import printing
from tests.reporting.pairs import pair

pytestmark = pytest.mark.django_db

DUE = dt.date(2017, 4, 28)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def big_helper(make_helper):
    return make_helper("承德种养专业合作社", capacity=20)


@pytest.fixture
def villages_of_chengde(poor_village_of):
    return [poor_village_of("130821", n) for n in range(11)]


def first_villages_submission(programme):
    return Submission.objects.get(
        report__programme=programme, report__code=Report.FIRST_VILLAGES, county__code="130821"
    )


def test_attachment_2_is_on_the_calendar_due_28_april_2017(calendar):
    s = first_villages_submission(calendar)
    assert (s.report.attachment, s.period, s.due_date) == (2, "2017", DUE)
    # once only: no submission of attachment 2 in later years
    assert not Submission.objects.filter(report__code=Report.FIRST_VILLAGES, period="2018").exists()


def test_the_list_holds_the_villages_paired_by_the_due_date_from_the_pairings(
    calendar, officer_chengde, big_helper, make_helper, villages_of_chengde
):
    v = villages_of_chengde
    pair(officer_chengde, big_helper, v[0], dt.date(2017, 4, 10), signed=dt.date(2017, 4, 12))
    other = make_helper("兴农科技公司")
    pair(
        officer_chengde,
        other,
        v[0],
        dt.date(2017, 4, 15),
        signed=dt.date(2017, 4, 20),
        focus="培训",
    )
    pair(officer_chengde, big_helper, v[1], dt.date(2017, 4, 5))  # no agreement
    pair(officer_chengde, big_helper, v[2], dt.date(2017, 5, 2), signed=dt.date(2017, 5, 3))
    s = first_villages_submission(calendar)
    listed = first_villages(calendar, s.county, by=s.due_date)
    assert [fv.village for fv in listed] == [v[1], v[0]]  # earliest paired first; v[2] too late
    form = content.build(s)
    rows = form.content["sheets"][0]["rows"]
    header = rows.index(HEADERS)
    body = rows[header + 1 : header + 3]
    assert body[0][:4] == [1, "承德县", v[1].parent.name, v[1].name]
    assert body[0][8] == "未签订"
    assert body[0][10] == "协议未签订"
    assert body[1][3] == v[0].name
    assert body[1][4] == "承德种养专业合作社\n兴农科技公司"
    assert body[1][8] == "2017-04-12\n2017-04-20"
    assert body[1][6] == "养殖\n培训"
    assert any("2个，方案要求9个" in str(c) for row in rows[:header] for c in row)


def test_the_xlsx_opens_with_its_title_header_and_cells_and_prints_like_the_others(
    calendar, officer_chengde, big_helper, villages_of_chengde
):
    village = villages_of_chengde[0]
    pair(officer_chengde, big_helper, village, dt.date(2017, 4, 3), signed=dt.date(2017, 4, 8))
    form = content.build(first_villages_submission(calendar))
    assert form.name == "附件2-首批结对帮扶贫困村名单-承德县-2017.xlsx"
    ws = load_workbook(io.BytesIO(form.data)).worksheets[0]
    assert ws.title == "附件2"
    assert ws["A1"].value == "“科企帮万村”精准扶贫行动首批结对帮扶贫困村名单"
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(cells) if row[0] == "序号")
    assert cells[header][: len(HEADERS)] == HEADERS
    first = cells[header + 1]
    assert first[:5] == [1, "承德县", village.parent.name, village.name, "承德种养专业合作社"]
    assert first[7] == "2017-04-03"
    assert first[8] == "2017-04-08"
    printing.assert_xlsx_prints(form.data)


def test_fewer_than_9_villages_and_missing_agreements_need_a_remark(
    calendar, officer_chengde, big_helper, villages_of_chengde
):
    v = villages_of_chengde
    pair(officer_chengde, big_helper, v[0], dt.date(2017, 4, 3), signed=dt.date(2017, 4, 8))
    pair(officer_chengde, big_helper, v[1], dt.date(2017, 4, 4))
    s = first_villages_submission(calendar)
    found = {f.code: f for f in checks.run_checks(s)}
    count, agreement = found["first_villages_count"], found["first_villages_agreement"]
    assert (count.level, count.remark, count.count) == ("blocker", True, 2)
    assert "Only 2 villages" in count.message
    assert agreement.count == 1
    assert v[1].name in agreement.items[0]["label"]
    with pytest.raises(ValidationError):
        submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert not s.filings.exists()
    filing = submission_submit(
        user=officer_chengde,
        submission=s,
        remarks="首批结对仅2个村，第二村协议待签",
        acknowledged=True,
    )
    assert {c["code"]: c["level"] for c in filing.checks} == {
        "first_villages_count": "warning",
        "first_villages_agreement": "warning",
    }


def test_exactly_9_signed_villages_raise_nothing_and_10_ask_for_a_remark(
    calendar, officer_chengde, big_helper, villages_of_chengde
):
    for n, village in enumerate(villages_of_chengde[:9]):
        on = dt.date(2017, 4, 1 + n)
        pair(officer_chengde, big_helper, village, on, signed=on)
    s = first_villages_submission(calendar)
    assert checks.run_checks(s) == []
    pair(
        officer_chengde,
        big_helper,
        villages_of_chengde[9],
        dt.date(2017, 4, 20),
        signed=dt.date(2017, 4, 20),
    )
    (finding,) = checks.run_checks(s)
    assert finding.code == "first_villages_count"
    assert finding.count == 10
    assert "10 villages" in finding.message


def test_the_county_files_it_and_the_city_accepts_it(
    calendar, officer_chengde, city_officer, big_helper, villages_of_chengde
):
    for n, village in enumerate(villages_of_chengde[:9]):
        on = dt.date(2017, 4, 1 + n)
        pair(officer_chengde, big_helper, village, on, signed=on)
    s = first_villages_submission(calendar)
    filing = submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert filing.file.original_name.startswith("附件2-")
    rows = filing.content["sheets"][0]["rows"]
    assert [r[3] for r in rows if r and isinstance(r[0], int)] == [
        v.name for v in villages_of_chengde[:9]
    ]
    submission_accept(user=city_officer, submission=s, note="")
    s.refresh_from_db()
    assert s.state == State.ACCEPTED


def test_the_submission_page_previews_attachment_2_and_downloads_it(
    calendar, officer_chengde, big_helper, villages_of_chengde, client_for
):
    village = villages_of_chengde[0]
    pair(officer_chengde, big_helper, village, dt.date(2017, 4, 3), signed=dt.date(2017, 4, 8))
    s = first_villages_submission(calendar)
    client = client_for(officer_chengde)
    html = client.get(f"/reporting/submissions/{s.pk}/").content.decode()
    assert village.name in html
    assert "承德种养专业合作社" in html
    assert "Only 1 village was paired" in html or "仅结对帮扶1个村" in html
    download = client.get(f"/reporting/submissions/{s.pk}/form/")
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert ws.title == "附件2"

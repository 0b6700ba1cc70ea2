"""Filings of the forms that hold people's mobiles (attachment 3: the leading-group roster,
attachment 5: the pairing list, with the helpers' liaisons): the county's office and the city
office get them as filed; the institute and inspectors get the numbers masked in the page's
preview, in the download of a filing and in the draft, and the stored file never changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bangfu.reporting.models import Report, Submission

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LEADER = "13931400021"  # 承德县's group leader
LIAISON = "13931400022"  # 承德县's group liaison
HELPER = "13900000011"  # helper_org's liaison (paired in 承德县)
NUMBERS = {Report.ROSTER: (LEADER, LIAISON), Report.PAIRINGS: (HELPER,)}
MASKED = {LEADER: "139****0021", LIAISON: "139****0022", HELPER: "139****0011"}

OWN = ["city_officer", "officer_chengde"]
OTHERS = ["institute_staff", "inspector"]


@pytest.fixture
def filings(calendar, pairing, make_member, counties, officer_chengde):
    """承德县 filed its roster and its pairing list for 2017."""
    from bangfu.reporting.services.filing import file_submission

    helper = pairing.helper
    helper.liaison_name, helper.liaison_phone = "赵刚", HELPER
    helper.save()
    chengde = counties["130821"]
    make_member(chengde, "王强", "leader", post="县长", phone=LEADER)
    make_member(chengde, "李娜", "liaison", post="副主任", phone=LIAISON)
    at = timezone.make_aware(dt.datetime(2017, 4, 5, 9))
    filed = {}
    for code in (Report.ROSTER, Report.PAIRINGS):
        s = Submission.objects.get(report__code=code, county=chengde, period="2017")
        file_submission(s, officer_chengde, findings=[], at=at)
        filed[code] = s
    return filed


def _stored(submission) -> tuple[bytes, str]:
    filing = submission.filings.get()
    with filing.file.file.open("rb") as fh:
        data = fh.read()
    return data, filing.sha256


def _cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def _text(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


@pytest.mark.parametrize("code", [Report.ROSTER, Report.PAIRINGS])
def test_the_stored_filing_holds_the_full_numbers(filings, code):
    data, sha = _stored(filings[code])
    assert hashlib.sha256(data).hexdigest() == sha
    cells = _cells(data)
    for number in NUMBERS[code]:
        assert number in cells


@pytest.mark.parametrize("persona", OWN)
@pytest.mark.parametrize("code", [Report.ROSTER, Report.PAIRINGS])
def test_the_numbers_own_offices_get_the_filing_as_filed(
    filings, code, persona, request, client_for
):
    s = filings[code]
    c = client_for(request.getfixturevalue(persona))
    stored, sha = _stored(s)
    page = c.get(f"/reporting/submissions/{s.pk}/", **EN).content.decode()
    for number in NUMBERS[code]:
        assert f"<td>{number}</td>" in page
    assert 'data-testid="numbers-masked"' not in page
    resp = c.get(f"/reporting/submissions/{s.pk}/filings/1/")
    assert resp.status_code == 200
    assert _text(resp) == stored
    assert "%EF%BC%88%E5%8F%B7%E7%A0%81" not in resp["Content-Disposition"]  # no （号码…
    draft = c.get(f"/reporting/submissions/{s.pk}/form/")
    for number in NUMBERS[code]:
        assert number in _cells(draft.content)
    assert _stored(s) == (stored, sha)


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("code", [Report.ROSTER, Report.PAIRINGS])
def test_other_readers_get_the_numbers_masked_and_the_record_is_unchanged(
    filings, code, persona, request, client_for
):
    s = filings[code]
    c = client_for(request.getfixturevalue(persona))
    stored, sha = _stored(s)
    page = c.get(f"/reporting/submissions/{s.pk}/", **EN)
    assert page.status_code == 200
    html = page.content.decode()
    for number in NUMBERS[code]:
        assert number not in html
        assert f"<td>{MASKED[number]}</td>" in html
    assert 'data-testid="numbers-masked"' in html

    resp = c.get(f"/reporting/submissions/{s.pk}/filings/1/")
    assert resp.status_code == 200
    assert resp["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = "附件3-领导小组名单及联络人" if code == Report.ROSTER else "附件5-村企结对帮扶名单"
    from urllib.parse import quote

    assert quote(f"{name}-承德县-2017（号码已隐去）.xlsx") in resp["Content-Disposition"]
    masked = _cells(_text(resp))
    full = _cells(stored)
    assert len(masked) == len(full)  # the same layout, cell for cell
    for number in NUMBERS[code]:
        assert not any(number in str(v) for v in masked)
        assert MASKED[number] in masked
    # only the numbers differ
    assert [v for v in masked if v not in MASKED.values()] == [
        v for v in full if v not in NUMBERS[code]
    ]
    for zipped in (_text(resp),):
        import zipfile

        with zipfile.ZipFile(io.BytesIO(zipped)) as z:
            body = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        for number in NUMBERS[code]:
            assert number not in body

    # the draft (the form as the data stands now) is masked the same way
    draft = c.get(f"/reporting/submissions/{s.pk}/form/")
    assert draft.status_code == 200
    assert (
        "%EF%BC%88%E5%8F%B7%E7%A0%81%E5%B7%B2%E9%9A%90%E5%8E%BB%EF%BC%89"
        in (draft["Content-Disposition"])
    )
    for number in NUMBERS[code]:
        assert not any(number in str(v) for v in _cells(draft.content))
        assert MASKED[number] in _cells(draft.content)

    # the record is untouched
    assert _stored(s) == (stored, sha)
    assert hashlib.sha256(stored).hexdigest() == sha


def test_the_open_draft_preview_is_masked_for_other_readers(
    calendar, make_member, counties, client_for, institute_staff, officer_chengde
):
    chengde = counties["130821"]
    make_member(chengde, "李娜", "liaison", phone=LIAISON)
    s = Submission.objects.get(report__code=Report.ROSTER, county=chengde, period="2017")
    html = client_for(institute_staff).get(f"/reporting/submissions/{s.pk}/", **EN)
    assert LIAISON not in html.content.decode()
    assert f"<td>{MASKED[LIAISON]}</td>" in html.content.decode()
    own = client_for(officer_chengde).get(f"/reporting/submissions/{s.pk}/", **EN)
    assert f"<td>{LIAISON}</td>" in own.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("officer_weichang", 404), ("helper_liaison", 403)]
)
def test_who_may_not_open_the_filing_at_all(filings, persona, status, request, client_for):
    c = client_for(request.getfixturevalue(persona))
    for s in filings.values():
        for url in (
            f"/reporting/submissions/{s.pk}/",
            f"/reporting/submissions/{s.pk}/filings/1/",
            f"/reporting/submissions/{s.pk}/form/",
        ):
            assert c.get(url).status_code == status, url


def test_the_api_shows_filings_without_their_cells(filings, client_for, institute_staff):
    s = filings[Report.ROSTER]
    body = client_for(institute_staff).get(f"/api/v1/submissions/{s.pk}/").content.decode()
    assert LEADER not in body
    assert LIAISON not in body
    assert s.filings.get().sha256 in body


def test_a_number_in_the_summarys_own_text_is_masked_for_other_readers(
    calendar, counties, officer_chengde, client_for, institute_staff, city_officer
):
    """The annual summary (a .docx) carries the county's free text: a mobile written there is
    masked the same way in the preview and in a Word copy made on the fly."""
    import docx

    from bangfu.reporting.services.filing import file_submission

    s = Submission.objects.get(
        report__code=Report.SUMMARY, county=counties["130821"], period="2017"
    )
    s.sections = {"problems": f"联系人王强，电话{LIAISON}。"}
    s.save()
    file_submission(s, officer_chengde, findings=[])
    stored, sha = _stored(s)

    def words(data):
        document = docx.Document(io.BytesIO(data))
        return "\n".join(p.text for p in document.paragraphs)

    assert f"电话{LIAISON}" in words(stored)
    other = client_for(institute_staff)
    html = other.get(f"/reporting/submissions/{s.pk}/", **EN).content.decode()
    assert LIAISON not in html
    assert f"电话{MASKED[LIAISON]}" in html
    resp = other.get(f"/reporting/submissions/{s.pk}/filings/1/")
    assert "%EF%BC%89.docx" in resp["Content-Disposition"]  # …）.docx
    assert LIAISON not in words(resp.content)
    assert f"电话{MASKED[LIAISON]}" in words(resp.content)
    own = client_for(city_officer).get(f"/reporting/submissions/{s.pk}/filings/1/")
    assert b"".join(own.streaming_content) == stored
    assert _stored(s) == (stored, sha)

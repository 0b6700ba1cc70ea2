"""The filing preview prints dates as the offices write them (2017-04-30 or 2017年4月30日),
never a machine timestamp such as 2017-04-30T00:00:00."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from bangfu.reporting import content
from bangfu.reporting.models import Report, Submission

pytestmark = pytest.mark.django_db

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:")


def _cells(form_content: dict) -> list:
    return [c for sheet in form_content["sheets"] for row in sheet["rows"] for c in row]


def test_the_pairing_list_preview_shows_dates_as_the_form_does(
    calendar, pairing, client, officer_chengde
):
    submission = Submission.objects.get(
        report__programme=calendar,
        report__code=Report.PAIRINGS,
        county__code="130821",
        period="2017",
    )
    form = content.build(submission)
    cells = _cells(form.content)
    assert "2017-05-01" in cells  # the pairing's start, a date cell of the workbook
    assert not [c for c in cells if isinstance(c, str) and TIMESTAMP.search(c)]
    # the file itself holds a real date cell shown as yyyy-mm-dd
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(form.data)).worksheets[0]
    dated = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert dated
    assert {c.number_format for c in dated} == {"yyyy-mm-dd"}

    client.force_login(officer_chengde)
    page = client.get(reverse("reporting:submission", args=[submission.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2017-05-01" in html
    assert not TIMESTAMP.search(html)


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (dt.datetime(2017, 4, 30), "yyyy-mm-dd", "2017-04-30"),
        (dt.datetime(2017, 4, 30), "General", "2017-04-30"),
        (dt.datetime(2017, 4, 30), 'yyyy"年"m"月"d"日"', "2017年4月30日"),
        (dt.datetime(2017, 4, 30, 9, 5, 7), "yyyy-mm-dd hh:mm:ss", "2017-04-30 09:05:07"),
        (dt.date(2017, 4, 30), None, "2017-04-30"),
        (dt.time(9, 5), "hh:mm", "09:05:00"),
    ],
)
def test_a_date_cell_reads_back_as_it_is_shown(value, number_format, shown):
    assert content._cell(value, number_format) == shown


def test_the_pairing_lists_filing_date_is_written_as_the_offices_write_it(pairing, monkeypatch):
    from bangfu.pairing import io as pairing_io

    monkeypatch.setattr(pairing_io.timezone, "localdate", lambda: dt.date(2017, 4, 3))
    out = io.BytesIO()
    pairing_io.write_pairing_list(out, county="130821")
    cells = _cells(content.read_back(out.getvalue()))
    assert "填报单位（盖章）：承德县扶贫办　　　　填报日期：2017年4月3日" in cells


def test_the_preview_keeps_the_files_merged_cells_and_shows_old_timestamps_as_dates():
    from bangfu.reporting.preview import grid

    sheet = {
        "rows": [["标题"], ["序号", "名称"], [1, "2017-04-30T00:00:00"]],
        "merges": [[0, 0, 0, 1]],
    }
    rows = grid(sheet)
    assert [(c.value, c.colspan, c.head) for c in rows[0]] == [("标题", 2, True)]
    assert [c.head for c in rows[1]] == [True, True]
    assert [c.value for c in rows[2]] == [1, "2017-04-30"]
    assert not rows[2][0].head


def test_the_statistics_preview_is_laid_out_as_the_file_and_its_figures_open_records(
    calendar, pairing, client, officer_chengde
):
    from bangfu.assistance.indicators import records_link
    from bangfu.core.periods import parse_period

    submission = Submission.objects.get(
        report__programme=calendar,
        report__code=Report.STATISTICS,
        county__code="130821",
        period="2017H2",
    )
    form = content.build(submission)
    assert form.content["sheets"][0]["merges"]  # the title, the header groups
    client.force_login(officer_chengde)
    html = client.get(reverse("reporting:submission", args=[submission.pk])).content.decode()
    assert re.search(r'<th colspan="\d+">“科企帮万村”精准扶贫行动帮扶统计表</th>', html)
    period = parse_period("2017H2")
    total = records_link("records", start=period.start, end=period.end, county="130821")
    assert total.replace("&", "&amp;") in html
    opened = client.get(total)
    assert opened.status_code == 200
    assert 'data-testid="counted-figure" data-value="0"' in opened.content.decode()


def test_a_heading_in_one_cell_runs_across_the_row_as_in_the_spreadsheet():
    from bangfu.reporting.preview import grid

    sheet = {"rows": [["填报单位：承德县扶贫办"], ["序号", "县", "村"], [1, "承德县", "东窑村"]]}
    rows = grid(sheet)
    assert [(c.value, c.colspan) for c in rows[0]] == [("填报单位：承德县扶贫办", 3)]
    assert len(rows[1]) == 3


def test_the_progress_previews_figures_open_the_pairings_records(
    calendar, pairing, client, officer_chengde
):
    from bangfu.assistance.indicators import records_link
    from bangfu.core.periods import parse_period

    submission = Submission.objects.get(
        report__programme=calendar,
        report__code=Report.PROGRESS,
        county__code="130821",
        period="2017H2",
    )
    client.force_login(officer_chengde)
    html = client.get(reverse("reporting:submission", args=[submission.pk])).content.decode()
    period = parse_period("2017H2")
    for code in ("records", "persons_trained", "jobs"):
        url = records_link(
            code, start=period.start, end=period.end, county="130821", pairing=pairing.number
        )
        assert url.replace("&", "&amp;") in html, code
    assert client.get(url).status_code == 200

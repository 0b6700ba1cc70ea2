"""The pairing agreement (帮扶协议, attachment 1): the .docx in the form's layout, and PDF."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document

from bangfu.pairing import documents
from bangfu.pairing.models import Pathway
from bangfu.pairing.services.pairings import pairing_propose
from bangfu.pairing.services.plans import plan_item_save
from bangfu.registry.models import VillageProfile

from .conftest import START

pytestmark = pytest.mark.django_db

END = dt.date(2020, 12, 31)


def docx_text(data: bytes) -> str:
    """All text of a .docx: paragraphs, every table cell (nested too), and the footer."""
    doc = Document(io.BytesIO(data))
    parts: list[str] = []

    def walk(container):
        for p in container.paragraphs:
            parts.append(p.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(doc)
    for section in doc.sections:
        walk(section.footer)
    return "\n".join(parts)


def plan_table(data: bytes):
    doc = Document(io.BytesIO(data))
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "序号"]
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture
def helper(make_helper):
    return make_helper(
        name="承德丰源农牧科技有限公司",
        address="承德市双桥区科技路8号",
        liaison_name="王建国",
        liaison_phone="13912345678",
    )


@pytest.fixture
def pairing(programme, village, helper, officer_chengde):
    profile = village.profile
    profile.households_total, profile.households_poor = 312, 87
    profile.people_total, profile.people_poor, profile.labour_force = 1046, 231, 520
    profile.arable_mu, profile.forest_mu = Decimal("2150.50"), Decimal("8000.00")
    profile.resources = "山场面积大，适宜发展林下经济"
    profile.save()
    p = pairing_propose(
        user=officer_chengde,
        helper=helper,
        village=village,
        start_date=START,
        end_date=END,
        focus="肉牛养殖",
        content="建设标准化肉牛养殖小区\n开展养殖技术培训",
        pathways=["industry", "technology"],
    )
    for what, value, unit, due in (
        ("技术培训", Decimal("200.00"), "人次", dt.date(2017, 12, 31)),
        ("建设养殖小区", Decimal("12.50"), "万元", dt.date(2017, 9, 30)),
        ("带动贫困户增收", Decimal("40"), "户", dt.date(2018, 12, 31)),
    ):
        plan_item_save(
            user=officer_chengde,
            pairing=p,
            what=what,
            how=f"{what}的方式",
            indicator=f"{what}指标",
            target_value=value,
            unit=unit,
            due_date=due,
        )
    return p


def test_the_agreement_names_both_parties_the_witness_and_the_plan(pairing, village):
    data = documents.agreement_docx(pairing)
    text = docx_text(data)
    assert "“科企帮万村”精准扶贫行动村企结对帮扶协议书" in text
    assert f"协议编号：{pairing.number}" in text
    assert "承德丰源农牧科技有限公司" in text
    assert pairing.helper.uscc in text
    assert "王建国" in text
    assert "13912345678" in text
    assert documents.village_short_name(village.name) in text
    assert village.name in text  # the village committee
    assert "承德县" in text
    assert "承德县扶贫开发办公室" in text
    assert "肉牛养殖" in text
    assert "建设标准化肉牛养殖小区\n开展养殖技术培训" in text  # line breaks kept
    with translation.override("zh-hans"):
        labels = "、".join(str(Pathway(p).label) for p in ("technology", "industry"))
    assert labels in text
    for what, target in (
        ("技术培训", "200人次"),
        ("建设养殖小区", "12.5万元"),
        ("带动贫困户增收", "40户"),
    ):
        assert what in text
        assert target in text
    # 村情 from the registry's profile
    for fact in ("312", "87", "1046", "231", "520", "2150.5", "8000", "养殖、中药材", "林下经济"):
        assert fact in text
    assert "自2017年5月1日起至2020年12月31日止" in text
    for seal in ("甲方（盖章）", "乙方（盖章）", "见证方（盖章）"):
        assert seal in text
    assert "{{" not in text
    assert "{%" not in text


def test_the_plan_table_has_one_row_per_item_by_due_date(pairing):
    rows = plan_table(documents.agreement_docx(pairing))
    assert rows[0] == ["序号", "帮扶事项", "帮扶方式", "目标指标", "目标值", "完成时限"]
    assert rows[1:] == [
        [
            "1",
            "建设养殖小区",
            "建设养殖小区的方式",
            "建设养殖小区指标",
            "12.5万元",
            "2017年9月30日",
        ],
        ["2", "技术培训", "技术培训的方式", "技术培训指标", "200人次", "2017年12月31日"],
        [
            "3",
            "带动贫困户增收",
            "带动贫困户增收的方式",
            "带动贫困户增收指标",
            "40户",
            "2018年12月31日",
        ],
    ]


def test_user_text_is_kept_literally_not_as_markup(programme, village, helper, officer_chengde):
    p = pairing_propose(
        user=officer_chengde,
        helper=helper,
        village=village,
        start_date=START,
        focus="<b>&",
        content="A & B <script>alert(1)</script> {{ number }}\x0b",
    )
    plan_item_save(
        user=officer_chengde,
        pairing=p,
        what="<w:p>&amp;",
        indicator="\"quoted\" 'x'",
        target_value=Decimal("1"),
        unit="<u>",
        due_date=START,
    )
    data = documents.agreement_docx(p)
    text = docx_text(data)
    assert "<b>&" in text
    assert "A & B <script>alert(1)</script> {{ number }}" in text
    assert "<w:p>&amp;" in text
    assert "\"quoted\" 'x'" in text
    assert "1<u>" in text


def test_a_pairing_without_plan_end_date_or_profile_still_renders(
    programme, village, helper, officer_chengde
):
    p = pairing_propose(user=officer_chengde, helper=helper, village=village, start_date=START)
    VillageProfile.objects.filter(village=village).delete()
    p.refresh_from_db()
    ctx = documents.agreement_context(p)
    assert ctx["plan_items"] == []
    assert ctx["term"] == "自2017年5月1日起至该村脱贫出列止"
    assert ctx["households_total"] == ctx["poor_status"] == ctx["focus"] == "—"
    text = docx_text(documents.agreement_docx(p))
    assert "自2017年5月1日起至该村脱贫出列止" in text
    assert "帮扶规划尚未列入本协议" in text
    assert p.number in text
    rows = plan_table(documents.agreement_docx(p))
    assert len(rows) == 2  # the header and the "no plan yet" row


def test_context_values_are_display_strings(pairing):
    ctx = documents.agreement_context(pairing)
    assert ctx["start_date"] == "2017年5月1日"
    assert ctx["end_date"] == "2020年12月31日"
    assert (ctx["arable_mu"], ctx["forest_mu"], ctx["grassland_mu"]) == ("2150.5", "8000", "0")
    assert ctx["poor_status"] == "建档立卡贫困村（2014年认定）"
    assert all(isinstance(v, str) for k, v in ctx.items() if k != "plan_items")
    assert all(isinstance(v, str) for item in ctx["plan_items"] for v in item.values())


def test_formatting_helpers():
    assert documents.format_date(dt.date(2017, 5, 1)) == "2017年5月1日"
    assert documents.format_date(None) == "—"
    assert documents.format_number(Decimal("50.00")) == "50"
    assert documents.format_number(Decimal("0.00")) == "0"
    assert documents.format_number(Decimal("1200.10")) == "1200.1"
    assert documents.format_list("养殖, 中药材，林果") == "养殖、中药材、林果"
    assert documents.village_short_name("小兰窝村村民委员会") == "小兰窝村"
    assert documents.village_committee("小兰窝村村民委员会") == "小兰窝村村民委员会"
    assert documents.village_committee("千层板社区") == "千层板社区居民委员会"


def test_filename(pairing):
    assert documents.agreement_filename(pairing, "pdf") == f"帮扶协议-{pairing.number}.pdf"
    assert documents.agreement_filename(pairing, ".docx") == f"帮扶协议-{pairing.number}.docx"


def test_without_libreoffice_there_is_no_pdf(settings, monkeypatch):
    settings.SOFFICE_PATH = ""
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    assert documents.soffice_path() is None
    assert documents.docx_to_pdf(b"anything") is None


def test_the_configured_soffice_path_wins(settings):
    settings.SOFFICE_PATH = "/opt/libreoffice/program/soffice"
    assert documents.soffice_path() == "/opt/libreoffice/program/soffice"


@pytest.mark.parametrize("exe", ["/bin/false", "/nonexistent/soffice"])
def test_a_failed_conversion_says_so(settings, exe):
    settings.SOFFICE_PATH = exe
    with pytest.raises(RuntimeError, match="LibreOffice could not"):
        documents.docx_to_pdf(b"PK not really a docx")


def test_a_conversion_that_hangs_is_killed(settings, tmp_path):
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 30\n")
    hang.chmod(0o755)
    settings.SOFFICE_PATH = str(hang)
    with pytest.raises(RuntimeError, match=r"within 0\.5 s"):
        documents.docx_to_pdf(b"x", timeout=0.5)


def test_the_committed_template_has_every_tag_the_context_fills(pairing):
    """An office's edit in Word must keep the tags; the sandbox refuses unknown ones."""
    from docxtpl import DocxTemplate

    tags = DocxTemplate(documents.TEMPLATE_PATH).get_undeclared_template_variables()
    assert tags <= set(documents.agreement_context(pairing)) | {"item"}
    assert {"number", "helper_name", "village_committee", "plan_items", "term"} <= tags


@pytest.mark.e2e
def test_the_agreement_converts_to_pdf_with_libreoffice(pairing, village, settings):
    settings.SOFFICE_PATH = ""
    missing = [
        name
        for name, found in (
            ("soffice", documents.soffice_path()),
            ("pdftotext", shutil.which("pdftotext")),
        )
        if not found
    ]
    if missing:
        message = f"{', '.join(missing)} not installed (scripts/ensure-libreoffice.sh)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    pdf = documents.docx_to_pdf(documents.agreement_docx(pairing))
    assert pdf is not None
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    squeezed = "".join(text.split())
    assert "承德丰源农牧科技有限公司" in squeezed
    assert documents.village_short_name(village.name) in squeezed
    assert "建设养殖小区" in squeezed
    assert "12.5万元" in squeezed
    assert pairing.number in squeezed


def test_generate_pdf_is_offered_only_where_the_server_can_make_pdfs(
    pairing, officer_chengde, client_for, settings, tmp_path
):
    page = pairing.get_absolute_url()
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    assert not documents.pdf_available()
    html = client_for(officer_chengde).get(page).content.decode()
    assert 'data-testid="agreement-pdf"' not in html
    assert 'data-testid="agreement-docx"' in html
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    settings.SOFFICE_PATH = str(fake)
    assert documents.pdf_available()
    assert 'data-testid="agreement-pdf"' in client_for(officer_chengde).get(page).content.decode()

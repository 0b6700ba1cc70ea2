"""The annual work summary (attachment 8, 年度工作总结): drafted from the year's figures.

bangfu writes section 一 (what was done, in numbers the county does not have to count) from
its own data; the county writes sections 二–四 in its own words on the submission's page. The
document is built with python-docx (no template to keep in step: the layout is a title, a
filing line and five headed sections).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from bangfu.core.periods import Period

SECTIONS = [
    ("achievements", _("Results and experience")),
    ("problems", _("Problems and difficulties")),
    ("plans", _("Plans for next year")),
]
SECTION_TITLES_ZH = {
    "achievements": "二、主要成效和经验",
    "problems": "三、存在的问题和困难",
    "plans": "四、下一年工作打算",
}


def year_figures(county, year: int, programme=None) -> dict:
    """The year's numbers for a county (JSON-safe: money as strings of yuan).

    The summary's own counts (pairings, helpers, poor villages, …) sit at the top level; the
    programme's indicators over the year's confirmed records sit under "indicators", apart:
    several indicators share a name with a count of the summary but mean something else
    (the indicator "helpers" counts the helpers with confirmed records, the summary's counts
    the helpers of the pairings), so the two are never merged into one dict."""
    from bangfu.assistance import indicators
    from bangfu.pairing.models import Pairing, PlanItem, Status
    from bangfu.registry.models import VillageProfile

    start, end = Period(year, 1).start, Period(year, 2).end
    records = indicators.counted_records(start=start, end=end, county=county.code)
    active_in_year = Pairing.objects.filter(
        county=county, activated_on__isnull=False, activated_on__lte=end
    ).exclude(ended_on__lt=start)
    if programme is not None:
        active_in_year = active_in_year.filter(programme=programme)
    poor = VillageProfile.objects.filter(
        county=county, is_registered_poor=True, exited_on__isnull=True
    )
    open_now = Pairing.objects.filter(status=Status.ACTIVE)
    if programme is not None:
        open_now = open_now.filter(programme=programme)
    covered = poor.filter(village_id__in=open_now.values("village_id")).count()
    items_due = PlanItem.objects.filter(
        pairing__county=county, due_date__gte=start, due_date__lte=end
    )
    if programme is not None:
        items_due = items_due.filter(pairing__programme=programme)
    return {
        "year": year,
        "county": county.name,
        "pairings": active_in_year.count(),
        "new_pairings": active_in_year.filter(activated_on__gte=start).count(),
        "agreements": active_in_year.filter(agreement__signed_on__lte=end).count(),
        "helpers": active_in_year.values("helper_id").distinct().count(),
        "poor_villages": poor.count(),
        "covered_now": covered,
        "records": records.count(),
        "items_due": items_due.count(),
        "items_done": items_due.filter(done_on__isnull=False, done_on__lte=end).count(),
        "indicators": {
            code: str(value) if isinstance(value, Decimal) else value
            for code, value in indicators.figures(records).items()
        },
    }


def _yuan(text: str) -> str:
    value = Decimal(text)
    return f"{value / 10000:,.2f}万元" if value >= 10000 else f"{value:,.2f}元"


def figures_paragraphs(f: dict) -> list[str]:
    """Section 一 in Chinese, from `year_figures`."""
    i = f["indicators"]
    return [
        f"{f['year']}年，{f['county']}共有{f['pairings']}个村企结对帮扶关系在帮扶期内"
        f"（其中本年新结对{f['new_pairings']}个），涉及帮扶主体{f['helpers']}个，"
        f"已签订帮扶协议{f['agreements']}份。",
        f"全县建档立卡贫困村（未出列）{f['poor_villages']}个，目前已有帮扶主体的"
        f"{f['covered_now']}个。",
        f"全年经县扶贫办确认的帮扶记录{f['records']}条：捐赠资金{_yuan(i['money'])}、"
        f"捐赠物资折款{_yuan(i['goods'])}，产业投入{_yuan(i['industry_investment'])}，"
        f"消费帮扶{_yuan(i['purchases'])}，发放贷款{_yuan(i['loans'])}；"
        f"培训{i['persons_trained']}人次（其中贫困人口{i['poor_trained']}人次），"
        f"帮助就业{i['jobs']}人（其中贫困人口{i['poor_jobs']}人），"
        f"受益贫困户{i['households_reached']}户、{i['people_reached']}人。",
        f"年内到期的帮扶规划事项{f['items_due']}项，按期完成{f['items_done']}项。",
    ]


def summary_docx(submission, figures: dict) -> bytes:
    """Attachment 8 as Word: A4, 附件8 at the head, the title, sections 一–五, and the
    county office with its stamp line and the date at the end."""
    from django.utils import timezone
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from bangfu.core.word import attachment_label, new_document, stamp_block

    doc = new_document(size=12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(
        f"{submission.county.name}“科企帮万村”精准扶贫行动{figures['year']}年度工作总结"
    )
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(f"填报单位：{submission.county.name}扶贫办")
    doc.add_heading("一、工作开展情况", level=2)
    for text in figures_paragraphs(figures):
        doc.add_paragraph(text)
    for key, _label in SECTIONS:
        doc.add_heading(SECTION_TITLES_ZH[key], level=2)
        text = (submission.sections or {}).get(key, "").strip()
        for paragraph in text.splitlines() or [""]:
            if paragraph.strip():
                doc.add_paragraph(paragraph.strip())
        if not text:
            doc.add_paragraph("（待县扶贫办填写）")
    if submission.remarks.strip():
        doc.add_heading("五、说明", level=2)
        doc.add_paragraph(submission.remarks.strip())
    stamp_block(doc, f"{submission.county.name}扶贫办", timezone.localdate())
    attachment_label(doc, f"附件{submission.report.attachment}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

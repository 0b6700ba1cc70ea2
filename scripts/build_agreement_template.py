#!/usr/bin/env python
"""Build the Word template of the pairing agreement (帮扶协议, attachment 1 of the plan).

    .venv/bin/python scripts/build_agreement_template.py [--output PATH]

writes bangfu/pairing/docx/agreement.docx: an A4 form in Chinese with docxtpl (Jinja) tags
that `bangfu.pairing.documents.agreement_docx` fills in. The built file is committed; offices
may restyle it in Word as long as the tags stay (`{{ name }}`, and the `{%tr … %}` rows of the
plan table). The output is byte-for-byte reproducible (fixed zip timestamps and document
dates), so rebuilding an unchanged template shows no diff.

Fonts: body 宋体 (SimSun), headings 黑体 (SimHei), for Chinese and Latin text alike; on Linux,
LibreOffice substitutes a CJK font it has (fonts-wqy-microhei on the project's machines).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bangfu" / "pairing" / "docx" / "agreement.docx"

SONG = "宋体"  # SimSun
HEI = "黑体"  # SimHei
BODY_PT = 12  # 小四
TABLE_PT = 10.5  # 五号
FIXED_TIME = dt.datetime(2017, 4, 28, tzinfo=dt.UTC)  # the plan's date for signing agreements
TEXT_WIDTH_CM = 15.6  # A4 210 mm less 28 mm + 26 mm margins

TITLE = "“科企帮万村”精准扶贫行动村企结对帮扶协议书"

PREAMBLE = (
    "为贯彻落实“科企帮万村”精准扶贫行动实施方案，坚持“义利兼顾、以义为先，村企合作、互惠双赢”"
    "和“精准识别、精准规划，精准帮扶、精准脱贫”的原则，甲方自愿与乙方结成帮扶对子。"
    "经甲、乙双方协商一致，在丙方见证下，订立本协议，共同遵守。"
)

HELPER_DUTIES = [
    "按照本协议确定的帮扶重点、内容和帮扶规划，投入资金、技术、人才、市场等资源，"
    "按时落实帮扶项目，确保达到规划目标。",
    "在帮扶过程中守法诚信，充分尊重和保护贫困群众利益，不得借帮扶名义损害乙方和农户的合法权益。",
    "按时向丙方报告帮扶进度和成效，如实提供帮扶项目、资金、物资和受益农户等资料，接受丙方的调研督导和检查考评。",
    "因经营困难或其他不可抗力，预计难以完成帮扶目标的，应及时书面告知乙方和丙方，"
    "由丙方协调其他企业接力帮扶，甲方配合做好交接，帮扶不留空档。",
    "有权了解帮扶项目实施和帮扶资金、物资使用情况，并对其进行监督；"
    "依法享受国家和地方支持企业参与扶贫开发的各项优惠政策。",
]
VILLAGE_DUTIES = [
    "如实向甲方提供本村地理资源、人口结构、产业状况和贫困户等情况，配合甲方考察调研、制定帮扶规划。",
    "组织动员贫困户参与帮扶项目，协调落实项目建设所需的用地、用工等条件，"
    "管好用好帮扶资金和物资，不得截留、挪用。",
    "对甲方落实的帮扶项目、资金和物资及时登记造册，组织受益农户确认签收，配合丙方开展检查考评。",
    "有权要求甲方按照本协议和帮扶规划落实帮扶；对帮扶中出现的问题，有权向丙方反映。",
]
WITNESS_DUTIES = [
    "负责村企对接的组织协调，提供贫困村详细情况，梳理并宣传相关扶贫政策，安排专人与甲方对接。",
    "对本协议的履行进行跟踪督导和检查考评，按时间节点汇总上报帮扶进度和统计资料。",
    "落实支持企业参与扶贫开发的优惠政策，本级扶贫资金和项目适当向结对村倾斜；"
    "甲方在帮扶中遇到障碍和问题时，积极协调予以解决。",
    "甲方不能继续帮扶时，及时协调其他企业接力帮扶，确保乙方脱贫出列前始终有企业结对帮扶。",
]
OTHER_TERMS = [
    "本协议未尽事宜，由三方协商解决，可以签订补充协议；补充协议与本协议具有同等效力。",
    "帮扶规划需要调整的，经甲、乙双方协商一致并报丙方备案后执行。",
    "履行本协议发生争议的，由三方本着友好合作的原则协商解决。",
    "本协议一式三份，甲、乙、丙三方各执一份，自三方代表签字并盖章之日起生效。",
]

# (header, width in cm, value tag) of the plan table (帮扶规划): what, how, target, when.
PLAN_COLUMNS = [
    ("序号", 1.2, "{{ item.no }}"),
    ("帮扶事项", 3.2, "{{ item.what }}"),
    ("帮扶方式", 3.2, "{{ item.how }}"),
    ("目标指标", 2.2, "{{ item.indicator }}"),
    ("目标值", 2.0, "{{ item.target }}"),
    # 2017年12月31日 on one line, also with LibreOffice's wider substitute digits
    ("完成时限", 3.8, "{{ item.due_date }}"),
]

# 村情 as a form: (label, tag, label, tag); a None label spans the row's value over 3 cells.
FACT_ROWS = [
    ("村庄类别", "{{ poor_status }}", None, None),
    ("总户数（户）", "{{ households_total }}", "建档立卡贫困户（户）", "{{ households_poor }}"),
    ("总人口（人）", "{{ people_total }}", "建档立卡贫困人口（人）", "{{ people_poor }}"),
    ("劳动力（人）", "{{ labour_force }}", "耕地面积（亩）", "{{ arable_mu }}"),
    ("林地面积（亩）", "{{ forest_mu }}", "草场面积（亩）", "{{ grassland_mu }}"),
    ("主导产业", "{{ main_industries }}", None, None),
    ("资源优势", "{{ resources }}", None, None),
]
FACT_WIDTHS = [3.2, 3.6, 4.6, 4.2]


# --------------------------------------------------------------------------- xml helpers


# Element order of w:pPr and w:tblPr in the OOXML schema: Word rejects a file whose
# properties are out of order, so new ones are inserted at their place, not appended.
_PPR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_TBLPR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
PPR_ORDER, TBLPR_ORDER = _PPR.split(), _TBLPR.split()


def insert_ordered(parent, child, order) -> None:
    """Put `child` into `parent` where the schema's sequence `order` wants it."""
    name = child.tag.split("}")[1]
    old = parent.find(qn(f"w:{name}"))
    if old is not None:
        parent.remove(old)
    later = set(order[order.index(name) + 1 :])
    for i, sibling in enumerate(parent):
        if sibling.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def get_rpr(owner):
    """The w:rPr of a style, run or w:rPrDefault element, made if missing."""
    if hasattr(owner, "get_or_add_rPr"):
        return owner.get_or_add_rPr()
    rpr = owner.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        owner.append(rpr)
    return rpr


def set_fonts(rpr_owner, font: str) -> None:
    """One font for Chinese, Latin letters and digits alike (python-docx only sets the
    Latin slots): digits stay narrow and match the Chinese text, in Word with SimSun as in
    LibreOffice with its substitute, so tables wrap the same way in both."""
    rpr = get_rpr(rpr_owner)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)
    # Quotes like “ ” are drawn full-width from the East Asian font.
    fonts.set(qn("w:hint"), "eastAsia")


def set_lang(rpr_owner) -> None:
    rpr = get_rpr(rpr_owner)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_cell_margins(table, top=60, bottom=60, left=90, right=90) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    insert_ordered(tbl_pr, mar, TBLPR_ORDER)


def set_borders(table, *, visible: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if visible:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "6")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    insert_ordered(tbl_pr, borders, TBLPR_ORDER)


def fixed_layout(table, widths_cm) -> None:
    """Fixed column widths (Word and LibreOffice both honour tblGrid + tcW)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_ordered(tbl_pr, layout, TBLPR_ORDER)
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)


def row_flags(row, *, header: bool = False) -> None:
    """Keep a row on one page; repeat a header row on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def no_cjk_latin_gap(style) -> None:
    """No extra space between Chinese and Latin letters or digits (w:autoSpaceDE/DN)."""
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        insert_ordered(ppr, el, PPR_ORDER)


def outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    insert_ordered(ppr, el, PPR_ORDER)


def add_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif kind == "result":
            run.text = "1"
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


# --------------------------------------------------------------------------- styles


def build_styles(doc) -> None:
    styles = doc.styles

    # Document defaults, so that any text Word adds later gets the same fonts.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_fonts(rpr_default, SONG)
    set_lang(rpr_default)

    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, SONG)
    set_lang(normal.element)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.3
    pf.widow_control = True

    def para_style(name, *, base="Normal", font=SONG, size=BODY_PT, bold=False):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        set_fonts(style.element, font)
        return style

    title = para_style("协议标题", font=HEI, size=18)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.keep_with_next = True
    outline_level(title, 0)

    number = para_style("协议编号")
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.paragraph_format.space_after = Pt(12)

    party = para_style("当事方", font=HEI)
    party.paragraph_format.space_before = Pt(6)
    party.paragraph_format.keep_with_next = True

    party_line = para_style("当事方信息")
    party_line.paragraph_format.left_indent = Pt(BODY_PT * 2)
    party_line.paragraph_format.keep_with_next = True

    clause = para_style("条款标题", font=HEI, size=14)
    clause.paragraph_format.space_before = Pt(12)
    clause.paragraph_format.space_after = Pt(6)
    clause.paragraph_format.keep_with_next = True
    outline_level(clause, 1)

    sub = para_style("分项标题", font=HEI)
    sub.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    sub.paragraph_format.space_before = Pt(3)
    sub.paragraph_format.keep_with_next = True

    body = para_style("协议正文")
    body.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # Filled-in text may hold line breaks: left-aligned, or the line before a break is
    # stretched across the page.
    filled = para_style("协议填写", base="协议正文")
    filled.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    cell = para_style("表格文字", size=TABLE_PT)
    cell.paragraph_format.line_spacing = 1.0
    no_cjk_latin_gap(cell)  # Word: no extra gap between digits and Chinese
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    cell_head = para_style("表头", base="表格文字", font=HEI, size=TABLE_PT)
    cell_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    cell_centre = para_style("表格居中", base="表格文字", size=TABLE_PT)
    cell_centre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    sign = para_style("签署", size=11)
    sign.paragraph_format.keep_with_next = True
    sign.paragraph_format.line_spacing = 1.5

    footer = para_style("页脚文字", size=9)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.line_spacing = 1.0


def cell_text(cell, text: str, style: str, *, valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER) -> None:
    cell.vertical_alignment = valign
    p = cell.paragraphs[0]
    p.style = style
    p.text = text


# --------------------------------------------------------------------------- the document


def build_parties(doc) -> None:
    doc.add_paragraph("甲方（帮扶方）：{{ helper_name }}", style="当事方")
    doc.add_paragraph("统一社会信用代码：{{ helper_uscc }}", style="当事方信息")
    doc.add_paragraph("地址：{{ helper_address }}", style="当事方信息")
    doc.add_paragraph(
        "联系人：{{ helper_liaison }}　　联系电话：{{ helper_phone }}", style="当事方信息"
    )

    doc.add_paragraph("乙方（受帮扶村）：{{ village_committee }}", style="当事方")
    doc.add_paragraph("所在地：{{ village_location }}", style="当事方信息")
    # The village's own signatory and phone are written in by hand at signing.
    p = doc.add_paragraph("负责人：", style="当事方信息")
    p.add_run("　" * 6).font.underline = True
    p.add_run("　　联系电话：")
    p.add_run("　" * 7).font.underline = True

    doc.add_paragraph("丙方（见证方）：{{ witness }}", style="当事方")
    doc.add_paragraph("所属：{{ city_name }}{{ county_name }}", style="当事方信息")


def build_facts(doc) -> None:
    doc.add_paragraph("一、村情", style="条款标题")
    doc.add_paragraph("乙方{{ village_name }}的基本情况如下：", style="协议正文")
    table = doc.add_table(rows=len(FACT_ROWS), cols=4)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, visible=True)
    set_cell_margins(table)
    fixed_layout(table, FACT_WIDTHS)
    for row, (label1, tag1, label2, tag2) in zip(table.rows, FACT_ROWS, strict=True):
        row_flags(row)
        row.height = Cm(0.8)
        cells = row.cells
        cell_text(cells[0], label1, "表头")
        if label2 is None:
            merged = cells[1].merge(cells[3])
            cell_text(merged, tag1, "表格文字")
        else:
            cell_text(cells[1], tag1, "表格居中")
            cell_text(cells[2], label2, "表头")
            cell_text(cells[3], tag2, "表格居中")


def build_focus(doc) -> None:
    doc.add_paragraph("二、帮扶重点和内容", style="条款标题")
    for label, tag in (
        ("（一）帮扶重点：", "{{ focus }}"),
        ("（二）帮扶内容：", "{{ content }}"),
        ("（三）帮扶途径：", "{{ pathways }}"),
    ):
        p = doc.add_paragraph(style="协议填写")
        p.add_run(label).font.bold = True
        p.add_run(tag)


def build_plan(doc) -> None:
    doc.add_paragraph("三、帮扶规划", style="条款标题")
    doc.add_paragraph(
        "甲方按下表规划对乙方实施帮扶，明确帮什么、如何帮、达到什么目标、什么时候落实：",
        style="协议正文",
    )
    widths = [w for _h, w, _t in PLAN_COLUMNS]
    n = len(PLAN_COLUMNS)
    # header, {%tr for %}, item row, {%tr endfor %}, {%tr if not %}, empty-plan row, {%tr endif %}
    table = doc.add_table(rows=7, cols=n)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, visible=True)
    set_cell_margins(table)
    fixed_layout(table, widths)
    rows = table.rows

    row_flags(rows[0], header=True)
    for cell, (header, _w, _t) in zip(rows[0].cells, PLAN_COLUMNS, strict=True):
        cell_text(cell, header, "表头")

    def control_row(row, tag):
        merged = row.cells[0].merge(row.cells[n - 1])
        cell_text(merged, tag, "表格文字")

    control_row(rows[1], "{%tr for item in plan_items %}")
    row_flags(rows[2])
    for i, (cell, (_h, _w, tag)) in enumerate(zip(rows[2].cells, PLAN_COLUMNS, strict=True)):
        centred = i in (0, 4, 5)
        cell_text(cell, tag, "表格居中" if centred else "表格文字")
    control_row(rows[3], "{%tr endfor %}")
    control_row(rows[4], "{%tr if not plan_items %}")
    row_flags(rows[5])
    merged = rows[5].cells[0].merge(rows[5].cells[n - 1])
    cell_text(
        merged,
        "帮扶规划尚未列入本协议，由甲、乙双方协商制定后报丙方备案，作为本协议附件。",
        "表格居中",
    )
    control_row(rows[6], "{%tr endif %}")


def build_term(doc) -> None:
    doc.add_paragraph("四、帮扶期限", style="条款标题")
    doc.add_paragraph("本协议帮扶期限{{ term }}。", style="协议正文")
    doc.add_paragraph(
        "乙方脱贫出列后，甲方继续跟踪帮扶，帮助乙方建立产业发展长效机制，防止返贫。",
        style="协议正文",
    )


def build_duties(doc) -> None:
    doc.add_paragraph("五、双方权利和义务", style="条款标题")
    for heading, items in (
        ("（一）甲方的权利和义务", HELPER_DUTIES),
        ("（二）乙方的权利和义务", VILLAGE_DUTIES),
        ("（三）丙方（见证方）的职责", WITNESS_DUTIES),
    ):
        doc.add_paragraph(heading, style="分项标题")
        for i, text in enumerate(items, 1):
            doc.add_paragraph(f"{i}．{text}", style="协议正文")


def build_other(doc) -> None:
    doc.add_paragraph("六、其他", style="条款标题")
    for i, text in enumerate(OTHER_TERMS, 1):
        doc.add_paragraph(f"{i}．{text}", style="协议正文")
    doc.add_paragraph("（以下无正文）", style="协议正文")


def build_signatures(doc) -> None:
    spacer = doc.add_paragraph(style="签署")
    spacer.paragraph_format.space_before = Pt(12)
    parties = [
        ("甲方（盖章）：", "{{ helper_name }}"),
        ("乙方（盖章）：", "{{ village_committee }}"),
        ("见证方（盖章）：", "{{ witness }}"),
    ]
    table = doc.add_table(rows=4, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, visible=False)
    set_cell_margins(table, left=60, right=60)
    fixed_layout(table, [TEXT_WIDTH_CM / 3] * 3)
    for row in table.rows:
        row_flags(row)
    top = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for col, (label, name) in enumerate(parties):
        cell_text(table.cell(0, col), label, "签署", valign=top)
        cell_text(table.cell(1, col), name, "签署", valign=top)
        cell_text(
            table.cell(2, col), "代表签字：", "签署", valign=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        )
        cell_text(table.cell(3, col), "日期：　　年　　月　　日", "签署", valign=top)
    table.rows[1].height = Cm(2.2)  # room for the seal
    table.rows[2].height = Cm(1.2)


def build_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.style = "页脚文字"
    p.add_run("协议编号：{{ number }}　　第 ")
    add_field(p, "PAGE")
    p.add_run(" 页 共 ")
    add_field(p, "NUMPAGES")
    p.add_run(" 页")


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(12), Mm(12)

    build_styles(doc)
    doc.add_paragraph(TITLE, style="协议标题")
    doc.add_paragraph("协议编号：{{ number }}", style="协议编号")
    build_parties(doc)
    doc.add_paragraph(PREAMBLE, style="协议正文").paragraph_format.space_before = Pt(12)
    build_facts(doc)
    build_focus(doc)
    build_plan(doc)
    build_term(doc)
    build_duties(doc)
    build_other(doc)
    build_signatures(doc)
    build_footer(section)

    props = doc.core_properties
    props.title = "村企结对帮扶协议书 {{ number }}"
    props.subject = "“科企帮万村”精准扶贫行动 附件1"
    props.author = "bangfu"
    props.last_modified_by = "bangfu"
    props.language = "zh-CN"
    props.keywords = "帮扶协议"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)

    raw = io.BytesIO()
    doc.save(raw)
    return reproducible_zip(raw.getvalue())


def reproducible_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so rebuilding gives identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if OUTPUT differs from what the script builds (it was edited or is stale)",
    )
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == data
        sys.stdout.write(f"{args.output}: {'up to date' if same else 'differs from the build'}\n")
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    sys.stdout.write(f"wrote {args.output} ({len(data):,} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The donation receipt as a Word document, with amounts in capital Chinese numerals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bangfu.support.models import DonationReceipt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + UNITS[i]
    return out


def yuan_in_words(amount: Decimal) -> str:
    """An amount in capital Chinese numerals, as on receipts: 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    whole, cents = divmod(int(amount * 100), 100)
    parts, group, need_zero = [], 0, False
    while whole:
        chunk = whole % 10000
        if chunk:
            text = _four(chunk) + GROUPS[group]
            if need_zero:
                text += "零"
            parts.insert(0, text)
            need_zero = chunk < 1000
        elif parts:
            need_zero = True
        whole //= 10000
        group += 1
    text = "".join(parts)
    text = text.rstrip("零") if text else "零"
    text += "元"
    jiao, fen = divmod(cents, 10)
    if not cents:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text


def _d(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _y(value: Decimal) -> str:
    return f"{value:,.2f}"


def receipt_docx(receipt: DonationReceipt, records) -> bytes:
    """The receipt as Word, always in Chinese (a tax document): who gave, how much in money
    and goods, in figures and in capitals, and the confirmed records it sums."""
    import io

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from bangfu.core.word import new_document, stamp_block

    doc = new_document(size=11)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("扶贫公益捐赠票据")
    run.bold = True
    run.font.size = Pt(18)
    doc.add_paragraph(f"票据号码：{receipt.number}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = (
        ("捐赠单位", receipt.helper.name),
        ("统一社会信用代码", receipt.helper.uscc),
        ("受赠地区", f"{receipt.county.name}（结对帮扶贫困村）"),
        ("捐赠年度", f"{receipt.year}年"),
        ("捐赠资金（元）", _y(receipt.money_yuan)),
        ("捐赠物资折款（元）", _y(receipt.goods_yuan)),
        ("合计（元）", _y(receipt.amount_yuan)),
        ("合计（大写）", yuan_in_words(receipt.amount_yuan)),
        ("依据", f"经县扶贫办确认的公益帮扶记录{receipt.records}条（明细见下表）"),
    )
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = str(value)
    doc.add_paragraph()
    doc.add_paragraph("捐赠明细")
    detail = doc.add_table(rows=1, cols=5)
    detail.style = "Table Grid"
    for cell, text in zip(
        detail.rows[0].cells, ("日期", "村", "记录号", "资金（元）", "物资折款（元）"), strict=True
    ):
        cell.text = text
    for r in records:
        cells = detail.add_row().cells
        values = (_d(r.on), r.village.name, r.number, _y(r.money_yuan), _y(r.goods_yuan))
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    doc.add_paragraph()
    doc.add_paragraph(
        "本票据依据“科企帮万村”精准扶贫行动实施方案，证明上述单位在结对帮扶中的公益捐赠，"
        "供其依法享受捐赠税前扣除等优惠财税政策时使用。"
    )
    stamp_block(doc, f"开具单位：{receipt.issuer}", receipt.issued_on)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

"""How every generated .xlsx form prints: A4, one page wide, header rows repeated, signed.

`set_up_printing` is the page set-up shared by every sheet bangfu writes (the forms of
attachments 3–7 and the plain exports): A4, landscape when the columns are wider than a
portrait page, fitted to one page wide (as many pages down as needed), the header rows
repeated on every page, page numbers in the footer. `signature_line` and `stamp_line` are
the lines an office signs and stamps at the foot and the head of a form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

A4 = 9  # XlsxWriter's (and Excel's) paper code for A4
#: Column-width units (about one Latin character each) that fit across a portrait A4 page
#: at 100 %; wider sheets print landscape (and are then scaled to the page width).
PORTRAIT_WIDTH = 95
BLANK = "　" * 8  # a space to write a name in by hand


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def is_wide(widths: Iterable[float]) -> bool:
    """Whether columns of these widths print landscape."""
    return sum(widths) > PORTRAIT_WIDTH


def set_up_printing(
    sheet,
    *,
    widths: Iterable[float],
    header_rows: tuple[int, int] | None = None,
    print_area: tuple[int, int, int, int] | None = None,
) -> None:
    """A4, landscape when wide, fitted to one page wide, `header_rows` (first, last; 0-based)
    repeated on every page, centred, narrow margins and 第 n 页 / 共 n 页 in the footer."""
    if is_wide(widths):
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as needed
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
    if print_area is not None:
        sheet.print_area(*print_area)
    sheet.set_footer("&C第 &P 页　共 &N 页")


def stamp_line(unit: str, day: dt.date | None = None) -> str:
    """The head line of a form: the filing unit, where its stamp goes, and the date."""
    text = f"填报单位（盖章）：{unit}"
    return f"{text}　　　　填报日期：{zh_date(day)}" if day else text


def signature_line(day: dt.date) -> str:
    """The foot line of a form: who filled it in, who checked it, a phone and the date."""
    return f"填表人：{BLANK}　　审核人：{BLANK}　　联系电话：{BLANK}　　填报日期：{zh_date(day)}"

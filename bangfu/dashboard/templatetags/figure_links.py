"""Where a dashboard figure opens its records: `{% figure_url code filters [division] as url %}`
for one figure, `{% figure_cells cells filters [division] %}` for a table row's figures."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join

from bangfu.assistance.indicators import records_link
from bangfu.places.models import Level

register = template.Library()


@register.simple_tag
def figure_url(code: str, filters, division=None) -> str:
    """The records (or helpers, villages, households) that the figure `code` counts for the
    dashboard's `filters` (its period and county), or for one county or township of its
    tables: the same scope and dates as the figure (`indicators.records_link`)."""
    scope = {"start": None, "end": None}
    if filters.period is not None:
        scope = {"start": filters.period.start, "end": filters.period.end}
    county = filters.county.code if filters.county is not None else None
    township = None
    if division is not None:
        if division.level == Level.TOWNSHIP:
            township = division.code
        else:
            county = division.code
    return records_link(code, county=county, township=township, **scope)


CELL = '<td class="text-end" data-indicator="{}"><a href="{}">{}</a></td>'


@register.simple_tag
def figure_cells(cells, filters, division=None):
    """A table row's figures, each a cell linking to what it counts: the markup of
    `{% for code, value in cells %}{% figure_url code filters division as url %}` + CELL,
    written by one tag instead of four template nodes a cell (a county's table has
    hundreds of cells)."""
    return format_html_join(
        "", CELL, ((code, figure_url(code, filters, division), value) for code, value in cells)
    )

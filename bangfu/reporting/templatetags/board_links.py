"""`{% board_url what county report year as url %}`: where a figure of the board opens."""

from django import template

from ..selectors import board_link

register = template.Library()


@register.simple_tag
def board_url(what: str, county=None, report=None, year=None) -> str:
    return board_link(what, county=county, report=report, year=year)

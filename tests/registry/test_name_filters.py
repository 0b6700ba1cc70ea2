"""Filters take places and helpers by name: township → village as searchable choices (name
or pinyin initials, villages of the chosen township), a helper by name; a name typed where a
code was expected is refused with a message, never a silent “0 户”."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_household_filter_offers_townships_and_their_villages_by_name(
    household, client_for, officer_chengde
):
    village = household.village
    html = client_for(officer_chengde).get("/registry/households/").content.decode()
    select = re.search(r'<select name="village".*?</select>', html, re.S).group(0)
    assert 'data-searchable="1"' in select
    assert 'data-cascade-from="id_township"' in select
    option = re.search(rf'<option value="{village.code}"[^>]*>[^<]*', select).group(0)
    assert f'data-pinyin="{village.initials}"' in option
    assert f'data-parent="{village.parent.code}"' in option
    assert f"{village.name}（{village.parent.name}）" in option
    township = re.search(r'<select name="township".*?</select>', html, re.S).group(0)
    assert f'data-pinyin="{village.parent.initials}"' in township


def test_a_village_chosen_by_code_filters_and_a_name_is_refused_with_a_message(
    household, client_for, officer_chengde
):
    c = client_for(officer_chengde)
    page = c.get(f"/registry/households/?village={household.village.code}")
    assert household.head_name in page.content.decode()
    html = c.get("/registry/households/?village=北𨟠村").content.decode()
    errors = re.findall(r'data-testid="filter-error">([^<]+)<', html)
    assert errors
    assert "北𨟠村" in errors[0]


def test_searchable_choices_write_the_markup_of_djangos_select_templates():
    """The searchable select writes its options itself (the templates cost a third of a
    millisecond an option): the markup is the templates', character for character, for
    the chosen option, the search and parent keys, and text that must be escaped."""
    from django import forms

    from bangfu.core.forms import SearchableSelect
    from bangfu.places.choosers import PlaceSelect

    choices = [
        ("", "全部"),
        ("130821100201", "下板城村（下板城镇）"),
        ("130821100202", 'A & B <"村">'),
        (7, "seven"),
    ]
    for cls in (SearchableSelect, PlaceSelect):
        widget = cls(attrs={"class": "form-select", "disabled": False, "required": True})
        widget.choices = choices
        widget.search_keys = {"130821100201": "xbcc", "7": "q&q"}
        if cls is PlaceSelect:
            widget.parents = {"130821100201": "130821100", "130821100202": '1"2'}
        for value in ("", "130821100201", '<x">', None, 7):
            ours = widget.render("village", value, attrs={"id": "id_village"})
            django = forms.Select.render(widget, "village", value, attrs={"id": "id_village"})
            assert str(ours) == str(django)
    assert "selected" in str(widget.render("village", "130821100201"))
    assert "&lt;&quot;村&quot;&gt;" in str(widget.render("village", ""))


def test_grouped_choices_still_render_through_the_templates():
    from django import forms

    from bangfu.core.forms import SearchableSelect

    widget = SearchableSelect()
    widget.choices = [("承德县", [("1", "一"), ("2", "二")]), ("3", "三")]
    ours = widget.render("v", "2")
    assert str(ours) == str(forms.Select.render(widget, "v", "2"))
    assert '<optgroup label="承德县">' in str(ours)

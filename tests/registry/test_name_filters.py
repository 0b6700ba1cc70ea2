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

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


def test_selects_are_written_as_djangos_select_templates_write_them():
    """The form renderer writes selects itself (the templates cost a third of a millisecond
    an option): the markup is the templates', character for character, for plain, multiple,
    searchable and place choices, the chosen options, the search and parent keys, text that
    must be escaped, and option groups (left to the templates)."""
    from django import forms
    from django.forms.renderers import DjangoTemplates

    from bangfu.core.forms import FormRenderer, SearchableSelect
    from bangfu.places.choosers import PlaceSelect

    ours, django = FormRenderer(), DjangoTemplates()
    choices = [
        ("", "全部"),
        ("130821100201", "下板城村（下板城镇）"),
        ("130821100202", 'A & B <"村">'),
        (7, "seven"),
    ]
    grouped = [("承德县", [("1", "一"), ("2", "二")]), ("3", "三")]
    widgets = []
    for cls in (forms.Select, forms.SelectMultiple, SearchableSelect, PlaceSelect):
        widget = cls(attrs={"class": "form-select", "disabled": False, "required": True})
        widget.choices = choices
        if isinstance(widget, SearchableSelect):
            widget.search_keys = {"130821100201": "xbcc", "7": "q&q"}
        if isinstance(widget, PlaceSelect):
            widget.parents = {"130821100201": "130821100", "130821100202": '1"2'}
        widgets.append(widget)
        plain = cls()
        plain.choices = grouped
        widgets.append(plain)
    cases = 0
    for widget in widgets:
        for value in ("", "130821100201", '<x">', None, 7, ["2", "7"], "2"):
            if isinstance(value, list) and not widget.allow_multiple_selected:
                continue
            args = ("village", value, {"id": "id_village"})
            assert widget.render(*args, renderer=ours) == widget.render(*args, renderer=django)
            cases += 1
    assert cases == 50  # 8 widgets × 7 values, the list only for the 2 multiple ones
    searchable = widgets[4]
    assert "selected" in searchable.render("v", "130821100201", renderer=ours)
    assert "&lt;&quot;村&quot;&gt;" in searchable.render("v", "", renderer=ours)
    assert '<optgroup label="承德县">' in widgets[1].render("v", "2", renderer=ours)


def test_the_project_renders_forms_with_its_renderer():
    from django.forms.renderers import get_default_renderer

    from bangfu.core.forms import FormRenderer

    assert isinstance(get_default_renderer(), FormRenderer)


def _village_select(html: str) -> str:
    return re.search(r'<select name="village".*?</select>', html, re.S).group(0)


def test_a_county_has_all_its_villages_in_the_page(household, client_for, officer_chengde):
    """390 villages: under VILLAGE_OPTIONS_MAX, the chooser filters them in the browser."""
    select = _village_select(
        client_for(officer_chengde).get("/registry/households/").content.decode()
    )
    assert "data-options-url" not in select
    assert select.count("<option") == 1 + 390


def test_the_city_gets_its_villages_on_demand(household, client_for, city_officer):
    """1,638 villages: the page holds the chosen township's and the chosen village only."""
    from bangfu.places.choosers import VILLAGE_OPTIONS_MAX
    from bangfu.places.models import Division

    village = household.village
    assert Division.objects.filter(level="village").count() > VILLAGE_OPTIONS_MAX
    c = client_for(city_officer)
    select = _village_select(c.get("/registry/households/").content.decode())
    assert 'data-options-url="/places/villages/options/"' in select
    assert select.count("<option") == 1  # 全部 only
    township = village.parent
    html = c.get(f"/registry/households/?township={township.code}").content.decode()
    in_township = Division.objects.filter(parent=township).count()
    assert _village_select(html).count("<option") == 1 + in_township
    html = c.get(f"/registry/households/?village={village.code}").content.decode()
    assert household.head_name in html
    assert f'<option value="{village.code}" selected' in _village_select(html)
    html = c.get("/registry/households/?village=北𨟠村").content.decode()
    assert re.findall(r'data-testid="filter-error">([^<]+)<', html)


def test_the_village_options_answer_a_township_or_a_name_within_the_scope(
    db, client_for, officer_chengde, officer_weichang
):
    from bangfu.places.models import Division

    township = Division.objects.get(code="130821100")  # 下板城镇
    c = client_for(officer_chengde)
    got = c.get("/places/villages/options/", {"township": township.code}).json()["options"]
    assert [o["value"] for o in got] == list(
        Division.objects.filter(parent=township).order_by("code").values_list("code", flat=True)
    )
    first = Division.objects.filter(parent=township).order_by("code").first()
    assert got[0] == {
        "value": first.code,
        "text": f"{first.name}（{township.name}）",
        "pinyin": first.initials,
        "parent": township.code,
    }
    by_name = c.get("/places/villages/options/", {"q": first.name}).json()["options"]
    assert first.code in [o["value"] for o in by_name]
    by_initials = c.get("/places/villages/options/", {"q": first.initials}).json()["options"]
    assert all(o["pinyin"].startswith(first.initials) for o in by_initials)
    assert len(by_initials) <= 50
    assert c.get("/places/villages/options/").json() == {"options": []}
    other = client_for(officer_weichang)  # another county's township: 404, as every filter
    assert other.get("/places/villages/options/", {"township": township.code}).status_code == 404
    assert other.get("/places/villages/options/", {"q": first.name}).json() == {"options": []}

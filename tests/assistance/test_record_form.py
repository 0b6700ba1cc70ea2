"""The record form: kinds of the chosen pathway (each kind once), the measures that fit the
kind, no pathway chosen for the user, searchable helper and village choosers."""

from __future__ import annotations

import re

import pytest

from bangfu.assistance.forms.fields import MEASURES_BY_KIND, kind_choices
from bangfu.assistance.forms.records import MEASURE_GROUPS
from bangfu.assistance.models import KINDS_BY_PATHWAY, Kind

pytestmark = pytest.mark.django_db


def test_every_kind_is_offered_once_and_has_its_measures():
    values = [value for value, _label in kind_choices() if value]
    assert sorted(values) == sorted(Kind.values)
    assert values.count("training") == 1
    measures = {name for _label, names in MEASURE_GROUPS for name in names}
    for kind in Kind.values:
        assert MEASURES_BY_KIND[kind], kind
        assert set(MEASURES_BY_KIND[kind]) <= measures, kind
    assert {k for kinds in KINDS_BY_PATHWAY.values() for k in kinds} == set(MEASURES_BY_KIND)


def test_the_form_page_names_each_kinds_pathways_and_presets_no_pathway(
    pairing, helper_liaison, client_for
):
    html = client_for(helper_liaison).get(f"/assistance/new/?pairing={pairing.number}")
    html = html.content.decode()
    training = re.search(r'<option value="training"[^>]*>', html).group(0)
    assert 'data-pathways="technology employment"' in training
    assert 'data-measures="persons_trained poor_trained money_yuan households_reached"' in training
    assert html.count('<option value="training"') == 1
    pathway = re.search(r'<select name="pathway".*?</select>', html, re.S).group(0)
    assert "selected" not in pathway.replace('value="" selected', "")
    assert 'data-measure="loan_rate"' in html
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in html
    assert "/static/bangfu/forms.js" in html
    assert "cdn" not in html.lower()


def test_the_helper_and_village_choosers_are_searchable_by_pinyin(
    pairing, officer_chengde, client_for
):
    html = client_for(officer_chengde).get("/assistance/new/").content.decode()
    village = re.search(r'<select name="village"[^>]*>', html).group(0)
    helper = re.search(r'<select name="helper"[^>]*>', html).group(0)
    assert 'data-searchable="1"' in village
    assert 'data-searchable="1"' in helper
    option = re.search(rf'<option value="{pairing.village.code}"[^>]*>', html).group(0)
    assert f'data-pinyin="{pairing.village.initials} {pairing.village.parent.initials}"' in option
    helpers = re.search(r'<select name="helper".*?</select>', html, re.S).group(0)
    option = re.search(rf'<option value="{pairing.helper.pk}"[^>]*>', helpers).group(0)
    assert f'data-pinyin="{pairing.helper.initials}"' in option


def test_the_assistance_list_filters_a_helper_by_name(pairing, client_for, officer_chengde):
    from bangfu.helpers.models import Helper

    helper = Helper.objects.get(pk=pairing.helper_id)
    html = client_for(officer_chengde).get("/assistance/").content.decode()
    select = re.search(r'<select name="helper".*?</select>', html, re.S).group(0)
    option = re.search(rf'<option value="{helper.uscc}"[^>]*>([^<]*)', select)
    assert option.group(1) == helper.name
    assert f'data-pinyin="{helper.initials}"' in option.group(0)
    html = client_for(officer_chengde).get("/assistance/?helper=承德绿源").content.decode()
    assert 'data-testid="filter-errors"' in html

"""The assistance list's helper chooser: all helpers in the page up to 500, beyond that the
chosen one only, the others looked up by name, initials or credit code as the user types."""

from __future__ import annotations

import re

import pytest

from bangfu.core.forms import OPTIONS_ON_DEMAND_OVER
from bangfu.helpers.models import Helper

pytestmark = pytest.mark.django_db


def _helper_select(html: str) -> str:
    return re.search(r'<select name="helper".*?</select>', html, re.S).group(0)


def _many(n: int) -> list[Helper]:
    return Helper.objects.bulk_create(
        Helper(
            name=f"承德帮扶企业{i:04d}",
            uscc=f"91130800MA{i:07d}X",
            kind="private",
            initials=f"cd{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}",  # cdaa, cdab, …
        )
        for i in range(n)
    )


def test_a_few_hundred_helpers_are_all_in_the_page(client_for, city_officer):
    _many(20)
    select = _helper_select(client_for(city_officer).get("/assistance/").content.decode())
    assert "data-options-url" not in select
    assert select.count("<option") == 1 + Helper.objects.count()


def test_beyond_the_limit_the_page_holds_the_chosen_helper_only(client_for, city_officer):
    helpers = _many(OPTIONS_ON_DEMAND_OVER + 1)
    c = client_for(city_officer)
    select = _helper_select(c.get("/assistance/").content.decode())
    assert 'data-options-url="/helpers/options/"' in select
    assert select.count("<option") == 1
    chosen = helpers[7]
    page = c.get("/assistance/", {"helper": chosen.uscc.lower()})  # an old link in lower case
    select = _helper_select(page.content.decode())
    assert select.count("<option") == 2
    assert f'<option value="{chosen.uscc}" selected' in select
    refused = c.get("/assistance/", {"helper": "承德帮扶企业0007"}).content.decode()
    assert re.findall(r'data-testid="filter-error">([^<]+)<', refused)


def test_the_helper_options_answer_names_initials_and_codes(client_for, city_officer, auditor):
    helpers = _many(60)
    c = client_for(city_officer)

    def values(q):
        return [o["value"] for o in c.get("/helpers/options/", {"q": q}).json()["options"]]

    assert values("承德帮扶企业0042") == [helpers[42].uscc]
    assert values("cdb") == [h.uscc for h in helpers[26:52]]
    assert values(helpers[3].uscc) == [helpers[3].uscc]
    assert len(values("cd")) == 50  # at most 50 answers
    assert values("") == []
    assert c.get("/helpers/options/", {"q": "cd"}).json()["options"][0] == {
        "value": helpers[0].uscc,
        "text": helpers[0].name,
        "pinyin": helpers[0].initials,
    }
    assert client_for(auditor).get("/helpers/options/", {"q": "cd"}).status_code == 403

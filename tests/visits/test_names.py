"""The two lists of visits are named so that nobody confuses them: the supervision group's
visits (调研督导) and a helper's own visits to a village (入村考察)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext


def test_the_two_visit_lists_have_distinct_chinese_names():
    with translation.override("zh-hans"):
        supervision = gettext("Supervision visits")
        site = gettext("Site visits")
    assert supervision == "督导组调研督导"
    assert site == "帮扶主体入村考察"
    assert "考察" not in supervision
    assert "督导" not in site

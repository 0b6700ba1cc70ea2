"""Relay candidates are ranked by the suggestions' fit, with the same points and reasons."""

from __future__ import annotations

import pytest

from bangfu.pairing.models import Pairing
from bangfu.pairing.selectors.candidates import relay_candidates
from bangfu.pairing.services.relays import relay_report
from bangfu.pairing.suggestions.build import build_instance, current_weights

pytestmark = pytest.mark.django_db


def test_relay_candidates_carry_the_suggestions_fit_and_reasons(scene, officer_chengde):
    old = Pairing.objects.get(helper=scene["full"])
    relay = relay_report(user=officer_chengde, pairing=old, reason="企业转产")
    found = relay_candidates(relay=relay)
    names = [c.helper.name for c in found]
    assert "承德已结对企业" not in names
    built = build_instance(county_id=None, widened=True, weights=current_weights())
    fit = {(a.helper, a.village): a.fit for a in built.instance.arcs}
    for c in found:
        assert c.score == fit[(c.helper.pk, old.village_id)], c.helper.name
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    herbs = next(c for c in found if c.helper == scene["herbs"])
    assert "产业对口：中药材" in herbs.reasons[0]
    assert herbs.same_county
    shop = next(c for c in found if c.helper == scene["shop"])
    assert not shop.same_county
    assert shop.nearby  # 围场县 borders 承德县

"""Change history reads as sentences: when, who, which field from what to what, with the
field's name, the choice's label and the linked record's name; a helper's liaison sees the
history of its own helper's records only."""

from __future__ import annotations

import pytest
from django.utils import translation

from bangfu.accounts.history import change_sentence, history_for
from bangfu.assistance.models import Assistance
from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm

pytestmark = pytest.mark.django_db


def test_a_change_names_the_field_the_choices_and_the_linked_record(pairing):
    with translation.override("zh-hans"):
        text = change_sentence(Assistance, "village_id", None, pairing.village.pk)
        assert text == f"将“村”由“（空）”改为“{pairing.village}”"
        text = change_sentence(Assistance, "status", "submitted", "confirmed")
        assert text == "将“状态”由“已提交”改为“已确认”"


def test_the_record_page_shows_sentences_not_field_dumps(
    pairing, training, helper_liaison, officer_chengde, client_for
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    assistance_confirm(user=officer_chengde, record=record)
    html = client_for(officer_chengde).get(f"/assistance/{record.number}/").content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "由“已提交”改为“已确认”" in history
    assert "_id" not in history
    assert "∅" not in history


def test_a_liaison_sees_only_its_own_records_history(
    pairing, training, helper_liaison, officer_chengde, helper_org
):
    record = assistance_save(user=helper_liaison, **training)
    assert history_for(obj=record, user=helper_liaison)
    assert history_for(obj=helper_org, user=helper_liaison) is not None
    other = assistance_save(
        user=officer_chengde, **{**training, "pairing": None, "helper": _other(helper_org)}
    )
    assert history_for(obj=other, user=officer_chengde)
    assert history_for(obj=other, user=helper_liaison) == []


def _other(helper_org):
    from bangfu.helpers.models import Helper

    return Helper.objects.exclude(pk=helper_org.pk).first() or Helper.objects.create(
        name="另一家帮扶企业有限公司", uscc="91130800MA0AAAAA1X", kind=helper_org.kind
    )

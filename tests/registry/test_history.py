"""A record's 变更历史 shows what changed it, never who else looked or was refused (issue 13)."""

import pytest

from bangfu.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_another_users_denial_and_reveal_stay_off_the_page_history(
    household, client_for, officer_chengde, officer_weichang
):
    village = household.village.code
    # 围场's officer tries 承德县's village and household: refused and audited
    other = client_for(officer_weichang)
    assert other.get(f"/registry/villages/{village}/").status_code == 404
    assert other.get(f"/registry/households/{household.ref}/").status_code == 404
    own = client_for(officer_chengde)
    revealed = own.post(
        f"/registry/households/{household.ref}/reveal/",
        {"field": "id_number", "reason": "入户核实身份"},
    )
    assert revealed.status_code == 200
    assert AuditEvent.objects.filter(event="access_denied").count() == 2
    assert AuditEvent.objects.filter(event="reveal").count() == 1

    page = own.get(f"/registry/villages/{village}/")
    assert [e.event.event for e in page.context["history"]] == ["create"]
    page = own.get(f"/registry/households/{household.ref}/")
    assert [e.event.event for e in page.context["history"]] == ["update", "create"]
    html = page.content.decode()
    assert "officer_weichang" not in html
    assert "access_denied" not in html
    assert "入户核实身份" not in html

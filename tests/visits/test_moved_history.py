"""A visit's history shows the audit rows written when the model was oversight.visit."""

import pytest

from bangfu.accounts import audit
from bangfu.accounts.history import history_for


@pytest.mark.django_db
def test_a_records_history_shows_the_rows_written_before_its_model_moved(visit):
    audit.record(event="update", object_type="oversight.visit", object_id=str(visit.pk))
    audit.record(event="update", obj=visit)
    types = [entry.event.object_type for entry in history_for(obj=visit)]
    assert types[:2] == ["visits.visit", "oversight.visit"]

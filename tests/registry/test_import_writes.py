"""The households import's tuple writes: what a new record holds, and what is not kept."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core import crypto
from bangfu.core.imports import bulk
from bangfu.core.text import _normalized
from bangfu.registry.models import Household, Income

from .test_import import HEAD, HEAD2, SON, family, imp, xlsx

pytestmark = pytest.mark.django_db


def test_new_records_hold_what_their_model_would_have_written(tmp_path):
    assert imp(xlsx(tmp_path, family())).counts.created == 2
    h = Household.objects.get(id_hash=crypto.keyed_hash(HEAD))
    assert h.ref.startswith("H")
    assert len(h.ref) == 11
    assert (h.head_initials, h.county_id, h.version) == ("ww", h.village.county_id, 1)
    assert (h.phone_hash, h.monitoring, h.year_exited) == (
        crypto.keyed_hash("13812345678"),
        "none",
        None,
    )
    assert h.created_at is not None
    assert h.created_at == h.updated_at
    son = h.members.get(id_hash=crypto.keyed_hash(SON))
    assert (son.sex, son.birth_date, son.county_id) == ("M", dt.date(2005, 3, 3), h.county_id)
    assert (son.education, son.status, son.version) == ("primary", "school", 1)
    other = Household.objects.get(id_hash=crypto.keyed_hash(HEAD2))
    assert (other.phone, other.phone_hash, other.causes) == ("", "", ",capital,")
    assert Income.objects.get(household=h, year=2016).version == 1


def test_the_cells_are_not_remembered_after_the_import(tmp_path):
    imp(xlsx(tmp_path, family()))
    assert _normalized.cache_info().currsize == 0


def test_a_column_list_missing_a_field_is_refused():
    with pytest.raises(ValueError, match="head_initials"):
        bulk.insert_rows(Household, ["village_id"], [])

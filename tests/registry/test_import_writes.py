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


def test_a_change_only_in_a_member_an_income_or_the_phone_is_found_and_audited(tmp_path):
    """Stored households are compared as plain values by keyed hashes: a changed member,
    income or phone alone still makes the household updated, one audit row per record."""
    from bangfu.accounts.models import AuditEvent

    from .test_import import row

    imp(xlsx(tmp_path, family()))
    before = AuditEvent.objects.count()
    rows = family()
    rows[2] = row(  # the son: a new status
        m_name="王小明",
        m_id_number=SON,
        m_relation="之子",
        m_education="小学",
        m_labour="无劳动力",
        m_status="在家",
    )
    rows[3] = row(  # the second household: a new phone and a new 2016 income
        head_name="赵强",
        id_number=HEAD2,
        size="1",
        phone="13912345678",
        causes="缺资金",
        income_2016="3100",
        m_name="赵强",
        m_id_number=HEAD2,
    )
    result = imp(xlsx(tmp_path, rows, name="h2.xlsx"))
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 2, 0)
    new_rows = AuditEvent.objects.filter(pk__gt=0).order_by("id")[before:]
    kinds = sorted((e.event, e.object_type) for e in new_rows)
    assert kinds == [
        ("import", "registry.households"),
        ("update", "registry.household"),
        ("update", "registry.income"),
        ("update", "registry.member"),
    ]
    other = Household.objects.get(id_hash=crypto.keyed_hash(HEAD2))
    assert other.phone == "13912345678"
    assert str(other.incomes.get(year=2016).per_capita) == "3100.00"
    again = imp(xlsx(tmp_path, rows, name="h3.xlsx"))
    assert (again.counts.updated, again.counts.unchanged) == (0, 2)

"""Demo registry data: at the programme's scale, valid, consistent and deterministic."""

import hashlib
import random
import re

import pytest
from django.db.models import Count, F, Sum

from bangfu.accounts.models import AuditEvent
from bangfu.core.identifiers.resident_id import id_birth_date, id_sex, validate_id_number
from bangfu.core.identifiers.uscc import validate_uscc
from bangfu.demo.helpers.plan import DEMO_HELPER_USCC
from bangfu.demo.registry.planner import load_villages, plan_registry
from bangfu.demo.registry.write import demo_registry
from bangfu.helpers.models import Helper
from bangfu.registry.models import Household, Income, Member, VillageProfile

pytestmark = pytest.mark.django_db


def digest(households) -> str:
    rows = "\n".join(f"{h.ref} {h.head_name} {h.id_number}" for h in households)
    return hashlib.sha256(rows.encode()).hexdigest()


def test_plan_is_deterministic_per_seed_and_writes_nothing():
    villages = load_villages()
    first = plan_registry(1, villages)
    assert plan_registry(1, villages) == first
    other = plan_registry(2, villages)
    assert digest(other.households) != digest(first.households)
    assert [h.uscc for h in other.helpers] != [h.uscc for h in first.helpers]
    assert not Household.objects.exists()
    assert not VillageProfile.objects.exists()


def test_demo_registry_writes_a_valid_registry_once(helper_org):
    """One full write (the slow test of this module); helper_org is the demo helper."""
    events_before = AuditEvent.objects.count()
    counts = demo_registry(seed=1)

    # scale
    assert counts["profiles"] == VillageProfile.objects.count() == 1638
    assert 500 <= counts["poor_villages"] <= 600
    assert 16_000 <= counts["households"] <= 20_000
    assert counts["tech_help"] == Household.objects.filter(tech_help=True).count() == 4858
    assert counts["incomes"] == Income.objects.count() == counts["households"] * 5
    assert VillageProfile.objects.filter(has_workstation=True).count() == 1619
    assert not VillageProfile.objects.filter(is_demonstration=True).exists()
    assert not VillageProfile.objects.filter(
        is_registered_poor=False, exited_on__isnull=False
    ).exists()

    # every head's ID number is valid, unique, and the head is the household's member
    households = list(Household.objects.order_by("ref"))
    ids = [validate_id_number(h.id_number) for h in households]
    assert len(set(ids)) == len(ids)
    assert all(h.year_exited is None or h.year_exited >= h.year_registered for h in households)
    assert Member.objects.filter(relation="head").count() == len(households)
    assert not Household.objects.annotate(n=Count("members")).exclude(size=F("n")).exists()

    # members: sex and birth date as the ID number says (a sample)
    member_ids = list(Member.objects.values_list("id", flat=True))
    sample = random.Random(0).sample(member_ids, 500)
    for m in Member.objects.filter(id__in=sample):
        number = validate_id_number(m.id_number)
        assert (m.sex, m.birth_date) == (id_sex(number), id_birth_date(number))
        assert m.county_id == m.household.county_id

    # profiles agree with the household rows
    rows = {
        r["village"]: (r["n"], r["people"])
        for r in Household.objects.values("village").annotate(n=Count("id"), people=Sum("size"))
    }
    poor = list(
        VillageProfile.objects.filter(is_registered_poor=True).values_list(
            "village_id", "households_poor", "people_poor"
        )
    )
    assert len(rows) == len(poor)
    assert all(rows[v] == (hp, pp) for v, hp, pp in poor)

    # helpers: about 300, every kind, valid and unique codes, the demo helper kept once
    helpers = list(Helper.objects.all())
    assert 280 <= len(helpers) <= 320
    assert {h.kind for h in helpers} == set(Helper.Kind.values)
    assert all(validate_uscc(h.uscc) == h.uscc for h in helpers)
    assert Helper.objects.filter(uscc=DEMO_HELPER_USCC).get() == helper_org

    # one summary audit row
    events = AuditEvent.objects.order_by("id")[events_before:]
    assert [(e.event, e.object_type) for e in events] == [("demo_data", "registry")]

    # written as planned (the plan's determinism is the test above)
    assert all(re.fullmatch(r"H[0-9A-F]{10}", h.ref) for h in households)

    # a second call changes nothing
    assert demo_registry(seed=2) == counts
    assert AuditEvent.objects.count() == events_before + 1

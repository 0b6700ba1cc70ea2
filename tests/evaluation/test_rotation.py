"""The cross-check rotation (轮换交叉检查): no county checks itself, each is checked once, no
pair of the year before comes back (n ≥ 3); the city office's adjustments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangfu.evaluation.rotation import RotationError, problems, propose, repeated_pairs

FIVE = ["130821", "130822", "130825", "130828", "130881"]


def check_valid(assignment, counties):
    assert problems(assignment, counties) == []
    assert sorted(assignment) == sorted(counties)  # every county checks exactly one
    assert sorted(assignment.values()) == sorted(counties)  # and is checked exactly once


def test_five_counties_over_four_years_never_check_themselves_or_repeat():
    previous = None
    for year in range(2017, 2021):
        current = propose(FIVE, year, previous)
        check_valid(current, FIVE)
        assert repeated_pairs(current, previous) == set()
        # nor the reverse of last year's pairs, which 5 counties always allow
        assert not {(b, a) for a, b in (previous or {}).items()} & set(current.items())
        previous = current


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=20),
    first_year=st.integers(min_value=2000, max_value=2100),
    years=st.integers(min_value=2, max_value=6),
)
def test_rotation_properties_over_consecutive_years(n, first_year, years):
    counties = [f"C{i:02d}" for i in range(n)]
    previous = None
    for year in range(first_year, first_year + years):
        current = propose(counties, year, previous)
        check_valid(current, counties)
        if previous is not None:
            if n >= 3:
                assert repeated_pairs(current, previous) == set()
            else:
                # Two counties: A checks B and B checks A is the only assignment there is.
                assert repeated_pairs(current, previous) == set(previous.items())
        previous = current


@st.composite
def adjusted_previous(draw):
    """Any valid previous assignment (a derangement), as an adjusted year may leave."""
    n = draw(st.integers(min_value=3, max_value=20))
    counties = [f"K{i:02d}" for i in range(n)]
    perm = list(draw(st.permutations(range(n))))
    for i in range(n):  # a fixed point swaps with its neighbour: no new one appears
        if perm[i] == i:
            j = (i + 1) % n
            perm[i], perm[j] = perm[j], perm[i]
    return counties, {counties[i]: counties[perm[i]] for i in range(n)}


@settings(max_examples=150, deadline=None)
@given(data=adjusted_previous(), year=st.integers(min_value=2000, max_value=2100))
def test_no_repeat_after_any_adjusted_year(data, year):
    counties, previous = data
    current = propose(counties, year, previous)
    check_valid(current, counties)
    assert repeated_pairs(current, previous) == set()


def test_two_counties_repeat_because_there_is_no_other_assignment():
    first = propose(["A", "B"], 2017)
    assert first == {"A": "B", "B": "A"}
    assert propose(["A", "B"], 2018, first) == first


def test_three_counties_take_the_other_round():
    first = propose(["A", "B", "C"], 2017)
    second = propose(["A", "B", "C"], 2018, first)
    check_valid(second, ["A", "B", "C"])
    assert repeated_pairs(second, first) == set()
    # the only other round is the reverse of the first one
    assert second == {b: a for a, b in first.items()}


def test_rotation_is_deterministic_and_ignores_input_order():
    a = propose(FIVE, 2019, {"130821": "130822"})
    b = propose(list(reversed(FIVE)), 2019, {"130821": "130822"})
    assert a == b


def test_rotation_refuses_fewer_than_two_or_duplicates():
    with pytest.raises(RotationError):
        propose(["A"], 2017)
    with pytest.raises(RotationError):
        propose(["A", "A", "B"], 2017)


def test_previous_year_may_name_counties_that_are_gone():
    current = propose(["A", "B", "C"], 2018, {"A": "Z", "Z": "B"})
    check_valid(current, ["A", "B", "C"])


# --------------------------------------------------------------------------- services


@pytest.mark.django_db
def test_propose_saves_the_rotation_and_avoids_last_years_pairs(
    programme, city_officer, checklist_2017, rotation_2017
):
    from bangfu.evaluation.selectors import assignment_map
    from bangfu.evaluation.services.checklist import checklist_create
    from bangfu.evaluation.services.rotation import rotation_propose

    checklist_create(user=city_officer, programme=programme, year=2018)
    rows = rotation_propose(user=city_officer, programme=programme, year=2018)
    assert len(rows) == 5
    current = assignment_map(programme=programme, year=2018)
    previous = assignment_map(programme=programme, year=2017)
    check_valid(current, FIVE)
    assert repeated_pairs(current, previous) == set()


@pytest.mark.django_db
def test_a_county_assigned_to_cross_check_itself_is_refused(
    programme, city_officer, counties, rotation_2017
):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from bangfu.evaluation.selectors import assignment_map
    from bangfu.evaluation.services.rotation import rotation_adjust

    before = assignment_map(programme=programme, year=2017)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        rotation_adjust(
            user=city_officer,
            programme=programme,
            year=2017,
            checked=counties["130821"],
            checker=counties["130821"],
            reason="就近",
        )
    assert "cannot cross-check itself" in str(exc.value)
    assert assignment_map(programme=programme, year=2017) == before


@pytest.mark.django_db
def test_the_database_refuses_a_self_check_row(programme, counties):
    from django.db import IntegrityError, transaction

    from bangfu.evaluation.models import CrossCheckAssignment

    with pytest.raises(IntegrityError), transaction.atomic():
        CrossCheckAssignment.objects.create(
            programme=programme, year=2017, checker=counties["130821"], checked=counties["130821"]
        )
    assert not CrossCheckAssignment.objects.exists()


@pytest.mark.django_db
def test_the_city_office_adjusts_a_checker_with_a_reason(
    programme, city_officer, counties, rotation_2017
):
    from bangfu.evaluation.selectors import assignment_map
    from bangfu.evaluation.services.rotation import rotation_adjust

    row = rotation_adjust(
        user=city_officer,
        programme=programme,
        year=2017,
        checked=counties["130821"],
        checker=counties["130828"],
        reason="兴隆县另有任务",
    )
    assert row.adjusted
    assert row.reason == "兴隆县另有任务"
    assert assignment_map(programme=programme, year=2017)["130828"] in {"130821", "130881"}


@pytest.mark.django_db
def test_the_adjust_page_shows_the_self_check_error_and_saves_nothing(
    programme, city_officer, counties, rotation_2017, client_for
):
    from bangfu.evaluation.selectors import assignment_map

    before = assignment_map(programme=programme, year=2017)
    resp = client_for(city_officer).post(
        "/oversight/evaluations/years/2017/rotation/adjust/",
        {"checked": counties["130825"].pk, "checker": counties["130825"].pk, "reason": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert resp.status_code == 200
    assert "cannot cross-check itself" in resp.content.decode()
    assert assignment_map(programme=programme, year=2017) == before


@pytest.mark.django_db
def test_only_the_city_office_proposes_or_adjusts(programme, officer_chengde, checklist_2017):
    from django.core.exceptions import PermissionDenied

    from bangfu.evaluation.models import CrossCheckAssignment
    from bangfu.evaluation.services.rotation import rotation_propose

    with pytest.raises(PermissionDenied):
        rotation_propose(user=officer_chengde, programme=programme, year=2017)
    assert not CrossCheckAssignment.objects.exists()

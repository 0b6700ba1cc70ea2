"""The assignment model against independent solvers, on small random instances (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangfu.pairing.suggestions.solver import (
    Arc,
    HelperSpec,
    Instance,
    VillageSpec,
    greedy,
    solve,
    violations,
)

from .independent import brute_force, networkx_objective

FOCUSES = ["中药材", "养殖", "电商", "技术"]


@st.composite
def instances(draw, max_helpers=4, max_villages=4, max_arcs=9):
    helpers = [
        HelperSpec(i, draw(st.integers(0, 3)), draw(st.sampled_from(FOCUSES)))
        for i in range(draw(st.integers(1, max_helpers)))
    ]
    villages = []
    for j in range(draw(st.integers(1, max_villages))):
        present = draw(st.integers(0, 5))
        limit = draw(st.integers(present, 5))
        taken = frozenset(draw(st.lists(st.sampled_from(FOCUSES), max_size=min(present, 2))))
        villages.append(VillageSpec(100 + j, limit - present, present, taken))
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(helpers), st.sampled_from(villages)),
            max_size=max_arcs,
            unique_by=lambda p: (p[0].key, p[1].key),
        )
    )
    arcs = [Arc(h.key, v.key, draw(st.integers(0, 100))) for h, v in pairs]
    return Instance(helpers, villages, arcs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimal_equals_brute_force_and_keeps_every_rule(instance):
    result = solve(instance)
    assert violations(instance, result.pairs) == []
    assert result.objective == brute_force(instance)
    g = greedy(instance)
    assert violations(instance, g.pairs) == []
    assert g.objective <= result.objective


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_helpers=12, max_villages=10, max_arcs=40))
def test_optimal_equals_networkx_on_larger_instances(instance):
    result = solve(instance)
    assert violations(instance, result.pairs) == []
    assert result.objective == networkx_objective(instance)


def test_covering_a_village_beats_any_fit():
    """Helper 1 fits village A well, but only helper 1 can reach the uncovered village B."""
    helpers = [HelperSpec(1, 1, "养殖"), HelperSpec(2, 1, "电商")]
    villages = [VillageSpec(10, 4, 1), VillageSpec(11, 5, 0)]
    arcs = [Arc(1, 10, 100), Arc(1, 11, 1), Arc(2, 10, 5)]
    instance = Instance(helpers, villages, arcs)
    result = solve(instance)
    assert {(a.helper, a.village) for a in result.pairs} == {(1, 11), (2, 10)}
    assert greedy(instance).covered <= result.covered


def test_one_helper_per_focus_in_a_village():
    helpers = [HelperSpec(1, 1, "养殖"), HelperSpec(2, 1, "养殖")]
    villages = [VillageSpec(10, 5, 0)]
    instance = Instance(helpers, villages, [Arc(1, 10, 50), Arc(2, 10, 60)])
    result = solve(instance)
    assert [(a.helper, a.village) for a in result.pairs] == [(2, 10)]

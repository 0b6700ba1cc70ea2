"""Independent solvers for the suggestions' property test: brute force and networkx."""

from __future__ import annotations

import itertools

import networkx as nx

from bangfu.pairing.suggestions.solver import Arc, Instance, evaluate, violations


def brute_force(instance: Instance) -> tuple[int, int, int]:
    """The best (covered, second, fit) over every subset of candidate pairs that keeps the rules."""
    arcs = instance.arcs
    best = (0, 0, 0)
    for r in range(1, len(arcs) + 1):
        for subset in itertools.combinations(arcs, r):
            pairs = list(subset)
            if not violations(instance, pairs):
                best = max(best, evaluate(instance, pairs))
    return best


def networkx_objective(instance: Instance) -> tuple[int, int, int]:
    """The same lexicographic objective by networkx's network simplex, on a network built here
    from the rules: an explicit (village, focus) node for every pair, big weights computed
    from the instance's own totals."""
    hs = {h.key: h for h in instance.helpers}
    vs = {v.key: v for v in instance.villages}
    arcs = [
        a
        for a in instance.arcs
        if hs[a.helper].room > 0
        and vs[a.village].room > 0
        and hs[a.helper].focus not in vs[a.village].focuses
    ]
    total_fit = sum(a.fit for a in arcs) + 1
    w2 = total_fit
    w1 = w2 * (len(instance.villages) + 1) + total_fit
    g = nx.DiGraph()
    supply = sum(h.room for h in instance.helpers)
    g.add_node("s", demand=-supply)
    g.add_node("t", demand=supply)
    g.add_edge("s", "t", capacity=supply, weight=0)
    for h in instance.helpers:
        g.add_edge("s", ("h", h.key), capacity=h.room, weight=0)
    for a in arcs:
        f = hs[a.helper].focus
        g.add_edge(("h", a.helper), ("vf", a.village, f), capacity=1, weight=-a.fit)
        g.add_edge(("vf", a.village, f), ("v", a.village), capacity=1, weight=0)
    for v in instance.villages:
        # one unit arc per place, valued by how many helpers the village would have then
        g.add_node(("v", v.key))
        for i in range(v.room):
            n = v.helpers + i + 1
            value = w1 if n == 1 else w2 if n == 2 else 0
            g.add_edge(("v", v.key), ("p", v.key, i), capacity=1, weight=-value)
            g.add_edge(("p", v.key, i), "t", capacity=1, weight=0)
    flow = nx.min_cost_flow(g)
    pairs = [
        Arc(a.helper, a.village, a.fit)
        for a in arcs
        if flow[("h", a.helper)].get(("vf", a.village, hs[a.helper].focus), 0) > 0
    ]
    assert not violations(instance, pairs)
    return evaluate(instance, pairs)

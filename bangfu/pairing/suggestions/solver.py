"""The assignment of helpers to villages as a min-cost flow (OR-Tools), and greedy beside it.

Network: source → helper (its spare capacity) → (village, focus) (one helper per focus) →
village (its free places) → sink, plus a source → sink bypass so that no flow is forced. The
village → sink capacity is split into a first place (worth W1 when the village has no helper),
a second place (worth W2 when it has at most one) and the rest (worth nothing), so the costs
are concave and the cheapest flow fills them in that order. Fit (0…FIT_MAX per pair) is the
cost of the helper → village arc. W2 exceeds any total fit and W1 any total of W2 and fit, so
minimising the cost is the lexicographic objective: uncovered villages first, then second
helpers, then the total fit. Instances are plain data: no Django here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

FIT_MAX = 100  # a pair's fit, in whole points
INT64_SAFE = 2**62


@dataclass(frozen=True)
class HelperSpec:
    key: int
    room: int  # declared capacity minus open pairings
    focus: str  # the focus this helper would bring to a village (normalised)


@dataclass(frozen=True)
class VillageSpec:
    key: int
    room: int  # the programme's limit minus open pairings
    helpers: int  # open pairings now
    focuses: frozenset[str] = frozenset()  # focuses already present (normalised)


@dataclass(frozen=True)
class Arc:
    helper: int
    village: int
    fit: int  # 0..FIT_MAX


@dataclass
class Instance:
    helpers: list[HelperSpec]
    villages: list[VillageSpec]
    arcs: list[Arc]

    def usable_arcs(self) -> list[Arc]:
        """Arcs the rules allow: both ends known with room, focus not taken, one per pair."""
        hs = {h.key: h for h in self.helpers}
        vs = {v.key: v for v in self.villages}
        seen: set[tuple[int, int]] = set()
        out = []
        for a in self.arcs:
            h, v = hs.get(a.helper), vs.get(a.village)
            if h is None or v is None or h.room <= 0 or v.room <= 0:
                continue
            if h.focus in v.focuses or (a.helper, a.village) in seen:
                continue
            seen.add((a.helper, a.village))
            out.append(a)
        return out


@dataclass
class Result:
    pairs: list[Arc]
    covered: int  # villages that had no helper and get one
    second: int  # villages that had at most one helper and reach two
    fit: int
    arcs: int = 0
    nodes: int = 0
    stats: dict = field(default_factory=dict)

    @property
    def objective(self) -> tuple[int, int, int]:
        return (self.covered, self.second, self.fit)


def evaluate(instance: Instance, pairs: list[Arc]) -> tuple[int, int, int]:
    """(villages newly covered, villages newly at two helpers, total fit) of an assignment."""
    added: dict[int, int] = defaultdict(int)
    for a in pairs:
        added[a.village] += 1
    covered = second = 0
    for v in instance.villages:
        n = added.get(v.key, 0)
        covered += v.helpers == 0 and n >= 1
        second += v.helpers <= 1 and v.helpers + n >= 2
    return covered, second, sum(a.fit for a in pairs)


def violations(instance: Instance, pairs: list[Arc]) -> list[str]:
    """Every rule an assignment breaks (empty when it keeps them all)."""
    problems = []
    hs = {h.key: h for h in instance.helpers}
    vs = {v.key: v for v in instance.villages}
    allowed = {(a.helper, a.village): a.fit for a in instance.arcs}
    per_helper: dict[int, int] = defaultdict(int)
    per_village: dict[int, int] = defaultdict(int)
    focuses: dict[int, set[str]] = defaultdict(set)
    seen = set()
    for a in pairs:
        if (a.helper, a.village) not in allowed or allowed[(a.helper, a.village)] != a.fit:
            problems.append(f"pair {a.helper}-{a.village} is not a candidate")
        if (a.helper, a.village) in seen:
            problems.append(f"pair {a.helper}-{a.village} twice")
        seen.add((a.helper, a.village))
        per_helper[a.helper] += 1
        per_village[a.village] += 1
        focus = hs[a.helper].focus
        if focus in vs[a.village].focuses or focus in focuses[a.village]:
            problems.append(f"focus {focus} twice in village {a.village}")
        focuses[a.village].add(focus)
    for key, n in per_helper.items():
        if n > hs[key].room:
            problems.append(f"helper {key} over its capacity")
    for key, n in per_village.items():
        if n > vs[key].room:
            problems.append(f"village {key} over the helper limit")
    return problems


def weights(instance: Instance, arcs: list[Arc]) -> tuple[int, int]:
    """(W1, W2): W2 above any total fit, W1 above any total of second places and fit."""
    flow_bound = min(
        sum(max(h.room, 0) for h in instance.helpers),
        sum(max(v.room, 0) for v in instance.villages),
        len(arcs),
    )
    fit_bound = FIT_MAX * flow_bound
    w2 = fit_bound + 1
    seconds = sum(1 for v in instance.villages if v.helpers <= 1 and v.room > 0)
    w1 = w2 * seconds + fit_bound + 1
    return w1, w2


def solve(instance: Instance) -> Result:
    """The optimal assignment (OR-Tools SimpleMinCostFlow)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    arcs = instance.usable_arcs()
    if not arcs:
        return Result([], 0, 0, 0)
    w1, w2 = weights(instance, arcs)
    hs = {h.key: h for h in instance.helpers}
    vs = {v.key: v for v in instance.villages}
    # (village, focus) nodes only where two candidates share a focus in a village.
    by_vf: dict[tuple[int, str], int] = defaultdict(int)
    for a in arcs:
        by_vf[(a.village, hs[a.helper].focus)] += 1
    node: dict[tuple, int] = {}

    def nid(key: tuple) -> int:
        if key not in node:
            node[key] = len(node)
        return node[key]

    source, sink = nid(("s",)), nid(("t",))
    tails, heads, caps, costs = [], [], [], []

    def add(t: int, h: int, cap: int, cost: int) -> int:
        tails.append(t)
        heads.append(h)
        caps.append(cap)
        costs.append(cost)
        return len(tails) - 1

    helper_keys = sorted({a.helper for a in arcs})
    supply = 0
    for k in helper_keys:
        room = hs[k].room
        add(source, nid(("h", k)), room, 0)
        supply += room
    pair_arc: dict[int, Arc] = {}
    for a in arcs:
        focus = hs[a.helper].focus
        if by_vf[(a.village, focus)] > 1:
            head = nid(("vf", a.village, focus))
        else:
            head = nid(("v", a.village))
        pair_arc[add(nid(("h", a.helper)), head, 1, -a.fit)] = a
    for (village, focus), n in by_vf.items():
        if n > 1:
            add(nid(("vf", village, focus)), nid(("v", village)), 1, 0)
    for key in sorted({a.village for a in arcs}):
        v = vs[key]
        left = v.room
        if v.helpers == 0 and left > 0:
            add(nid(("v", key)), sink, 1, -w1)
            left -= 1
        if v.helpers + (v.room - left) <= 1 and left > 0:
            add(nid(("v", key)), sink, 1, -w2)
            left -= 1
        if left > 0:
            add(nid(("v", key)), sink, left, 0)
    add(source, sink, supply, 0)
    if w1 * (len(node) + 1) >= INT64_SAFE:
        raise OverflowError("the instance is too large for exact lexicographic costs")
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    supplies = np.zeros(len(node), dtype=np.int64)
    supplies[source], supplies[sink] = supply, -supply
    mcf.set_nodes_supplies(np.arange(len(node), dtype=np.int32), supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = mcf.flows(np.fromiter(pair_arc.keys(), dtype=np.int32, count=len(pair_arc)))
    pairs = [a for a, f in zip(pair_arc.values(), flows, strict=True) if f > 0]
    covered, second, fit = evaluate(instance, pairs)
    return Result(pairs, covered, second, fit, arcs=len(tails), nodes=len(node))


def greedy(instance: Instance) -> Result:
    """What a careful person does by hand: three rounds over the candidates, best fit first —
    a first helper for each village without one, then a second, then the rest."""
    arcs = sorted(instance.usable_arcs(), key=lambda a: (-a.fit, a.helper, a.village))
    room = {h.key: h.room for h in instance.helpers}
    focus = {h.key: h.focus for h in instance.helpers}
    vs = {v.key: v for v in instance.villages}
    vroom = {v.key: v.room for v in instance.villages}
    count = {v.key: v.helpers for v in instance.villages}
    taken = {v.key: set(v.focuses) for v in instance.villages}
    chosen: list[Arc] = []
    used: set[tuple[int, int]] = set()
    for round_limit in (0, 1, None):
        for a in arcs:
            if (a.helper, a.village) in used or room[a.helper] <= 0 or vroom[a.village] <= 0:
                continue
            if round_limit is not None and count[a.village] != round_limit:
                continue
            if focus[a.helper] in taken[a.village]:
                continue
            if round_limit is not None and vs[a.village].helpers > round_limit:
                continue
            used.add((a.helper, a.village))
            chosen.append(a)
            room[a.helper] -= 1
            vroom[a.village] -= 1
            count[a.village] += 1
            taken[a.village].add(focus[a.helper])
    covered, second, fit = evaluate(instance, chosen)
    return Result(chosen, covered, second, fit, arcs=len(arcs))

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

import time
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


def _usable(instance: Instance):
    """The usable arcs as arrays (what `Instance.usable_arcs` keeps, vectorised): the arcs'
    positions, and per arc its helper's, village's and focus's index."""
    import numpy as np

    arcs = instance.arcs
    n = len(arcs)
    hpos = {h.key: i for i, h in enumerate(instance.helpers)}
    vpos = {v.key: i for i, v in enumerate(instance.villages)}
    focus_code: dict[str, int] = {}
    h_focus = np.array(
        [focus_code.setdefault(h.focus, len(focus_code)) for h in instance.helpers], dtype=np.int64
    )
    h_room = np.array([h.room for h in instance.helpers] + [0], dtype=np.int64)
    v_room = np.array([v.room for v in instance.villages] + [0], dtype=np.int64)
    missing_h, missing_v = len(instance.helpers), len(instance.villages)
    h = np.fromiter((hpos.get(a.helper, missing_h) for a in arcs), np.int64, n)
    v = np.fromiter((vpos.get(a.village, missing_v) for a in arcs), np.int64, n)
    fit = np.fromiter((a.fit for a in arcs), np.int64, n)
    ok = (h_room[h] > 0) & (v_room[v] > 0)
    nf = max(len(focus_code), 1)
    f = np.where(h < missing_h, h_focus[np.minimum(h, max(missing_h - 1, 0))], 0) if n else h
    taken = np.array(
        [
            i * nf + focus_code[x]
            for i, village in enumerate(instance.villages)
            for x in village.focuses
            if x in focus_code
        ],
        dtype=np.int64,
    )
    if n:
        ok &= ~np.isin(v * nf + f, taken)
        pair = h * (missing_v + 1) + v
        _u, first = np.unique(pair, return_index=True)
        once = np.zeros(n, dtype=bool)
        once[first] = True
        ok &= once
    keep = np.flatnonzero(ok)
    return keep, h[keep], v[keep], f[keep] if n else f, fit[keep], nf


def solve(instance: Instance) -> Result:
    """The optimal assignment (OR-Tools SimpleMinCostFlow)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    keep, h, v, f, fit, nf = _usable(instance)
    if keep.size == 0:
        return Result([], 0, 0, 0)
    usable = [instance.arcs[i] for i in keep]
    w1, w2 = weights(instance, usable)
    n_h, n_v = len(instance.helpers), len(instance.villages)
    source, sink, h0, v0 = 0, 1, 2, 2 + n_h
    # (village, focus) nodes only where two candidates share a focus in a village
    vf_key = v * nf + f
    uniq, inverse, counts = np.unique(vf_key, return_inverse=True, return_counts=True)
    shared_key = counts > 1
    vf_node = v0 + n_v + np.cumsum(shared_key) - 1
    shared = shared_key[inverse]
    head = np.where(shared, vf_node[inverse], v0 + v)
    n_nodes = 2 + n_h + n_v + int(shared_key.sum())
    if w1 * (n_nodes + 1) >= INT64_SAFE:
        raise OverflowError("the instance is too large for exact lexicographic costs")
    h_room = np.array([x.room for x in instance.helpers], dtype=np.int64)
    used_h = np.unique(h)
    tails = [np.zeros(used_h.size, np.int64), h0 + h]
    heads = [h0 + used_h, head]
    caps = [h_room[used_h], np.ones(h.size, np.int64)]
    costs = [np.zeros(used_h.size, np.int64), -fit]
    shared_v = (uniq[shared_key] // nf).astype(np.int64)
    tails.append(vf_node[shared_key])
    heads.append(v0 + shared_v)
    caps.append(np.ones(shared_v.size, np.int64))
    costs.append(np.zeros(shared_v.size, np.int64))
    st, sh, sc, so = [], [], [], []
    for i in np.unique(v).tolist():
        village = instance.villages[i]
        left, present = village.room, village.helpers
        if present == 0 and left > 0:
            st.append(v0 + i), sh.append(sink), sc.append(1), so.append(-w1)
            left, present = left - 1, 1
        if present <= 1 and left > 0:
            st.append(v0 + i), sh.append(sink), sc.append(1), so.append(-w2)
            left -= 1
        if left > 0:
            st.append(v0 + i), sh.append(sink), sc.append(left), so.append(0)
    supply = int(h_room[used_h].sum())
    st.append(source), sh.append(sink), sc.append(supply), so.append(0)
    tails.append(np.array(st, np.int64))
    heads.append(np.array(sh, np.int64))
    caps.append(np.array(sc, np.int64))
    costs.append(np.array(so, np.int64))
    mcf = min_cost_flow.SimpleMinCostFlow()
    all_tails = np.concatenate(tails).astype(np.int32)
    mcf.add_arcs_with_capacity_and_unit_cost(
        all_tails,
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps),
        np.concatenate(costs),
    )
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[source], supplies[sink] = supply, -supply
    mcf.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
    started = time.perf_counter()
    status = mcf.solve()
    flow_seconds = time.perf_counter() - started
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    first_pair = used_h.size
    flows = mcf.flows(np.arange(first_pair, first_pair + h.size, dtype=np.int32))
    pairs = [usable[i] for i in np.flatnonzero(flows > 0).tolist()]
    covered, second, fit_total = evaluate(instance, pairs)
    return Result(
        pairs,
        covered,
        second,
        fit_total,
        arcs=int(all_tails.size),
        nodes=n_nodes,
        stats={"flow_seconds": round(flow_seconds, 2)},
    )


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

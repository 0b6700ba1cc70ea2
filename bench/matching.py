"""Matching benchmark: the pairing suggestions' optimal assignment against greedy and networkx.

    python -m bench.matching [--sizes seed,province,national] [--top-k 20] [--seed 7]

Each size is a generated instance (fixed seed), solved in a child process of its own so that
its peak resident set (`resource.getrusage`, generation included) is its own:

* seed: the plan's scale — 5 counties, 1,619 poor villages, 300 helpers;
* province: 100 counties, 16,000 villages, 15,000 helpers;
* national: 830 counties, 140,000 villages, 130,000 helpers — the 万企帮万村 ledger's 2020
  size.

A village has 0–5 helpers already (a quarter none), the programme's limit is 5, and its
focuses already taken; a helper has 1–5 villages of capacity, some used, one focus (one of 30
industries) and a home region of 1–3 counties. Fit (0–100) is drawn from the same parts as
the app's (industry match, poverty causes, same county, track record, room) and candidate
arcs are pruned to each helper's region and its `--top-k` best fits, as the issue asks.

Per size: candidate arcs, network nodes and arcs, seconds to solve (OR-Tools min-cost flow,
`bangfu.pairing.suggestions.solver.solve`) and the greedy reference in the same run, their
ratio, peak memory, villages newly covered and total fit of both; where it can run (up to
`--networkx-max` arcs) networkx's network simplex on the same instance, whose objective
must equal the optimal one. Results: a table on stdout and
`bench/results/matching-<date>.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import platform
import resource
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SIZES = {
    "seed": (5, 1_619, 300),
    "province": (100, 16_000, 15_000),
    "national": (830, 140_000, 130_000),
}
FOCUSES = 30


def generate(counties: int, villages: int, helpers: int, top_k: int, seed: int):
    """A reproducible instance (see the module's docstring)."""
    import numpy as np

    from bangfu.pairing.suggestions.solver import Arc, HelperSpec, Instance, VillageSpec

    rng = np.random.default_rng(seed)
    v_county = rng.integers(0, counties, villages)
    present = rng.choice(6, villages, p=[0.25, 0.35, 0.2, 0.1, 0.06, 0.04])
    v_industry = rng.integers(0, FOCUSES, (villages, 2))
    v_causes = rng.integers(0, 6, villages)
    vspecs = []
    for i in range(villages):
        taken = frozenset(str(f) for f in rng.choice(FOCUSES, present[i], replace=False))
        vspecs.append(VillageSpec(i, 5 - int(present[i]), int(present[i]), taken))
    by_county = [np.flatnonzero(v_county == c) for c in range(counties)]
    capacity = rng.choice([1, 2, 3, 4, 5], helpers, p=[0.35, 0.3, 0.2, 0.1, 0.05])
    used = np.minimum(rng.integers(0, 3, helpers), capacity)
    h_focus = rng.integers(0, FOCUSES, helpers)
    h_answers = rng.integers(0, 6, helpers)
    h_record = rng.choice(4, helpers, p=[0.7, 0.15, 0.1, 0.05])
    hspecs, arcs = [], []
    for h in range(helpers):
        room = int(capacity[h] - used[h])
        if room <= 0:
            continue
        home = np.unique(rng.integers(0, counties, rng.integers(1, 4)))
        cand = np.concatenate([by_county[c] for c in home])
        if cand.size == 0:
            continue
        industry = (v_industry[cand] == h_focus[h]).any(axis=1) * 24
        need = (v_causes[cand] == h_answers[h]) * 8
        county = (v_county[cand] == home[0]) * 15
        noise = rng.integers(0, 12, cand.size)
        fit = np.minimum(industry + need + county + noise + 5 * h_record[h] + 2 * min(room, 3), 100)
        order = np.argsort(-fit, kind="stable")[:top_k]
        hspecs.append(HelperSpec(h, room, str(h_focus[h])))
        arcs.extend(Arc(h, int(cand[j]), int(fit[j])) for j in order)
    return Instance(hspecs, vspecs, arcs)


def _case(name: str, top_k: int, seed: int, networkx_max: int, queue) -> None:
    try:
        queue.put(_measure(name, top_k, seed, networkx_max))
    except BaseException as exc:  # report to the parent, never leave it waiting
        import traceback

        queue.put({"size": name, "error": f"{exc!r}\n{traceback.format_exc()}"})


def _measure(name: str, top_k: int, seed: int, networkx_max: int) -> dict:
    import gc

    from bangfu.pairing.suggestions.solver import greedy, solve, violations

    t0 = time.perf_counter()
    inst = generate(*SIZES[name], top_k=top_k, seed=seed)
    gen = time.perf_counter() - t0
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t1, c1 = time.perf_counter(), time.process_time()
    best = solve(inst)
    t2, c2 = time.perf_counter(), time.process_time()
    base = greedy(inst)
    t3, c3 = time.perf_counter(), time.process_time()
    row = {
        "size": name,
        "villages": len(inst.villages),
        "uncovered": sum(v.helpers == 0 for v in inst.villages),
        "helpers": len(inst.helpers),
        "candidates": len(inst.arcs),
        "nodes": best.nodes,
        "net_arcs": best.arcs,
        "generate_s": round(gen, 1),
        "optimal_s": round(t2 - t1, 2),
        "greedy_s": round(t3 - t2, 2),
        "optimal_cpu_s": round(c2 - c1, 2),
        "greedy_cpu_s": round(c3 - c2, 2),
        "flow_s": best.stats.get("flow_seconds"),
        "rss_before_mb": rss_before // 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "optimal": best.objective,
        "greedy": base.objective,
        "rules_broken": len(violations(inst, best.pairs)),
        "networkx": None,
        "networkx_s": None,
    }
    if len(inst.arcs) <= networkx_max:
        from tests.pairing.suggestions.independent import networkx_objective

        t4 = time.perf_counter()
        row["networkx"] = networkx_objective(inst)
        row["networkx_s"] = round(time.perf_counter() - t4, 1)
    return row


def run_case(name: str, args) -> dict:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_case, args=(name, args.top_k, args.seed, args.networkx_max, queue))
    proc.start()
    row = queue.get()
    proc.join()
    return row


def table(rows: list[dict]) -> str:
    head = (
        "| size | villages (uncovered) | helpers with room | candidate arcs | network nodes / arcs "
        "| optimal s (CPU s; in OR-Tools s) | greedy s (CPU s) | ratio | peak MB "
        "| covered optimal / greedy | second optimal / greedy | fit optimal / greedy "
        "| networkx (s) |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        o, g = r["optimal"], r["greedy"]
        if r["networkx"] is None:
            nx_cell = "not run (too large)"
        else:
            same = "equal" if tuple(r["networkx"]) == tuple(o) else f"DIFFERS {r['networkx']}"
            nx_cell = f"{same} ({r['networkx_s']})"
        ratio = r["optimal_s"] / r["greedy_s"] if r["greedy_s"] else float("inf")
        lines.append(
            f"| {r['size']} | {r['villages']:,} ({r['uncovered']:,}) | {r['helpers']:,} "
            f"| {r['candidates']:,} | {r['nodes']:,} / {r['net_arcs']:,} "
            f"| {r['optimal_s']} ({r['optimal_cpu_s']}; {r['flow_s']}) "
            f"| {r['greedy_s']} ({r['greedy_cpu_s']}) | {ratio:.1f}× | {r['peak_mb']:,} | {o[0]:,} / {g[0]:,} "
            f"| {o[1]:,} / {g[1]:,} | {o[2]:,} / {g[2]:,} | {nx_cell} |"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="seed,province,national")
    parser.add_argument("--top-k", type=int, default=20, help="candidate villages per helper")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--networkx-max", type=int, default=400_000, help="arcs")
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.settings")
    import django

    django.setup()  # the solver imports nothing of Django, but gettext-based modules do
    rows = []
    for name in args.sizes.split(","):
        row = run_case(name.strip(), args)
        print(row, flush=True)
        if "error" in row:
            return 1
        rows.append(row)
    text = table(rows)
    print(text)
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"matching-{dt.datetime.now(dt.UTC).date().isoformat()}.md"
    out.write_text(
        f"# Matching benchmark ({dt.datetime.now(dt.UTC).date().isoformat()})\n\n"
        f"`python -m bench.matching --sizes {args.sizes} --top-k {args.top_k} --seed {args.seed}`"
        f" on {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared). Objective = (villages newly covered, villages newly "
        f"at two helpers, total fit), lexicographic; ratio = optimal seconds / greedy "
        f"seconds (wall); CPU s = the process's CPU time (the machine is shared: wall time "
        f"includes waiting for a core); in OR-Tools = the min-cost flow's own solve; peak = the child process's peak resident set (generation included).\n\n"
        + text,
        encoding="utf-8",
    )
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Page benchmark: the dashboard next to the household list, on the demo data (SQLite).

    python -m bench.pages [--var DIR] [--rounds 7] [--no-results]

Goal (issue 17): /dashboard/ costs at most 1.5× the household list of the same user, its
figures aggregated in SQL. Each page is timed twice: computed on every request
(FIGURES_CACHE_SECONDS=0: every figure aggregated afresh) and as it is served, its figures
kept until the data changes (`bangfu.core.caching`: a read without a change in between).

A child process works on a scratch copy of a demo database: `--var DIR` names a BANGFU_VAR_DIR
that `bangfu setup_demo` has filled (it is copied, never written), otherwise the child
builds the demo data itself (migrate, divisions, `demo_data`: a few minutes). With Django's
test client (DEBUG on: the demo's keys), signed in like a real session (second factor
verified where the role needs one), it times each page once to warm up, then ROUNDS rounds
alternating the pages, and keeps the best of each. The anchor is `/registry/households/`
for the same user, timed in the same rounds; the table gives each page's ratio to it and its
number of SQL queries.

Results: a table on stdout and `bench/results/pages-<date>.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
MARK = "BENCH-JSON "
ANCHOR = "/registry/households/"
GOAL = 1.5
PAGES = {
    "city_officer": [
        ANCHOR,
        "/dashboard/",
        "/dashboard/?period=all",
        "/dashboard/?county=130821",
    ],
    "officer_chengde": [ANCHOR, "/dashboard/", "/dashboard/?period=all"],
}


def signed_in_client(user):
    """A test client with a session like a real sign-in's (times, second factor)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bangfu.accounts import second_factor

    client = Client()
    client.force_login(user)
    session = client.session
    session["login_at"] = session["last_seen"] = time.time()
    if second_factor.required(user):
        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_pages(client, urls: list[str], rounds: int) -> dict[str, dict]:
    """{url: {"seconds": best, "queries": n}}: one warm-up each, then `rounds` rounds
    alternating the pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out: dict[str, dict] = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench.pages: {url} answered {response.status_code}")
        out[url] = {"seconds": float("inf"), "queries": len(ctx.captured_queries)}
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            client.get(url)
            out[url]["seconds"] = min(out[url]["seconds"], time.perf_counter() - started)
    return out


def child(rounds: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from bangfu.accounts.models import User
    from bangfu.assistance.models import Assistance, Beneficiary
    from bangfu.registry.models import Household

    if not User.objects.filter(username="city_officer").exists():
        call_command("setup_demo", verbosity=0)
    setup_test_environment()
    facts = {
        "households": Household.objects.count(),
        "records": Assistance.objects.count(),
        "beneficiaries": Beneficiary.objects.count(),
    }
    from django.core.cache import cache
    from django.test import override_settings

    results = {}
    for username, urls in PAGES.items():
        client = signed_in_client(User.objects.get(username=username))
        with override_settings(FIGURES_CACHE_SECONDS=0):
            computed = time_pages(client, urls, rounds)
        cache.clear()
        time_pages(client, urls, 0)  # each page computed once and kept
        kept = time_pages(client, urls, rounds)  # its queries: those of a kept page
        results[username] = {
            url: {
                **computed[url],
                "kept": kept[url]["seconds"],
                "kept_queries": kept[url]["queries"],
            }
            for url in urls
        }
    sys.stdout.write(MARK + json.dumps({"facts": facts, "results": results}) + "\n")


def run(var: str | None, rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-pages-") as scratch:
        if var:
            for name in ("bangfu.sqlite3",):
                shutil.copy(Path(var) / name, Path(scratch) / name)
            for sub in ("media", "audit"):
                if (Path(var) / sub).is_dir():
                    shutil.copytree(Path(var) / sub, Path(scratch) / sub)
        env = {
            **os.environ,
            "BANGFU_VAR_DIR": scratch,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, "-m", "bench.pages", "--child", "--rounds", str(rounds)],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if out.returncode:
            raise SystemExit(f"bench.pages: the child failed:\n{out.stderr[-3000:]}")
    line = next(x for x in out.stdout.splitlines() if x.startswith(MARK))
    return json.loads(line[len(MARK) :])


def table(data: dict) -> str:
    lines = [
        "| as | page | computed | ÷ list | ≤ 1.5× | SQL queries | kept | ÷ list | SQL queries |",
        "| --- | --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: |",
    ]
    for username, pages in data["results"].items():
        anchor = pages[ANCHOR]["seconds"]
        for url, r in pages.items():
            ratio = r["seconds"] / anchor
            ok = "" if url == ANCHOR else ("yes" if ratio <= GOAL else "no")
            lines.append(
                f"| {username} | `{url}` | {r['seconds'] * 1000:.1f} ms | {ratio:.2f}× | {ok} "
                f"| {r['queries']} | {r['kept'] * 1000:.1f} ms | {r['kept'] / anchor:.2f}× "
                f"| {r['kept_queries']} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--var", help="a BANGFU_VAR_DIR filled by `bangfu setup_demo` (copied)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        child(args.rounds)
        return 0
    data = run(args.var, args.rounds)
    facts = data["facts"]
    text = table(data)
    print(text)
    if not args.no_results:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"pages-{time.strftime('%Y-%m-%d')}.md"
        path.write_text(
            "# The dashboard next to the household list (SQLite, demo data)\n\n"
            "`python -m bench.pages` (bench/pages.py says how). Best of "
            f"{args.rounds} after a warm-up, pages alternating, Django test client (DEBUG on); "
            "*computed*: every figure aggregated on each request (FIGURES_CACHE_SECONDS=0); "
            "*kept*: read again with no change in between (the figures kept by "
            "`core.caching`; the list has no kept figures). "
            f"Data: {facts['households']:,} households, {facts['records']:,} assistance records, "
            f"{facts['beneficiaries']:,} beneficiary links. Goal: /dashboard/ ≤ {GOAL}× the "
            "household list.\n\n" + text + "\n",
            encoding="utf-8",
        )
        print(f"bench.pages: results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

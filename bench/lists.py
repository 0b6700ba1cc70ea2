"""List-page benchmark: the household list at the demo's scale and at a million households.

    python -m bench.lists [--small 18000] [--large 1000000]

Each scale gets its own scratch SQLite database (migrated, real divisions, N households
spread over the 1,638 villages, ANALYZE). The same pages are then timed with Django's test
client as a city officer (best of 3), and the table shows the large scale's time as a ratio
of the small one's: a list that "stays fast" keeps that ratio near 1 however big the
registry grows. Household rows are inserted raw (executemany) with real ciphertext, since
this measures reading, not importing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

URLS = [
    "/registry/households/",
    "/registry/households/?page=2",
    "/registry/households/?county=130828",
    "/registry/households/?county=130828&cause=illness&tech_help=on",
    "/registry/households/?q=zjdc",
    "/registry/households/?q=王",
    "/registry/households/?sort=-size",
    "/api/v1/households/",
    "/registry/households/?page=1000",
]


def measure(n: int) -> dict[str, float]:
    """Run in a child process with its own BANGFU_VAR_DIR; returns {url: seconds}."""
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "BANGFU_VAR_DIR": var,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, "-m", "bench.lists", "--child", str(n)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
    return {
        line.split("\t")[1]: float(line.split("\t")[0]) for line in out.splitlines() if "\t" in line
    }


def child(n: int) -> None:
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    from bangfu.accounts.models import User
    from bangfu.core import crypto
    from bangfu.places.models import Division

    villages = list(Division.objects.filter(level="village").values_list("id", "county_id"))
    rng = random.Random(1)
    cols = (
        "village_id, county_id, ref, head_name, head_initials, id_number, id_hash, phone, phone_hash, size, "
        "causes, year_registered, year_exited, tech_help, monitoring, created_at, updated_at, version"
    )
    sql = f"INSERT INTO registry_household ({cols}) VALUES ({', '.join(['%s'] * 18)})"
    enc = crypto.encrypt("130821198001011232")
    surnames = "王李张刘陈杨赵黄周吴"
    now = "2026-11-29 00:00:00"
    with connection.cursor() as cur:
        batch = []
        for i in range(n):
            v, c = villages[i % len(villages)]
            batch.append(
                (
                    v,
                    c,
                    f"H{i:010X}",
                    rng.choice(surnames) + "某",
                    "wm",
                    enc,
                    f"{i:064x}",
                    "",
                    "",
                    rng.randint(1, 6),
                    ",illness," if i % 3 == 0 else ",skills,",
                    2015,
                    None,
                    i % 4 == 0,
                    "none",
                    now,
                    now,
                    1,
                )
            )
            if len(batch) == 20000:
                cur.executemany(sql, batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
        cur.execute("ANALYZE")
    user = User.objects.create(username="bench_city", role="city")
    setup_test_environment()
    client = Client()
    client.force_login(user)
    for url in URLS:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            response = client.get(url)
            best = min(best, time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        sys.stdout.write(f"{best:.4f}\t{url}\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=18_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    small, large = measure(args.small), measure(args.large)
    lines = [
        f"| page | {args.small:,} households | {args.large:,} households | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for url in URLS:
        lines.append(
            f"| `{url}` | {small[url] * 1000:.0f} ms | {large[url] * 1000:.0f} ms | {large[url] / small[url]:.1f}× |"
        )
    table = "\n".join(lines)
    sys.stdout.write(table + "\n")
    results = Path(__file__).resolve().parent / "results" / f"lists-{time.strftime('%Y-%m-%d')}.md"
    results.write_text(
        "# Household list at the demo's scale and at a million households (SQLite)\n\n"
        "`python -m bench.lists` (bench/lists.py says how). Best of 3, Django test client, city officer.\n"
        "Deep pages use OFFSET: page 20,000 of a million takes seconds (not in the table); the\n"
        "filters and search narrow a list long before that.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

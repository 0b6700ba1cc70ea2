"""Province-scale data on PostgreSQL for the load test: `python -m bench.generate --scale M`.

    python -m bench.generate --scale {XS,S,M} [--postgres URL] [--name DB]

Scales (villages, households, assistance records): XS 500 / 2,000 / 10,000 (a smoke run),
S 5,000 / 100,000 / 500,000, M 50,000 / 1,000,000 / 5,000,000 (a province).

A database (`bangfu_province_<scale>` unless `--name`) is created beside `--postgres` (the
server's maintenance database; dropped first if it exists) and kept. A child process with
throw-away keys migrates it, loads the real divisions, adds synthetic townships and
villages under the five real counties (codes with township digits 600-699, 100 villages
each) until there are as many villages as the scale asks, then fills it the way
`bench.statistics` does (village profiles, helpers, households spread evenly over the
villages, assistance records over 2017-2019 with beneficiary links; raw COPY), accepts the
half-years of `--accepted` in every county (default 2017H1-2018H2: each county's period
locked and its figures frozen, as the reporting calendar does on acceptance, so that a
province's past forms are read the way they are in use), and adds the account
`city_officer` (city office). The keys and the URL are written to
`var/bench/province-<scale>.env`, which `python -m bench.load --env-file …` reads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .statistics import DEFAULT_PG, _env

ROOT = Path(__file__).resolve().parent.parent
SCALES = {
    "XS": (500, 2_000, 10_000),
    "S": (5_000, 100_000, 500_000),
    "M": (50_000, 1_000_000, 5_000_000),
}


def add_villages(total: int) -> int:
    """Synthetic townships and villages under the real counties until `total` villages."""
    from django.db import transaction

    from bangfu.places.models import Division

    have = Division.objects.filter(level="village").count()
    counties = list(Division.objects.filter(level="county").order_by("code"))
    missing = max(0, total - have)
    townships, villages = [], []
    t = 0
    while len(villages) < missing:
        county = counties[t % len(counties)]
        number = 600 + t // len(counties)
        if number > 999:
            raise SystemExit("bench.province: too many villages for the township codes")
        code = f"{county.code}{number:03d}"
        township = Division(code=code, level="township", name=f"合成镇{number}", parent=county)
        township.county = county
        townships.append(township)
        for v in range(1, 101):
            if len(villages) == missing:
                break
            villages.append((township, f"{county.code}{number:03d}{v:03d}", f"合成{number}村{v}"))
        t += 1
    with transaction.atomic():
        Division.objects.bulk_create(townships, batch_size=2000)
        Division.objects.bulk_create(
            [
                Division(
                    code=code, level="village", name=name, parent=township, county=township.county
                )
                for township, code, name in villages
            ],
            batch_size=5000,
        )
    return len(villages)


def child(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from bangfu.accounts.models import User

    from .statistics import build

    built = build(args)
    User.objects.get_or_create(username="city_officer", defaults={"role": "city"})
    started = time.perf_counter()
    accept(args.accepted)
    built["timings"]["accept"] = time.perf_counter() - started
    return {"timings": built["timings"], "counts": built["counts"]}


def accept(periods: list[str]) -> None:
    """Every county's filing of these half-years accepted: locked, figures frozen."""
    from bangfu.assistance.services.locks import period_lock
    from bangfu.places.models import Division

    counties = list(Division.objects.filter(level="county"))
    for period in periods:
        for county in counties:
            period_lock(user=None, county=county, period=period)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", DEFAULT_PG))
    parser.add_argument("--name", help="database name (default bangfu_province_<scale>)")
    parser.add_argument("--seed", type=int, default=20170420)
    parser.add_argument(
        "--accepted",
        type=lambda text: [p for p in text.split(",") if p],
        default=["2017H1", "2017H2", "2018H1", "2018H2"],
        help="half-years accepted in every county, comma-separated (default 2017H1-2018H2)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--villages", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--households", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--records", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--helpers", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    villages, households, records = SCALES[args.scale]
    args.villages = args.villages or villages
    args.households = args.households or households
    args.records = args.records or records
    args.helpers = args.helpers or max(300, villages // 10)
    if args.child:
        sys.stdout.write("BENCH-JSON " + json.dumps(child(args)) + "\n")
        return 0
    import psycopg
    from psycopg import sql

    name = args.name or f"bangfu_province_{args.scale.lower()}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = urlunsplit(urlsplit(args.postgres)._replace(path="/" + name))
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    env = _env(var, url)
    started = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.generate",
            "--scale",
            args.scale,
            "--child",
            "--seed",
            str(args.seed),
            "--accepted",
            ",".join(args.accepted),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"bench.generate: the child failed:\n{out.stderr[-3000:]}")
    facts = json.loads(next(x for x in out.stdout.splitlines() if x.startswith("BENCH-JSON "))[11:])
    keys = (
        "DATABASE_URL",
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_HASH_KEY",
        "AUDIT_MAC_KEY",
    )
    env_file = var / f"province-{args.scale}.env"
    env_file.write_text("".join(f"{k}={env[k]}\n" for k in keys), encoding="utf-8")
    env_file.chmod(0o600)
    print(
        f"bench.generate: {args.scale}: {facts['counts']} in {time.perf_counter() - started:,.0f} s"
    )
    print(f"bench.generate: database {name}; settings in {env_file}")
    return 0

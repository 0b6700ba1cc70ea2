"""Import benchmark: bangfu's households import against a raw load and django-import-export.

    python -m bench [--rows N] [--postgres URL] [--skip-die] [--die-rows N] [--keep]

It works in a scratch database of its own and never touches var/ or DATABASE_URL's:

* SQLite (default): a fresh file in a temporary directory (BANGFU_VAR_DIR points there);
* PostgreSQL (`--postgres postgres://postgres@127.0.0.1:5432/postgres`): the URL is the
  server's maintenance database; a database `bangfu_bench_<pid>` is created beside it,
  migrated, used and dropped at the end.

It generates N rows of the households template (`bench.generate`, fixed seed, a rural mix of
household sizes), as CSV and as .xlsx, loads the real division list, then times in one run:

  raw       the same rows loaded raw: SQLite `executemany` INSERT of the parsed CSV into a
            plain table of the template's 30 columns (TEXT); PostgreSQL `COPY ... FROM
            STDIN (FORMAT csv)` of the file into the same table. No validation, no
            encryption, one table: the floor.
  csv       bangfu `run_import` of the CSV into an empty registry (validate every cell,
            cross-row checks, encrypt ID numbers and phones, keyed hashes, households +
            members + incomes, audit row), all or nothing;
  reimport  the same CSV again (every household unchanged: the idempotent path);
  xlsx      bangfu `run_import` of the .xlsx into an empty registry (workbook parsed by
            python-calamine in a child process);
  die       django-import-export 4.4 on the same CSV (`bench.die`): households only, one
            `save()` per household. When a 1,000-row probe says the whole file would take
            more than 10 minutes, it runs on the first 10,000 rows and says so.

Memory: the peak resident set above the phase's start, sampled every 10 ms (the workbook's
parse runs in a child process: its own peak is reported separately).

Results: a table on stdout and `bench/results/import-<date>.md` (one section per database,
replaced when the benchmark runs again on the same day).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gc
import os
import platform
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DIE_BUDGET_SECONDS = 600
DIE_SLICE = 10_000
DIE_PROBE = 1_000


# ------------------------------------------------------------------------------ plumbing


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows (default 100000)")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="PostgreSQL server URL (its maintenance database, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres); a scratch database is created beside it",
    )
    parser.add_argument("--skip-die", action="store_true", help="skip django-import-export")
    parser.add_argument(
        "--die-rows",
        type=int,
        help="rows for django-import-export (default: all, or 10000 when all would take >10 min)",
    )
    parser.add_argument("--single", action="store_true", help="one row (the head) per household")
    parser.add_argument("--seed", type=int, default=20170420)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv)
    if args.rows < 10:
        parser.error("--rows must be at least 10")
    return args


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def configure_environment(scratch: Path, database_url: str) -> None:
    """Point bangfu's settings at the scratch database before Django is set up.

    DEBUG off (no query log, production code paths) with throw-away keys: the scratch
    data is encrypted with keys that die with the run. The upload size limit is raised so
    that it never refuses a benchmark file (the limit is not what is measured).
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "bangfu.settings"
    os.environ["BANGFU_VAR_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["FIELD_ENCRYPTION_KEYS"] = _key()
    os.environ["FIELD_HASH_KEY"] = _key()
    os.environ["AUDIT_MAC_KEY"] = _key()
    os.environ["IMPORT_MAX_MB"] = "4096"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["CONN_MAX_AGE"] = "0"


def _pg_url_with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@contextmanager
def scratch_database(args: argparse.Namespace, scratch: Path):
    """Yield the DATABASE_URL of a fresh database; drop it afterwards."""
    if not args.postgres:
        yield f"sqlite:///{scratch / 'bench.sqlite3'}"
        return
    from psycopg import sql

    if urlsplit(args.postgres).scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--postgres wants a postgres:// URL")
    dbname = f"bangfu_bench_{os.getpid()}"
    with _pg_admin(args.postgres) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    try:
        yield _pg_url_with_db(args.postgres, dbname)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception as exc:  # Django may not be set up yet
            print(f"(closing connections: {exc})", file=sys.stderr)
        with _pg_admin(args.postgres) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )


def _rss() -> int:
    """Resident set size of this process in bytes (Linux); 0 where unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _children_peak(parent: int) -> int:
    """The largest high-water RSS (VmHWM) among the live child processes of `parent`."""
    peak = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                stat = fh.read()
            if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
                continue
            with open(f"/proc/{entry.name}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
                        break
        except (OSError, ValueError, IndexError):
            continue
    return peak


class PeakMemory:
    """The peak RSS above the starting RSS while the block runs, sampled by a thread.

    With `children`, also the peak of the child processes started meanwhile (their own
    high-water mark, read from /proc while they run): the workbook parser is one.
    `resource.getrusage(RUSAGE_CHILDREN)` cannot tell it: a child's maxrss counts the
    parent's resident set at the fork.
    """

    def __init__(self, interval: float = 0.01, children: bool = False) -> None:
        self.interval = interval
        self.children = children
        self.start = self.peak = self.child_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        pid = os.getpid()
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, _rss())
            if self.children:
                self.child_peak = max(self.child_peak, _children_peak(pid))

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.start = self.peak = _rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def delta(self) -> int:
        return max(0, self.peak - self.start)


# ------------------------------------------------------------------------------ phases


@dataclass
class Phase:
    name: str
    label: str
    rows: int
    seconds: float
    memory: int | None = None  # bytes above the start
    child_memory: int | None = None
    note: str = ""

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class Run:
    database: str
    rows: int
    households: int = 0
    members: int = 0
    incomes: int = 0
    sizes: dict[int, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    generate_seconds: dict[str, float] = field(default_factory=dict)
    phases: list[Phase] = field(default_factory=list)
    machine: dict[str, str] = field(default_factory=dict)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    total_seconds: float = 0.0


def _registry_tables() -> list[str]:
    from bangfu.registry.models import Household, Income, Member

    return [m._meta.db_table for m in (Income, Member, Household)]


def reset_registry() -> None:
    """Empty households, members and incomes (bypassing the models: scratch data)."""
    from django.db import connection, transaction

    tables = _registry_tables()
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE " + ", ".join(tables) + " CASCADE")
        else:
            for table in tables:
                cur.execute(f"DELETE FROM {table}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    gc.collect()


def registry_counts() -> tuple[int, int, int]:
    from bangfu.registry.models import Household, Income, Member

    return Household.objects.count(), Member.objects.count(), Income.objects.count()


RAW_TABLE = "bench_raw_households"


def raw_load(csv_path: Path) -> tuple[float, int]:
    """Load the CSV into a plain table of the template's columns: (seconds, rows)."""
    import csv

    from django.db import connection, transaction

    from bangfu.registry.io.columns import H

    columns = list(H)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        cur.execute(
            f"CREATE TABLE {RAW_TABLE} (id INTEGER PRIMARY KEY, "
            + ", ".join(f"{c} TEXT" for c in columns)
            + ")"
            if connection.vendor == "sqlite"
            else f"CREATE TABLE {RAW_TABLE} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            + ", ".join(f"{c} TEXT" for c in columns)
            + ")"
        )
    names = ", ".join(columns)
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            raw = connection.connection  # psycopg 3
            with raw.cursor() as cur:
                copy_sql = f"COPY {RAW_TABLE} ({names}) FROM STDIN WITH (FORMAT csv, HEADER true)"
                with open(csv_path, "rb") as fh, cur.copy(copy_sql) as copy:
                    while chunk := fh.read(1 << 20):
                        copy.write(chunk)
    else:
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {RAW_TABLE} ({names}) VALUES ({placeholders})"
        with transaction.atomic(), open(csv_path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            connection.connection.executemany(sql, reader)
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {RAW_TABLE}")
        (rows,) = cur.fetchone()
        cur.execute(f"DROP TABLE {RAW_TABLE}")
    return seconds, rows


def bangfu_import(path: Path) -> tuple[float, Any, PeakMemory, int]:
    """run_import of one file, as the import_data command does it."""
    from bangfu.core.context import acting_as
    from bangfu.core.imports.engine import run_import
    from bangfu.dataio.kinds import specs

    all_specs = specs()
    with PeakMemory(children=path.suffix == ".xlsx") as memory, acting_as(channel="command"):
        started = time.perf_counter()
        result = run_import(
            all_specs["households"],
            path,
            filename=path.name,
            other_specs=all_specs.values(),
        )
        seconds = time.perf_counter() - started
    return seconds, result, memory, memory.child_peak


def _check(result, what: str) -> None:
    if not result.written or result.errors:
        shown = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in result.errors[:5])
        raise SystemExit(f"bench: the {what} import failed: {result.message} {shown}")


def run_die(csv_path: Path, rows: int, requested: int | None) -> Phase:
    from bangfu.core.context import acting_as

    from . import die

    note = ""
    with acting_as(channel="command"):
        if requested is not None:
            limit = min(requested, rows)
        elif rows <= DIE_SLICE:
            limit = rows
        else:
            probe_s, probe_rows, _t = die.run(csv_path, DIE_PROBE)
            reset_registry()
            estimate = rows * probe_s / probe_rows
            limit = rows if estimate <= DIE_BUDGET_SECONDS else DIE_SLICE
            if limit < rows:
                note = (
                    f"first {limit:,} rows only: a {DIE_PROBE:,}-row probe "
                    f"({probe_rows / probe_s:,.0f} rows/s) put all {rows:,} at "
                    f"~{estimate / 60:.1f} min"
                )
        with PeakMemory() as memory:
            seconds, done, totals = die.run(csv_path, None if limit == rows else limit)
    households = registry_counts()[0]
    summary = ", ".join(f"{k} {v}" for k, v in totals.items() if v)
    note = "; ".join(x for x in (note, f"{households:,} households ({summary})") if x)
    return Phase("die", "django-import-export 4.4, CSV", done, seconds, memory.delta, None, note)


# ------------------------------------------------------------------------------ reporting


def machine_facts(database: str) -> dict[str, str]:
    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            db = f"PostgreSQL {cur.fetchone()[0].split()[0]} (scratch database, {database})"
        else:
            cur.execute("select sqlite_version()")
            db = f"SQLite {cur.fetchone()[0]} (scratch file, WAL, synchronous=NORMAL)"
    versions = []
    from importlib.metadata import PackageNotFoundError, version

    for package in ("python-calamine", "xlsxwriter", "psycopg", "django-import-export", "tablib"):
        with suppress(PackageNotFoundError):
            versions.append(f"{package} {version(package)}")
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": str(nproc),
        "CPU": cpu or platform.processor() or "?",
        "memory": memory or "?",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": db,
        "packages": ", ".join(versions),
    }


def _mb(n: int | None) -> str:
    return "" if n is None else f"{n / 1024 / 1024:,.0f} MB"


def table(run: Run) -> str:
    raw = next((p for p in run.phases if p.name == "raw"), None)
    lines = [
        "| phase | rows | seconds | rows/s | × raw time | raw's speed | peak memory (+RSS) | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in run.phases:
        if raw and p.rate:
            slower = raw.rate / p.rate
            ratio, share = f"{slower:,.1f}×", f"{p.rate / raw.rate:.1%}"
        else:
            ratio = share = ""
        memory = _mb(p.memory)
        if p.child_memory:
            memory += f" (+ child {_mb(p.child_memory)})"
        lines.append(
            f"| {p.label} | {p.rows:,} | {p.seconds:,.2f} | {p.rate:,.0f} | {ratio} | {share} "
            f"| {memory} | {p.note} |"
        )
    return "\n".join(lines)


def report(run: Run) -> str:
    sizes = ", ".join(f"{k}: {v:,}" for k, v in sorted(run.sizes.items()))
    facts = "\n".join(f"- {k}: {v}" for k, v in run.machine.items())
    gen = ", ".join(f"{k} {v:.1f} s" for k, v in run.generate_seconds.items())
    files = ", ".join(f"{k} {v / 1024 / 1024:.1f} MB" for k, v in run.files.items())
    return f"""## {run.machine.get("database", run.database).split(" (")[0]} — {run.started:%Y-%m-%d %H:%M %Z}

{facts}

Data: {run.rows:,} rows = {run.households:,} households ({run.members:,} members, \
{run.incomes:,} income records); household sizes {sizes}. Files: {files} (generated in {gen}).

{table(run)}

"× raw time": how many times longer than the raw load per row; "raw's speed": rows/s as a
share of the raw load's. Peak memory: resident set above the phase's start (sampled every
10 ms); "child" is the workbook parser's own process. Whole run: {run.total_seconds:,.0f} s.
"""


def write_results(run: Run) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"import-{run.started:%Y-%m-%d}.md"
    key = "postgresql" if run.database.startswith("postgres") else "sqlite"
    section = f"<!-- bench:{key} -->\n{report(run)}<!-- /bench:{key} -->\n"
    head = (
        "# Import benchmark\n\n"
        "`python -m bench` (bench/__main__.py says what each phase does). One section per "
        "database; a later run on the same day replaces its section.\n\n"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else head
    pattern = re.compile(rf"<!-- bench:{key} -->\n.*?<!-- /bench:{key} -->\n", re.S)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text + section
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ main


def say(text: str) -> None:
    print(text, flush=True)


def benchmark(args: argparse.Namespace, scratch: Path, database: str) -> Run:
    import django
    from django.core.management import call_command

    django.setup()
    from bangfu.places.models import Division

    from . import generate

    begun = time.perf_counter()
    say(f"bench: migrating the scratch database ({database}) …")
    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    villages = list(
        Division.objects.filter(level="village").order_by("code").values_list("code", "name")
    )
    run = Run(database=database, rows=args.rows)
    run.machine = machine_facts(database)

    csv_path, xlsx_path = scratch / "households.csv", scratch / "households.xlsx"
    say(f"bench: generating {args.rows:,} rows from {len(villages):,} villages …")
    stats = generate.Stats()
    started = time.perf_counter()
    generate.write_csv(
        csv_path,
        generate.households(args.rows, villages, seed=args.seed, single=args.single, stats=stats),
    )
    run.generate_seconds["CSV"] = time.perf_counter() - started
    started = time.perf_counter()
    generate.write_xlsx(
        xlsx_path, generate.households(args.rows, villages, seed=args.seed, single=args.single)
    )
    run.generate_seconds[".xlsx"] = time.perf_counter() - started
    run.households, run.members, run.incomes = stats.households, stats.members, stats.incomes
    run.sizes = stats.sizes
    run.files = {"CSV": csv_path.stat().st_size, ".xlsx": xlsx_path.stat().st_size}
    expected = (stats.households, stats.members, stats.incomes)

    say("bench: raw load …")
    seconds, rows = raw_load(csv_path)
    how = (
        "COPY FROM STDIN (psycopg 3) into a plain 30-column table"
        if args.postgres
        else "csv.reader + executemany INSERT into a plain 30-column table"
    )
    run.phases.append(Phase("raw", "raw load, CSV", rows, seconds, note=how))

    say("bench: bangfu run_import, CSV …")
    reset_registry()
    seconds, result, memory, _child = bangfu_import(csv_path)
    _check(result, "CSV")
    got = registry_counts()
    if got != expected:
        raise SystemExit(f"bench: the CSV import wrote {got}, expected {expected}")
    run.phases.append(
        Phase(
            "csv",
            "bangfu run_import, CSV",
            result.rows,
            seconds,
            memory.delta,
            note=f"{result.counts.created:,} households created, with members and incomes",
        )
    )

    say("bench: bangfu run_import, the same CSV again …")
    seconds, result, memory, _child = bangfu_import(csv_path)
    _check(result, "second CSV")
    if result.counts.unchanged != stats.households or registry_counts() != expected:
        raise SystemExit(f"bench: the re-import changed something: {result.counts}")
    run.phases.append(
        Phase(
            "reimport",
            "bangfu run_import, same CSV again",
            result.rows,
            seconds,
            memory.delta,
            note=f"{result.counts.unchanged:,} households unchanged",
        )
    )

    say("bench: bangfu run_import, .xlsx …")
    reset_registry()
    seconds, result, memory, child = bangfu_import(xlsx_path)
    _check(result, ".xlsx")
    if registry_counts() != expected:
        raise SystemExit(f"bench: the .xlsx import wrote {registry_counts()}")
    run.phases.append(
        Phase(
            "xlsx",
            "bangfu run_import, .xlsx",
            result.rows,
            seconds,
            memory.delta,
            child or None,
            note=f"{result.counts.created:,} households created, with members and incomes",
        )
    )

    if not args.skip_die:
        say("bench: django-import-export, CSV …")
        reset_registry()
        run.phases.append(run_die(csv_path, args.rows, args.die_rows))
    run.total_seconds = time.perf_counter() - begun
    return run


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="bangfu-bench-"))
    try:
        with scratch_database(args, scratch) as database_url:
            configure_environment(scratch, database_url)
            label = "postgresql" if args.postgres else "sqlite"
            run = benchmark(args, scratch, label)
    finally:
        if args.keep:
            say(f"bench: scratch kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    say("")
    say(report(run))
    if not args.no_results:
        say(f"bench: results written to {write_results(run)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

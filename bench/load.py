"""Load test: N concurrent clients for S seconds against gunicorn on loopback, per page.

    python -m bench.load [--var DIR | --env-file FILE | --database-url URL] [--clients 50]
                         [--seconds 60] [--think MIN,MAX]
                         [--workers 3] [--no-results]

Goal (issue 17): p95 < 300 ms and no errors with 50 clients over the list pages, the
dashboard and the attachment-7 download.

The server is bangfu under gunicorn (`--workers`, sync workers, 127.0.0.1, a free port),
DEBUG off, on the data of `--env-file` (written by `python -m bench.generate --scale …`:
the URL and keys of the province-scale database), of `--var` (a BANGFU_VAR_DIR filled by `bangfu setup_demo`: copied
to a scratch directory first, never written) or of `--database-url` (a database already
filled, e.g. by `python -m bench.generate`; read, and the bench's session rows written).
Each client is a thread with its own session cookie of the city officer (a session row
written beforehand, signed in with the second factor verified, as a real sign-in leaves
it) that requests the pages in turn, each once per loop, for the duration. Without
`--think` it is a closed loop with no think time: every client always has a request in
flight, which measures throughput and the tail under saturation. With `--think 2,8` each
client reads each page for a time drawn uniformly between 2 and 8 seconds before the next
request (locust's `between(2, 8)`), as office users do: the load of that many people
working. Such clients also start at a random moment within the first MAX seconds (a
ramp-up, as locust's spawn rate gives): 50 first requests in the same millisecond would
measure a thundering herd no office makes. Every answer other than 200 counts as an error.
Latency is measured from sending the request to reading the whole body (http.client, one
keep-alive connection per client).

Results: p50/p95/p99 and requests/s per page on stdout and in
`bench/results/load-<date>.md` (one section per database, replaced on the same day).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PAGES = [
    "/registry/households/",
    "/registry/villages/",
    "/helpers/",
    "/pairings/",
    "/assistance/",
    "/dashboard/",
    "/assistance/forms/statistics.xlsx?period=2018H1",
]
GOAL_P95 = 0.300
USERNAME = "city_officer"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _sessions(env: dict, n: int) -> list[str]:
    """n session keys of the city officer, written by a child process with the server's
    settings (second factor verified, sign-in times now)."""
    code = f"""
import time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # the data may predate the newest migrations
call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from bangfu.accounts.models import User
user, _new = User.objects.get_or_create(username={USERNAME!r}, defaults={{"role": "city"}})
device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
    user=user, name="bench", confirmed=True)
for _ in range({n}):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "bangfu.accounts.backends.ActiveAccountBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s["login_at"] = s["last_seen"] = time.time()
    s.create()
    print(s.session_key)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode:
        raise SystemExit(f"bench.load: writing sessions failed:\n{out.stderr[-2000:]}")
    return out.stdout.split()


def _wait_for(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bench.load: gunicorn exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench.load: gunicorn did not answer")


def _client(
    port: int,
    session: str,
    until: float,
    out: dict,
    lock: threading.Lock,
    think: tuple[float, float] | None = None,
) -> None:
    rng = random.Random(session)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={session}", "Accept-Language": "zh-hans"}
    mine: dict[str, list] = {p: [] for p in PAGES}
    errors: dict[str, int] = dict.fromkeys(PAGES, 0)
    i = PAGES.index(PAGES[hash(session) % len(PAGES)])  # clients start on different pages
    if think is not None:  # people do not all click at the same moment: arrivals spread
        time.sleep(rng.uniform(0, think[1]))
    while time.time() < until:
        page = PAGES[i % len(PAGES)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", page, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = time.perf_counter() - started
        if ok:
            mine[page].append(elapsed)
        else:
            errors[page] += 1
        if think is not None:
            pause = rng.uniform(*think)
            if time.time() + pause >= until:
                break
            time.sleep(pause)
    with lock:
        for page in PAGES:
            out["times"][page] += mine[page]
            out["errors"][page] += errors[page]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(args: argparse.Namespace) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="bangfu-bench-load-"))
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
            "BANGFU_VAR_DIR": str(scratch),
            "DEBUG": "0",
            "SECRET_KEY": _key(),
            "AUDIT_MAC_KEY": _key(),
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",  # loopback: TLS ends at the proxy in production
        }
        if args.env_file:  # written by `python -m bench.generate`: the URL and the keys
            for line in Path(args.env_file).read_text(encoding="utf-8").splitlines():
                key, _eq, value = line.partition("=")
                if key.strip():
                    env[key.strip()] = value.strip()
            label = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        elif args.database_url:
            env["DATABASE_URL"] = args.database_url
            label = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
        else:
            env.pop("DATABASE_URL", None)
            var = Path(args.var)
            shutil.copy(var / "bangfu.sqlite3", scratch / "bangfu.sqlite3")
            for sub in ("media", "audit"):
                if (var / sub).is_dir():
                    shutil.copytree(var / sub, scratch / sub)
            label = "sqlite"
            # the demo's data was encrypted with the development keys (DEBUG on, the
            # development SECRET_KEY they derive from)
            env["DEBUG"] = "1"
            for name in ("SECRET_KEY", "AUDIT_MAC_KEY"):
                env.pop(name)
        sessions = _sessions(env, args.clients)
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "bangfu.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            _wait_for(port, server)
            # one warm-up request per page and worker
            for page in PAGES:
                for _ in range(args.workers):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    conn.request("GET", page, headers={"Cookie": f"sessionid={sessions[0]}"})
                    status = conn.getresponse()
                    status.read()
                    if status.status != 200:
                        raise SystemExit(
                            f"bench.load: {page} answered {status.status} "
                            f"{status.getheader('Location', '')}"
                        )
            out: dict = {"times": {p: [] for p in PAGES}, "errors": dict.fromkeys(PAGES, 0)}
            lock = threading.Lock()
            until = time.time() + args.seconds
            threads = [
                threading.Thread(target=_client, args=(port, s, until, out, lock, args.think))
                for s in sessions
            ]
            load_before = os.getloadavg()
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    pages = {}
    for page in PAGES:
        times = out["times"][page]
        pages[page] = {
            "n": len(times),
            "errors": out["errors"][page],
            "p50": _pct(times, 50),
            "p95": _pct(times, 95),
            "p99": _pct(times, 99),
            "rps": len(times) / wall,
        }
    return {
        "database": label,
        "think": args.think,
        "clients": args.clients,
        "seconds": wall,
        "workers": args.workers,
        "load": [load_before, os.getloadavg()],
        "pages": pages,
    }


def table(result: dict) -> str:
    lines = [
        "| page | requests | errors | p50 | p95 | p99 | req/s | p95 < 300 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    total = 0
    for page, r in result["pages"].items():
        total += r["n"]
        lines.append(
            f"| `{page}` | {r['n']:,} | {r['errors']} | {r['p50'] * 1000:.0f} ms "
            f"| {r['p95'] * 1000:.0f} ms | {r['p99'] * 1000:.0f} ms | {r['rps']:.1f} "
            f"| {'yes' if r['p95'] < GOAL_P95 and not r['errors'] else 'no'} |"
        )
    lines.append(f"| all pages | {total:,} | | | | | {total / result['seconds']:.1f} | |")
    return "\n".join(lines)


def write_results(result: dict, note: str) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"load-{time.strftime('%Y-%m-%d')}.md"
    text = (
        path.read_text(encoding="utf-8")
        if path.exists()
        else (
            "# Load test: concurrent clients against gunicorn on loopback\n\n"
            "`python -m bench.load` (bench/load.py says how). Goal: p95 < 300 ms, 0 errors.\n"
        )
    )
    db = result["database"]
    think = result.get("think")
    key = f"{db}-think" if think else db
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    how = (
        f"each reading a page {think[0]:g}–{think[1]:g} s before the next"
        if think
        else "closed loop, no think time"
    )
    body = (
        f"{start}\n## {db}, {how} — {time.strftime('%Y-%m-%d %H:%M %Z')}\n\n"
        f"{result['clients']} clients × {result['seconds']:.0f} s, gunicorn {result['workers']} "
        f"sync workers, {os.cpu_count()} CPUs (load average before → after: "
        f"{result['load'][0][0]:.1f} → {result['load'][1][0]:.1f}). {note}\n\n"
        f"{table(result)}\n{end}"
    )
    if start in text:
        head, _s, rest = text.partition(start)
        _old, _e, tail = rest.partition(end)
        text = head + body + tail
    else:
        text = text.rstrip() + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def _think(text: str) -> tuple[float, float]:
    low, _comma, high = text.partition(",")
    try:
        pair = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError("expected MIN,MAX seconds, e.g. 2,8") from None
    if not 0 <= pair[0] <= pair[1]:
        raise argparse.ArgumentTypeError("expected 0 <= MIN <= MAX")
    return pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--var", help="a BANGFU_VAR_DIR filled by `bangfu setup_demo` (copied)")
    source.add_argument("--database-url", help="a database already filled (read)")
    source.add_argument(
        "--env-file", help="settings written by `python -m bench.generate` (URL and keys)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--think",
        type=_think,
        metavar="MIN,MAX",
        help="seconds each client reads a page before the next (uniform); default: none",
    )
    parser.add_argument("--note", default="", help="a sentence for the results (the data)")
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    print(table(result))
    print("BENCH-JSON " + json.dumps(result))
    if not args.no_results:
        print(f"bench.load: results written to {write_results(result, args.note)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

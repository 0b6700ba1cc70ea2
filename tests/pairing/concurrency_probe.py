"""Twenty helpers race for one village's five slots, on a real, committed database.

Run by tests/pairing/test_concurrency.py in a child process, never against the test
database: the caller sets DATABASE_URL to a scratch database (a temporary SQLite file, or a
fresh PostgreSQL database) and DJANGO_SETTINGS_MODULE=bangfu.settings, then runs

    python -m tests.pairing.concurrency_probe

Setup (committed): migrate, load the divisions, a current programme, two registered-poor
villages of 承德县, 20 helpers, 20 county officers of that county, and for each helper a
proposed pairing with each village (distinct focus and content), with a signed agreement
on file for the first village.

Round 1 ("service"): 20 threads, released together by a barrier, each with its own database
connection and its own officer, call `services.pairings.pairing_activate` on their own
pairing of the first village. Five must win slots 1–5; fifteen must be refused with the
"village full" message naming the five helpers present; nothing else may happen (no
"database is locked", no deadlock, no stale-record error).

Round 2 ("raw"): the database alone. 20 threads bypass the services and race raw UPDATEs
(status active, slot (i % 5) + 1) on their own pairing of the second village, each holding
its transaction open a moment so that the contenders for a slot overlap. The partial unique
index must let exactly one writer per slot commit and refuse the other fifteen with
IntegrityError.

Afterwards the audit chain (written by every activation, under concurrency) must verify.
The last line on stdout is a JSON summary; the caller asserts on it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import threading
import time
import traceback

N_THREADS = 20
START = dt.date(2017, 5, 1)
RAW_HOLD_SECONDS = 0.05  # how long a raw writer keeps its transaction open after its UPDATE
BARRIER_TIMEOUT = 60
JOIN_TIMEOUT = 120
# A one-page PDF, as a scanner would produce (the same bytes as tests/pairing/conftest.py).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class InFlight:
    """Counts calls running at the same moment, to show the threads really overlapped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __enter__(self):
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc):
        with self._lock:
            self.now -= 1


def _timed(label: str, timings: dict, func, *args, **kwargs):
    t0 = time.monotonic()
    result = func(*args, **kwargs)
    timings[label] = round(time.monotonic() - t0, 3)
    return result


def setup_data() -> dict:
    """Everything the two rounds need, committed; returns primary keys only."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bangfu.accounts.models import User
    from bangfu.core.context import acting_as
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper
    from bangfu.pairing.services.agreements import agreement_upload
    from bangfu.pairing.services.pairings import pairing_propose
    from bangfu.places.models import Division, Programme
    from bangfu.registry.models import VillageProfile

    Programme.objects.create(name="科企帮万村", start_year=2017, end_year=2020, is_current=True)
    county = Division.objects.get(code="130821")
    villages = list(Division.objects.filter(level="village", county=county).order_by("code")[:2])
    for v in villages:
        VillageProfile.objects.create(
            village=v, is_registered_poor=True, registered_year=2014, main_industries="养殖"
        )
    officers, helpers = [], []
    for i in range(N_THREADS):
        user = User(
            username=f"officer{i:02d}", role="county", county=county, full_name=f"干部{i:02d}"
        )
        user.set_unusable_password()
        user.save()
        officers.append(user)
        helpers.append(
            Helper.objects.create(
                name=f"帮扶企业{i:02d}",
                uscc=make_uscc(f"9113082{i + 10:02d}MA0A1B2C"[:17]),
                kind="private",
                capacity=5,
            )
        )
    service_round, raw_round = [], []
    with acting_as(user=officers[0]):
        for i, (helper, officer) in enumerate(zip(helpers, officers, strict=True)):
            p = pairing_propose(
                user=officers[0],
                helper=helper,
                village=villages[0],
                start_date=START,
                focus=f"重点{i:02d}",
                content=f"第{i:02d}项帮扶内容",
                pathways=["industry"],
            )
            agreement_upload(
                user=officers[0],
                pairing=p,
                upload=SimpleUploadedFile("signed.pdf", PDF_BYTES, "application/pdf"),
                signed_on=START,
            )
            service_round.append({"pairing": p.pk, "user": officer.pk, "helper": helper.name})
            q = pairing_propose(
                user=officers[0],
                helper=helper,
                village=villages[1],
                start_date=START,
                focus=f"方向{i:02d}",
                content=f"第{i:02d}项内容",
                pathways=["technology"],
            )
            raw_round.append({"pairing": q.pk, "helper": helper.name})
    return {
        "villages": [v.pk for v in villages],
        "service": service_round,
        "raw": raw_round,
    }


def _run_threads(target, jobs: list[dict]) -> list[dict]:
    """Start one thread per job, released together; each closes its own connection."""
    from django.db import connection

    barrier = threading.Barrier(len(jobs))
    results: list[dict] = [{} for _ in jobs]

    def run(i: int, job: dict) -> None:
        try:
            results[i] = target(i, job, barrier)
        except Exception as exc:  # the harness itself failed: report, never hide
            results[i] = {
                "outcome": "error",
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
            }
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, job), name=f"racer-{i:02d}")
        for i, job in enumerate(jobs)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    for i, t in enumerate(threads):
        if t.is_alive():
            results[i] = {"outcome": "error", "type": "Hang", "message": f"{t.name} still runs"}
    return results


def service_round(data: dict, in_flight: InFlight) -> list[dict]:
    """Round 1: every thread asks `pairing_activate` for a slot of the same village."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from bangfu.accounts.models import User
    from bangfu.core.context import acting_as
    from bangfu.pairing.models import Pairing
    from bangfu.pairing.services.pairings import pairing_activate

    def attempt(i: int, job: dict, barrier: threading.Barrier) -> dict:
        translation.activate("en")
        user = User.objects.get(pk=job["user"])
        pairing = Pairing.objects.get(pk=job["pairing"])
        barrier.wait(BARRIER_TIMEOUT)
        t0 = time.monotonic()
        try:
            with acting_as(user=user, channel="web"), in_flight:
                done = pairing_activate(user=user, pairing=pairing, on=START)
        except ValidationError as exc:
            return {
                "outcome": "refused",
                "helper": job["helper"],
                "codes": [e.code for e in exc.error_list],
                "message": " ".join(exc.messages),
                "seconds": round(time.monotonic() - t0, 3),
            }
        except Exception as exc:
            return {
                "outcome": "error",
                "helper": job["helper"],
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
                "seconds": round(time.monotonic() - t0, 3),
            }
        return {
            "outcome": "active",
            "helper": job["helper"],
            "slot": done.slot,
            "seconds": round(time.monotonic() - t0, 3),
        }

    return _run_threads(attempt, data["service"])


def raw_round(data: dict, in_flight: InFlight) -> list[dict]:
    """Round 2: raw UPDATEs, no service, no lock: only the (village, slot) index decides."""
    from django.db import IntegrityError, transaction

    from bangfu.pairing.models import Pairing, Status

    def attempt(i: int, job: dict, barrier: threading.Barrier) -> dict:
        slot = (i % 5) + 1
        barrier.wait(BARRIER_TIMEOUT)
        t0 = time.monotonic()
        try:
            with in_flight, transaction.atomic():
                n = Pairing.objects.filter(pk=job["pairing"], status=Status.PROPOSED).update(
                    status=Status.ACTIVE, slot=slot, activated_on=START
                )
                time.sleep(RAW_HOLD_SECONDS)
        except IntegrityError as exc:
            return {
                "outcome": "integrity_error",
                "slot": slot,
                "message": str(exc),
                "seconds": round(time.monotonic() - t0, 3),
            }
        except Exception as exc:
            return {
                "outcome": "error",
                "slot": slot,
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
                "seconds": round(time.monotonic() - t0, 3),
            }
        return {
            "outcome": "active" if n == 1 else "no_row",
            "helper": job["helper"],
            "slot": slot,
            "seconds": round(time.monotonic() - t0, 3),
        }

    return _run_threads(attempt, data["raw"])


def village_state(village_id: int) -> dict:
    from bangfu.pairing.models import Pairing, Status

    holding = Pairing.objects.holding_slot().filter(village_id=village_id)
    return {
        "active": Pairing.objects.filter(village_id=village_id, status=Status.ACTIVE).count(),
        "holding_slot": holding.count(),
        "slots": sorted(holding.values_list("slot", flat=True)),
        "holders": sorted(holding.values_list("helper__name", flat=True)),
    }


def summarise(results: list[dict], state: dict, elapsed: float, peak: int) -> dict:
    by = {}
    for r in results:
        by.setdefault(r.get("outcome", "error"), []).append(r)
    refused = by.get("refused", []) + by.get("integrity_error", [])
    return {
        **state,
        "seconds": round(elapsed, 3),
        "peak_in_flight": peak,
        "outcomes": {k: len(v) for k, v in sorted(by.items())},
        "successes": sorted(
            ({"helper": r.get("helper"), "slot": r.get("slot")} for r in by.get("active", [])),
            key=lambda r: r["slot"] or 0,
        ),
        "refusals": [{k: r.get(k) for k in ("codes", "message", "slot")} for r in refused],
        "errors": by.get("error", []) + by.get("no_row", []),
        "slowest_call_seconds": max((r.get("seconds", 0) for r in results), default=0),
    }


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bangfu.accounts.audit_verify import verify_chain

    timings: dict[str, float] = {}
    quiet = io.StringIO()
    _timed("migrate", timings, call_command, "migrate", verbosity=0, stdout=quiet)
    _timed("load_divisions", timings, call_command, "load_divisions", verbosity=0, stdout=quiet)
    data = _timed("setup", timings, setup_data)
    connection.close()

    summary: dict = {
        "vendor": connection.vendor,
        "engine": settings.DATABASES["default"]["ENGINE"],
        "threads": N_THREADS,
    }
    for name, func, village_id in (
        ("service", service_round, data["villages"][0]),
        ("raw", raw_round, data["villages"][1]),
    ):
        in_flight = InFlight()
        t0 = time.monotonic()
        results = func(data, in_flight)
        elapsed = time.monotonic() - t0
        summary[name] = summarise(results, village_state(village_id), elapsed, in_flight.peak)
        timings[f"{name}_round"] = round(elapsed, 3)

    problems = [(ev.pk, problem) for ev, problem in verify_chain()]
    summary["audit_chain_problems"] = problems[:10]
    summary["timings"] = timings
    connection.close()
    sys.stdout.write("\n" + json.dumps(summary, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

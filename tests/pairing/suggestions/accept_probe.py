"""Twenty officers accept twenty suggestions for one village at once, on a committed database.

Run by tests/pairing/suggestions/test_concurrent_accept.py in a child process against a
scratch database (as tests/pairing/concurrency_probe.py):

    python -m tests.pairing.suggestions.accept_probe

Setup (committed): migrate, divisions, a current programme, one registered-poor village of
承德县, 20 helpers and 20 county officers, one suggestion run with a suggestion per helper
for that village (each its own focus). Then 20 threads, released together, each call
`suggestion_accept` on their own suggestion. At most five may become proposed pairings; the
others must be refused as "village full", and nothing else may happen. The last line on
stdout is a JSON summary.
"""

from __future__ import annotations

import io
import json
import sys
import threading
import time
import traceback

from tests.pairing.concurrency_probe import BARRIER_TIMEOUT, N_THREADS, InFlight, _run_threads


def setup_data() -> dict:
    from bangfu.accounts.models import User
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper
    from bangfu.pairing.models import Suggestion, SuggestionRun
    from bangfu.places.models import Division, Programme
    from bangfu.registry.models import VillageProfile

    Programme.objects.create(name="科企帮万村", start_year=2017, end_year=2020, is_current=True)
    county = Division.objects.get(code="130821")
    village = Division.objects.filter(level="village", county=county).order_by("code").first()
    VillageProfile.objects.create(village=village, is_registered_poor=True, main_industries="养殖")
    officers, jobs = [], []
    for i in range(N_THREADS):
        user = User(username=f"officer{i:02d}", role="county", county=county, full_name=f"干部{i}")
        user.set_unusable_password()
        user.save()
        officers.append(user)
    run = SuggestionRun.objects.create(user=officers[0], county=county, status="done")
    for i in range(N_THREADS):
        helper = Helper.objects.create(
            name=f"帮扶企业{i:02d}",
            uscc=make_uscc(f"91130821MA0A1BC{i:02d}"),
            kind="private",
            capacity=3,
        )
        s = Suggestion.objects.create(
            run=run,
            helper=helper,
            village=village,
            county=county,
            focus=f"重点{i:02d}",
            score=50,
            reasons=[["county", None]],
        )
        jobs.append({"suggestion": s.pk, "user": officers[i].pk, "helper": helper.name})
    return {"village": village.pk, "jobs": jobs}


def accept_round(data: dict, in_flight: InFlight) -> list[dict]:
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from bangfu.accounts.models import User
    from bangfu.core.context import acting_as
    from bangfu.pairing.models import Suggestion
    from bangfu.pairing.services.suggestion_decisions import suggestion_accept

    def attempt(i: int, job: dict, barrier: threading.Barrier) -> dict:
        translation.activate("en")
        user = User.objects.get(pk=job["user"])
        suggestion = Suggestion.objects.get(pk=job["suggestion"])
        barrier.wait(BARRIER_TIMEOUT)
        t0 = time.monotonic()
        try:
            with acting_as(user=user, channel="web"), in_flight:
                pairing = suggestion_accept(user=user, suggestion=suggestion)
        except ValidationError as exc:
            return {
                "outcome": "refused",
                "codes": [e.code for e in exc.error_list],
                "message": " ".join(exc.messages),
            }
        except Exception as exc:
            return {
                "outcome": "error",
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
            }
        return {
            "outcome": "accepted",
            "pairing": pairing.number,
            "seconds": round(time.monotonic() - t0, 3),
        }

    return _run_threads(attempt, data["jobs"])


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bangfu.pairing.models import Pairing, Suggestion

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_divisions", verbosity=0, stdout=quiet)
    data = setup_data()
    connection.close()
    in_flight = InFlight()
    results = accept_round(data, in_flight)
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.get("outcome", "error")] = outcomes.get(r.get("outcome", "error"), 0) + 1
    summary = {
        "engine": settings.DATABASES["default"]["ENGINE"],
        "outcomes": outcomes,
        "open_pairings": Pairing.objects.open().filter(village_id=data["village"]).count(),
        "accepted_suggestions": Suggestion.objects.filter(state="accepted").count(),
        "refusal_codes": sorted({c for r in results for c in r.get("codes", [])}),
        "errors": [r for r in results if r.get("outcome") == "error"][:3],
        "peak_in_flight": in_flight.peak,
    }
    connection.close()
    sys.stdout.write("\n" + json.dumps(summary, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One suggestion run to its end (at once, or in `bangfu db_worker` through `pairing.tasks`):
build the instance, solve it optimally and greedily, keep the pairs and the summary."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Suggestion, SuggestionRun
from .build import build_instance, current_weights
from .solver import greedy, solve

log = logging.getLogger(__name__)


def _progress(run_id: int):
    def report(percent: int, stage: str) -> None:
        SuggestionRun.objects.filter(pk=run_id).update(percent=percent, stage=stage)

    return report


def suggestion_run_execute(*, run_id: int) -> None:
    """Run the solver for one run and keep its pairs (a failure is kept as the run's message)."""
    run = SuggestionRun.objects.get(pk=run_id)
    if run.finished:
        return
    SuggestionRun.objects.filter(pk=run.pk).update(status=SuggestionRun.Status.RUNNING)
    progress = _progress(run.pk)
    try:
        summary = _solve_and_store(run, progress)
    except Exception as exc:
        log.exception("suggestion run %s failed", run.pk)
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.FAILED,
            message=_("The run failed: %(error)s") % {"error": exc},
            finished_at=timezone.now(),
        )
        return
    SuggestionRun.objects.filter(pk=run.pk).update(
        status=SuggestionRun.Status.DONE,
        percent=100,
        stage="",
        summary=summary,
        finished_at=timezone.now(),
    )


def _solve_and_store(run: SuggestionRun, progress) -> dict:
    t0 = time.perf_counter()
    built = build_instance(
        county_id=run.county_id, widened=run.widened, weights=current_weights(), progress=progress
    )
    t1 = time.perf_counter()
    progress(75, "solving")
    best = solve(built.instance)
    t2 = time.perf_counter()
    base = greedy(built.instance)
    in_greedy = {(a.helper, a.village) for a in base.pairs}
    before = {v.key: v.helpers for v in built.instance.villages}
    rows = []
    for a in best.pairs:
        reasons = list(built.reasons.get((a.helper, a.village), []))
        first = before[a.village] == 0
        rows.append(
            Suggestion(
                run=run,
                helper_id=a.helper,
                village_id=a.village,
                county_id=built.village_county[a.village],
                focus=built.focus_of[a.helper][:100],
                score=a.fit,
                reasons=[list(r) for r in reasons],
                first_helper=first,
                in_greedy=(a.helper, a.village) in in_greedy,
            )
        )
    with transaction.atomic():
        for row in rows:  # one audited row each (BusinessModel.save)
            row.save()
    return {
        "villages": built.poor_villages,
        "helpers": len(built.instance.helpers),
        "arcs": len(built.instance.arcs),
        "before": {"with_helper": built.with_helper, "with_two": built.with_two},
        "optimal": {
            "pairs": len(best.pairs),
            "covered": best.covered,
            "second": best.second,
            "fit": best.fit,
            "with_helper": built.with_helper + best.covered,
            "with_two": built.with_two + best.second,
        },
        "greedy": {
            "pairs": len(base.pairs),
            "covered": base.covered,
            "second": base.second,
            "fit": base.fit,
            "with_helper": built.with_helper + base.covered,
            "with_two": built.with_two + base.second,
        },
        "seconds": {"build": round(t1 - t0, 2), "solve": round(t2 - t1, 2)},
    }

"""Checks before a county submits a form (like DHIS2's validation rules).

A *blocker* stops the submission until the data is put right; a *warning* must be seen and
acknowledged by the county officer, and is kept with the filing. Which check applies to which
form, and at which level, is the table `CHECKS` below (docs/DECISIONS.md § "Reporting").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bangfu.core.periods import Period, parse_period

from .models import Report, Submission

BLOCKER = "blocker"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # blocker or warning
    code: str
    message: str
    count: int = 0
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def span(submission: Submission) -> tuple[dt.date, dt.date]:
    """The days the submission's data covers: its half-year, or its calendar year (the
    period of the year's two half-years, 22 December to 21 December, for the summary)."""
    code = submission.period
    if "H" in code:
        period = parse_period(code)
        return period.start, period.end
    year = int(code)
    return Period(year, 1).start, Period(year, 2).end


# --------------------------------------------------------------------------- the checks


def roster(submission: Submission) -> list[Finding]:
    from bangfu.groups.selectors import roster_problems

    programme = submission.report.programme
    return [
        Finding(BLOCKER, "roster", problem, url=reverse("groups:roster"))
        for problem in roster_problems(programme, submission.county)
    ]


def demonstration(submission: Submission) -> list[Finding]:
    from bangfu.groups.models import DemonstrationRecommendation

    if DemonstrationRecommendation.objects.filter(
        programme=submission.report.programme, county=submission.county
    ).exists():
        return []
    return [
        Finding(
            BLOCKER,
            "no_recommendation",
            _("No demonstration village has been recommended for %(county)s yet.")
            % {"county": submission.county.name},
            url=reverse("groups:demonstration"),
        )
    ]


def agreements(submission: Submission, level: str) -> list[Finding]:
    from bangfu.pairing.models import Agreement, Pairing, Status

    n = (
        Pairing.objects.filter(county=submission.county, status=Status.ACTIVE)
        .exclude(Exists(Agreement.objects.filter(pairing=OuterRef("pk"))))
        .count()
    )
    if not n:
        return []
    return [
        Finding(
            level,
            "no_agreement",
            ngettext(
                "%(n)d active pairing has no signed agreement on file.",
                "%(n)d active pairings have no signed agreement on file.",
                n,
            )
            % {"n": n},
            n,
            reverse("pairing:list") + f"?county={submission.county.code}&status=active",
        )
    ]


def late_items(submission: Submission, level: str) -> list[Finding]:
    from bangfu.pairing.models import ItemState, PlanItem, Status, item_state_q

    today = timezone.localdate()
    n = PlanItem.objects.filter(
        item_state_q(ItemState.LATE, today),
        pairing__county=submission.county,
        pairing__status=Status.ACTIVE,
    ).count()
    if not n:
        return []
    return [
        Finding(
            level,
            "late_items",
            ngettext(
                "%(n)d plan item of active pairings is late.",
                "%(n)d plan items of active pairings are late.",
                n,
            )
            % {"n": n},
            n,
            reverse("pairing:list") + f"?county={submission.county.code}",
        )
    ]


def unconfirmed(submission: Submission, level: str) -> list[Finding]:
    from bangfu.assistance.models import Assistance, AssistanceStatus

    start, end = span(submission)
    n = Assistance.objects.filter(
        county=submission.county,
        on__gte=start,
        on__lte=end,
        status__in=(AssistanceStatus.DRAFT, AssistanceStatus.SUBMITTED, AssistanceStatus.RETURNED),
    ).count()
    if not n:
        return []
    return [
        Finding(
            level,
            "unconfirmed",
            ngettext(
                "%(n)d assistance record of the period is not confirmed: the table counts "
                "confirmed records only.",
                "%(n)d assistance records of the period are not confirmed: the table counts "
                "confirmed records only.",
                n,
            )
            % {"n": n},
            n,
            reverse("assistance:queue"),
        )
    ]


def uncovered(submission: Submission, level: str) -> list[Finding]:
    from bangfu.pairing.models import Pairing, Status
    from bangfu.registry.models import VillageProfile

    n = (
        VillageProfile.objects.filter(
            county=submission.county, is_registered_poor=True, exited_on__isnull=True
        )
        .exclude(
            Exists(Pairing.objects.filter(village_id=OuterRef("village_id"), status=Status.ACTIVE))
        )
        .count()
    )
    if not n:
        return []
    return [
        Finding(
            level,
            "uncovered",
            ngettext(
                "%(n)d poor village has no helper.",
                "%(n)d poor villages have no helper.",
                n,
            )
            % {"n": n},
            n,
            reverse("pairing:coverage"),
        )
    ]


def invalid_ids(submission: Submission, level: str) -> list[Finding]:
    """Households of the county whose head's ID number fails the national check (a record
    kept from before the checks, or typed over): the statistics count their help."""
    from django.core.exceptions import ValidationError

    from bangfu.core.identifiers.resident_id import validate_id_number
    from bangfu.registry.models import Household

    n = 0
    for number in (
        Household.objects.filter(county=submission.county)
        .values_list("id_number", flat=True)
        .iterator(chunk_size=2000)
    ):
        try:
            validate_id_number(number)
        except ValidationError:
            n += 1
    if not n:
        return []
    return [
        Finding(
            level,
            "invalid_ids",
            ngettext(
                "%(n)d household has an invalid resident ID number.",
                "%(n)d households have an invalid resident ID number.",
                n,
            )
            % {"n": n},
            n,
            reverse("registry:households") + f"?county={submission.county.code}",
        )
    ]


def summary_sections(submission: Submission) -> list[Finding]:
    from .summary import SECTIONS

    missing = [
        str(label) for key, label in SECTIONS if not submission.sections.get(key, "").strip()
    ]
    if not missing:
        return []
    return [
        Finding(
            BLOCKER,
            "summary_text",
            _("Write the county's own sections of the summary first: %(sections)s.")
            % {"sections": "、".join(missing)},
            len(missing),
        )
    ]


CHECKS = {
    Report.ROSTER: [roster],
    Report.DEMONSTRATION: [demonstration],
    Report.PAIRINGS: [
        lambda s: agreements(s, BLOCKER),
        lambda s: uncovered(s, WARNING),
    ],
    Report.PROGRESS: [
        lambda s: agreements(s, WARNING),
        lambda s: late_items(s, WARNING),
        lambda s: unconfirmed(s, WARNING),
    ],
    Report.STATISTICS: [
        lambda s: unconfirmed(s, BLOCKER),
        lambda s: invalid_ids(s, WARNING),
        lambda s: uncovered(s, WARNING),
    ],
    Report.SUMMARY: [
        summary_sections,
        lambda s: unconfirmed(s, WARNING),
        lambda s: late_items(s, WARNING),
        lambda s: uncovered(s, WARNING),
    ],
}


def run_checks(submission: Submission) -> list[Finding]:
    """Every finding for `submission`, blockers first."""
    found = [f for check in CHECKS.get(submission.report.code, []) for f in check(submission)]
    return sorted(found, key=lambda f: f.level != BLOCKER)

"""Checks before a county submits a form (like DHIS2's validation rules).

A *blocker* stops the submission until the data is put right; a *warning* must be seen and
acknowledged by the county officer, and is kept with the filing. Some findings are settled by
the county's remarks (`remark=True`): a blocker while the remarks are empty, a warning once the
county has explained (an empty half-year, a figure far from the previous period's). Which
check applies to which form, and at which level, is the table `CHECKS` below
(docs/DECISIONS.md § "Reporting").
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
    remark: bool = False  # settled by the county's remarks
    items: tuple = ()  # ({"label", "url"}, ...): the records (or figures) it names

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


#: How many records a finding names one by one; the rest are counted.
NAMED = 10
#: A figure this many times larger or smaller than the previous period's asks for a remark.
CHANGE_FACTOR = 3


def unconfirmed(submission: Submission, level: str) -> list[Finding]:
    """Records of the period not yet confirmed, each named with a link to confirm it."""
    from bangfu.assistance.models import Assistance, AssistanceStatus

    start, end = span(submission)
    qs = Assistance.objects.filter(
        county=submission.county,
        on__gte=start,
        on__lte=end,
        status__in=(AssistanceStatus.DRAFT, AssistanceStatus.SUBMITTED, AssistanceStatus.RETURNED),
    )
    n = qs.count()
    if not n:
        return []
    named = qs.select_related("village", "helper").order_by("on", "number")[:NAMED]
    items = tuple(
        {
            "label": f"{r.number} · {r.on:%Y-%m-%d} · {r.village.name} · {r.helper.name} · "
            f"{r.get_status_display()}",
            "url": r.get_absolute_url(),
        }
        for r in named
    )
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
            items=items,
        )
    ]


def _by_remark(submission: Submission) -> str:
    """A finding settled by the remarks: a blocker until the county explains, then a warning."""
    return WARNING if (submission.remarks or "").strip() else BLOCKER


def no_confirmed(submission: Submission) -> list[Finding]:
    """A period without any confirmed record would file a table of zeros: the county
    confirms the records first, or says in its remarks why there were none."""
    from bangfu.assistance.indicators import counted_records

    start, end = span(submission)
    if start > timezone.localdate():
        return []  # a period that has not begun cannot be filed at all (content.build says so)
    if counted_records(county=submission.county.code, start=start, end=end).exists():
        return []
    return [
        Finding(
            _by_remark(submission),
            "no_confirmed",
            _(
                "No assistance record of %(period)s is confirmed: every figure of the table "
                "would be 0. Confirm the period's records, or explain in the remarks why "
                "there were none."
            )
            % {"period": submission.period},
            url=reverse("assistance:queue"),
            remark=True,
        )
    ]


def _changed(now, before) -> bool:
    if not before:
        return False
    return now > before * CHANGE_FACTOR or now * CHANGE_FACTOR < before


def compared(submission: Submission) -> list[Finding]:
    """Each figure of the period against the previous period's: a change beyond
    `CHANGE_FACTOR` (up or down, or to 0) asks the county for a remark."""
    from bangfu.assistance.indicators import INDICATORS, counted_records, figures

    if "H" not in submission.period:
        return []
    period = parse_period(submission.period)
    before = period.previous()
    county = submission.county.code
    now_figures = figures(counted_records(county=county, start=period.start, end=period.end))
    if not any(now_figures.values()):
        return []  # no_confirmed says so
    old = figures(counted_records(county=county, start=before.start, end=before.end))
    items = tuple(
        {
            "label": f"{i.name_zh}：{before.code} {old[i.code]:,} → {period.code} "
            f"{now_figures[i.code]:,} {i.unit_zh}",
            "url": "",
        }
        for i in INDICATORS
        if _changed(now_figures[i.code], old[i.code])
    )
    if not items:
        return []
    return [
        Finding(
            _by_remark(submission),
            "changed",
            ngettext(
                "%(n)d figure changed more than %(factor)d-fold from %(before)s: say why in "
                "the remarks.",
                "%(n)d figures changed more than %(factor)d-fold from %(before)s: say why in "
                "the remarks.",
                len(items),
            )
            % {"n": len(items), "factor": CHANGE_FACTOR, "before": before.code},
            len(items),
            remark=True,
            items=items,
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


def first_villages_count(submission: Submission) -> list[Finding]:
    """Attachment 2 lists the villages paired by its due date: not the plan's 9 asks the
    county to say why in its remarks."""
    from .first_villages import QUOTA, first_villages

    n = len(first_villages(submission.report.programme, submission.county, by=submission.due_date))
    if n == QUOTA:
        return []
    message = (
        ngettext(
            "Only %(n)d village was paired by %(date)s; the plan asks for %(quota)d: say why "
            "in the remarks.",
            "Only %(n)d villages were paired by %(date)s; the plan asks for %(quota)d: say why "
            "in the remarks.",
            n,
        )
        if n < QUOTA
        else _(
            "%(n)d villages were paired by %(date)s; the plan asks for %(quota)d first: say why "
            "in the remarks."
        )
    )
    return [
        Finding(
            _by_remark(submission),
            "first_villages_count",
            message % {"n": n, "date": f"{submission.due_date:%Y-%m-%d}", "quota": QUOTA},
            n,
            reverse("pairing:list") + f"?county={submission.county.code}",
            remark=True,
        )
    ]


def first_villages_agreements(submission: Submission) -> list[Finding]:
    """Villages of attachment 2 with a pairing that has no agreement, each named."""
    from .first_villages import first_villages

    missing = [
        (v, p)
        for v in first_villages(
            submission.report.programme, submission.county, by=submission.due_date
        )
        for p in v.without_agreement
    ]
    if not missing:
        return []
    villages = {v.village.pk for v, _p in missing}
    items = tuple(
        {"label": f"{v.village.name} · {p.helper.name} · {p.number}", "url": p.get_absolute_url()}
        for v, p in missing[:NAMED]
    )
    return [
        Finding(
            _by_remark(submission),
            "first_villages_agreement",
            ngettext(
                "%(n)d village of the list has a pairing without a signed agreement: upload "
                "the agreement, or say why in the remarks.",
                "%(n)d villages of the list have a pairing without a signed agreement: upload "
                "the agreement, or say why in the remarks.",
                len(villages),
            )
            % {"n": len(villages)},
            len(villages),
            remark=True,
            items=items,
        )
    ]


CHECKS = {
    Report.FIRST_VILLAGES: [first_villages_count, first_villages_agreements],
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
        no_confirmed,
        compared,
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

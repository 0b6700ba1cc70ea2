"""The demo assistance planner: records by pathway and kind, corrections, forage progress."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from django.utils import timezone

from bangfu.assistance.models import KINDS_BY_PATHWAY, AssistanceStatus
from bangfu.core.periods import period_of
from bangfu.pairing.models import Pairing, Pathway, Status, pathway_list
from bangfu.places.models import Programme
from bangfu.registry.models import Household

from .corrections import Corrections
from .forage import Forage
from .measures import Measures
from .plan import (
    ALL_CONFIRMED,
    BENEFICIARY_SHARE,
    OUTSIDE_PAIRING_SHARE,
    OWN_PATHWAY_SHARE,
    RATE_PER_YEAR,
    RECORDS_END,
    STATUS_SHARES,
    STATUS_SHARES_EARLIER,
    AssistancePlan,
    DemoHousehold,
    DemoPairing,
    PlannedRecord,
    place_name,
)
from .words import (
    DEFAULT_INDUSTRY,
    FOCUS_KINDS,
    GIVEN,
    INDUSTRIES,
    KIND_WEIGHTS,
    PATHWAY_WEIGHTS,
    RETURN_NOTES,
    RETURN_NOTES_BY_MEASURE,
    SEASONS,
    SURNAMES,
    Industry,
)


def load_inputs() -> tuple[list[DemoPairing], list[DemoHousehold]]:
    """The current programme's pairings that were ever active, and the registered
    households of their villages, in a fixed order (read only)."""

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return [], []
    rows = (
        Pairing.objects.filter(programme=programme, activated_on__isnull=False)
        .exclude(status__in=[Status.PROPOSED, Status.AGREED])
        .order_by("number")
        .values_list(
            "number",
            "helper__uscc",
            "village__code",
            "county__code",
            "village__name",
            "village__profile__main_industries",
            "focus",
            "pathways",
            "start_date",
            "ended_on",
        )
    )
    pairings = [
        DemoPairing(
            number,
            uscc,
            village,
            county,
            place_name(name),
            tuple(w for w in (industries or "").split("、") if w),
            focus,
            tuple(pathway_list(pathways)),
            start,
            ended,
        )
        for number, uscc, village, county, name, industries, focus, pathways, start, ended in rows
    ]
    households = [
        DemoHousehold(*row)
        for row in Household.objects.filter(village__code__in={p.village_code for p in pairings})
        .order_by("village__code", "ref")
        .values_list("ref", "village__code", "size", "tech_help")
    ]
    return pairings, households


def plan_assistance(
    seed: int = 1,
    *,
    pairings: Sequence[DemoPairing] | None = None,
    households: Sequence[DemoHousehold] | None = None,
    today: dt.date | None = None,
    taken: frozenset[str] = frozenset(),
) -> AssistancePlan:
    """Every row the assistance demo would write for `seed`, without writing anything.

    `pairings` and `households` default to the database (read only), `today` to the local
    date; `taken` are record numbers already in use."""
    if pairings is None or households is None:
        loaded = load_inputs()
        pairings = loaded[0] if pairings is None else pairings
        households = loaded[1] if households is None else households
    planner = _Planner(seed, list(pairings), list(households), today or timezone.localdate(), taken)
    return planner.plan()


class _Planner(Measures, Corrections, Forage):
    def __init__(
        self,
        seed: int,
        pairings: list[DemoPairing],
        households: list[DemoHousehold],
        today: dt.date,
        taken: frozenset[str],
    ):
        self.rng = random.Random(seed)
        self.pairings = pairings
        self.today = today
        self.taken = set(taken)
        self.households: dict[str, list[DemoHousehold]] = {}
        for h in households:
            self.households.setdefault(h.village_code, []).append(h)
        first: dict[str, DemoPairing] = {}  # one pairing stands for its village
        for p in pairings:
            first.setdefault(p.village_code, p)
        self.villages_by_county: dict[str, list[DemoPairing]] = {}
        for code in sorted(first):
            self.villages_by_county.setdefault(first[code].county_code, []).append(first[code])

    # -- small draws -------------------------------------------------------------------------

    def number(self) -> str:
        while True:
            number = f"A{self.rng.getrandbits(40):010X}"
            if number not in self.taken:
                self.taken.add(number)
                return number

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def log_uniform(self, low: float, high: float, skew: float = 1.0) -> float:
        """Between low and high, evenly on a log scale — or, with skew > 1, mostly near low
        (a few large investments, many small ones)."""
        u = self.rng.random() ** skew
        return math.exp(math.log(low) + u * (math.log(high) - math.log(low)))

    def day(self, low: dt.date, high: dt.date, kind: str) -> dt.date:
        """A day in [low, high], in the months the kind of help usually happens in."""
        rng = self.rng
        weights = SEASONS.get(kind)
        span = (high - low).days
        day = low + dt.timedelta(days=rng.randint(0, span))
        if weights is None:
            return day
        top = max(weights)
        for _ in range(8):
            if rng.random() * top < weights[day.month - 1]:
                break
            day = low + dt.timedelta(days=rng.randint(0, span))
        return day

    def industry(self, pairing: DemoPairing) -> Industry:
        known = [INDUSTRIES[w] for w in pairing.industries if w in INDUSTRIES]
        return self.rng.choice(known) if known else DEFAULT_INDUSTRY

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> AssistancePlan:
        rng = self.rng
        helpers = sorted({p.helper_uscc for p in self.pairings})
        rate = {h: rng.uniform(*RATE_PER_YEAR) for h in helpers}
        records: list[PlannedRecord] = []
        for pairing in self.pairings:
            last = min(RECORDS_END, self.today, pairing.ended_on or RECORDS_END)
            if last < pairing.start_date:
                continue
            years = ((last - pairing.start_date).days + 1) / 365.25
            n = max(1, round(years * rate[pairing.helper_uscc] + rng.uniform(-1, 1)))
            for _ in range(n):
                records.append(self.record(pairing, pairing.start_date, last))
        records.sort(key=lambda r: (r.on, r.number))
        records = self.plan_corrections(records)
        return AssistancePlan(tuple(records), tuple(self.plan_forage()))

    def pick_kind(self, pairing: DemoPairing) -> tuple[str, str]:
        rng = self.rng
        own = [p for p in pairing.pathways if p in KINDS_BY_PATHWAY]
        if own and rng.random() < OWN_PATHWAY_SHARE:
            pathway = rng.choices(own, weights=[PATHWAY_WEIGHTS[p] for p in own])[0]
            for word, kind in FOCUS_KINDS.items():
                if (
                    word in pairing.focus
                    and kind in KINDS_BY_PATHWAY[pathway]
                    and rng.random() < 0.5
                ):
                    return pathway, kind
        else:
            pathways = list(PATHWAY_WEIGHTS)
            pathway = rng.choices(pathways, weights=list(PATHWAY_WEIGHTS.values()))[0]
        weights = KIND_WEIGHTS[pathway]
        return pathway, rng.choices(list(weights), weights=list(weights.values()))[0]

    def record(self, pairing: DemoPairing, first: dt.date, last: dt.date) -> PlannedRecord:
        rng = self.rng
        pathway, kind = self.pick_kind(pairing)
        village = pairing
        if rng.random() < OUTSIDE_PAIRING_SHARE:  # help for a neighbouring village
            others = [
                v
                for v in self.villages_by_county.get(pairing.county_code, ())
                if v.village_code != pairing.village_code
            ]
            if others:
                village = rng.choice(others)
                pathway = rng.choice((Pathway.CHARITY, Pathway.COMMERCE))
                weights = KIND_WEIGHTS[pathway]
                kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        on = self.day(first, last, kind)
        description, measures = self.measures(kind, pathway, village)
        beneficiaries = self.beneficiaries(kind, pathway, village.village_code, measures)
        if beneficiaries:
            measures["households_reached"] = max(
                measures.get("households_reached", 0), len(beneficiaries)
            )
        status, submitted, confirmed = self.status(on)
        if (village.county_code, period_of(on).code) in ALL_CONFIRMED:
            status, submitted, confirmed = self.confirmed(
                village.village_code, on, status, submitted, confirmed
            )
        note = ""
        if status == AssistanceStatus.RETURNED:
            fitting = [n for f, n in RETURN_NOTES_BY_MEASURE.items() if measures.get(f)]
            note = rng.choice([*fitting, *fitting, *RETURN_NOTES])
        return PlannedRecord(
            number=self.number(),
            pairing=pairing.number if village is pairing else None,
            helper_uscc=pairing.helper_uscc,
            village_code=village.village_code,
            on=on,
            pathway=str(pathway),
            kind=kind,
            description=description,
            measures=tuple(sorted(measures.items())),
            beneficiaries=beneficiaries,
            status=status,
            review_note=note,
            submitted_on=submitted,
            confirmed_on=confirmed,
        )

    def status(self, on: dt.date) -> tuple[str, dt.date | None, dt.date | None]:
        rng = self.rng
        shares = STATUS_SHARES.get(period_of(on).code, STATUS_SHARES_EARLIER)
        status = rng.choices(
            (
                AssistanceStatus.CONFIRMED,
                AssistanceStatus.SUBMITTED,
                AssistanceStatus.RETURNED,
                AssistanceStatus.DRAFT,
            ),
            weights=shares,
        )[0]
        if status == AssistanceStatus.DRAFT:
            return str(status), None, None
        submitted = min(self.today, on + dt.timedelta(days=rng.randint(0, 12)))
        if status == AssistanceStatus.CONFIRMED:
            confirmed = min(self.today, submitted + dt.timedelta(days=rng.randint(1, 30)))
            return str(status), submitted, confirmed
        return str(status), submitted, None

    def confirmed(
        self,
        village: str,
        on: dt.date,
        status: str,
        submitted: dt.date | None,
        confirmed: dt.date | None,
    ) -> tuple[str, dt.date, dt.date]:
        """The record as confirmed, its dates from a generator of its own: the demo's shared
        generator draws exactly what it drew before, so every other record stays the same."""
        if status == AssistanceStatus.CONFIRMED:
            return status, submitted, confirmed
        rng = random.Random(f"confirmed:{village}:{on}")
        submitted = submitted or min(self.today, on + dt.timedelta(days=rng.randint(0, 12)))
        confirmed = min(self.today, submitted + dt.timedelta(days=rng.randint(1, 30)))
        return str(AssistanceStatus.CONFIRMED), submitted, confirmed

    def beneficiaries(
        self, kind: str, pathway: str, village_code: str, measures: dict
    ) -> tuple[str, ...]:
        """Registered households of the village for about half the records that reach
        households; technical trainings reach the households chosen for tech help."""
        rng = self.rng
        reached = measures.get("households_reached", 0)
        pool = self.households.get(village_code, [])
        if not reached or not pool or rng.random() >= BENEFICIARY_SHARE:
            return ()
        k = min(len(pool), reached, rng.randint(2, 15))
        if kind == "training" and pathway == Pathway.TECHNOLOGY:
            tech = [h for h in pool if h.tech_help]
            if tech:  # the households chosen for tech help (4,858 in all)
                pool, k = tech, min(k, len(tech))
        return tuple(sorted(h.ref for h in rng.sample(pool, k)))

"""Demo support of the helpers: interest-subsidised loans, donation receipts for 2017–2018, and
tax benefits of their investments and donations in paired villages (with an evidence PDF).

Runs after the pairing and assistance demo (pairings and confirmed records exist) and the demo
accounts. Written through the services, as each county's office account (the city office where
none). Deterministic per seed; idempotent: each loan and receipt has a natural key checked
before it is written, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from bangfu.helpers.models import Helper
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.support import services as support
from bangfu.support.models import BenefitKind, DonationReceipt, Loan, TaxBenefit
from bangfu.support.selectors import receipt_candidates

from .accounts import city_office, county_officers
from .draws import keyed_rng

BANKS = ("承德银行", "河北省农村信用社", "中国农业银行承德分行", "邮储银行承德分行")


def _demo_loans(seed, officers, city, counts) -> None:
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or city
        rng = keyed_rng(seed, f"loans:{county.code}")
        paired = list(
            Pairing.objects.filter(county=county, activated_on__isnull=False)
            .order_by("helper_id", "activated_on")
            .distinct()
        )
        seen: dict[int, Pairing] = {}
        for p in paired:
            seen.setdefault(p.helper_id, p)
        firsts = sorted(seen.values(), key=lambda p: p.number)
        for p in rng.sample(firsts, min(len(firsts), 2)):
            granted = min(
                p.activated_on + dt.timedelta(days=rng.randint(30, 300)), dt.date(2019, 12, 20)
            )
            bank = BANKS[rng.randrange(len(BANKS))]
            rate = Decimal(rng.choice(("4.35", "4.75", "4.90")))
            amount = Decimal(rng.randint(10, 300) * 10000)
            subsidy = Decimal(rng.choice(("2.00", "3.00"))).min(rate)
            term = rng.choice((12, 24, 36))
            if Loan.objects.filter(helper=p.helper, county=county, granted_on=granted).exists():
                continue
            support.loan_record(
                user=user,
                helper=p.helper,
                county=county,
                bank=bank,
                amount_yuan=amount,
                interest_rate=rate,
                subsidy_rate=subsidy,
                term_months=term,
                granted_on=granted,
                note="县级统筹扶贫贴息贷款，优先支持结对帮扶企业",
            )
            counts["loans"] += 1


def _demo_receipts(seed, officers, city, counts) -> None:
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or city
        for year in (2017, 2018):
            if DonationReceipt.objects.filter(county=county, year=year).exists():
                continue
            rows = receipt_candidates(user=user, year=year, county=county.code)[:3]
            for row in rows:
                receipt = support.receipt_issue(
                    user=user,
                    helper=Helper.objects.get(pk=row["helper_id"]),
                    county=county,
                    year=year,
                    issued_on=dt.date(year + 1, 1, 15),
                )
                counts["receipts"] += 1
                if year == 2017 and row is rows[0] and county.code == "130821":
                    support.receipt_void(
                        user=user, receipt=receipt, reason="开票单位名称有误，作废重开"
                    )
                    support.receipt_issue(
                        user=user,
                        helper=receipt.helper,
                        county=county,
                        year=year,
                        issued_on=dt.date(year + 1, 1, 20),
                    )
                    counts["receipts"] += 1


# A one-page PDF standing for the tax office's decision (减免税批复) kept as evidence.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
REMARKS = {
    BenefitKind.INVESTMENT: "在结对村投资建设产业基地，依法减免企业所得税",
    BenefitKind.DONATION: "向结对村的扶贫捐赠支出，据实在企业所得税前扣除",
    BenefitKind.FISCAL: "县级财政对结对村投资项目给予奖补",
}


def _demo_tax_benefits(seed, officers, city, counts) -> None:
    """Up to three activated pairings per county get a benefit for one or two years."""
    this_year = timezone.localdate().year
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or city
        rng = keyed_rng(seed, f"tax:{county.code}")
        paired = list(
            Pairing.objects.filter(county=county, activated_on__isnull=False).order_by("number")[
                :40
            ]
        )
        for pairing in rng.sample(paired, min(len(paired), 3)):
            first = max(pairing.activated_on.year, 2017)
            for year in range(first, min(first + rng.randint(1, 2), this_year + 1)):
                kind = rng.choice(list(REMARKS))
                if TaxBenefit.objects.filter(pairing=pairing, year=year, kind=kind).exists():
                    continue
                support.tax_benefit_record(
                    user=user,
                    pairing=pairing,
                    kind=kind,
                    amount_yuan=Decimal(rng.randint(5, 400) * 1000),
                    year=year,
                    evidence=SimpleUploadedFile(
                        f"减免税批复-{pairing.number}-{year}.pdf", EVIDENCE_PDF
                    ),
                    remark=REMARKS[kind],
                )
                counts["tax_benefits"] += 1


def demo_support(seed: int = 1) -> dict[str, int]:
    """Two loans to paired helpers per county, donation receipts for 2017 and 2018 (one
    voided and issued again), tax benefits of up to three pairings per county. Returns what
    it created."""
    officers = county_officers()
    city = city_office()
    counts = {"loans": 0, "receipts": 0, "tax_benefits": 0}
    if city is None and not officers:
        return counts
    with transaction.atomic():
        _demo_loans(seed, officers, city, counts)
    with transaction.atomic():
        _demo_receipts(seed, officers, city, counts)
    with transaction.atomic():
        _demo_tax_benefits(seed, officers, city, counts)
    counts["created"] = sum(counts.values())
    return counts

"""Support owed to helpers: subsidised loans (扶贫贴息贷款), donation receipts (捐赠票据) and tax
benefits (税收优惠) of their investments and donations in paired villages.

The tables keep the names they had in the oversight app (`oversight_loan`, …)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.pairing.models import own_or_county

# A single loan above 1 billion yuan (10亿元) is a typing error, as for assistance records.
MAX_LOAN_YUAN = Decimal("1000000000")
MAX_RATE = Decimal("36")  # % a year: the legal ceiling of private lending
MAX_TERM_MONTHS = 360


class LoanQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison its own helper's loans."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")


class Loan(BusinessModel):
    """A subsidised poverty-alleviation loan (扶贫贴息贷款) granted to a paired helper.

    The subsidy is a rate (贴息率, percentage points a year) no higher than the loan's rate;
    the yearly subsidy in yuan follows from the amount.
    """

    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    bank = models.CharField(_("bank"), max_length=100)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    interest_rate = models.DecimalField(
        _("interest rate (% a year)"), max_digits=5, decimal_places=2
    )
    subsidy_rate = models.DecimalField(
        _("interest subsidy (% a year)"), max_digits=5, decimal_places=2
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    granted_on = models.DateField(_("granted on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = LoanQuerySet.as_manager()

    class Meta:
        db_table = "oversight_loan"
        verbose_name = _("subsidised loan")
        verbose_name_plural = _("subsidised loans")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0, amount_yuan__lte=MAX_LOAN_YUAN),
                name="loan_amount_in_range",
            ),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=MAX_RATE),
                name="loan_rate_in_range",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_rate__gte=0, subsidy_rate__lte=F("interest_rate")),
                name="loan_subsidy_within_rate",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1, term_months__lte=MAX_TERM_MONTHS),
                name="loan_term_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper} · {self.bank} · {self.amount_yuan}"

    def get_absolute_url(self) -> str:
        return reverse("support:loan", args=[self.pk])

    @property
    def yearly_subsidy_yuan(self) -> Decimal:
        return (self.amount_yuan * self.subsidy_rate / 100).quantize(Decimal("0.01"))


class DonationReceiptQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")

    def valid(self):
        return self.filter(voided_on__isnull=True)


class DonationReceipt(BusinessModel):
    """A donation receipt for tax purposes (捐赠票据) of one helper, county and year: the sum
    of the helper's confirmed charity-pathway records (money and goods) of that year in that
    county, frozen when issued. At most one valid receipt per helper, county and year; a
    reissue needs the earlier one voided with a reason."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True, editable=False)
    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    money_yuan = models.DecimalField(_("money (yuan)"), max_digits=16, decimal_places=2)
    goods_yuan = models.DecimalField(_("value of goods (yuan)"), max_digits=16, decimal_places=2)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    records = models.PositiveIntegerField(_("records counted"))
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    document = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("receipt document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    voided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = DonationReceiptQuerySet.as_manager()

    class Meta:
        db_table = "oversight_donationreceipt"
        verbose_name = _("donation receipt")
        verbose_name_plural = _("donation receipts")
        ordering = ["-year", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "county", "year"],
                condition=Q(voided_on__isnull=True),
                name="one_valid_receipt_per_helper_county_year",
            ),
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0) & Q(amount_yuan=F("money_yuan") + F("goods_yuan")),
                name="receipt_amount_is_money_plus_goods",
            ),
            models.CheckConstraint(
                condition=Q(voided_on__isnull=True) | ~Q(void_reason=""),
                name="receipt_voided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("support:receipt", args=[self.pk])

    @property
    def natural_key_value(self) -> str:
        return self.number

    @property
    def is_void(self) -> bool:
        return self.voided_on is not None


# A single tax benefit above 100 million yuan (1亿元) is a typing error.
MAX_BENEFIT_YUAN = Decimal("100000000")
FIRST_BENEFIT_YEAR = 2017  # the programme began in 2017


class BenefitKind(models.TextChoices):
    """What the benefit is, in the plan's words (六(二)): "确保企业在结对村的各类投资和捐赠，
    依法享受优惠财税政策" — the investments, the donations, and the other preferential
    fiscal and tax policies they enjoy by law."""

    INVESTMENT = "investment", _("tax relief on investment in the paired village")
    DONATION = "donation", _("pre-tax deduction of donations to the paired village")
    FISCAL = "fiscal", _("fiscal preference (subsidy or award) on investment")
    OTHER = "other", _("other preferential fiscal or tax policy")


class TaxBenefitQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison its own helper's benefits."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")


class TaxBenefit(BusinessModel):
    """A preferential fiscal or tax benefit (税收优惠) a helper enjoyed, in one year, for its
    investment or donation in a village it is paired with: the kind, the amount in yuan and
    the evidence (the tax office's decision or filing, a PDF or image). The helper and the
    county are the pairing's, kept here for the scope and the totals."""

    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    pairing = models.ForeignKey(
        "pairing.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
        related_name="tax_benefits",
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("benefit"), max_length=12, choices=BenefitKind.choices)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("year"))
    evidence = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    remark = models.TextField(_("remark"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = TaxBenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("tax benefit")
        verbose_name_plural = _("tax benefits")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["county", "year"]), models.Index(fields=["helper", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0, amount_yuan__lte=MAX_BENEFIT_YUAN),
                name="tax_benefit_amount_in_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_BENEFIT_YEAR, year__lte=2100),
                name="tax_benefit_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper} · {self.year} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("support:tax_benefit", args=[self.pk])

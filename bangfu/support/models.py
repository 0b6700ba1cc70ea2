"""Support owed to helpers: subsidised loans (扶贫贴息贷款) and donation receipts (捐赠票据).

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

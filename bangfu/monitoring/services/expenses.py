"""Rigid expenses of a monitored household (刚性支出): add, correct, delete one year's figure.

A household's medical and schooling expenses of a year feed the monitoring rule
(`rules.rule_candidates`: expenses above half of the household's income propose a case of
sudden severe difficulty). Written by the county office of the household's county
(`monitoring.manage`), like the cases; each save and delete is audited by `BusinessModel`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.registry.models import Household, RigidExpense

from .common import money, require_manager

FIRST_YEAR = 2014  # the registry (建档立卡) began in 2014


def _check(household: Household, year, kind: str, amount, *, exclude_pk=None):
    errors = {}
    this_year = timezone.localdate().year
    if year is None or not (FIRST_YEAR <= int(year) <= this_year):
        errors["year"] = _("The year is between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
    if kind not in RigidExpense.Kind.values:
        errors["kind"] = _("Choose medical or education.")
    if errors:
        raise ValidationError(errors)
    amount = money("amount", amount)
    clash = RigidExpense.objects.filter(household=household, year=year, kind=kind)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "kind": _(
                    "This household already has a %(kind)s expense for %(year)d; correct that "
                    "one instead."
                )
                % {"kind": RigidExpense.Kind(kind).label, "year": int(year)}
            },
            code="duplicate",
        )
    return int(year), amount


@transaction.atomic
def rigid_expense_add(*, user, household: Household, year: int, kind: str, amount) -> RigidExpense:
    """Record a household's medical or schooling expense of one year (one per kind and year)."""
    require_manager(user, household.county_id, "monitoring.expense", household)
    year, amount = _check(household, year, kind, amount)
    row = RigidExpense(household=household, year=year, kind=kind, amount=amount)
    row.save()
    return row


@transaction.atomic
def rigid_expense_update(
    *, user, expense: RigidExpense, year: int, kind: str, amount
) -> RigidExpense:
    """Correct a recorded expense (its year, kind or amount); the old values stay in the
    audit trail."""
    household = expense.household
    require_manager(user, household.county_id, "monitoring.expense", expense)
    year, amount = _check(household, year, kind, amount, exclude_pk=expense.pk)
    expense.year, expense.kind, expense.amount = year, kind, amount
    expense.save(update_fields=["year", "kind", "amount"])
    return expense


@transaction.atomic
def rigid_expense_delete(*, user, expense: RigidExpense) -> None:
    """Delete an expense typed in error (the audit trail keeps what it was)."""
    require_manager(user, expense.household.county_id, "monitoring.expense", expense)
    expense.delete()

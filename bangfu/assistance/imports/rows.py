"""Reading one import row: its cells checked by the services' rules, matched to its record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.excel.cells import parse_date
from bangfu.core.imports.spec import ParsedRow, RowError, error, take
from bangfu.core.parsing import parse_choice, parse_text
from bangfu.core.text import normalize_text

from ..models import COUNT_FIELDS, MONEY_FIELDS, Assistance, AssistanceStatus
from ..services.rules import (
    EDITABLE,
    check_kind,
    check_pairing,
    clean_amount,
    clean_count,
    clean_measures,
    may_record,
)
from .columns import KINDS, MEASURES, PATHWAYS, A
from .lookups import RowLookups, linked_households, rule_errors

DESCRIPTION_MAX = 2000


def _amount_text(raw: str) -> str:
    """What users add to a number: thousands separators, 元 and %."""
    return raw.replace(",", "").replace("元", "").replace("%", "").strip()


class RowParser(RowLookups):
    """One row of the sheet as the values of a record (new, changed or unchanged)."""

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        user = ctx.get("user")
        raw = {key: normalize_text(cells.get(col.header) or "") for key, col in A.items()}
        present = {key for key, col in A.items() if col.header in cells}

        on = take(errors, row, A["on"], raw["on"], parse_date)
        if on is not None and on > timezone.localdate():
            errors.append(
                error(row, A["on"], raw["on"], _("A record cannot be dated in the future."))
            )
            on = None
        helper = self._helper(row, raw["helper"], ctx, errors)
        village = self._village(row, raw["village"], ctx, errors)
        pathway = take(errors, row, A["pathway"], raw["pathway"], parse_choice, PATHWAYS)
        kind = take(errors, row, A["kind"], raw["kind"], parse_choice, KINDS)
        if pathway and kind:
            try:
                check_kind(pathway, kind)
            except ValidationError as exc:
                errors.extend(rule_errors(row, exc, raw, "kind"))
        description = take(
            errors,
            row,
            A["description"],
            raw["description"],
            parse_text,
            max_length=DESCRIPTION_MAX,
        )
        if description == "":
            errors.append(error(row, A["description"], "", _("Say what was done.")))
        measures = self._measures(row, raw, errors)

        scoped = helper is not None and village is not None
        scoped = scoped and self._in_scope(row, user, helper, village, raw, errors)
        pairing = None
        if raw["pairing"]:
            pairing = self._pairing(row, raw["pairing"], ctx, errors)
        if scoped and pairing is not None and on is not None:
            try:
                check_pairing(pairing, helper, village, on)
            except ValidationError as exc:
                errors.extend(rule_errors(row, exc, raw, "pairing"))
        households = None  # None: the column is absent, the stored links stay
        if scoped:
            if "beneficiaries" in present:
                households = self._households(row, raw["beneficiaries"], village, raw, errors)
            if on is not None:
                self._lock(row, village.county, on, raw, ctx, errors)
        if errors:
            return None, errors

        values = {
            "on": on,
            "helper_id": helper.pk,
            "village_id": village.pk,
            "pathway": pathway,
            "kind": kind,
            "description": description,
        }
        record = self._record(row, raw, values, user, errors)
        if errors:
            return None, errors
        # The fields of the columns present; an absent column leaves the record's value (a new
        # record gets the default).
        if record is None or "pairing" in present:
            values["pairing_id"] = pairing.pk if pairing else None
        values.update({k: v for k, v in measures.items() if record is None or k in present})
        if record is not None and not present >= set(MEASURES):
            self._check_merged_measures(row, record, values, raw, errors)
        if households is not None or record is None:
            listed = len(households or ())
            reached = values.get("households_reached", record.households_reached if record else 0)
            if listed > reached:
                values["households_reached"] = listed
        if errors:
            return None, errors
        data = {
            "values": values,
            "village": village,
            "households": households,
            "record": record,
            "changed": True,
            "cells": raw,
        }
        if record is not None:
            data["changed"] = self._differs(record, values, households)
            if data["changed"]:
                self._check_editable(row, record, raw, ctx, errors)
                self._check_roster(row, record, values, errors)
                if errors:
                    return None, errors
        empty = frozenset(k for k in present if not raw[k])
        return ParsedRow(row=row, data=data, empty=empty), []

    @staticmethod
    def _check_roster(row, record, values, errors) -> None:
        """A record whose training counts come from a roster keeps them (roster.py)."""
        if not record.trained_from_roster:
            return
        for key in ("persons_trained", "poor_trained"):
            if key in values and values[key] != getattr(record, key):
                errors.append(
                    error(
                        row,
                        A[key],
                        values[key],
                        _(
                            "drawn from the training roster (%(n)d names); change the "
                            "roster, not the figure"
                        )
                        % {"n": getattr(record, key)},
                    )
                )

    @staticmethod
    def _check_merged_measures(row, record, values, raw, errors) -> None:
        """The rules between measures (poor within all) on the file's values over the
        record's, when the file lacks some measure columns."""
        merged = {k: values.get(k, getattr(record, k)) for k in MEASURES}
        try:
            clean_measures({k: "" if v is None else str(v) for k, v in merged.items()})
        except ValidationError as exc:
            errors.extend(rule_errors(row, exc, raw, "persons_trained"))

    @staticmethod
    def _measures(row, raw, errors) -> dict:
        """Each measure by the services' checks alone (so that every bad cell is named),
        then all of them by `clean_measures` (poor persons within persons)."""
        texts = {key: _amount_text(raw[key]) for key in MEASURES}
        bad = False
        for key in MEASURES:
            try:
                if key in MONEY_FIELDS:
                    clean_amount(key, texts[key])
                elif key in COUNT_FIELDS:
                    clean_count(key, texts[key])
                else:
                    clean_measures({key: texts[key]})
            except ValidationError as exc:
                errors.extend(rule_errors(row, exc, raw, key))
                bad = True
        if bad:
            return {}
        try:
            return clean_measures(texts)
        except ValidationError as exc:
            errors.extend(rule_errors(row, exc, raw, "persons_trained"))
            return {}

    @staticmethod
    def _record(row, raw, values, user, errors) -> Assistance | None:
        """The stored record this row is (see the module's docstring), or None: a new one."""
        qs = Assistance.objects.all() if user is None else Assistance.objects.for_user(user)
        if raw["number"]:
            record = qs.filter(number=raw["number"].upper()).first()
            if record is None:
                errors.append(
                    error(
                        row,
                        A["number"],
                        raw["number"],
                        _("no record of yours has this number; leave it empty to add a record"),
                    )
                )
            return record
        same = [
            r
            for r in qs.filter(
                on=values["on"],
                helper_id=values["helper_id"],
                village_id=values["village_id"],
                kind=values["kind"],
            ).exclude(status=AssistanceStatus.SUPERSEDED)
            if normalize_text(r.description) == values["description"]
        ]
        if len(same) > 1:
            errors.append(
                error(
                    row,
                    A["description"],
                    raw["description"],
                    _(
                        "%(n)d records have this date, helper, village, kind and content "
                        "(%(numbers)s); give the record number"
                    )
                    % {"n": len(same), "numbers": "、".join(r.number for r in same)},
                )
            )
            return None
        return same[0] if same else None

    @staticmethod
    def _differs(record: Assistance, values: dict, households: list[int] | None) -> bool:
        if normalize_text(record.description) == values["description"]:
            values["description"] = record.description  # the stored line breaks are kept
        if any(getattr(record, k) != v for k, v in values.items()):
            return True
        if households is None:
            return False
        return set(households) != linked_households(record)

    def _check_editable(self, row, record, raw, ctx, errors) -> None:
        """As `assistance_save` does for an existing record: a draft or a record sent
        back, in an open half-year, that the user may record."""
        if record.status not in EDITABLE:
            errors.append(
                error(
                    row,
                    A["number"],
                    record.number,
                    _("A %(status)s record cannot be edited; re-open it or record a correction.")
                    % {"status": record.get_status_display()},
                )
            )
            return
        user = ctx.get("user")
        if user is not None and not may_record(
            user, helper_id=record.helper_id, county_id=record.county_id
        ):
            errors.append(
                error(row, A["number"], record.number, _("you may not change this record"))
            )
            return
        self._lock(row, record.county, record.on, raw, ctx, errors)

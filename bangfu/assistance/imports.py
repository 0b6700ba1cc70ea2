"""Import and export of assistance records (帮扶记录) in the county offices' spreadsheet layout.

One row per record, Chinese headers (see `A`). The rules are the registries' (core/imports/):
a template, all rows or nothing (or the valid rows only, when asked), every bad cell reported
with its row, column, value and reason, and re-importing the same file changes nothing.

Every rule of the services is a row error here, never an exception: the checks are the
services' own (`services.clean_measures`, the kind of a pathway, the pairing's helper, village
and start date, a beneficiary in the record's village, a locked half-year, a date in the
future, who may record), called per row and turned into (row, column, value, reason).

Scope: the importing user's. A helper liaison imports its own helper's records only; a county
office the records of its county's villages; the operator (`bangfu import_data`, no user)
anything. Imported records are drafts, to be submitted and confirmed as usual.

Which record a row is (idempotence):

* with 记录编号 — that record, among those the user may see; an unknown number is an error
  (leave it empty to add a record);
* without — the record with the same date, helper, village, kind and description
  (帮扶内容, compared after tidying spaces), superseded records left aside. None: the row adds
  a record. Several: an error asking for the 记录编号.

A row equal to its record leaves it alone (unchanged), whatever the record's status, so
that an export imports back as it is. A row that differs updates the record if it is a
draft or was sent back; a submitted or confirmed record is never changed by an import: such
a row is an error (re-open it or record a correction). Two rows of one file for the same
record are an error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.roles import Role
from bangfu.core.excel.cells import parse_date
from bangfu.core.identifiers.uscc import validate_uscc
from bangfu.core.imports.spec import (
    Column,
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    count_clears,
    error,
    take,
)
from bangfu.core.parsing import parse_choice, parse_text
from bangfu.core.periods import period_of
from bangfu.core.text import normalize_text

from . import services
from .models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    Assistance,
    AssistanceStatus,
    Beneficiary,
)

# What users write in the 帮扶途径 and 帮扶类型 cells -> the stored code; the first label of a
# code is the one exports write (the seed's words, §三).
PATHWAYS = {
    "公益帮扶": "charity",
    "公益扶贫": "charity",
    "科技帮扶": "technology",
    "科技扶贫": "technology",
    "就业帮扶": "employment",
    "就业扶贫": "employment",
    "产业帮扶": "industry",
    "产业扶贫": "industry",
    "商贸帮扶": "commerce",
    "商贸扶贫": "commerce",
    "其他帮扶": "other",
    "其它帮扶": "other",
    "其他扶贫": "other",
    "其它扶贫": "other",
}
KINDS = {
    "捐款": "money_donation",
    "捐物": "goods_donation",
    "助学": "schooling",
    "助老": "elderly",
    "助残": "disabled",
    "助医": "medical",
    "技能培训": "training",
    "培训": "training",
    "技术培训": "training",
    "提供就业岗位": "jobs",
    "就业": "jobs",
    "安排就业": "jobs",
    "投资": "investment",
    "投资兴业": "investment",
    "兴办企业": "new_business",
    "采购": "purchase",
    "代销": "consignment",
    "委托加工": "processing",
    "农企直通车": "direct_channel",
    "政府合作(PPP)": "ppp",
    "PPP": "ppp",
    "专业合作社": "cooperative",
    "合作社": "cooperative",
    "扶持致富带头人": "entrepreneur",
    "驻村帮扶": "stationed_staff",
    "电商扶贫": "ecommerce",
    "电商": "ecommerce",
    "志愿者服务": "volunteers",
    "志愿服务": "volunteers",
    "低息或无息贷款": "loan",
    "贷款": "loan",
    "产业帮扶基金": "fund",
    "帮扶基金": "fund",
}


def _labels(vocabulary: dict[str, str]) -> list[str]:
    """The first label of each code, in order."""
    first: dict[str, str] = {}
    for label, code in vocabulary.items():
        first.setdefault(code, label)
    return list(first.values())


def _label(vocabulary: dict[str, str], code: str) -> str:
    return next((label for label, c in vocabulary.items() if c == code), code)


MEASURE_HEADERS = {
    "money_yuan": ("资金(元)", "元"),
    "goods_yuan": ("物资折款(元)", "元"),
    "persons_trained": ("培训人次", "人次"),
    "poor_trained": ("其中贫困人口", "培训人次中的建档立卡贫困人口"),
    "jobs": ("就业人数", "人"),
    "poor_jobs": ("其中贫困人口就业", "就业人数中的建档立卡贫困人口"),
    "wages_yuan": ("工资(元)", "元"),
    "investment_yuan": ("投资(元)", "元"),
    "purchase_yuan": ("采购金额(元)", "元"),
    "loan_yuan": ("贷款金额(元)", "元"),
    "loan_rate": ("贷款利率(%)", "年利率，如 4.35"),
    "volunteer_hours": ("志愿服务时长(小时)", "小时"),
    "households_reached": ("受益户数", "户；少于所列受益户时按受益户计"),
}
MEASURES = tuple(MEASURE_HEADERS)


def _unit_free(header: str) -> str:
    """资金(元) -> 资金: the noun of a measure in the cleared-values warning."""
    return header.split("(")[0]


EXAMPLE_MEASURES = {"persons_trained": 40, "poor_trained": 25}

# The assistance template, with the other headers county ledgers use for each column.
MEASURE_ALIASES = {
    "money_yuan": ("资金", "捐款金额(元)", "帮扶资金(元)"),
    "goods_yuan": ("物资折款", "捐物折款(元)", "物资价值(元)"),
    "persons_trained": ("培训人数",),
    "poor_trained": ("培训贫困人口", "其中贫困人口培训人次"),
    "jobs": ("就业人数(人)", "提供就业岗位数", "安排就业人数"),
    "poor_jobs": ("贫困人口就业人数", "其中贫困人口就业人数"),
    "wages_yuan": ("工资", "工资收入(元)"),
    "investment_yuan": ("投资额(元)", "投资金额(元)"),
    "purchase_yuan": ("采购额(元)", "采购金额"),
    "loan_yuan": ("贷款额(元)", "贷款金额"),
    "loan_rate": ("贷款利率", "年利率(%)"),
    "volunteer_hours": ("志愿服务时长", "服务时长(小时)"),
    "households_reached": ("受益户数(户)", "带动户数"),
}

A = {
    "number": Column(
        "记录编号", "number", False, "", "修改已导入的草稿时填写；新记录留空", ("编号",)
    ),
    "on": Column(
        "日期",
        "on",
        True,
        "2017-07-10",
        "如 2017-07-10；不能晚于今天",
        ("帮扶日期", "帮扶时间", "时间"),
    ),
    "helper": Column(
        "帮扶主体统一社会信用代码",
        "helper",
        True,
        "91130821MA0A1B2C3J",
        "18位",
        ("统一社会信用代码", "信用代码", "社会信用代码", "帮扶单位统一社会信用代码"),
    ),
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "受帮扶村代码"),
    ),
    "pairing": Column(
        "结对协议编号",
        "pairing",
        False,
        "KQ13082120170001",
        "结对帮扶中的记录填写",
        ("协议编号", "结对编号"),
        "结对协议编号",
    ),
    "pathway": Column(
        "帮扶途径", "pathway", True, "科技帮扶", "、".join(_labels(PATHWAYS)), ("帮扶方式",)
    ),
    "kind": Column(
        "帮扶类型", "kind", True, "技能培训", "、".join(_labels(KINDS)), ("帮扶项目类型",)
    ),
    "description": Column(
        "帮扶内容", "description", True, "中药材种植技术培训", "", ("帮扶事项", "具体内容")
    ),
    **{
        key: Column(
            header,
            key,
            False,
            EXAMPLE_MEASURES.get(key, ""),
            note,
            MEASURE_ALIASES.get(key, ()),
            _unit_free(header),
        )
        for key, (header, note) in MEASURE_HEADERS.items()
    },
    "beneficiaries": Column(
        "受益户",
        "beneficiaries",
        False,
        "",
        "户编号（H开头），多个用顿号或逗号分隔",
        ("受益户编号", "受益农户"),
        "受益户名单",
    ),
}
DESCRIPTION_MAX = 2000
VILLAGE_CODE = re.compile(r"\d{12}")
REFS_SPLIT = re.compile(r"[、,，;；\s]+")
# The record's fields an import sets, compared to tell an update from an unchanged row.
FIELDS = (
    "on",
    "helper_id",
    "village_id",
    "pairing_id",
    "pathway",
    "kind",
    "description",
    *MONEY_FIELDS,
    *COUNT_FIELDS,
    "loan_rate",
)


def _rule_errors(
    row: int, exc: ValidationError, cells: dict[str, str], default: str
) -> list[RowError]:
    """A services' ValidationError as row errors, each under the column of its field."""
    if hasattr(exc, "error_dict"):
        return [
            error(row, A.get(name, A[default]), cells.get(name, cells[default]), "；".join(msgs))
            for name, msgs in exc.message_dict.items()
        ]
    return [error(row, A[default], cells[default], "；".join(exc.messages))]


def _amount_text(raw: str) -> str:
    """What users add to a number: thousands separators, 元 and %."""
    return raw.replace(",", "").replace("元", "").replace("%", "").strip()


class AssistanceSpec(ImportSpec):
    kind = "assistance"
    title = "帮扶记录"
    columns = list(A.values())

    # ------------------------------------------------------------------------- lookups

    @staticmethod
    def _cached(ctx: dict, name: str, key, load):
        cache = ctx.setdefault(f"assistance_{name}", {})
        if key not in cache:
            cache[key] = load()
        return cache[key]

    def _helper(self, row, raw, ctx, errors):
        from bangfu.helpers.models import Helper

        code = take(errors, row, A["helper"], raw, validate_uscc, field_label=A["helper"].header)
        if code is None:
            return None
        helper = self._cached(
            ctx, "helpers", code, lambda: Helper.objects.filter(uscc=code).first()
        )
        if helper is None:
            errors.append(error(row, A["helper"], raw, _("no helper has this credit code")))
        return helper

    def _village(self, row, raw, ctx, errors):
        from bangfu.places.models import Division

        if not VILLAGE_CODE.fullmatch(raw):
            errors.append(error(row, A["village"], raw, _("write the 12-digit village code")))
            return None
        village = self._cached(
            ctx,
            "villages",
            raw,
            lambda: (
                Division.objects.filter(level="village", code=raw).select_related("county").first()
            ),
        )
        if village is None:
            errors.append(
                error(
                    row,
                    A["village"],
                    raw,
                    _("unknown village code, or a village outside your county"),
                )
            )
        return village

    def _pairing(self, row, raw, ctx, errors):
        from bangfu.pairing.models import Pairing

        pairing = self._cached(
            ctx, "pairings", raw, lambda: Pairing.objects.filter(number=raw.upper()).first()
        )
        if pairing is None:
            errors.append(error(row, A["pairing"], raw, _("no pairing has this number")))
        return pairing

    @staticmethod
    def _in_scope(row, user, helper, village, cells, errors) -> bool:
        """The services' rule: the helper's own liaison, or the village's county office."""
        if user is None or services.may_record(
            user, helper_id=helper.pk, county_id=village.county_id
        ):
            return True
        role = getattr(user, "role", None)
        if role == Role.HELPER:
            errors.append(
                error(
                    row,
                    A["helper"],
                    cells["helper"],
                    _("you may import only your own helper's records"),
                )
            )
        elif role != Role.COUNTY:
            errors.append(
                error(
                    row,
                    A["helper"],
                    cells["helper"],
                    _("assistance is recorded by the helper's liaison or the county office"),
                )
            )
        else:
            errors.append(
                error(
                    row,
                    A["village"],
                    cells["village"],
                    _("unknown village code, or a village outside your county"),
                )
            )
        return False

    def _lock(self, row, county, on, cells, ctx, errors, column="on") -> None:
        """A locked half-year (services' check, once per county and period)."""
        problem = self._cached(
            ctx, "locks", (county.pk, period_of(on).code), lambda: _lock_problem(county, on)
        )
        if problem is not None:
            errors.extend(_rule_errors(row, problem, cells, column))

    def _households(self, row, raw, village, cells, errors) -> list[int] | None:
        from bangfu.registry.models import Household

        refs = list(dict.fromkeys(r.upper() for r in REFS_SPLIT.split(raw) if r))
        if not refs:
            return []
        found = {
            h.ref: h
            for h in Household.objects.filter(ref__in=refs)
            .select_related("village")
            .only("id", "ref", "head_name", "village_id", "village__name")
        }
        unknown = [r for r in refs if r not in found]
        if unknown:
            errors.append(
                error(
                    row,
                    A["beneficiaries"],
                    raw,
                    _("unknown household number(s): %(refs)s") % {"refs": "、".join(unknown)},
                )
            )
            return None
        try:
            households = services._beneficiaries(village, [found[r] for r in refs])
        except ValidationError as exc:
            errors.extend(_rule_errors(row, exc, cells, "beneficiaries"))
            return None
        return [h.pk for h in households]

    # ------------------------------------------------------------------------- parse

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
                services._check_kind(pathway, kind)
            except ValidationError as exc:
                errors.extend(_rule_errors(row, exc, raw, "kind"))
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
                services._check_pairing(pairing, helper, village, on)
            except ValidationError as exc:
                errors.extend(_rule_errors(row, exc, raw, "pairing"))
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
                if errors:
                    return None, errors
        empty = frozenset(k for k in present if not raw[k])
        return ParsedRow(row=row, data=data, empty=empty), []

    @staticmethod
    def _check_merged_measures(row, record, values, raw, errors) -> None:
        """The rules between measures (poor within all) on the file's values over the
        record's, when the file lacks some measure columns."""
        merged = {k: values.get(k, getattr(record, k)) for k in MEASURES}
        try:
            services.clean_measures({k: "" if v is None else str(v) for k, v in merged.items()})
        except ValidationError as exc:
            errors.extend(_rule_errors(row, exc, raw, "persons_trained"))

    @staticmethod
    def _measures(row, raw, errors) -> dict:
        """Each measure by the services' checks alone (so that every bad cell is named),
        then all of them by `services.clean_measures` (poor persons within persons)."""
        texts = {key: _amount_text(raw[key]) for key in MEASURES}
        bad = False
        for key in MEASURES:
            try:
                if key in MONEY_FIELDS:
                    services._amount(key, texts[key])
                elif key in COUNT_FIELDS:
                    services._count(key, texts[key])
                else:
                    services.clean_measures({key: texts[key]})
            except ValidationError as exc:
                errors.extend(_rule_errors(row, exc, raw, key))
                bad = True
        if bad:
            return {}
        try:
            return services.clean_measures(texts)
        except ValidationError as exc:
            errors.extend(_rule_errors(row, exc, raw, "persons_trained"))
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
        return set(households) != _linked(record)

    def _check_editable(self, row, record, raw, ctx, errors) -> None:
        """As `services.assistance_save` for an existing record: a draft or a record sent
        back, in an open half-year, that the user may record."""
        if record.status not in services.EDITABLE:
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
        if user is not None and not services.may_record(
            user, helper_id=record.helper_id, county_id=record.county_id
        ):
            errors.append(
                error(row, A["number"], record.number, _("you may not change this record"))
            )
            return
        self._lock(row, record.county, record.on, raw, ctx, errors)

    # ------------------------------------------------------------------------- file

    def check(self, rows, ctx) -> list[RowError]:
        """Two rows of the file for one record (by number or by the identifying fields)."""
        errors = []
        seen: dict[tuple, int] = {}
        for r in rows:
            d = r.data
            v = d["values"]
            if d["record"] is not None:
                key = ("record", d["record"].pk)
            else:
                key = ("new", v["on"], v["helper_id"], v["village_id"], v["kind"])
                key += (v["description"],)
            if key in seen:
                column = A["number"] if d["cells"]["number"] else A["description"]
                errors.append(
                    error(
                        r.row,
                        column,
                        d["cells"][column.key],
                        _("the same record as row %(row)d") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = r.row
        return errors

    def clears(self, rows, ctx) -> Counter:
        """Stored values that a changed record loses to an empty cell: a measure, the
        pairing, the loan rate, the list of beneficiaries."""
        counter: Counter = Counter()
        for r in rows:
            d = r.data
            record = d["record"]
            if record is None or not d["changed"]:
                continue
            values = d["values"]
            count_clears(counter, A, record, values, r.empty - {"pairing", "beneficiaries"})
            if "pairing" in r.empty and record.pairing_id is not None:
                counter[A["pairing"].header] += 1
            if "beneficiaries" in r.empty and _linked(record):
                counter[A["beneficiaries"].header] += 1
        return counter

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        user = ctx.get("user")
        creator = user if getattr(user, "pk", None) else None
        for i, r in enumerate(rows, 1):
            d = r.data
            record = d["record"]
            if record is not None and not d["changed"]:
                counts.unchanged += 1
                continue
            if record is None:
                record = Assistance(created_by=creator)
                counts.created += 1
            else:
                counts.updated += 1
            for k, v in d["values"].items():
                setattr(record, k, v)
            record.village = d["village"]
            record.save()
            if d["households"] is not None:
                _set_beneficiaries(record, d["households"])
            if progress and i % 1000 == 0:
                progress(i, len(rows))
        return counts

    # ------------------------------------------------------------------------- export

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """In the template's columns; zero measures left empty. Household numbers are
        opaque references, never personal data, so `full_numbers` changes nothing."""
        from bangfu.registry.models import Household

        qs = queryset.select_related("helper", "village", "pairing").prefetch_related(
            Prefetch("beneficiaries", queryset=Household.objects.only("id", "ref"))
        )
        for a in qs.iterator(chunk_size=1000):
            yield [
                a.number,
                a.on,
                a.helper.uscc,
                a.village.code,
                a.pairing.number if a.pairing_id else "",
                _label(PATHWAYS, a.pathway),
                _label(KINDS, a.kind),
                a.description,
                *(_cell(getattr(a, key)) for key in MEASURES),
                "、".join(sorted(h.ref for h in a.beneficiaries.all())),
            ]


def _cell(value):
    if value is None or value == 0:
        return ""
    return int(value) if isinstance(value, int) else Decimal(value)


def _lock_problem(county, on) -> ValidationError | None:
    try:
        services._check_not_locked(county, on)
    except ValidationError as exc:
        return exc
    return None


def _linked(record: Assistance) -> set[int]:
    return set(Beneficiary.objects.filter(assistance=record).values_list("household_id", flat=True))


def _set_beneficiaries(record: Assistance, wanted: list[int]) -> None:
    """The record's beneficiary links, changed (and audited) as `assistance_save` does."""
    current = set(
        Beneficiary.objects.filter(assistance=record).values_list("household_id", flat=True)
    )
    wanted_set = set(wanted)
    if current == wanted_set:
        return
    Beneficiary.objects.filter(assistance=record).exclude(household_id__in=wanted_set).delete()
    Beneficiary.objects.bulk_create(
        [Beneficiary(assistance=record, household_id=h) for h in wanted_set - current]
    )
    audit.record(
        event="update", obj=record, changes={"beneficiaries": [sorted(current), sorted(wanted_set)]}
    )


def assistance_queryset(*, user, filters: dict | None = None):
    """The records an export covers, scoped like the pages (user None: the operator).

    filters: county, township, village (codes), helper (USCC), period, pathway, kind, status."""
    filters = filters or {}
    qs = Assistance.objects.all() if user is None else Assistance.objects.for_user(user)
    for key in ("county", "township", "village"):
        if filters.get(key):
            qs = qs.filter(**{f"{key}__code": filters[key]})
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    for key in ("period", "pathway", "kind", "status"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    return qs.order_by("on", "number")

"""A session's roster as a spreadsheet: the import (学员花名册导入) and the roster export.

The import follows the registries' engine (`core.imports`): every row checked and every bad
cell reported in Chinese, nothing written unless the whole file is clean, rows matched to
the session's roster by the ID number's keyed hash so that importing the same file again
changes nothing. After the write the record the session reports follows the roster.
The export writes the filtered roster with ID numbers masked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core import crypto
from bangfu.core.excel.writing import template_xlsx, write_xlsx
from bangfu.core.identifiers.resident_id import validate_id_number
from bangfu.core.imports.spec import (
    Column,
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    duplicates,
    error,
)
from bangfu.core.text import normalize_text
from bangfu.places.models import Division
from bangfu.training.models import Trainee, TrainingSession
from bangfu.training.rules import may_record_session
from bangfu.training.services import match_household, roster_sync

C = {
    "name": Column("姓名", "name", required=True, example="张明", aliases=("学员姓名",)),
    "id_number": Column(
        "身份证号",
        "id_number",
        required=True,
        example="130821199001011234",
        note="18位公民身份号码，单元格请设为文本格式",
        aliases=("身份证号码", "公民身份号码"),
    ),
    "township": Column("乡镇", "township", example="下板城镇", note="村名重复时用于区分"),
    "village": Column(
        "村",
        "village",
        required=True,
        example="上板城村",
        note="村名或12位统计用区划代码，须在培训班所在县",
        aliases=("所在村", "行政村", "村名"),
    ),
    "certificate_no": Column(
        "证书编号",
        "certificate_no",
        example="ZK2017-001",
        aliases=("结业证书编号", "证书号"),
        noun="证书编号",
    ),
}


class RosterSpec(ImportSpec):
    """The roster of one session (`session`)."""

    kind = "trainees"
    title = "培训学员花名册"
    columns = list(C.values())

    def __init__(self, session: TrainingSession):
        self.session = session
        self._villages = None

    def villages(self) -> list[Division]:
        if self._villages is None:
            self._villages = list(
                Division.objects.filter(level="village", county_id=self.session.county_id)
                .select_related("parent")
                .order_by("code")
            )
        return self._villages

    def _village(self, row, raw_village, raw_township, errors):
        if not raw_village:
            errors.append(error(row, C["village"], raw_village, _("Write the trainee's village.")))
            return None
        villages = self.villages()
        if raw_village.isdigit():
            found = [v for v in villages if v.code == raw_village]
        else:
            found = [v for v in villages if v.name == raw_village]
            if raw_township:
                found = [v for v in found if v.parent and v.parent.name == raw_township]
        if len(found) == 1:
            return found[0]
        if not found:
            reason = _("no village of this name or code in %(county)s") % {
                "county": self.session.county.name
            }
        else:
            reason = _("%(n)d villages of %(county)s have this name; give the township") % {
                "n": len(found),
                "county": self.session.county.name,
            }
        errors.append(error(row, C["village"], raw_village, reason))
        return None

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        raw = {k: normalize_text(cells.get(c.header) or "") for k, c in C.items()}
        if not raw["name"]:
            errors.append(error(row, C["name"], "", _("Write the trainee's name.")))
        elif len(raw["name"]) > 32:
            errors.append(error(row, C["name"], raw["name"], _("at most 32 characters")))
        try:
            number = validate_id_number(cells.get(C["id_number"].header) or "")
        except ValidationError as exc:
            errors.append(error(row, C["id_number"], raw["id_number"], "；".join(exc.messages)))
            number = ""
        village = self._village(row, raw["village"], raw["township"], errors)
        if len(raw["certificate_no"]) > 40:
            errors.append(
                error(row, C["certificate_no"], raw["certificate_no"], _("at most 40 characters"))
            )
        if errors:
            return None, errors
        data = {
            "name": raw["name"],
            "id_number": number,
            "id_hash": crypto.keyed_hash(number),
            "village": village,
            "certificate_no": raw["certificate_no"],
            "has_certificate_column": C["certificate_no"].header in ctx["present"],
        }
        empty = frozenset(
            {"certificate_no"}
            if data["has_certificate_column"] and not raw["certificate_no"]
            else ()
        )
        return ParsedRow(row=row, data=data, empty=empty), []

    def check(self, rows: list[ParsedRow], ctx: dict) -> list[RowError]:
        return duplicates(
            rows,
            "id_hash",
            C["id_number"],
            _("the same person as row %(row)d: a person is on a session's roster once"),
        )

    def _stored(self) -> dict[str, Trainee]:
        return {t.id_hash: t for t in Trainee.objects.filter(session=self.session)}

    def clears(self, rows: list[ParsedRow], ctx: dict) -> Counter:
        stored = self._stored()
        counter: Counter = Counter()
        for r in rows:
            old = stored.get(r.data["id_hash"])
            if old is not None and "certificate_no" in r.empty and old.certificate_no:
                counter[C["certificate_no"].header] += 1
        return counter

    def write(self, rows: list[ParsedRow], ctx: dict, progress) -> WriteCounts:
        user = ctx.get("user")
        if user is not None:
            require(may_record_session(user, self.session), "training.import", self.session)
        counts = WriteCounts()
        stored = self._stored()
        for r in rows:
            d = r.data
            trainee = stored.get(d["id_hash"])
            values = {"name": d["name"], "village": d["village"]}
            if d["has_certificate_column"] or trainee is None:
                values["certificate_no"] = d["certificate_no"]
            household = match_household(d["id_hash"])
            if trainee is None:
                Trainee(
                    session=self.session,
                    id_number=d["id_number"],
                    household=household,
                    **values,
                ).save()
                counts.created += 1
                continue
            values["household"] = household
            if all(getattr(trainee, k) == v for k, v in values.items()):
                counts.unchanged += 1
                continue
            for k, v in values.items():
                setattr(trainee, k, v)
            trainee.save()
            counts.updated += 1
        roster_sync(
            user=user, record=self.session.assistance, source=f"session {self.session.pk} import"
        )
        return counts

    def export_rows(self, queryset, *, full_numbers: bool = False, viewer=None) -> Iterator[list]:
        for t in queryset:
            yield [
                t.name,
                t.id_number if full_numbers else t.masked_id_number,
                t.village.parent.name if t.village.parent_id else "",
                t.village.name,
                t.certificate_no,
            ]


def write_template(target) -> None:
    """The empty roster template: the headers, one example row and the notes sheet."""
    spec = RosterSpec.__new__(RosterSpec)
    template_xlsx(
        target,
        headers=[c.header for c in spec.columns],
        example_row=[c.example for c in spec.columns],
        notes=spec.template_notes(),
        title=f"{spec.title}导入模板",
        required=spec.required_headers(),
    )


ROSTER_HEADERS = [
    "序号",
    "姓名",
    "身份证号",
    "县（区）",
    "乡镇",
    "村",
    "培训课程",
    "培训日期",
    "组织单位",
    "证书编号",
]


def write_roster(target, trainees, *, with_poor: bool) -> int:
    """The roster (filtered as on the page) as .xlsx, ID numbers masked; the column of the
    poor-registry match only for the roles that read households."""
    headers = list(ROSTER_HEADERS) + (["建档立卡贫困人口"] if with_poor else [])
    rows = []
    for i, t in enumerate(trainees, start=1):
        s = t.session
        row = [
            i,
            t.name,
            t.masked_id_number,
            t.village.county.name,
            t.village.parent.name if t.village.parent_id else "",
            t.village.name,
            s.course,
            f"{s.starts_on:%Y-%m-%d}"
            + (f"至{s.ends_on:%Y-%m-%d}" if s.ends_on != s.starts_on else ""),
            s.helper.name if s.helper_id else "研究院",
            t.certificate_no,
        ]
        if with_poor:
            row.append("是" if t.household_id else "否")
        rows.append(row)
    return write_xlsx(target, title="培训学员花名册", headers=headers, rows=rows)

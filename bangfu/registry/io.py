"""Import and export of the registries in the county offices' spreadsheet layout.

One template per registry, Chinese headers. A households file has one row per member with
the household's columns repeated on each of its rows (the layout of the national registry's
exports); the head of the household is listed as a member with relation 户主.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from bangfu.core import crypto
from bangfu.core.imports import (
    Column,
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    duplicates,
    error,
    take,
    upsert,
)
from bangfu.core.masking import mask_id, mask_phone
from bangfu.core.parsing import (
    parse_bool,
    parse_choice,
    parse_choices,
    parse_decimal,
    parse_int,
    parse_text,
    parse_year,
)
from bangfu.core.validators import (
    id_birth_date,
    id_sex,
    normalize_text,
    validate_id_number,
    validate_mobile,
)
from bangfu.places.models import Division
from bangfu.places.services import pinyin_initials

from .models import Household, Income, Member, VillageProfile

# The templates' vocabulary: what users write in a cell -> the stored code.
CAUSES = {
    "因病": "illness",
    "因残": "disability",
    "因学": "schooling",
    "因灾": "disaster",
    "缺土地": "land",
    "缺水": "water",
    "缺技术": "skills",
    "缺劳力": "labour",
    "缺资金": "capital",
    "交通条件落后": "transport",
    "自身发展动力不足": "drive",
    "其他": "other",
}
MONITORING = {
    "未纳入监测": "none",
    "脱贫不稳定户": "unstable",
    "边缘易致贫户": "marginal",
    "突发严重困难户": "sudden",
    "已消除风险": "cleared",
}
RELATIONS = {
    "户主": "head",
    "配偶": "spouse",
    "之子": "child",
    "之女": "child",
    "子女": "child",
    "父母": "parent",
    "之父": "parent",
    "之母": "parent",
    "孙子女": "grandchild",
    "之孙子": "grandchild",
    "之孙女": "grandchild",
    "祖父母": "grandparent",
    "兄弟姐妹": "sibling",
    "之儿媳": "child_in_law",
    "之女婿": "child_in_law",
    "儿媳女婿": "child_in_law",
    "其他": "other",
}
EDUCATION = {
    "文盲或半文盲": "none",
    "小学": "primary",
    "初中": "junior",
    "高中或中专": "senior",
    "大专及以上": "college",
    "学龄前儿童": "preschool",
}
HEALTH = {"健康": "healthy", "长期慢性病": "chronic", "患有大病": "serious", "残疾": "disabled"}
LABOUR = {
    "普通劳动力": "able",
    "弱劳动力或半劳动力": "weak",
    "丧失劳动力": "none",
    "无劳动力": "na",
}
STATUS = {"在家": "home", "外出务工": "away", "在校生": "school"}
INCOME_YEARS = tuple(range(2014, 2021))


def _label(vocabulary: dict[str, str], code: str) -> str:
    """The first label of a code (the one exports write)."""
    return next((label for label, c in vocabulary.items() if c == code), code)


def _villages_in_scope(ctx: dict) -> dict:
    """{code: (id, name, county_id, township name)} for the importing user's scope (cached)."""
    if "villages" not in ctx:
        user = ctx.get("user")
        qs = (
            Division.objects.filter(level="village")
            if user is None
            else Division.objects.for_user(user).filter(level="village")
        )
        rows = qs.values_list("code", "id", "name", "county_id", "parent__name")
        ctx["villages"] = {
            code: (pk, name, county, township) for code, pk, name, county, township in rows
        }
        by_name: dict[str, list[str]] = defaultdict(list)
        names_of: dict[str, set[str]] = defaultdict(set)  # code -> the names users write
        for code, (_pk, name, _c, _t) in ctx["villages"].items():
            short = name.removesuffix("村民委员会").removesuffix("居民委员会")
            for written in {name, short, short + "村"} if short != name else {name}:
                by_name[written].append(code)
                names_of[code].add(written)
        ctx["village_names"] = by_name
        ctx["names_of"] = names_of
    return ctx["villages"]


def _village(
    row: int, cells: dict, code_col: Column, name_col: Column, ctx: dict, errors: list
) -> str | None:
    villages = _villages_in_scope(ctx)
    code = normalize_text(cells.get(code_col.header, ""))
    name = normalize_text(cells.get(name_col.header, ""))
    if code:
        if code not in villages:
            errors.append(
                error(
                    row, code_col, code, _("unknown village code, or a village outside your county")
                )
            )
            return None
        if name and name not in {
            villages[code][1],
            *ctx["names_of"][code],
        }:
            errors.append(
                error(
                    row,
                    name_col,
                    name,
                    _("the name does not match village code %(code)s (%(name)s)")
                    % {"code": code, "name": villages[code][1]},
                )
            )
            return None
        return code
    if not name:
        errors.append(error(row, code_col, "", _("give the village code (or a village name)")))
        return None
    codes = ctx["village_names"].get(name, [])
    if len(codes) == 1:
        return codes[0]
    reason = (
        _("unknown village name")
        if not codes
        else _("%(n)d villages have this name; give the village code") % {"n": len(codes)}
    )
    errors.append(error(row, name_col, name, reason))
    return None


# ------------------------------------------------------------------------------------------
# Households (with members)
# ------------------------------------------------------------------------------------------

H = {
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码"),
    ),
    "village_name": Column(
        "村名称", "village_name", False, "下板城村", "可只填村名称（名称唯一时）"
    ),
    "head_name": Column("户主姓名", "head_name", True, "王伟"),
    "id_number": Column(
        "户主身份证号",
        "id_number",
        True,
        "130821198001011232",
        "18位，末位X大小写均可",
        ("户主证件号码",),
    ),
    "phone": Column("联系电话", "phone", False, "13812345678", "手机号码"),
    "size": Column("家庭人口", "size", True, 2, "人"),
    "causes": Column(
        "致贫原因", "causes", False, "因病、缺技术", "多个用顿号分隔：" + "、".join(CAUSES)
    ),
    "year_registered": Column("纳入年份", "year_registered", True, 2015, "识别为贫困户的年份"),
    "year_exited": Column("脱贫年份", "year_exited", False, "", "未脱贫留空"),
    "tech_help": Column("科技帮扶对象", "tech_help", False, "是", "是/否"),
    "monitoring": Column("监测状态", "monitoring", False, "未纳入监测", "、".join(MONITORING)),
    **{
        f"income_{y}": Column(
            f"{y}年人均纯收入(元)",
            f"income_{y}",
            False,
            "2800" if y == 2016 else "",
            "元，保留两位小数",
        )
        for y in INCOME_YEARS
    },
    "m_name": Column("成员姓名", "m_name", True, "王伟"),
    "m_id_number": Column(
        "成员身份证号",
        "m_id_number",
        True,
        "130821198001011232",
        "户主本人也列为成员（与户主关系填“户主”）",
        ("成员证件号码",),
    ),
    "m_relation": Column("与户主关系", "m_relation", True, "户主", "、".join(RELATIONS)),
    "m_education": Column("文化程度", "m_education", False, "初中", "、".join(EDUCATION)),
    "m_health": Column("健康状况", "m_health", False, "健康", "、".join(HEALTH)),
    "m_labour": Column("劳动能力", "m_labour", False, "普通劳动力", "、".join(LABOUR)),
    "m_status": Column("务工或在校", "m_status", False, "在家", "、".join(STATUS)),
}
HOUSEHOLD_KEYS = [
    "village",
    "head_name",
    "id_number",
    "phone",
    "size",
    "causes",
    "year_registered",
    "year_exited",
    "tech_help",
    "monitoring",
    *(f"income_{y}" for y in INCOME_YEARS),
]


class HouseholdSpec(ImportSpec):
    kind = "households"
    title = "建档立卡贫困户及家庭成员"
    columns = list(H.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        cell = lambda key: cells.get(H[key].header, "") or ""  # noqa: E731
        data: dict = {"village": _village(row, cells, H["village"], H["village_name"], ctx, errors)}
        data["head_name"] = (
            take(errors, row, H["head_name"], cell("head_name"), parse_text, max_length=32) or ""
        )
        if not data["head_name"] and not normalize_text(cell("head_name")):
            errors.append(error(row, H["head_name"], "", _("the head's name is empty")))
        data["id_number"] = take(
            errors,
            row,
            H["id_number"],
            cell("id_number"),
            validate_id_number,
            field_label=H["id_number"].header,
        )
        data["phone"] = (
            take(
                errors,
                row,
                H["phone"],
                cell("phone"),
                validate_mobile,
                field_label=H["phone"].header,
            )
            if normalize_text(cell("phone"))
            else ""
        )
        data["size"] = take(errors, row, H["size"], cell("size"), parse_int, minimum=1, maximum=30)
        data["causes"] = tuple(
            take(errors, row, H["causes"], cell("causes"), parse_choices, CAUSES) or ()
        )
        data["year_registered"] = take(
            errors, row, H["year_registered"], cell("year_registered"), parse_year
        )
        data["year_exited"] = (
            take(errors, row, H["year_exited"], cell("year_exited"), parse_year)
            if normalize_text(cell("year_exited"))
            else None
        )
        if (
            data["year_exited"]
            and data["year_registered"]
            and data["year_exited"] < data["year_registered"]
        ):
            errors.append(
                error(
                    row,
                    H["year_exited"],
                    data["year_exited"],
                    _("a household exits after it was registered"),
                )
            )
        data["tech_help"] = take(errors, row, H["tech_help"], cell("tech_help"), parse_bool)
        data["monitoring"] = (
            take(errors, row, H["monitoring"], cell("monitoring"), parse_choice, MONITORING)
            if normalize_text(cell("monitoring"))
            else "none"
        )
        for y in INCOME_YEARS:
            raw = cell(f"income_{y}")
            data[f"income_{y}"] = (
                take(errors, row, H[f"income_{y}"], raw, parse_decimal)
                if normalize_text(raw)
                else None
            )
        name = take(errors, row, H["m_name"], cell("m_name"), parse_text, max_length=32) or ""
        if not name and not normalize_text(cell("m_name")):
            errors.append(error(row, H["m_name"], "", _("the member's name is empty")))
        member = {"name": name}
        member["id_number"] = take(
            errors,
            row,
            H["m_id_number"],
            cell("m_id_number"),
            validate_id_number,
            field_label=H["m_id_number"].header,
        )
        member["relation"] = take(
            errors, row, H["m_relation"], cell("m_relation"), parse_choice, RELATIONS
        )
        for key, vocab, default in (
            ("education", EDUCATION, ""),
            ("health", HEALTH, ""),
            ("labour", LABOUR, ""),
            ("status", STATUS, "home"),
        ):
            raw = cell(f"m_{key}")
            member[key] = (
                take(errors, row, H[f"m_{key}"], raw, parse_choice, vocab)
                if normalize_text(raw)
                else default
            )
        if (
            member["relation"] == "head"
            and member["id_number"]
            and data["id_number"]
            and member["id_number"] != data["id_number"]
        ):
            errors.append(
                error(
                    row,
                    H["m_id_number"],
                    cell("m_id_number"),
                    _("the member marked 户主 must have the head's ID number"),
                )
            )
        if errors:
            return (
                ParsedRow(row=row, data={}, group=data["id_number"]) if data["id_number"] else None
            ), errors
        data["member"] = member
        return ParsedRow(row=row, data=data, group=data["id_number"]), []

    def check(self, rows: list[ParsedRow], ctx: dict) -> list[RowError]:
        errors: list[RowError] = []
        first_of_group: dict[str, ParsedRow] = {}
        members_of: dict[str, list[ParsedRow]] = defaultdict(list)
        seen_member: dict[str, ParsedRow] = {}
        for r in rows:
            first = first_of_group.setdefault(r.group, r)
            if r is not first:
                for key in HOUSEHOLD_KEYS:
                    if r.data[key] != first.data[key]:
                        errors.append(
                            error(
                                r.row,
                                H[key],
                                r.data[key] if key != "id_number" else mask_id(r.data[key]),
                                _("differs from row %(row)d of the same household")
                                % {"row": first.row},
                            )
                        )
            members_of[r.group].append(r)
            mid = r.data["member"]["id_number"]
            if mid in seen_member:
                other = seen_member[mid]
                reason = (
                    _("the same member is listed twice (row %(row)d)")
                    if other.group == r.group
                    else _("this person is also listed in another household (row %(row)d)")
                ) % {"row": other.row}
                errors.append(error(r.row, H["m_id_number"], mask_id(mid), reason))
            seen_member[mid] = r
        for group, members in members_of.items():
            if group in ctx.get("bad_groups", ()):
                continue  # a row of this household is already refused
            first = first_of_group[group]
            heads = [m for m in members if m.data["member"]["relation"] == "head"]
            if len(heads) != 1:
                errors.append(
                    error(
                        first.row,
                        H["m_relation"],
                        "",
                        _("each household lists exactly one member as 户主 (found %(n)d)")
                        % {"n": len(heads)},
                    )
                )
            if first.data["size"] != len(members):
                errors.append(
                    error(
                        first.row,
                        H["size"],
                        first.data["size"],
                        _("the household size is %(size)d but %(n)d members are listed")
                        % {"size": first.data["size"], "n": len(members)},
                    )
                )
        errors.extend(self._check_database(rows, first_of_group))
        return errors

    def _check_database(self, rows, first_of_group) -> list[RowError]:
        """A member already in another household (of the database) is refused."""
        errors = []
        head_hash = {g: crypto.keyed_hash(g) for g in first_of_group}
        member_hashes = {crypto.keyed_hash(r.data["member"]["id_number"]): r for r in rows}
        existing = {}
        keys = list(member_hashes)
        for i in range(0, len(keys), 500):
            for h, owner in Member.objects.filter(id_hash__in=keys[i : i + 500]).values_list(
                "id_hash", "household__id_hash"
            ):
                existing[h] = owner
        for h, owner in existing.items():
            r = member_hashes[h]
            if owner != head_hash[r.group]:
                errors.append(
                    error(
                        r.row,
                        H["m_id_number"],
                        mask_id(r.data["member"]["id_number"]),
                        _("this person is already a member of another household in the registry"),
                    )
                )
        return errors

    def write(self, rows: list[ParsedRow], ctx: dict, progress) -> WriteCounts:
        counts = WriteCounts()
        villages = _villages_in_scope(ctx)
        groups: dict[str, list[ParsedRow]] = defaultdict(list)
        for r in rows:
            groups[r.group].append(r)
        hashes = {crypto.keyed_hash(g): g for g in groups}
        existing: dict[str, Household] = {}
        keys = list(hashes)
        for i in range(0, len(keys), 500):
            for h in Household.objects.filter(id_hash__in=keys[i : i + 500]).prefetch_related(
                Prefetch("members", queryset=Member.objects.order_by("id")), "incomes"
            ):
                existing[hashes[h.id_hash]] = h
        new_households, new_members, new_incomes = [], [], []
        done = 0
        for group, members in groups.items():
            d = members[0].data
            village_id, _name, county_id, _t = villages[d["village"]]
            fields = {
                "village_id": village_id,
                "head_name": d["head_name"],
                "phone": d["phone"] or "",
                "size": d["size"],
                "year_registered": d["year_registered"],
                "year_exited": d["year_exited"],
                "tech_help": bool(d["tech_help"]),
                "monitoring": d["monitoring"],
            }
            household = existing.get(group)
            if household is None:
                household = Household(id_number=group, **fields)
                household.cause_list = d["causes"]
                household.county_id = county_id
                household.id_hash = crypto.keyed_hash(group)
                household.phone_hash = crypto.keyed_hash(household.phone) if household.phone else ""
                household.head_initials = pinyin_initials(household.head_name)[:16]
                new_households.append(household)
                counts.created += 1
            else:
                changed = self._update_household(household, fields, d)
                counts.updated += changed
                counts.unchanged += not changed
            for r in members:
                self._member(household, r.data["member"], county_id, new_members)
            for y in INCOME_YEARS:
                value = d[f"income_{y}"]
                if value is not None:
                    self._income(household, y, value, new_incomes)
            done += len(members)
            if progress and done % 1000 < len(members):
                progress(done, len(rows))
        Household.objects.bulk_create(new_households, batch_size=500)
        for m in new_members:
            m.household_id = m.household.pk
        Member.objects.bulk_create(new_members, batch_size=500)
        for i in new_incomes:
            i.household_id = i.household.pk
        Income.objects.bulk_create(new_incomes, batch_size=500)
        return counts

    @staticmethod
    def _update_household(household: Household, fields: dict, d: dict) -> bool:
        before = (*(getattr(household, k) for k in fields), household.cause_list)
        for k, v in fields.items():
            setattr(household, k, v)
        household.cause_list = d["causes"]
        if (*(getattr(household, k) for k in fields), household.cause_list) == before:
            return False
        household.save()  # audited, with the field changes
        return True

    @staticmethod
    def _member(household: Household, m: dict, county_id: int, new: list) -> None:
        current = None
        if household.pk:
            current = next(
                (x for x in household.members.all() if x.id_number == m["id_number"]), None
            )
        if current is None:
            member = Member(
                household=household,
                county_id=county_id,
                name=m["name"],
                id_number=m["id_number"],
                relation=m["relation"],
                education=m["education"],
                health=m["health"],
                labour=m["labour"],
                status=m["status"],
            )
            member.id_hash = crypto.keyed_hash(m["id_number"])
            member.sex = id_sex(m["id_number"])
            member.birth_date = id_birth_date(m["id_number"])
            new.append(member)
            return
        changed = False
        for key in ("name", "relation", "education", "health", "labour", "status"):
            if getattr(current, key) != m[key]:
                setattr(current, key, m[key])
                changed = True
        if changed:
            current.save()

    @staticmethod
    def _income(household: Household, year: int, value, new: list) -> None:
        current = (
            next((i for i in household.incomes.all() if i.year == year), None)
            if household.pk
            else None
        )
        if current is None:
            new.append(Income(household=household, year=year, per_capita=value))
        elif current.per_capita != value:
            current.per_capita = value
            current.save()

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """One row per member, household columns repeated, in the template's column order."""
        qs = queryset.select_related("village").prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("id")), "incomes"
        )
        show_id = (lambda v: v) if full_numbers else mask_id
        show_phone = (lambda v: v) if full_numbers else mask_phone
        for h in qs.iterator(chunk_size=500):
            incomes = {i.year: i.per_capita for i in h.incomes.all()}
            base = [
                h.village.code,
                h.village.name,
                h.head_name,
                show_id(h.id_number),
                show_phone(h.phone),
                h.size,
                "、".join(_label(CAUSES, c) for c in h.cause_list),
                h.year_registered,
                h.year_exited or "",
                "是" if h.tech_help else "否",
                _label(MONITORING, h.monitoring),
                *(incomes.get(y, "") for y in INCOME_YEARS),
            ]
            for m in h.members.all():
                yield [
                    *base,
                    m.name,
                    show_id(m.id_number),
                    _label(RELATIONS, m.relation),
                    _label(EDUCATION, m.education) if m.education else "",
                    _label(HEALTH, m.health) if m.health else "",
                    _label(LABOUR, m.labour) if m.labour else "",
                    _label(STATUS, m.status),
                ]


# ------------------------------------------------------------------------------------------
# Village profiles
# ------------------------------------------------------------------------------------------

V = {
    "village": Column(
        "村代码", "village", True, "130821100201", "12位统计用区划代码", ("行政区划代码",)
    ),
    "village_name": Column("村名称", "village_name", False, "下板城村"),
    "is_registered_poor": Column("是否贫困村", "is_registered_poor", True, "是", "是/否"),
    "registered_year": Column("纳入年份", "registered_year", False, 2015),
    "exited_on": Column("出列日期", "exited_on", False, "", "未出列留空；日期如 2019-12-20"),
    "households_total": Column("总户数", "households_total", False, 320),
    "households_poor": Column("贫困户数", "households_poor", False, 56),
    "people_total": Column("总人口", "people_total", False, 960),
    "people_poor": Column("贫困人口", "people_poor", False, 150),
    "labour_force": Column("劳动力", "labour_force", False, 520),
    "arable_mu": Column("耕地面积(亩)", "arable_mu", False, "2300.00"),
    "forest_mu": Column("林地面积(亩)", "forest_mu", False, "8600.00"),
    "grassland_mu": Column("草场面积(亩)", "grassland_mu", False, "1200.00"),
    "main_industries": Column("主导产业", "main_industries", False, "肉牛养殖、玉米种植"),
    "resources": Column("资源优势", "resources", False, "山场广阔，适宜饲草种植"),
    "tags": Column("标签", "tags", False, "饲草,养殖"),
    "distance_km": Column("距县城(公里)", "distance_km", False, "18.5"),
    "has_workstation": Column("有村级科技服务工作站", "has_workstation", False, "是"),
    "is_demonstration": Column("示范村", "is_demonstration", False, "否"),
}
VILLAGE_FIELDS = [k for k in V if k not in {"village", "village_name"}]


class VillageSpec(ImportSpec):
    kind = "villages"
    title = "村情档案"
    columns = list(V.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        from bangfu.core.excel import parse_date

        errors: list[RowError] = []
        cell = lambda key: normalize_text(cells.get(V[key].header, "") or "")  # noqa: E731
        data = {"village": _village(row, cells, V["village"], V["village_name"], ctx, errors)}
        data["is_registered_poor"] = take(
            errors, row, V["is_registered_poor"], cell("is_registered_poor"), parse_bool
        )
        data["registered_year"] = (
            take(errors, row, V["registered_year"], cell("registered_year"), parse_year)
            if cell("registered_year")
            else None
        )
        data["exited_on"] = (
            take(errors, row, V["exited_on"], cell("exited_on"), parse_date)
            if cell("exited_on")
            else None
        )
        for key in (
            "households_total",
            "households_poor",
            "people_total",
            "people_poor",
            "labour_force",
        ):
            data[key] = (
                take(errors, row, V[key], cell(key), parse_int, maximum=10**9) if cell(key) else 0
            )
        for key in ("arable_mu", "forest_mu", "grassland_mu"):
            data[key] = (
                take(errors, row, V[key], cell(key), parse_decimal, max_digits=10)
                if cell(key)
                else parse_decimal("0")
            )
        data["distance_km"] = (
            take(
                errors,
                row,
                V["distance_km"],
                cell("distance_km"),
                parse_decimal,
                places=1,
                max_digits=6,
            )
            if cell("distance_km")
            else None
        )
        for key, limit in (("main_industries", 200), ("resources", 2000), ("tags", 200)):
            data[key] = take(errors, row, V[key], cell(key), parse_text, max_length=limit) or ""
        for key in ("has_workstation", "is_demonstration"):
            data[key] = take(errors, row, V[key], cell(key), parse_bool)
        if not errors:
            if (data["households_poor"] or 0) > (data["households_total"] or 0):
                errors.append(
                    error(
                        row,
                        V["households_poor"],
                        data["households_poor"],
                        _("poor households cannot outnumber all households"),
                    )
                )
            if (data["people_poor"] or 0) > (data["people_total"] or 0):
                errors.append(
                    error(
                        row,
                        V["people_poor"],
                        data["people_poor"],
                        _("poor people cannot outnumber all people"),
                    )
                )
            if data["exited_on"] and not data["is_registered_poor"]:
                errors.append(
                    error(
                        row,
                        V["exited_on"],
                        data["exited_on"],
                        _("only a registered poor village can exit"),
                    )
                )
            if (
                data["exited_on"]
                and data["registered_year"]
                and data["exited_on"].year < data["registered_year"]
            ):
                errors.append(
                    error(
                        row,
                        V["exited_on"],
                        data["exited_on"],
                        _("a village exits after it was registered"),
                    )
                )
        if errors:
            return None, errors
        return ParsedRow(row=row, data=data), []

    def check(self, rows, ctx):
        return duplicates(
            rows, "village", V["village"], _("the same village is listed twice (row %(row)d)")
        )

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        villages = _villages_in_scope(ctx)
        ids = [villages[r.data["village"]][0] for r in rows]
        existing = {p.village_id: p for p in VillageProfile.objects.filter(village_id__in=ids)}
        items = []
        for r in rows:
            village_id, _n, county_id, _t = villages[r.data["village"]]
            values = {k: r.data[k] for k in VILLAGE_FIELDS}
            items.append((village_id, values, {"village_id": village_id, "county_id": county_id}))
        upsert(VillageProfile, items, existing, counts)
        return counts

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        for p in queryset.select_related("village").iterator(chunk_size=1000):
            yield [
                p.village.code,
                p.village.name,
                "是" if p.is_registered_poor else "否",
                p.registered_year or "",
                p.exited_on or "",
                p.households_total,
                p.households_poor,
                p.people_total,
                p.people_poor,
                p.labour_force,
                p.arable_mu,
                p.forest_mu,
                p.grassland_mu,
                p.main_industries,
                p.resources,
                p.tags,
                "" if p.distance_km is None else p.distance_km,
                "是" if p.has_workstation else "否",
                "是" if p.is_demonstration else "否",
            ]


SPECS = {"households": HouseholdSpec(), "villages": VillageSpec()}

"""Import and export of the registries in the county offices' spreadsheet layout.

One template per registry, Chinese headers. A households file has one row per member with
the household's columns repeated on each of its rows (the layout of the national registry's
exports); the head of the household is listed as a member with relation 户主.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from bangfu.core import crypto
from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.resident_id import id_birth_date, id_sex, validate_id_number
from bangfu.core.imports.spec import (
    Column,
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    count_clears,
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
from bangfu.core.text import normalize_text
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

# The households template: one entry per column, with the other headers that real rosters
# (the national registry's exports, county spreadsheets) use for it. A bare "身份证号码" or
# "姓名" in a one-row-per-person roster is the person's own, i.e. the member's.
H = {
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "村区划代码", "区划代码"),
    ),
    "village_name": Column(
        "村名称",
        "village_name",
        False,
        "下板城村",
        "可只填村名称（名称唯一时）",
        ("村名", "行政村", "所在村"),
    ),
    "head_name": Column("户主姓名", "head_name", True, "王伟", "", ("户主", "户主名称")),
    "id_number": Column(
        "户主身份证号",
        "id_number",
        True,
        "130821198001011232",
        "18位，末位X大小写均可",
        ("户主身份证号码", "户主证件号码", "户主公民身份号码", "户主身份证"),
    ),
    "phone": Column(
        "联系电话",
        "phone",
        False,
        "13812345678",
        "手机号码",
        ("手机号", "手机号码", "手机", "联系方式", "电话", "电话号码", "户主手机号", "户主电话"),
        noun="手机号",
    ),
    "size": Column(
        "家庭人口", "size", True, 2, "人", ("家庭人口数", "家庭人数", "人口数", "户人口数")
    ),
    "causes": Column(
        "致贫原因",
        "causes",
        False,
        "因病、缺技术",
        "多个用顿号分隔：" + "、".join(CAUSES),
        ("主要致贫原因",),
        noun="致贫原因",
    ),
    "year_registered": Column(
        "纳入年份",
        "year_registered",
        True,
        2015,
        "识别为贫困户的年份",
        ("识别年份", "识别年度", "建档立卡年份"),
    ),
    "year_exited": Column(
        "脱贫年份", "year_exited", False, "", "未脱贫留空", ("脱贫年度",), noun="脱贫年份"
    ),
    "tech_help": Column("科技帮扶对象", "tech_help", False, "是", "是/否", ("是否科技帮扶对象",)),
    "monitoring": Column(
        "监测状态",
        "monitoring",
        False,
        "未纳入监测",
        "、".join(MONITORING) + "；留空为未纳入监测",
        ("防返贫监测状态", "监测对象类别"),
        noun="监测状态",
    ),
    **{
        f"income_{y}": Column(
            f"{y}年人均纯收入(元)",
            f"income_{y}",
            False,
            "2800" if y == 2016 else "",
            "元，保留两位小数；留空不改动已有数据",
            (f"{y}年家庭人均纯收入",),
        )
        for y in INCOME_YEARS
    },
    "m_name": Column("成员姓名", "m_name", True, "王伟", "", ("姓名", "家庭成员姓名")),
    "m_id_number": Column(
        "成员身份证号",
        "m_id_number",
        True,
        "130821198001011232",
        "户主本人也列为成员（与户主关系填“户主”）",
        (
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "证件号码",
            "成员身份证号码",
            "成员证件号码",
        ),
    ),
    "m_relation": Column(
        "与户主关系", "m_relation", True, "户主", "、".join(RELATIONS), ("与户主的关系",)
    ),
    "m_education": Column(
        "文化程度", "m_education", False, "初中", "、".join(EDUCATION), ("学历",), "文化程度"
    ),
    "m_health": Column(
        "健康状况", "m_health", False, "健康", "、".join(HEALTH), ("身体状况",), "健康状况"
    ),
    "m_labour": Column(
        "劳动能力",
        "m_labour",
        False,
        "普通劳动力",
        "、".join(LABOUR),
        ("劳动技能",),
        "劳动能力",
    ),
    "m_status": Column(
        "务工或在校",
        "m_status",
        False,
        "在家",
        "、".join(STATUS) + "；留空为在家",
        ("务工状况", "在校或务工"),
        "务工或在校状况",
    ),
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
# Household fields an import writes (the record's attribute, the row's key); an absent
# column's field is left as stored.
HOUSEHOLD_FIELDS = {
    "head_name": "head_name",
    "phone": "phone",
    "size": "size",
    "year_registered": "year_registered",
    "year_exited": "year_exited",
    "tech_help": "tech_help",
    "monitoring": "monitoring",
    "cause_list": "causes",
}
MEMBER_FIELDS = ("name", "relation", "education", "health", "labour", "status")


class HouseholdSpec(ImportSpec):
    kind = "households"
    title = "建档立卡贫困户及家庭成员"
    columns = list(H.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        errors: list[RowError] = []
        empty: set[str] = set()

        def cell(key: str) -> str:
            return cells.get(H[key].header) or ""

        def given(key: str) -> bool:
            """The column is in the file; an empty cell in it is noted (it may clear)."""
            if H[key].header not in cells:
                return False
            if not normalize_text(cells[H[key].header]):
                empty.add(key)
            return True

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
        if given("phone"):
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
        if given("causes"):
            data["causes"] = tuple(
                take(errors, row, H["causes"], cell("causes"), parse_choices, CAUSES) or ()
            )
        data["year_registered"] = take(
            errors, row, H["year_registered"], cell("year_registered"), parse_year
        )
        if given("year_exited"):
            data["year_exited"] = (
                take(errors, row, H["year_exited"], cell("year_exited"), parse_year)
                if normalize_text(cell("year_exited"))
                else None
            )
        if (
            data.get("year_exited")
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
        if given("tech_help"):
            data["tech_help"] = take(errors, row, H["tech_help"], cell("tech_help"), parse_bool)
        if given("monitoring"):
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
                else None  # an empty or absent income column leaves the stored income
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
            if given(f"m_{key}"):
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
        # How the rows of one household are told apart when the head's number itself is bad.
        hint = (normalize_text(cell("village")), normalize_text(cell("head_name")))
        if errors:
            if data["id_number"]:
                return ParsedRow(row=row, data={}, group=data["id_number"]), errors
            ctx.setdefault("households_failed", set()).add(hint)
            return None, errors
        data["member"] = member
        data["hint"] = hint
        return ParsedRow(row=row, data=data, group=data["id_number"], empty=frozenset(empty)), []

    def check(self, rows: list[ParsedRow], ctx: dict) -> list[RowError]:
        """Cross-row problems, each once, on the row that has it: a household whose rows
        disagree, a person listed twice (naming the first row), then the head count and the
        size of every household none of whose rows already failed."""
        errors: list[RowError] = []
        first_of_group: dict[str, ParsedRow] = {}
        members_of: dict[str, list[ParsedRow]] = defaultdict(list)
        seen_member: dict[str, ParsedRow] = {}
        bad_groups = set(ctx.get("bad_groups", ()))
        failed_hints = ctx.get("households_failed", set())
        for r in rows:
            first = first_of_group.setdefault(r.group, r)
            members_of[r.group].append(r)
            if r.data["hint"] in failed_hints:
                bad_groups.add(r.group)  # a row of this household failed before it had a group
            own = self._row_against_first(r, first)
            mid = r.data["member"]["id_number"]
            other = seen_member.setdefault(mid, r)
            same_head = r.data["head_name"] != first.data["head_name"]  # already said
            if other is not r and not same_head:
                reason = (
                    _("the same person as row %(row)d")
                    if other.group == r.group
                    else _("the same person as row %(row)d, there in another household")
                ) % {"row": other.row}
                own.append(error(r.row, H["m_id_number"], mask_id(mid), reason))
            if own:
                errors.extend(own)
                bad_groups.add(r.group)
        for group, members in members_of.items():
            if group in bad_groups:
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

    @staticmethod
    def _row_against_first(r: ParsedRow, first: ParsedRow) -> list[RowError]:
        """A row of a household against its first row: the same head's number under another
        head's name is one problem (two households given one number, or a typo), not one
        per differing column."""
        if r is first:
            return []
        if r.data["head_name"] != first.data["head_name"]:
            return [
                error(
                    r.row,
                    H["id_number"],
                    mask_id(r.data["id_number"]),
                    _("the same head's ID number as row %(row)d (%(name)s), under another name")
                    % {"row": first.row, "name": first.data["head_name"]},
                )
            ]
        return [
            error(
                r.row,
                H[key],
                r.data.get(key),
                _("differs from row %(row)d of the same household") % {"row": first.row},
            )
            for key in HOUSEHOLD_KEYS
            if r.data.get(key) != first.data.get(key)
        ]

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

    @staticmethod
    def _existing(rows: list[ParsedRow], ctx: dict) -> dict[str, Household]:
        """The stored households of `rows` (by head's number), with members and incomes;
        loaded once for the cleared-values count and the write."""
        groups = {r.group for r in rows}
        cache = ctx.setdefault("households_existing", {})
        missing = [g for g in groups if g not in cache]
        hashes = {crypto.keyed_hash(g): g for g in missing}
        keys = list(hashes)
        for g in missing:
            cache[g] = None
        for i in range(0, len(keys), 500):
            for h in Household.objects.filter(id_hash__in=keys[i : i + 500]).prefetch_related(
                Prefetch("members", queryset=Member.objects.order_by("id")), "incomes"
            ):
                cache[hashes[h.id_hash]] = h
        return {g: cache[g] for g in groups if cache[g] is not None}

    def clears(self, rows: list[ParsedRow], ctx: dict) -> Counter:
        counter: Counter = Counter()
        existing = self._existing(rows, ctx)
        counted: set[str] = set()
        for r in rows:
            household = existing.get(r.group)
            if household is None:
                continue
            d = r.data
            if r.group not in counted:  # a household's columns count once, not per member
                counted.add(r.group)
                for key in r.empty & {"phone", "year_exited", "monitoring"}:
                    if getattr(household, key) != d[key]:
                        counter[H[key].header] += 1
                if "causes" in r.empty and household.cause_list:
                    counter[H["causes"].header] += 1
            member = next(
                (m for m in household.members.all() if m.id_number == d["member"]["id_number"]),
                None,
            )
            if member is not None:
                for key in MEMBER_FIELDS:
                    if f"m_{key}" in r.empty and getattr(member, key) != d["member"][key]:
                        counter[H[f"m_{key}"].header] += 1
        return counter

    def write(self, rows: list[ParsedRow], ctx: dict, progress) -> WriteCounts:
        counts = WriteCounts()
        villages = _villages_in_scope(ctx)
        groups: dict[str, list[ParsedRow]] = defaultdict(list)
        for r in rows:
            groups[r.group].append(r)
        existing = self._existing(rows, ctx)
        new_households, new_members, new_incomes = [], [], []
        done = 0
        for group, members in groups.items():
            d = members[0].data
            village_id, _name, county_id, _t = villages[d["village"]]
            fields = {"village_id": village_id}
            for attr, key in HOUSEHOLD_FIELDS.items():
                if key in d:  # an absent column leaves the field as stored
                    fields[attr] = d[key]
            if "phone" in fields:
                fields["phone"] = fields["phone"] or ""
            if "tech_help" in fields:
                fields["tech_help"] = bool(fields["tech_help"])
            household = existing.get(group)
            is_new = household is None
            if is_new:
                household = Household(id_number=group)
                for attr, value in fields.items():
                    setattr(household, attr, value)
                household.county_id = county_id
                household.id_hash = crypto.keyed_hash(group)
                household.phone_hash = crypto.keyed_hash(household.phone) if household.phone else ""
                household.head_initials = pinyin_initials(household.head_name)[:16]
                new_households.append(household)
                counts.created += 1
            changed = False if is_new else self._update_household(household, fields)
            # a household whose member or income rows change is updated too: counts are exact
            for r in members:
                changed |= self._member(household, r.data["member"], county_id, new_members)
            for y in INCOME_YEARS:
                value = d[f"income_{y}"]
                if value is not None:
                    changed |= self._income(household, y, value, new_incomes)
            if not is_new:
                counts.updated += changed
                counts.unchanged += not changed
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
    def _update_household(household: Household, fields: dict) -> bool:
        before = tuple(getattr(household, k) for k in fields)
        for k, v in fields.items():
            setattr(household, k, v)
        if tuple(getattr(household, k) for k in fields) == before:
            return False
        household.save()  # audited, with the field changes
        return True

    @staticmethod
    def _member(household: Household, m: dict, county_id: int, new: list) -> bool:
        """Add or update one member; whether anything changed."""
        current = None
        if household.pk:
            current = next(
                (x for x in household.members.all() if x.id_number == m["id_number"]), None
            )
        given = {k: m[k] for k in MEMBER_FIELDS if k in m}  # absent columns: as stored
        if current is None:
            member = Member(
                household=household,
                county_id=county_id,
                id_number=m["id_number"],
                **given,
            )
            member.id_hash = crypto.keyed_hash(m["id_number"])
            member.sex = id_sex(m["id_number"])
            member.birth_date = id_birth_date(m["id_number"])
            new.append(member)
            return True
        changed = False
        for key, value in given.items():
            if getattr(current, key) != value:
                setattr(current, key, value)
                changed = True
        if changed:
            current.save()
        return changed

    @staticmethod
    def _income(household: Household, year: int, value, new: list) -> bool:
        current = (
            next((i for i in household.incomes.all() if i.year == year), None)
            if household.pk
            else None
        )
        if current is None:
            new.append(Income(household=household, year=year, per_capita=value))
            return True
        if current.per_capita != value:
            current.per_capita = value
            current.save()
            return True
        return False

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
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "村区划代码", "区划代码"),
    ),
    "village_name": Column("村名称", "village_name", False, "下板城村", "", ("村名", "行政村")),
    "is_registered_poor": Column(
        "是否贫困村", "is_registered_poor", True, "是", "是/否", ("贫困村", "是否建档立卡贫困村")
    ),
    "registered_year": Column(
        "纳入年份", "registered_year", False, 2015, "", ("识别年份", "认定年份"), "纳入年份"
    ),
    "exited_on": Column(
        "出列日期",
        "exited_on",
        False,
        "",
        "未出列留空；日期如 2019-12-20",
        ("退出日期", "脱贫出列日期"),
        "出列日期",
    ),
    "households_total": Column(
        "总户数", "households_total", False, 320, "", ("户数", "全村户数"), "总户数"
    ),
    "households_poor": Column(
        "贫困户数", "households_poor", False, 56, "", ("建档立卡贫困户数",), "贫困户数"
    ),
    "people_total": Column(
        "总人口", "people_total", False, 960, "", ("人口", "全村人口", "总人口数"), "总人口"
    ),
    "people_poor": Column(
        "贫困人口", "people_poor", False, 150, "", ("贫困人口数", "建档立卡贫困人口"), "贫困人口"
    ),
    "labour_force": Column(
        "劳动力", "labour_force", False, 520, "", ("劳动力人数", "劳动力数"), "劳动力"
    ),
    "arable_mu": Column("耕地面积(亩)", "arable_mu", False, "2300.00", "", ("耕地",), "耕地面积"),
    "forest_mu": Column("林地面积(亩)", "forest_mu", False, "8600.00", "", ("林地",), "林地面积"),
    "grassland_mu": Column(
        "草场面积(亩)", "grassland_mu", False, "1200.00", "", ("草场", "草地面积"), "草场面积"
    ),
    "main_industries": Column(
        "主导产业", "main_industries", False, "肉牛养殖、玉米种植", "", ("主要产业",), "主导产业"
    ),
    "resources": Column(
        "资源优势", "resources", False, "山场广阔，适宜饲草种植", "", ("资源禀赋",), "资源优势"
    ),
    "tags": Column("标签", "tags", False, "饲草,养殖", "", (), "标签"),
    "distance_km": Column(
        "距县城(公里)",
        "distance_km",
        False,
        "18.5",
        "",
        ("距县城距离", "距县城里程(公里)"),
        "距县城距离",
    ),
    "has_workstation": Column(
        "有村级科技服务工作站", "has_workstation", False, "是", "是/否", ("科技服务工作站",)
    ),
    "is_demonstration": Column("示范村", "is_demonstration", False, "否", "是/否", ("是否示范村",)),
}
VILLAGE_FIELDS = [k for k in V if k not in {"village", "village_name"}]


class VillageSpec(ImportSpec):
    kind = "villages"
    title = "村情档案"
    columns = list(V.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        """The village and the fields of the columns present (absent ones stay as stored);
        the rules between fields are checked in `check`, against the stored profile."""
        from bangfu.core.excel.cells import parse_date

        errors: list[RowError] = []
        empty: set[str] = set()
        cell = lambda key: normalize_text(cells.get(V[key].header) or "")  # noqa: E731

        def given(key: str) -> bool:
            if V[key].header not in cells:
                return False
            if not cell(key):
                empty.add(key)
            return True

        data = {"village": _village(row, cells, V["village"], V["village_name"], ctx, errors)}
        data["is_registered_poor"] = take(
            errors, row, V["is_registered_poor"], cell("is_registered_poor"), parse_bool
        )
        if given("registered_year"):
            data["registered_year"] = (
                take(errors, row, V["registered_year"], cell("registered_year"), parse_year)
                if cell("registered_year")
                else None
            )
        if given("exited_on"):
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
            if given(key):
                data[key] = (
                    take(errors, row, V[key], cell(key), parse_int, maximum=10**9)
                    if cell(key)
                    else 0
                )
        for key in ("arable_mu", "forest_mu", "grassland_mu"):
            if given(key):
                data[key] = (
                    take(errors, row, V[key], cell(key), parse_decimal, max_digits=10)
                    if cell(key)
                    else parse_decimal("0")
                )
        if given("distance_km"):
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
            if given(key):
                data[key] = take(errors, row, V[key], cell(key), parse_text, max_length=limit) or ""
        for key in ("has_workstation", "is_demonstration"):
            if given(key):
                data[key] = take(errors, row, V[key], cell(key), parse_bool)
        if errors:
            return None, errors
        return ParsedRow(row=row, data=data, empty=frozenset(empty)), []

    @staticmethod
    def _existing(rows, ctx) -> dict[int, VillageProfile]:
        villages = _villages_in_scope(ctx)
        if "village_profiles" not in ctx:
            ids = [villages[r.data["village"]][0] for r in rows]
            ctx["village_profiles"] = {
                p.village_id: p for p in VillageProfile.objects.filter(village_id__in=ids)
            }
        return ctx["village_profiles"]

    def check(self, rows, ctx):
        errors = duplicates(
            rows, "village", V["village"], _("the same village is listed twice (row %(row)d)")
        )
        existing = self._existing(rows, ctx)
        villages = _villages_in_scope(ctx)
        defaults = VillageProfile()
        for r in rows:
            stored = existing.get(villages[r.data["village"]][0], defaults)
            errors.extend(self._rules(r, stored))
        return errors

    @staticmethod
    def _rules(r: ParsedRow, stored: VillageProfile) -> list[RowError]:
        """The rules between fields, on the row's values over the stored (or default) ones:
        a file without the total still may not put the poor above the stored total."""
        d = {k: r.data.get(k, getattr(stored, k)) for k in VILLAGE_FIELDS}
        errors = []

        def blame(*keys):
            """The column the file has of `keys` (the first, when it has both)."""
            return V[next((k for k in keys if k in r.data), keys[0])]

        if (d["households_poor"] or 0) > (d["households_total"] or 0):
            errors.append(
                error(
                    r.row,
                    blame("households_poor", "households_total"),
                    d["households_poor"],
                    _("poor households cannot outnumber all households"),
                )
            )
        if (d["people_poor"] or 0) > (d["people_total"] or 0):
            errors.append(
                error(
                    r.row,
                    blame("people_poor", "people_total"),
                    d["people_poor"],
                    _("poor people cannot outnumber all people"),
                )
            )
        if d["exited_on"] and not d["is_registered_poor"]:
            errors.append(
                error(
                    r.row,
                    blame("exited_on", "is_registered_poor"),
                    d["exited_on"],
                    _("only a registered poor village can exit"),
                )
            )
        if d["exited_on"] and d["registered_year"] and d["exited_on"].year < d["registered_year"]:
            errors.append(
                error(
                    r.row,
                    blame("exited_on", "registered_year"),
                    d["exited_on"],
                    _("a village exits after it was registered"),
                )
            )
        return errors

    def clears(self, rows, ctx) -> Counter:
        counter: Counter = Counter()
        existing = self._existing(rows, ctx)
        villages = _villages_in_scope(ctx)
        for r in rows:
            stored = existing.get(villages[r.data["village"]][0])
            count_clears(counter, V, stored, r.data, r.empty)
        return counter

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        villages = _villages_in_scope(ctx)
        existing = self._existing(rows, ctx)
        items = []
        for r in rows:
            village_id, _n, county_id, _t = villages[r.data["village"]]
            values = {k: r.data[k] for k in VILLAGE_FIELDS if k in r.data}
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

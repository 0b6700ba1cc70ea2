"""The households import's writes: households, members and incomes, created or updated."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Prefetch

from bangfu.core import crypto
from bangfu.core.identifiers.resident_id import birth_date_of, sex_of
from bangfu.core.imports import bulk
from bangfu.core.imports.spec import ParsedRow, WriteCounts
from bangfu.places.services import pinyin_initials

from ..models import Household, Income, Member
from ..models.households import causes_text, new_ref
from . import household_stored as stored_households
from .columns import HOUSEHOLD_FIELDS, MEMBER_FIELDS, H
from .household_stored import StoredHousehold
from .scope import villages_in_scope
from .vocabulary import INCOME_YEARS


class HouseholdWrites:
    """`clears` and `write` of the households spec, over the stored households loaded once."""

    @staticmethod
    def _stored(rows: list[ParsedRow], ctx: dict) -> dict[str, StoredHousehold]:
        """{head's number: StoredHousehold} of the stored households of `rows`, read once
        (as plain rows, compared by keyed hashes) for the cleared-values count and the
        write."""
        cache = ctx.setdefault("households_stored", {})
        hashed = bulk.hashes(ctx)
        groups = {r.group for r in rows}
        missing = [g for g in groups if g not in cache]
        if missing:
            found = stored_households.load([hashed[g] for g in missing])
            for g in missing:
                cache[g] = found.get(hashed[g])
        return {g: cache[g] for g in groups if cache[g] is not None}

    @staticmethod
    def _models(groups: list[str], ctx: dict) -> dict[str, Household]:
        """The stored households of `groups` (heads' numbers) as models, with members and
        incomes: only those the import changes are loaded so."""
        hashed = bulk.hashes(ctx)
        by_hash = {hashed[g]: g for g in groups}
        keys = list(by_hash)
        found: dict[str, Household] = {}
        for i in range(0, len(keys), 500):
            for h in Household.objects.filter(id_hash__in=keys[i : i + 500]).prefetch_related(
                Prefetch("members", queryset=Member.objects.order_by("id")), "incomes"
            ):
                found[by_hash[h.id_hash]] = h
        return found

    def clears(self, rows: list[ParsedRow], ctx: dict) -> Counter:
        counter: Counter = Counter()
        stored = self._stored(rows, ctx)
        if not stored:
            return counter
        hashed = bulk.hashes(ctx)
        counted: set[str] = set()
        for r in rows:
            household = stored.get(r.group)
            if household is None:
                continue
            d = r.data
            if r.group not in counted:  # a household's columns count once, not per member
                counted.add(r.group)
                if "phone" in r.empty and household.phone_hash:
                    counter[H["phone"].header] += 1
                for key in r.empty & {"year_exited", "monitoring"}:
                    if getattr(household, key) != d[key]:
                        counter[H[key].header] += 1
                if "causes" in r.empty and household.causes.strip(","):
                    counter[H["causes"].header] += 1
            member = household.members.get(hashed[d["member"]["id_number"]])
            if member is not None:
                for key in MEMBER_FIELDS:
                    if f"m_{key}" in r.empty and member[key] != d["member"][key]:
                        counter[H[f"m_{key}"].header] += 1
        return counter

    def write(self, rows: list[ParsedRow], ctx: dict, progress) -> WriteCounts:
        """New households, with their members and incomes, go in as prepared tuples (one
        statement per table, `core.imports.bulk`). A stored household is compared with the
        file as plain values (`household_stored`): an unchanged one costs nothing more; one
        that changes is loaded and saved through its model (version check, field-level
        audit row), as are its changed members and incomes, while its new members and
        incomes go in with the new records."""
        counts = WriteCounts()
        villages = villages_in_scope(ctx)
        hashed = bulk.hashes(ctx)
        groups: dict[str, list[ParsedRow]] = defaultdict(list)
        for r in rows:
            groups[r.group].append(r)
        stored = self._stored(rows, ctx)
        new = _NewRecords(hashed)
        changed: dict[str, tuple[dict, int]] = {}
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
            household = stored.get(group)
            if household is None:
                new.household(group, fields, county_id)
                for r in members:
                    new.member(group, r.data["member"], county_id)
                for y in INCOME_YEARS:
                    value = d[f"income_{y}"]
                    if value is not None:
                        new.income(group, y, value)
                counts.created += 1
            elif (
                household.differs(fields, hashed)
                or any(household.member_differs(r.data["member"], hashed) for r in members)
                or any(
                    household.incomes.get(y) != d[f"income_{y}"]
                    for y in INCOME_YEARS
                    if d[f"income_{y}"] is not None
                )
            ):
                changed[group] = (fields, county_id)
            else:
                counts.unchanged += 1
            done += len(members)
            if progress and done % 1000 < len(members):
                progress(done, len(rows))
        models = self._models(list(changed), ctx) if changed else {}
        for group, (fields, county_id) in changed.items():
            household = models[group]
            d = groups[group][0].data
            self._update_household(household, fields)
            for r in groups[group]:
                self._member(household, r.data["member"], county_id, new)
            for y in INCOME_YEARS:
                value = d[f"income_{y}"]
                if value is not None:
                    self._income(household, y, value, new)
            counts.updated += 1
        new.write()
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
    def _member(household: Household, m: dict, county_id: int, new: _NewRecords) -> bool:
        """Add or update one member of a stored household; whether anything changed."""
        current = next((x for x in household.members.all() if x.id_number == m["id_number"]), None)
        given = {k: m[k] for k in MEMBER_FIELDS if k in m}  # absent columns: as stored
        if current is None:
            new.member(household.pk, m, county_id)
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
    def _income(household: Household, year: int, value, new: _NewRecords) -> bool:
        current = next((i for i in household.incomes.all() if i.year == year), None)
        if current is None:
            new.income(household.pk, year, value)
            return True
        if current.per_capita != value:
            current.per_capita = value
            current.save()
            return True
        return False


class _NewRecords:
    """The import's new households, members and incomes as tuples of database values, in
    the column order of `core.imports.bulk.insert_rows`. A member or income names its
    household by primary key (a stored household) or by head's number (a new one, whose key
    is known once it is written)."""

    HOUSEHOLD = (
        *("village_id", "county_id", "ref", "head_name", "head_initials", "id_number"),
        *("id_hash", "phone", "phone_hash", "size", "causes", "year_registered"),
        *("year_exited", "tech_help", "monitoring", "created_at", "updated_at", "version"),
    )
    MEMBER = (
        *("household_id", "county_id", "name", "id_number", "id_hash", "relation", "sex"),
        *("birth_date", "education", "health", "labour", "status"),
        *("created_at", "updated_at", "version"),
    )
    INCOME = ("household_id", "year", "per_capita", "created_at", "updated_at", "version")

    def __init__(self, hashed: bulk.Hashes) -> None:
        self.hashed = hashed
        self.encrypt = crypto.Sealer()
        self.households: list[tuple] = []
        self.heads: list[str] = []  # keyed hashes of the new households' heads
        self.members: list[list] = []
        self.incomes: list[list] = []
        self.of_group: dict[str, str] = {}  # head's number -> its keyed hash
        self.defaults = {
            f.attname: f.get_default()
            for model in (Household, Member)
            for f in model._meta.concrete_fields
            if f.attname in {"phone", "year_exited", "tech_help", "monitoring"}
            or f.attname in MEMBER_FIELDS
        }

    def household(self, group: str, fields: dict, county_id: int) -> None:
        get = fields.get
        defaults = self.defaults
        phone = get("phone", defaults["phone"]) or ""
        id_hash = self.hashed[group]
        self.of_group[group] = id_hash
        self.heads.append(id_hash)
        head_name = fields["head_name"]
        self.households.append(
            (
                fields["village_id"],
                county_id,
                new_ref(),
                head_name,
                pinyin_initials(head_name)[:16],
                self.encrypt(group),
                id_hash,
                self.encrypt(phone) if phone else "",
                self.hashed[phone] if phone else "",
                fields["size"],
                causes_text(get("cause_list", ())),
                fields["year_registered"],
                get("year_exited", defaults["year_exited"]),
                bool(get("tech_help", defaults["tech_help"])),
                get("monitoring", defaults["monitoring"]),
            )
        )

    def member(self, household, m: dict, county_id: int) -> None:
        number = m["id_number"]  # validated once, when the row was read
        defaults = self.defaults
        self.members.append(
            [
                household,
                county_id,
                m["name"],
                self.encrypt(number),
                self.hashed[number],
                m["relation"],
                sex_of(number),
                birth_date_of(number),
                m.get("education", defaults["education"]),
                m.get("health", defaults["health"]),
                m.get("labour", defaults["labour"]),
                m.get("status", defaults["status"]),
            ]
        )

    def income(self, household, year: int, value) -> None:
        self.incomes.append([household, year, value])

    def write(self) -> None:
        stamp = bulk.stamps(Household)
        if self.households:
            bulk.insert_rows(Household, self.HOUSEHOLD, (h + stamp for h in self.households))
        pk_of = bulk.ids_by(Household, "id_hash", self.heads) if self.heads else {}
        of_group = self.of_group

        def resolve(rows: list[list]):
            for row in rows:
                key = row[0]
                if isinstance(key, str):
                    row[0] = pk_of[of_group[key]]
                yield (*row, *stamp)

        if self.members:
            bulk.insert_rows(Member, self.MEMBER, resolve(self.members))
        if self.incomes:
            bulk.insert_rows(Income, self.INCOME, resolve(self.incomes))

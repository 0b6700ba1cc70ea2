"""The households import's writes: households, members and incomes, created or updated."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Prefetch

from bangfu.core import crypto
from bangfu.core.identifiers.resident_id import birth_date_of, sex_of
from bangfu.core.imports.spec import ParsedRow, WriteCounts
from bangfu.places.services import pinyin_initials

from ..models import Household, Income, Member
from .columns import HOUSEHOLD_FIELDS, MEMBER_FIELDS, H
from .scope import villages_in_scope
from .vocabulary import INCOME_YEARS


class HouseholdWrites:
    """`clears` and `write` of the households spec, over the stored households loaded once."""

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
        villages = villages_in_scope(ctx)
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
            member.sex = sex_of(m["id_number"])  # validated once, when the row was read
            member.birth_date = birth_date_of(m["id_number"])
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

"""The households import's checks across rows: one household's rows, one person twice, sizes."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.utils.translation import gettext as _

from bangfu.core.imports import bulk
from bangfu.core.imports.spec import ParsedRow, RowError, error
from bangfu.core.masking import mask_id

from ..models import Household, Member
from .columns import HOUSEHOLD_KEYS, H


class HouseholdChecks:
    """`check` of the households spec: problems only the whole file (or the database) shows."""

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
        errors.extend(self._check_database(rows, first_of_group, bulk.hashes(ctx)))
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

    def _check_database(self, rows, first_of_group, hashed) -> list[RowError]:
        """A member already in another household (of the database) is refused."""
        errors = []
        head_hash = {g: hashed[g] for g in first_of_group}
        member_hashes = {hashed[r.data["member"]["id_number"]]: r for r in rows}
        quote = connection.ops.quote_name
        member, household = Member._meta, Household._meta
        sql = (
            f"SELECT m.{quote(member.get_field('id_hash').column)}, "  # noqa: S608
            f"h.{quote(household.get_field('id_hash').column)} "
            f"FROM {quote(member.db_table)} m JOIN {quote(household.db_table)} h "
            f"ON h.{quote(household.pk.column)} = m.{quote(member.get_field('household').column)} "
            f"WHERE m.{quote(member.get_field('id_hash').column)} IN ({{keys}})"
        )
        existing = dict(bulk.select_in(sql, list(member_hashes)))
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

"""Roles and what each may do: the one table the whole system asks.

Separation of duties (三员分立, SECURITY.md §6): the system administrator creates, edits and
disables accounts but gives them no role; the security administrator gives roles and scope,
unlocks sign-ins and resets second factors; the auditor reads the audit trail only. None of
the three reads business or personal data, nobody holds two roles, nobody changes their own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY = "city", _("City cooperation office")
    COUNTY = "county", _("County poverty office")
    INSTITUTE = "institute", _("Institute staff")
    HELPER = "helper", _("Helper liaison")
    INSPECTOR = "inspector", _("Inspector")
    AUDITOR = "auditor", _("Auditor")
    SYSADMIN = "sysadmin", _("System administrator")
    SECURITY = "security", _("Security administrator")


# Capabilities by role. Data scope (which rows) is decided by the managers' for_user();
# this table decides which kinds of action a role may take at all.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CITY: frozenset(
        {
            "business.read",
            "helpers.edit",
            "pairing.manage",
            "period.lock",
            "reporting.read",
            "reporting.review",
            "oversight.visit",
            "evaluation.manage",
            "support.manage",
            "personal.read",
            "personal.reveal",
        }
    ),
    Role.COUNTY: frozenset(
        {
            "business.read",
            "registry.edit",
            "helpers.edit",
            "pairing.manage",
            "pairing.override",
            "assistance.record",
            "assistance.confirm",
            "reporting.read",
            "reporting.submit",
            "oversight.visit",
            "evaluation.score",
            "support.manage",
            "monitoring.manage",
            "training.record",
            "personal.read",
            "personal.reveal",
        }
    ),
    Role.INSTITUTE: frozenset(
        {
            "business.read",
            "helpers.edit",
            "pairing.manage",
            "oversight.visit",
            "reporting.read",
            "training.record",
            "personal.read",
            "institute.manage",
        }
    ),
    Role.HELPER: frozenset({"business.read", "assistance.record"}),
    Role.INSPECTOR: frozenset(
        {"business.read", "oversight.visit", "evaluation.score", "reporting.read", "personal.read"}
    ),
    Role.AUDITOR: frozenset({"audit.read", "audit.export"}),
    Role.SYSADMIN: frozenset({"accounts.read", "accounts.manage"}),
    Role.SECURITY: frozenset({"accounts.read", "roles.assign", "accounts.unlock", "otp.reset"}),
}

# Roles that must pass a second factor (TOTP or a recovery code) after the password, on the
# pages, the admin site and the API's token issue (SECURITY.md §2.4). Other roles may enrol.
SECOND_FACTOR_REQUIRED = frozenset({Role.CITY, Role.SYSADMIN, Role.AUDITOR, Role.SECURITY})

# registry.edit: county offices keep their own registry (households, villages).
# pairing.manage: propose, activate, end pairings and hand over relays (county: its own).
# pairing.override: pair a village that is not (or no longer) poor, with a reason (county
#   offices only: they keep the registry). Helper liaisons edit their own pairings' content,
#   plans, progress and visits, and report relays, without a capability: by ownership.
# assistance.record: may record assistance at all (county offices for their county, helper
#   liaisons for their own helper: the services check which records).
# assistance.confirm: record, confirm, send back and re-open assistance records of its county
#   (county offices). Helper liaisons record and submit their own helper's records by ownership.
# period.lock: close or re-open a county's half-year for changes (the city office).
# reporting.read: see the reporting calendar, the board and the filings (not helpers: the
#   forms are the offices' business; helpers see their own data where it is kept).
# reporting.submit: keep the county's roster and demonstration recommendation, review and
#   submit its filings (county offices, their own county only).
# reporting.review: set the report calendar, accept or send back filings, select the
#   demonstration villages (the city office).
# oversight.visit: record supervision visits and follow-ups (county offices for their county,
#   inspectors for the counties they are assigned, the institute and the city office).
# evaluation.manage: set the evaluation checklist and the cross-check rotation, spot-check,
#   decide the final score and the commendation / criticism notices (the city office).
# evaluation.score: score a self-check (county offices, own county) or an assigned
#   cross-check (county offices, inspectors).
# support.manage: subsidised loans, donation receipts and problems raised by helpers
#   (county offices for their county, the city office). Helper liaisons raise problems and
#   read their own loans and receipts by ownership.
# monitoring.manage: open and walk relapse-monitoring cases (county offices, own county).
# training.record: training sessions and their rosters of trainees (the institute for every
#   county, county offices for their county). Helper liaisons record the sessions their own
#   helper organised, by ownership; the city office and inspectors read.
# institute.manage: keep the institute's service network (township centres, village
#   workstations, their staff) and record technical help to tech-help households (the
#   institute's staff; a visit is edited by whoever recorded it).
# personal.read: may see households and members at all (masked); helper liaisons never do.
# accounts.read: the list of accounts and each account's page (no business data there).
# accounts.manage: create accounts, edit names and e-mail, disable, set a password (the
#   system administrator); a new account has no role until the security administrator
#   gives it one.
# roles.assign: give an account its role and scope (county, helper), never one's own.
# accounts.unlock: lift a sign-in lockout. otp.reset: remove an account's second factor so
#   that its owner enrols again (the security administrator; never one's own).
# personal.reveal: may unmask a full ID or phone number, with a reason that is audited.

# Roles whose data scope is the whole programme (all five counties).
PROGRAMME_WIDE = frozenset({Role.CITY, Role.INSTITUTE, Role.INSPECTOR})


def can(user, capability: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return capability in CAPABILITIES.get(user.role, frozenset())

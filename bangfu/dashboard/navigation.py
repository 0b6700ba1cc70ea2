"""The site's navigation: the parts of the programme grouped by work, as a role may use them.

A context processor. The top bar holds a few menus (档案 / 结对帮扶 / 科技服务 / 报表 / 督导考评 / 系统)
and two plain links (home, dashboard), so that it fits a 1280 px office screen; each menu
lists only the pages the user's role may open, and a menu with none is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.roles import Role, can
from bangfu.core.notifications import unread_count

OFFICES = "offices"  # the business roles but helper liaisons (their pages are their own data's)


@dataclass(frozen=True)
class Entry:
    label: object
    url_name: str
    prefix: str  # the path prefix that marks the entry as where the user is
    capability: str


@dataclass
class Group:
    label: object
    entries: list[Entry] = field(default_factory=list)
    url_name: str | None = None  # a plain link instead of a menu


NAVIGATION = [
    Group(_("Home"), [Entry(_("Home"), "dashboard:home", "/", "business.read")], "dashboard:home"),
    Group(
        _("Registries"),
        [
            Entry(_("Places"), "places:index", "/places/", "business.read"),
            Entry(_("Villages"), "registry:villages", "/registry/villages/", "business.read"),
            Entry(_("Households"), "registry:households", "/registry/households/", "personal.read"),
            Entry(_("Monitoring"), "monitoring:cases", "/registry/monitoring/", "personal.read"),
            Entry(_("Helpers"), "helpers:list", "/helpers/", "business.read"),
        ],
    ),
    Group(
        _("Pairing and assistance"),
        [
            Entry(_("Pairings"), "pairing:list", "/pairings/", "business.read"),
            Entry(_("Coverage"), "pairing:coverage", "/pairings/coverage/", OFFICES),
            Entry(_("Site visits"), "pairing:visits", "/pairings/visits/", "business.read"),
            Entry(_("Relays"), "pairing:relays", "/pairings/relays/", "business.read"),
            Entry(_("Assistance"), "assistance:list", "/assistance/", "business.read"),
            Entry(
                _("Records to confirm"),
                "assistance:queue",
                "/assistance/confirm/",
                "assistance.confirm",
            ),
            Entry(_("Industry projects"), "assistance:projects", "/assistance/projects/", OFFICES),
            Entry(
                _("Training sessions"), "training:sessions", "/training/sessions/", "business.read"
            ),
            Entry(_("Trainees"), "training:trainees", "/training/trainees/", "business.read"),
        ],
    ),
    Group(
        _("Science services"),
        [
            Entry(_("Service network"), "institute:points", "/institute/network/", "business.read"),
            Entry(_("Tech-help visits"), "institute:visits", "/institute/visits/", "personal.read"),
            Entry(
                _("Tech-help households"),
                "institute:households",
                "/institute/households/",
                "personal.read",
            ),
        ],
    ),
    Group(
        _("Reporting"),
        [
            Entry(_("Reporting board"), "reporting:index", "/reporting/", "reporting.read"),
            Entry(_("Calendar"), "reporting:calendar", "/reporting/calendar/", "reporting.read"),
            Entry(
                _("Submissions"),
                "reporting:submissions",
                "/reporting/submissions/",
                "reporting.read",
            ),
            Entry(_("Leading group"), "groups:roster", "/reporting/roster/", "reporting.read"),
            Entry(
                _("Demonstration villages"),
                "groups:demonstration",
                "/reporting/demonstration/",
                "reporting.read",
            ),
        ],
    ),
    Group(
        _("Oversight"),
        [
            Entry(_("Overview"), "dashboard:oversight", "/oversight/", "business.read"),
            Entry(_("Supervision visits"), "visits:visits", "/oversight/visits/", OFFICES),
            Entry(_("Follow-ups"), "visits:followups", "/oversight/follow-ups/", OFFICES),
            Entry(_("Problems raised"), "visits:problems", "/oversight/problems/", "business.read"),
            Entry(_("Loans"), "support:loans", "/oversight/loans/", "business.read"),
            Entry(
                _("Donation receipts"), "support:receipts", "/oversight/receipts/", "business.read"
            ),
            Entry(
                _("Tax benefits"),
                "support:tax_benefits",
                "/oversight/tax-benefits/",
                "business.read",
            ),
            Entry(_("Evaluations"), "evaluation:evaluations", "/oversight/evaluations/", OFFICES),
            Entry(_("Notices"), "evaluation:notices", "/oversight/notices/", OFFICES),
        ],
    ),
    Group(
        _("Dashboard"),
        [Entry(_("Dashboard"), "dashboard:overview", "/dashboard/", "business.read")],
        "dashboard:overview",
    ),
    Group(
        _("System"),
        [
            Entry(_("Audit trail"), "accounts:audit", "/accounts/audit/", "audit.read"),
            Entry(_("Accounts"), "accounts:users", "/accounts/users/", "accounts.read"),
        ],
    ),
]


def may_use(user, capability: str) -> bool:
    if capability == OFFICES:
        return can(user, "business.read") and user.role != Role.HELPER
    return can(user, capability)


def _here(path: str, entries: list[Entry]) -> Entry | None:
    """The entry the page belongs to: the longest prefix that matches (/ only for /)."""
    best = None
    for entry in entries:
        hit = path == "/" if entry.prefix == "/" else path.startswith(entry.prefix)
        if hit and (best is None or len(entry.prefix) > len(best.prefix)):
            best = entry
    return best


def menus_for(user, path: str) -> list[dict]:
    """The groups `user` may use, each with its entries, the current one marked."""
    allowed = [
        (group, [e for e in group.entries if may_use(user, e.capability)]) for group in NAVIGATION
    ]
    here = _here(path, [e for _g, entries in allowed for e in entries])
    out = []
    for group, entries in allowed:
        if not entries:
            continue
        items = [
            {"label": e.label, "url": reverse(e.url_name), "active": e is here} for e in entries
        ]
        out.append(
            {
                "label": group.label,
                "url": reverse(group.url_name) if group.url_name else None,
                "items": items,
                "active": any(i["active"] for i in items),
            }
        )
    return out


def navigation(request):
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or getattr(request, "second_factor_pending", False)
    ):
        return {"nav_menus": []}
    return {
        "nav_menus": menus_for(user, request.path),
        "may_search_places": can(user, "business.read"),
        "unread_notifications": unread_count(user),
    }

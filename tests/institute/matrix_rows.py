"""The institute's rows of the role × endpoint matrix (tests/test_access_matrix.py merges
them): the service network is read by every business role (published contacts, masked) and
kept by the institute; tech-help visits and the households lists are personal data (no helper
liaison). {point_chengde} is 下板城镇's centre, {tech_visit} a visit of a 承德县 household
recorded by the institute's account, {tech_staff} a staff member of that centre."""

from __future__ import annotations

ROLES = [
    "anonymous",
    "city_officer",
    "officer_chengde",
    "officer_weichang",
    "institute_staff",
    "helper_liaison",
    "inspector",
    "auditor",
    "sysadmin",
    "security_admin",
]
BUSINESS = {
    "city_officer",
    "officer_chengde",
    "officer_weichang",
    "institute_staff",
    "helper_liaison",
    "inspector",
}
PERSONAL = BUSINESS - {"helper_liaison"}
INSTITUTE = {"institute_staff"}


def _expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


def _page(ok_roles, ok=200):
    return _expect(403, anonymous=302, **dict.fromkeys(ok_roles, ok))


def _api(ok_roles, ok=200):
    return _expect(403, anonymous=401, **dict.fromkeys(ok_roles, ok))


NETWORK = "/institute/network/{point_chengde}/"
VISIT = "/institute/visits/{tech_visit}/"

ROWS = {
    "institute:points": ("get", "/institute/network/", _page(BUSINESS)),
    "institute:points_export": ("get", "/institute/network/network.xlsx", _page(BUSINESS)),
    "institute:point_create": ("get", "/institute/network/new/", _page(INSTITUTE)),
    "institute:point": ("get", NETWORK, {**_page(BUSINESS), "officer_weichang": 404}),
    "institute:point_edit": ("get", NETWORK + "edit/", _page(INSTITUTE)),
    "institute:staff_add": ("get", NETWORK + "staff/new/", _page(INSTITUTE)),
    "institute:staff_remove": (
        "post",
        NETWORK + "staff/{tech_staff}/remove/",
        _page(INSTITUTE, ok=302),
    ),
    "institute:not_reached": (
        "get",
        NETWORK + "not-reached/",
        {**_page(PERSONAL), "officer_weichang": 404},
    ),
    "institute:visits": ("get", "/institute/visits/", _page(PERSONAL)),
    "institute:visit_create": ("get", "/institute/visits/new/", _page(INSTITUTE)),
    "institute:visit": ("get", VISIT, {**_page(PERSONAL), "officer_weichang": 404}),
    "institute:visit_edit": ("get", VISIT + "edit/", _page(INSTITUTE)),
    "institute:households": ("get", "/institute/households/", _page(PERSONAL)),
    "api:tech-visit-list": ("get", "/api/v1/tech-visits/", _api(PERSONAL)),
    "api:tech-visit-list (post)": ("post", "/api/v1/tech-visits/", _api(INSTITUTE, ok=400)),
    "api:tech-visit-detail": (
        "get",
        "/api/v1/tech-visits/{tech_visit}/",
        {**_api(PERSONAL), "officer_weichang": 404},
    ),
}

READ_ONLY_WRITES = [
    ("put", "/api/v1/tech-visits/{tech_visit}/"),
    ("delete", "/api/v1/tech-visits/{tech_visit}/"),
]

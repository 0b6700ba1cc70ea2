"""The data the schemathesis run's server serves: `python -m tests.api_fuzz.seed`, run in the
server's environment (its own scratch database). Migrations, the real division list, one
account per business role and the access matrix's records of every kind the API serves
(`tests.test_access_matrix.matrix_objects`), in seconds where `bangfu demo_data` takes
minutes."""

from __future__ import annotations

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)

    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper
    from tests.conftest import _make
    from tests.test_access_matrix import matrix_objects

    helper_org = Helper.objects.create(
        name="承德绿源农业科技有限公司",
        uscc=make_uscc("91130821MA0A1B2C3"),
        kind="private",
        capacity=3,
    )
    _make("city_officer", "city")
    officer_chengde = _make("officer_chengde", "county", "130821")
    inspector = _make("inspector", "inspector")
    _make("helper_liaison", "helper", helper=helper_org)
    matrix_objects(helper_org=helper_org, officer_chengde=officer_chengde, inspector=inspector)


if __name__ == "__main__":
    main()

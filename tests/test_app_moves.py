"""The models that moved into their own apps (issue 14) keep their tables and their history."""

import pytest
from django.apps import apps
from django.db.migrations import SeparateDatabaseAndState
from django.db.migrations.loader import MigrationLoader

from bangfu.accounts.history import FORMER_LABELS, labels_of

MOVES = [
    ("visits", "0001_initial"),
    ("support", "0001_initial"),
    ("evaluation", "0001_initial"),
    ("monitoring", "0001_initial"),
    ("groups", "0001_initial"),
    ("oversight", "0002_models_moved_to_visits_support_evaluation"),
    ("registry", "0004_monitoring_moved_to_monitoring_app"),
    ("reporting", "0002_groups_moved_to_groups_app"),
]


@pytest.mark.parametrize(("app", "name"), MOVES)
def test_a_move_changes_no_table_of_an_existing_database(app, name):
    """Upgrading a running system moves the models in Django's state only: no SQL at all."""
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration(app, name)
    assert migration.operations
    for operation in migration.operations:
        assert isinstance(operation, SeparateDatabaseAndState)
        assert operation.database_operations == []


def test_every_moved_model_keeps_its_table_and_names_its_former_label():
    for label, former in FORMER_LABELS.items():
        model = apps.get_model(label)
        (old,) = former
        assert model._meta.db_table == old.replace(".", "_"), label
        assert labels_of(model) == (label, old)

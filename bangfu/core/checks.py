"""System checks that keep a production start honest."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def encryption_keys_configured(app_configs, **kwargs):
    """With DEBUG=0, the field-encryption and keyed-hash keys must come from the environment."""
    if settings.DEBUG:
        return []
    from django.core.exceptions import ImproperlyConfigured

    from . import crypto

    errors = []
    for name, loader in (
        ("FIELD_ENCRYPTION_KEYS", crypto.encryption_keys),
        ("FIELD_HASH_KEY", crypto.hash_key),
    ):
        loader.cache_clear()
        try:
            loader()
        except ImproperlyConfigured as exc:
            errors.append(
                Error(
                    str(exc),
                    hint=f"Set {name} to base64 of 32 random bytes, e.g. `python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`.",
                    id="bangfu.E001",
                )
            )
    return errors


@register()
def encrypted_columns_readable(app_configs, databases=None, **kwargs):
    """Every key id found in the encrypted columns has a configured key that opens it.

    Runs with every `check` (and so at start: `runserver`, `migrate`, `check --deploy`). For
    each encrypted column it lists the key ids present (one grouped query over the key-id
    part of the stored value, no value read in full) and decrypts the first and last value of
    each key id. Before `migrate` (no table or column yet) or without a reachable database
    it has nothing to check and says nothing: the database checks of `migrate` speak for that.
    """
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, connections, router, transaction
    from django.db.models import ExpressionWrapper, F, Max, Min, TextField
    from django.db.models.functions import Substr

    from . import crypto
    from .fields import EncryptedCharField

    try:
        configured = {crypto.key_id(k) for k in crypto.encryption_keys()}
    except ImproperlyConfigured:
        return []  # bangfu.E001 names it
    errors = []
    models = (
        apps.get_models()
        if app_configs is None
        else [m for config in app_configs for m in config.get_models()]
    )
    for model in models:
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if not fields:
            continue
        alias = router.db_for_read(model)
        connection = connections[alias]
        table = model._meta.db_table
        try:
            with connection.cursor() as cursor:
                if table not in connection.introspection.table_names(cursor):
                    continue
                columns = {
                    c.name for c in connection.introspection.get_table_description(cursor, table)
                }
        except DatabaseError:
            return errors  # no database to look at (yet)
        for field in fields:
            if field.column not in columns:
                continue
            # the stored text as it is (not decrypted), and its key-id part
            raw = ExpressionWrapper(F(field.name), output_field=TextField())
            rows = (
                model._base_manager.using(alias)
                .annotate(_raw=raw)
                .filter(_raw__startswith=crypto.PREFIX + ":")
                .annotate(_kid=Substr("_raw", len(crypto.PREFIX) + 2, 8))
            )
            try:
                with transaction.atomic(using=alias):
                    groups = rows.values("_kid").annotate(first=Min("pk"), last=Max("pk"))
                    samples = {
                        g["_kid"]: list(
                            rows.filter(pk__in=[g["first"], g["last"]]).values_list(
                                "_raw", flat=True
                            )
                        )
                        for g in groups.order_by("_kid")
                    }
            except DatabaseError:
                continue
            label = f"{model._meta.label}.{field.name}"
            for found, tokens in samples.items():
                if found not in configured:
                    errors.append(
                        Error(
                            f"{label}: values are encrypted with key id {found}, and no key "
                            f"in FIELD_ENCRYPTION_KEYS has that id.",
                            hint=f"Add the key with id {found} to FIELD_ENCRYPTION_KEYS (keep "
                            "the current one first), then run `bangfu rotate_keys` before "
                            "dropping it.",
                            id="bangfu.E002",
                        )
                    )
                    continue
                for token in tokens:
                    try:
                        crypto.decrypt(token)
                    except crypto.DecryptError:
                        errors.append(
                            Error(
                                f"{label}: the key with id {found} in FIELD_ENCRYPTION_KEYS "
                                "does not decrypt the stored values (a wrong key, or damaged "
                                "data).",
                                hint="Restore the key these values were encrypted with.",
                                id="bangfu.E003",
                            )
                        )
                        break
    return errors

"""One phone item through the sync endpoint: parsed, saved once, answered saved / refused /
conflict. The answer of each item is shown on the phone as it is given here."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as ParseError

from bangfu.core.models import StaleRecordError

from .models import ItemKind, SyncedItem
from .parsing import parse_item
from .selectors import server_side, synced_item_get_for_user
from .services import synced_item_save


def _saved(item: SyncedItem, *, again: bool) -> dict:
    return {
        "status": "saved",
        "record": item.label,
        "url": item.url,
        "again": again,
    }


def refused(client_id, reasons: list[str]) -> dict:
    return {"id": str(client_id), "status": "refused", "reasons": reasons}


def _flatten(detail, prefix="") -> list[str]:
    """DRF's or Django's error detail as lines "field: message"."""
    if isinstance(detail, dict):
        lines = []
        for key, value in detail.items():
            name = "" if key in ("__all__", "non_field_errors") else f"{key}"
            lines += _flatten(value, f"{prefix}{name}: " if name else prefix)
        return lines
    if isinstance(detail, list):
        return [line for value in detail for line in _flatten(value, prefix)]
    return [f"{prefix}{detail}"]


def _reasons(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return _flatten({k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()})
    return list(exc.messages)


def sync_one(request, raw) -> dict:
    """The answer for one item {id, kind, data, photos, base_version}."""
    if not isinstance(raw, dict):
        return refused("", [_("The item is unreadable.")])
    try:
        client_id = uuid.UUID(str(raw.get("id")))
    except ValueError:
        return refused(raw.get("id") or "", [_("The item has no valid id.")])
    kind = raw.get("kind")
    if kind not in ItemKind.values:
        return refused(client_id, [_("Unknown kind of item.")])
    done, taken = synced_item_get_for_user(user=request.user, client_id=client_id)
    if taken:
        return refused(client_id, [_("This item's id is already taken; record the item again.")])
    if done is not None:
        return {"id": str(client_id), **_saved(done, again=True)}
    base = raw.get("base_version")
    base = base if isinstance(base, int) and base > 0 else None
    about = None
    try:
        data = raw.get("data") if isinstance(raw.get("data"), dict) else {}
        fields, about = parse_item(request, kind, data, base, raw.get("photos"))
        item, made = synced_item_save(
            user=request.user, client_id=client_id, kind=kind, fields=fields
        )
    except ParseError as exc:
        return refused(client_id, _flatten(exc.detail))
    except StaleRecordError:
        return {
            "id": str(client_id),
            "status": "conflict",
            "reasons": [_("Changed on the server since the phone read it; both are shown.")],
            "server": server_side(about) if about is not None else None,
        }
    except ValidationError as exc:
        return refused(client_id, _reasons(exc))
    except (PermissionDenied, Http404):
        return refused(client_id, [_("You may not record this, or it is out of your scope.")])
    except IntegrityError:
        return refused(client_id, [_("Saved by someone else at the same moment; try again.")])
    return {"id": str(client_id), **_saved(item, again=not made)}

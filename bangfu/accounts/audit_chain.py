"""The audit trail's keys and MAC chain: which key signs a row, and how a row is chained.

Each row carries a MAC: HMAC-SHA256, keyed with `AUDIT_MAC_KEY` from the environment (never
the database), over the previous row's MAC and the row's canonical content, including its
chain version and key id (chain version 2). Rows written before the key existed (chain
version 1) keep their plain SHA-256 chain. The keys rotate: the first signs, all verify.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import AuditEvent


def _decode_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured("AUDIT_MAC_KEY: not valid base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(
            "AUDIT_MAC_KEY: each key must be 32 bytes (base64 of 32 random bytes)"
        )
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"audit-kid" + key).hexdigest()[:8]


@lru_cache(maxsize=1)
def mac_keys() -> tuple[bytes, ...]:
    """The audit keys: the first signs new rows and checkpoints, all verify (rotation)."""
    raw = os.environ.get("AUDIT_MAC_KEY", "")
    keys = tuple(_decode_key(k) for k in raw.split(",") if k.strip())
    if keys:
        return keys
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return (hashlib.sha256(f"bangfu-dev-audit-mac:{settings.SECRET_KEY}".encode()).digest(),)
    raise ImproperlyConfigured("AUDIT_MAC_KEY is not set (needed with DEBUG=0).")


def signing_key() -> tuple[str, bytes]:
    key = mac_keys()[0]
    return key_id(key), key


def key_by_id(kid: str) -> bytes | None:
    return next((k for k in mac_keys() if key_id(k) == kid), None)


# ------------------------------------------------------------------------------ the chain


def canonical(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_content(ev) -> dict:
    return {
        "at": ev.at.isoformat(),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "role": ev.role,
        "address": ev.address,
        "request_id": ev.request_id,
        "channel": ev.channel,
        "event": ev.event,
        "object_type": ev.object_type,
        "object_id": ev.object_id,
        "object_repr": ev.object_repr,
        "outcome": ev.outcome,
        "changes": ev.changes,
        "detail": ev.detail,
    }


def row_digest(prev_hash: str, ev) -> str:
    """Chain version 1: plain SHA-256 (rows written before the audit key existed)."""
    return hashlib.sha256((prev_hash + canonical(row_content(ev))).encode()).hexdigest()


def row_mac(prev_mac: str, ev, key: bytes) -> str:
    """Chain version 2: HMAC-SHA256 over the previous MAC and the row, version and key id."""
    payload = {**row_content(ev), "v": AuditEvent.Chain.HMAC, "kid": ev.key_id}
    return hmac.new(key, (prev_mac + canonical(payload)).encode(), hashlib.sha256).hexdigest()


@dataclass
class Problem:
    """One thing wrong with the trail, as verifying it reports it (the row, when there is one)."""

    row_id: int | None
    message: str

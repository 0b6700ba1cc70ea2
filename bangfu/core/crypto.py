"""Encryption at rest for sensitive fields (SECURITY.md §14).

AES-256-GCM from `cryptography`, with keys from the environment only, never the database:

- `FIELD_ENCRYPTION_KEYS`: comma-separated base64 32-byte keys; the first encrypts, all
  decrypt (rotation: put the new key first, run `bangfu rotate_keys`, then drop the old one).
- `FIELD_HASH_KEY`: base64 key for the keyed hash (HMAC-SHA256) stored beside each encrypted
  value, for uniqueness, exact lookup and import upserts.

With DEBUG on and no keys set, development keys are derived from SECRET_KEY so that
`make run` works out of the box; with DEBUG=0 a missing key is a system-check error.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "g1"  # format version: g1:<key id>:<base64(nonce + ciphertext + tag)>


def _decode_key(text: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: not valid base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name}: each key must be 32 bytes (base64 of 32 random bytes)")
    return key


def _dev_key(purpose: str) -> bytes:
    return hashlib.sha256(f"bangfu-dev-{purpose}:{settings.SECRET_KEY}".encode()).digest()


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"kid" + key).hexdigest()[:8]


@lru_cache(maxsize=1)
def encryption_keys() -> tuple[bytes, ...]:
    raw = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
    keys = tuple(_decode_key(k, "FIELD_ENCRYPTION_KEYS") for k in raw.split(",") if k.strip())
    if keys:
        return keys
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return (_dev_key("encryption"),)
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set (needed with DEBUG=0).")


@lru_cache(maxsize=1)
def hash_key() -> bytes:
    raw = os.environ.get("FIELD_HASH_KEY", "")
    if raw:
        return _decode_key(raw, "FIELD_HASH_KEY")
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return _dev_key("hash")
    raise ImproperlyConfigured("FIELD_HASH_KEY is not set (needed with DEBUG=0).")


@lru_cache(maxsize=8)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    key = encryption_keys()[0]
    nonce = os.urandom(12)
    sealed = _cipher(key).encrypt(nonce, plaintext.encode(), PREFIX.encode())
    return f"{PREFIX}:{key_id(key)}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    try:
        prefix, kid, body = token.split(":", 2)
    except ValueError as exc:
        raise ValueError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise ValueError(f"unknown encryption format {prefix!r}")
    for key in encryption_keys():
        if key_id(key) == kid:
            data = base64.urlsafe_b64decode(body)
            return _cipher(key).decrypt(data[:12], data[12:], PREFIX.encode()).decode()
    raise ValueError(f"no key with id {kid} in FIELD_ENCRYPTION_KEYS")


def needs_rotation(token: str) -> bool:
    return bool(token) and token.split(":", 2)[1] != key_id(encryption_keys()[0])


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value: equal values give equal hashes, nothing else leaks."""
    return hmac.new(hash_key(), value.encode(), hashlib.sha256).hexdigest()

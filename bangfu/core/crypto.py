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
import logging
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("bangfu.crypto")

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


@lru_cache(maxsize=8)
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


_AAD = PREFIX.encode()


def encrypt(plaintext: str) -> str:
    """AES-256-GCM with a fresh random 96-bit nonce, under the first configured key."""
    key = encryption_keys()[0]
    nonce = os.urandom(12)
    sealed = _cipher(key).encrypt(nonce, plaintext.encode(), _AAD)
    return f"{PREFIX}:{key_id(key)}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


class Sealer:
    """`encrypt` for many values in a row (an import's ID and phone numbers): the same
    AES-256-GCM, the same format and a fresh random 96-bit nonce for each value, but the
    nonces are drawn from the OS in blocks (one system call per 4,096 values) and the key,
    cipher and prefix are looked up once."""

    BLOCK = 4096

    def __init__(self) -> None:
        key = encryption_keys()[0]
        self._seal = _cipher(key).encrypt
        self._head = f"{PREFIX}:{key_id(key)}:"
        self._pool = b""
        self._at = 0

    def __call__(self, plaintext: str) -> str:
        at = self._at
        if at >= len(self._pool):
            self._pool, at = os.urandom(12 * self.BLOCK), 0
        nonce = self._pool[at : at + 12]
        self._at = at + 12
        sealed = self._seal(nonce, plaintext.encode(), _AAD)
        return self._head + base64.urlsafe_b64encode(nonce + sealed).decode()


class DecryptError(ValueError):
    """A stored value that the configured keys cannot open.

    `reason` is "missing" (no configured key has the value's key id), "failed" (a key with
    that id is configured but does not open the value: a wrong key under a reused id, or a
    damaged value) or "format" (not a value this module wrote). The message never holds the
    value itself.
    """

    def __init__(self, reason: str, kid: str = ""):
        self.reason, self.key_id = reason, kid
        text = {
            "missing": f"no key with id {kid} in FIELD_ENCRYPTION_KEYS",
            "failed": f"the key with id {kid} in FIELD_ENCRYPTION_KEYS does not decrypt the value",
            "format": "not an encrypted value",
        }[reason]
        super().__init__(text)


def token_key_id(token: str) -> str:
    """The key id written into a stored value ("" if it is not one of ours)."""
    parts = token.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else ""


def decrypt(token: str) -> str:
    try:
        prefix, kid, body = token.split(":", 2)
    except ValueError as exc:
        raise DecryptError("format") from exc
    if prefix != PREFIX:
        raise DecryptError("format")
    for key in encryption_keys():
        if key_id(key) == kid:
            try:
                data = base64.urlsafe_b64decode(body)
                return _cipher(key).decrypt(data[:12], data[12:], PREFIX.encode()).decode()
            except (InvalidTag, ValueError) as exc:
                raise DecryptError("failed", kid) from exc
    raise DecryptError("missing", kid)


class Undecryptable(str):
    """What an encrypted field reads when the configured keys cannot open the stored value.

    It displays as "(cannot decrypt)" (translated), masks to itself, keeps the stored value
    so that saving the row writes back the very same ciphertext (nothing is destroyed), and
    carries the key id for the log and the system check.
    """

    token: str
    key_id: str
    reason: str

    def __new__(cls, token: str, error: DecryptError):
        from django.utils.translation import gettext

        obj = super().__new__(cls, gettext("(cannot decrypt)"))
        obj.token, obj.key_id, obj.reason = token, error.key_id, error.reason
        return obj


_reported: set[tuple[str, str, str]] = set()


def decrypt_or_sentinel(token: str, *, column: str) -> str:
    """`decrypt(token)`, or an `Undecryptable` logged once per column and key id (never the
    value) so that a page shows "(cannot decrypt)" instead of failing."""
    try:
        return decrypt(token)
    except DecryptError as exc:
        seen = (column, exc.key_id, exc.reason)
        if seen not in _reported:
            _reported.add(seen)
            logger.error(
                "cannot decrypt %s: %s (key id %s); check FIELD_ENCRYPTION_KEYS",
                column,
                exc.reason,
                exc.key_id or "-",
            )
        return Undecryptable(token, exc)


def needs_rotation(token: str) -> bool:
    return bool(token) and token.split(":", 2)[1] != key_id(encryption_keys()[0])


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value: equal values give equal hashes, nothing else leaks."""
    return hmac.digest(hash_key(), value.encode(), "sha256").hex()  # one call into C

"""The backup key and the sealed stream: AES-256-GCM chunks under a per-file HKDF subkey."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"BFBACKUP"
VERSION = 1
CHUNK_SIZE = 1 << 20  # 1 MiB of plaintext per sealed chunk
MAX_CHUNK_SIZE = 1 << 24
TAG = 16
HEADER_LEN = len(MAGIC) + 1 + 4 + 8 + 16


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what and what to do."""


# --------------------------------------------------------------------------- keys


def backup_key() -> bytes:
    """BACKUP_KEY (base64 of 32 bytes); derived from SECRET_KEY only in development."""
    raw = os.environ.get("BACKUP_KEY", "").strip()
    if raw:
        try:
            key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except ValueError as exc:
            raise BackupError("BACKUP_KEY is not valid base64.") from exc
        if len(key) != 32:
            raise BackupError("BACKUP_KEY must be base64 of exactly 32 random bytes.")
        return key
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return hashlib.sha256(f"bangfu-dev-backup:{settings.SECRET_KEY}".encode()).digest()
    raise BackupError(
        "BACKUP_KEY is not set (needed with DEBUG=0). Set it to base64 of 32 random bytes, "
        "e.g. `python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`, "
        "and keep a copy off this machine: without it no backup can be read."
    )


def key_check(key: bytes) -> bytes:
    return hmac.new(key, b"bangfu backup key check", hashlib.sha256).digest()[:8]


def _derive(key: bytes, salt: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(key)


# --------------------------------------------------------------------------- sealed stream


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class SealWriter:
    """A write-only file object that seals what is written to `out` chunk by chunk."""

    def __init__(self, out, key: bytes, chunk_size: int = CHUNK_SIZE):
        self.closed = False
        self.out = out
        self.chunk_size = chunk_size
        salt = os.urandom(16)
        self.header = (
            MAGIC + bytes([VERSION]) + chunk_size.to_bytes(4, "big") + key_check(key) + salt
        )
        self.aead = AESGCM(_derive(key, salt, b"bangfu backup v1 chunks"))
        self.mac_key = _derive(key, salt, b"bangfu backup v1 manifest")
        self.buf = bytearray()
        self.index = 0
        self.out.write(self.header)

    def _emit(self, data: bytes, final: bool) -> None:
        aad = _aad(self.header, self.index, final)
        self.out.write(self.aead.encrypt(_nonce(self.index, final), bytes(data), aad))
        self.index += 1

    def write(self, data) -> int:
        if self.closed:
            raise ValueError("write to a closed backup stream")
        self.buf += data
        # keep at least one byte back: the last chunk must be written with the final flag
        while len(self.buf) > self.chunk_size:
            self._emit(self.buf[: self.chunk_size], final=False)
            del self.buf[: self.chunk_size]
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self._emit(self.buf, final=True)
            self.buf = bytearray()
            self.out.flush()
            self.closed = True


class OpenReader:
    """A read-only file object over a sealed stream; refuses anything not authentic."""

    def __init__(self, src, key: bytes):
        self.src = src
        header = src.read(HEADER_LEN)
        if len(header) < HEADER_LEN or header[: len(MAGIC)] != MAGIC:
            raise BackupError("This is not a bangfu backup file (no BFBACKUP header).")
        if header[len(MAGIC)] != VERSION:
            raise BackupError(f"Unknown backup format version {header[len(MAGIC)]}.")
        pos = len(MAGIC) + 1
        self.chunk_size = int.from_bytes(header[pos : pos + 4], "big")
        check = header[pos + 4 : pos + 12]
        salt = header[pos + 12 : pos + 28]
        if not 0 < self.chunk_size <= MAX_CHUNK_SIZE:
            raise BackupError("The backup file's header is damaged (chunk size).")
        if not hmac.compare_digest(check, key_check(key)):
            raise BackupError(
                "This backup was sealed with a different BACKUP_KEY: nothing was restored. "
                "Set BACKUP_KEY to the key in use when the backup was made."
            )
        self.header = header
        self.aead = AESGCM(_derive(key, salt, b"bangfu backup v1 chunks"))
        self.mac_key = _derive(key, salt, b"bangfu backup v1 manifest")
        self.index = 0
        self.pending = self._read_sealed()
        self.plain = b""
        self.pos = 0
        self.done = False

    def _read_sealed(self) -> bytes:
        want = self.chunk_size + TAG
        parts, got = [], 0
        while got < want:
            part = self.src.read(want - got)
            if not part:
                break
            parts.append(part)
            got += len(part)
        return b"".join(parts)

    def _next_chunk(self) -> bytes:
        sealed = self.pending
        if not sealed:
            raise BackupError(
                f"The backup file is cut short after chunk {self.index}: it was not "
                "restored. Use an earlier backup."
            )
        self.pending = self._read_sealed()
        final = not self.pending
        try:
            plain = self.aead.decrypt(
                _nonce(self.index, final), sealed, _aad(self.header, self.index, final)
            )
        except Exception as exc:  # InvalidTag
            raise BackupError(
                f"The backup file is damaged or was altered (chunk {self.index} fails "
                "authentication): nothing from it was restored. Use an earlier backup."
            ) from exc
        self.index += 1
        self.done = final
        return plain

    def read(self, size: int = -1) -> bytes:
        out = []
        while size < 0 or size > 0:
            if self.pos >= len(self.plain):
                if self.done:
                    break
                self.plain, self.pos = self._next_chunk(), 0
                continue
            take = len(self.plain) - self.pos if size < 0 else min(size, len(self.plain) - self.pos)
            out.append(self.plain[self.pos : self.pos + take])
            self.pos += take
            if size > 0:
                size -= take
        return b"".join(out)


def manifest_mac(mac_key: bytes, manifest_bytes: bytes) -> str:
    return hmac.new(mac_key, manifest_bytes, hashlib.sha256).hexdigest()

"""Evidence files: check an upload by its bytes and size, then keep it as a `StoredFile`.

The type is decided from the first bytes (magic numbers), never from the file name or the
browser's Content-Type, so that an .exe renamed to scan.pdf is refused. Only PDF and the
image formats phones and scanners produce are accepted; the size limit is
settings.ATTACHMENT_MAX_BYTES. Errors are in the user's language and name the file.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import StoredFile

# (magic prefix, content type, extension)
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
]


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF or image from its first bytes, else None."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def check_evidence(upload) -> tuple[str, str]:
    """Refuse an upload that is empty, too big, or not a PDF or image; return its type."""
    name = Path(getattr(upload, "name", "") or "").name or _("the file")
    limit = settings.ATTACHMENT_MAX_BYTES
    if not upload.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB; files of at most %(limit)d MB are accepted.")
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF or an image (JPEG, PNG, WebP, TIFF).") % {"name": name},
            code="bad_type",
        )
    return kind


def store_evidence(upload, *, user=None) -> StoredFile:
    """Check `upload` and keep it; the stored name is random, the original name kept aside."""
    content_type, ext = check_evidence(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = StoredFile(
        key=secrets.token_hex(16),
        original_name=(Path(upload.name).name or "file")[:200],
        content_type=content_type,
        extension=ext,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user if getattr(user, "pk", None) else None,
        created_on=timezone.localdate(),
    )
    stored.file.save(stored.key + ext, upload, save=False)
    stored.save()
    return stored


def store_generated(data: bytes, *, name: str, content_type: str, user=None) -> StoredFile:
    """Keep a file the system made itself (e.g. a generated agreement)."""
    stored = StoredFile(
        key=secrets.token_hex(16),
        original_name=name[:200],
        content_type=content_type,
        extension=Path(name).suffix[:8],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user if getattr(user, "pk", None) else None,
        created_on=timezone.localdate(),
    )
    stored.file.save(stored.key + stored.extension, ContentFile(data), save=False)
    stored.save()
    return stored


def file_response(stored: StoredFile, *, inline: bool = False):
    """Send a stored file; PDFs and images may open inline, everything else downloads."""
    from django.http import FileResponse

    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

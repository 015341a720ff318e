"""Attached documents: decoded, size-limited, hashed, and typed by their content, not their name."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/zip": "zip",
}


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile
    sha256: str
    size: int
    mime_type: str


def check_file(*, name: str, content_base64: str, index: int) -> CheckedFile:
    """Decode and check one uploaded file; errors name the document by its index."""
    try:
        raw = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError(
            _("Tệp thứ %(n)d không phải dữ liệu base64 hợp lệ.") % {"n": index + 1},
            code="invalid_document",
            errors=[{"field": f"documents.{index}.content_base64", "message": _("base64 không hợp lệ")}],
        ) from exc
    if not raw:
        raise DomainError(_("Tệp thứ %(n)d rỗng.") % {"n": index + 1}, code="invalid_document")
    if len(raw) > MAX_BYTES:
        raise DomainError(
            _("Tệp thứ %(n)d lớn hơn %(mb)d MB.") % {"n": index + 1, "mb": MAX_BYTES // (1024 * 1024)},
            code="document_too_large",
        )
    kind = filetype.guess(raw)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_TYPES:
        raise DomainError(
            _("Tệp thứ %(n)d không thuộc loại được nhận (PDF, JPEG, PNG, DOCX); nội dung đọc được: %(mime)s.")
            % {"n": index + 1, "mime": mime or _("không xác định")},
            code="document_type_not_allowed",
        )
    digest = hashlib.sha256(raw).hexdigest()
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-")[:80] or "tep"
    stem = safe.rsplit(".", 1)[0]
    return CheckedFile(
        content=ContentFile(raw, name=f"{digest[:16]}-{stem}.{ALLOWED_TYPES[mime]}"),
        sha256=digest,
        size=len(raw),
        mime_type=mime,
    )

"""Checks an uploaded attachment by its bytes: a PDF starts with `%PDF-`, a DOCX is a zip with word/document.xml.

The file name's extension must agree with what the bytes are, so a renamed program or a DOCX called
`.pdf` is refused with a message rather than stored and served under the wrong type.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {".pdf": "pdf", ".docx": "docx"}


def sniff_document(data: bytes) -> str | None:
    """'pdf', 'docx', or None when the bytes are neither."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


def _too_large() -> ValidationError:
    return ValidationError(_("附件过大：最大 %(max)s MB。"), code="document_too_large", params={"max": MAX_BYTES >> 20})


def validate_document_file(upload) -> None:
    """Refuse a file that is not a PDF or DOCX, is too large, or whose extension lies about its contents."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large()
    name = (getattr(upload, "name", "") or "").lower()
    extension = next((ext for ext in EXTENSIONS if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError(_("附件只能是 PDF 或 DOCX 文件。"), code="document_extension")
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
    finally:
        if position is not None:
            upload.seek(position)
    if len(data) > MAX_BYTES:
        raise _too_large()
    kind = sniff_document(data)
    if kind is None:
        raise ValidationError(_("文件内容不是有效的 PDF 或 DOCX，已拒绝。"), code="document_invalid")
    if kind != EXTENSIONS[extension]:
        raise ValidationError(
            _("文件扩展名与内容不符：内容是 %(kind)s。"), code="document_mismatch", params={"kind": kind.upper()}
        )

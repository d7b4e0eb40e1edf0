"""Files sent by the public: images re-encoded clean, attachments recognised from their bytes.

Nothing here trusts a file's name or declared content type. An image is decoded with Pillow within the
byte and pixel limits, turned upright, and written anew, so no EXIF (GPS position, camera serial), XMP or
text chunk survives; an attachment is a PDF or a DOCX by its first bytes and structure, or it is refused.
Stored names are random, so nobody can guess one file's address from another's.
"""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _
from PIL import ImageOps

from news.images import open_checked, read_limited

IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What the file inputs advertise to browsers; the server decides from the bytes regardless.
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
ATTACHMENT_ACCEPT = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def random_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded picture, held in memory until the submission is saved."""

    content: bytes
    extension: str
    width: int
    height: int

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=random_name(self.extension))


@dataclass(frozen=True)
class CleanAttachment:
    """An attachment whose bytes were recognised; `upload` is streamed to storage when saved."""

    upload: File
    extension: str

    def as_file(self) -> File:
        self.upload.seek(0)
        return File(self.upload, name=random_name(self.extension))


def process_image(upload) -> CleanImage:
    """Check and re-encode one uploaded image; raise `ValidationError` (Chinese message) if refused."""
    data = read_limited(upload, settings.NEWS_IMAGE_MAX_BYTES)
    with open_checked(data, IMAGE_FORMATS, settings.NEWS_IMAGE_MAX_PIXELS) as decoded:
        source_format = decoded.format
        icc_profile = decoded.info.get("icc_profile")
        # Phones store "rotate 90°" in EXIF; apply it before EXIF goes, or the picture lands on its side.
        image = ImageOps.exif_transpose(decoded)
    try:
        image.info = {}
        buffer = io.BytesIO()
        options: dict = {"icc_profile": icc_profile} if icc_profile else {}
        if source_format == "JPEG":
            if image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            image.save(buffer, "JPEG", quality=88, optimize=True, **options)
        elif source_format == "PNG":
            if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                image = image.convert("RGBA")
            image.save(buffer, "PNG", **options)
        else:
            if image.mode not in {"RGB", "RGBA"}:
                image = image.convert("RGBA" if "A" in image.mode else "RGB")
            image.save(buffer, "WEBP", quality=85, **options)
        width, height = image.size
    except (OSError, ValueError) as exc:
        raise ValidationError(_("上传的文件不是有效的图片。"), code="image_invalid") from exc
    finally:
        image.close()
    return CleanImage(buffer.getvalue(), _EXTENSIONS[source_format], width, height)


def _is_docx(upload) -> bool:
    upload.seek(0)
    try:
        # Only the central directory is read: nothing is decompressed, so a zip bomb costs nothing here.
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def check_attachment(upload) -> CleanAttachment:
    """Accept a PDF or a DOCX up to the size limit, judged by its bytes; refuse anything else."""
    max_bytes = settings.SUBMISSION_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("附件过大：最大 %(max)s MB。"), code="attachment_too_large", params={"max": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return CleanAttachment(upload, "pdf")
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        upload.seek(0)
        return CleanAttachment(upload, "docx")
    upload.seek(0)
    raise ValidationError(
        _("附件只接受 PDF 或 Word（.docx）文件，已根据文件内容判断为其他类型。"), code="attachment_type"
    )


"""Checks an uploaded picture by decoding it, so a renamed file or a decompression bomb never gets stored."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_file(upload) -> None:
    """Refuse a file that is not a decodable JPEG/PNG/WebP/GIF within the byte and pixel limits."""
    max_bytes = settings.NEWS_IMAGE_MAX_BYTES
    max_pixels = settings.NEWS_IMAGE_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("图片过大：最大 %(max)s MB。"), code="image_too_large", params={"max": max_bytes // (1024 * 1024)}
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        data = upload.read(max_bytes + 1)
    finally:
        if position is not None:
            upload.seek(position)
    if len(data) > max_bytes:
        raise ValidationError(
            _("图片过大：最大 %(max)s MB。"), code="image_too_large", params={"max": max_bytes // (1024 * 1024)}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(_("不支持的图片格式，请上传 JPEG、PNG 或 WebP。"), code="image_format")
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("图片像素过多：最多 %(max)s 万像素。"),
                        code="image_pixels",
                        params={"max": max_pixels // 10000},
                    )
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("图片像素过多，疑似解压炸弹，已拒绝。"), code="image_bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("上传的文件不是有效的图片。"), code="image_invalid") from exc

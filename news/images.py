"""Checks an uploaded picture by decoding it, so a renamed file or a decompression bomb never gets stored."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("图片过大：最大 %(max)s MB。"), code="image_too_large", params={"max": max_bytes // (1024 * 1024)}
    )


def read_limited(upload, max_bytes: int) -> bytes:
    """The upload's bytes, refusing more than `max_bytes`; the file position is left where it was."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        data = upload.read(max_bytes + 1)
    finally:
        if position is not None:
            upload.seek(position)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def open_checked(data: bytes, formats=ALLOWED_FORMATS, max_pixels: int | None = None) -> Image.Image:
    """Decode `data` fully and return the image (the caller closes it).

    The pixel count is checked from the header before any pixel is decoded; Pillow's own bomb guard
    is turned into an error rather than a warning.
    """
    max_pixels = settings.NEWS_IMAGE_MAX_PIXELS if max_pixels is None else max_pixels
    image = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in formats:
                raise ValidationError(_("不支持的图片格式，请上传 JPEG、PNG 或 WebP。"), code="image_format")
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("图片像素过多：最多 %(max)s 万像素。"),
                    code="image_pixels",
                    params={"max": max_pixels // 10000},
                )
            image.load()
            return image
    except ValidationError:
        if image is not None:
            image.close()
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if image is not None:
            image.close()
        raise ValidationError(_("图片像素过多，疑似解压炸弹，已拒绝。"), code="image_bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if image is not None:
            image.close()
        raise ValidationError(_("上传的文件不是有效的图片。"), code="image_invalid") from exc


def validate_image_file(upload) -> None:
    """Refuse a file that is not a decodable JPEG/PNG/WebP/GIF within the byte and pixel limits."""
    data = read_limited(upload, settings.NEWS_IMAGE_MAX_BYTES)
    open_checked(data).close()

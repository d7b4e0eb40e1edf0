"""Resized WebP copies (renditions) of uploaded images, made on first use and kept in the media storage.

A phone should not download a 4000-pixel photograph to show it 360 pixels wide. `rendition(image, 640)`
returns the URL of a WebP copy at most 640 pixels wide (never enlarged), making it the first time; `srcset()`
lists the configured widths for `<img srcset>`. Copies live in the default storage (the file system, or an
S3-compatible bucket in production), so every app server finds what another made. Which copies exist is
remembered in the cache, so a page render costs no storage round trip once they are made.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_WIDTHS = (320, 640, 960, 1280)
WEBP_QUALITY = 80
CACHE_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def configured_widths() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "RENDITION_WIDTHS", DEFAULT_WIDTHS)))


def _file_of(image):
    """Accept an ArticleImage (or any object with `.image`), or the field file itself."""
    return getattr(image, "image", image)


def rendition_name(source_name: str, width: int) -> str:
    digest = hashlib.sha1(source_name.encode()).hexdigest()
    stem = posixpath.splitext(posixpath.basename(source_name))[0][:40]
    return f"renditions/{digest[:2]}/{stem}-{digest[:10]}-{width}w.webp"


def source_size(image) -> tuple[int, int] | None:
    """The original's width and height, remembered in the cache; None if it cannot be read."""
    field_file = _file_of(image)
    if not field_file:
        return None
    key = "rendition:size:" + hashlib.sha1(field_file.name.encode()).hexdigest()
    size = cache.get(key)
    if size is None:
        try:
            with field_file.storage.open(field_file.name, "rb") as handle, Image.open(handle) as picture:
                size = ImageOps.exif_transpose(picture).size
        except (OSError, UnidentifiedImageError, ValueError):
            return None
        cache.set(key, size, CACHE_TIMEOUT)
    return tuple(size)


def _made_key(name: str) -> str:
    return "rendition:made:" + hashlib.sha1(name.encode()).hexdigest()


def _make(field_file, size: tuple[int, int], target: int, name: str) -> Rendition:
    key = _made_key(name)
    height = max(1, round(size[1] * target / size[0]))
    if not default_storage.exists(name):
        with field_file.storage.open(field_file.name, "rb") as handle, Image.open(handle) as picture:
            picture = ImageOps.exif_transpose(picture)
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            picture = picture.resize((target, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        name = default_storage.save(name, ContentFile(buffer.getvalue()))
    result = Rendition(default_storage.url(name), target, height)
    cache.set(key, (result.url, result.width, result.height), CACHE_TIMEOUT)
    return result


def rendition(image, width: int) -> Rendition | None:
    """A WebP copy at most `width` pixels wide (the original's width if smaller), made if missing."""
    found = renditions(image, (int(width),))
    return found[0] if found else None


def renditions(image, widths: tuple[int, ...] | None = None) -> list[Rendition]:
    """One rendition per width the original can fill, narrowest first, without duplicates.

    Two cache reads whatever the number of widths (the original's size, then every copy at once), so a list
    page of cards stays cheap with Redis too; a copy not made yet is made now, once.
    """
    field_file = _file_of(image)
    size = source_size(field_file)
    if size is None:
        return []
    chosen = sorted({min(int(w), size[0]) for w in (widths or configured_widths())})
    names = {width: rendition_name(field_file.name, width) for width in chosen}
    known = cache.get_many([_made_key(name) for name in names.values()])
    result = []
    for width, name in names.items():
        kept = known.get(_made_key(name))
        try:
            result.append(Rendition(*kept) if kept else _make(field_file, size, width, name))
        except (OSError, UnidentifiedImageError, ValueError):
            continue  # an unreadable original: the other widths (or the original itself) still serve
    return result


def srcset(image, widths: tuple[int, ...] | None = None) -> str:
    """The `srcset` attribute value: "url 320w, url 640w, …"."""
    return srcset_of(renditions(image, widths))


def srcset_of(found: list[Rendition]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in found)

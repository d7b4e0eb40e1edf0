"""Keys for duplicate detection: normalised titles and content fingerprints.

The database layer matches an incoming page against stored ones by source URL, by normalised title
plus publication date, or by content fingerprint. Normalisation makes the same text compare equal
across simplified/traditional script, full-/half-width forms, spacing and punctuation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable

from news.importing.script import simplify_chars
from news.source_urls import normalize_url

__all__ = ["content_fingerprint", "normalize_text", "normalize_title", "normalize_url", "title_date_key"]


def normalize_text(text: str) -> str:
    """NFKC, traditional -> simplified, lower case, without spaces, punctuation and symbols."""
    text = unicodedata.normalize("NFKC", text or "")
    text = simplify_chars(text).lower()
    # Decide once per distinct character, then drop them all in one C-level pass.
    drop = {ord(c): None for c in set(text) if unicodedata.category(c)[0] in "PZSC"}
    return text.translate(drop)


def normalize_title(title: str) -> str:
    """Normalised title for matching (see :func:`normalize_text`)."""
    return normalize_text(title)


def title_date_key(title: str, published: dt.datetime | dt.date | None) -> str:
    """``normalised-title|YYYY-MM-DD`` (date part empty when unknown)."""
    day = ""
    if isinstance(published, dt.datetime):
        day = published.date().isoformat()
    elif isinstance(published, dt.date):
        day = published.isoformat()
    return f"{normalize_title(title)}|{day}"


def content_fingerprint(paragraphs: Iterable[str] | str) -> str:
    """sha256 hex digest of the normalised body (paragraph breaks do not matter)."""
    body = paragraphs if isinstance(paragraphs, str) else "".join(paragraphs)
    return hashlib.sha256(normalize_text(body).encode("utf-8")).hexdigest()


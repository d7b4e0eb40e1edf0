"""A piece's source address as an identity: two addresses name the same page when their keys are equal.

Kept apart from news/importing (which loads the whole parsing stack) because the article model computes the
key on every save: `Article.source_key`, indexed, is what the import's duplicate check looks up.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def normalize_url(url: str | None) -> str:
    """Source URL for matching: scheme and host lower-cased, no fragment, no trailing slash."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def is_article_url(url: str | None) -> bool:
    """True when ``url`` addresses a page, not just a site (a bare host says nothing about identity)."""
    if not url:
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) and (parts.path.strip("/") != "" or bool(parts.query))


def source_key(url: str | None) -> str:
    """The key two copies of one page share; empty for no address or a bare site address."""
    return normalize_url(url) if is_article_url(url) else ""

"""The anonymous page cache: which requests may be cached, under which key, and when everything goes stale.

One idea holds it together: a *content version* kept in the shared cache (Redis in production). Every page
key includes it, and any change to what the public pages show (publish, withdraw, edit, trash, a new column
or tag, an activity week) bumps it after the transaction commits. The old entries are then never read again
and age out by themselves. Because the version lives in the shared cache, a change made through one app
server (or a management command) is seen by every other server on its next request: no purge fan-out, no
state on the app servers.

Scheduled pieces become visible when their time comes without any write, so an entry never outlives the next
scheduled publication either.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date

# The same key as news.content_version (the public pages' cached counts and navigation trees), so one number
# moves every cache keyed by it, whichever module's signals saw the change.
VERSION_KEY = "news:content-version"
NEXT_SCHEDULED_KEY = "pagecache:next-scheduled:{version}"
PAGE_KEY = "pagecache:page:{digest}"

# The reader's choice of simplified (s) or traditional (t) characters, set by the public pages.
SCRIPT_COOKIE = "script"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True))


def content_version() -> int:
    """The current content version; starts at 1 and only grows (until the cache itself is emptied)."""
    store = cache()
    version = store.get(VERSION_KEY)
    if version is None:
        # add() is atomic: two servers starting at once agree on the same first value. The clock, not 1, so a
        # version lost with an emptied cache never comes back while pages stored under it may still live.
        store.add(VERSION_KEY, int(time.time()), timeout=None)
        version = store.get(VERSION_KEY) or int(time.time())
    return int(version)


def bump_content_version() -> int:
    """Make every cached page stale, on every server sharing this cache."""
    store = cache()
    try:
        return int(store.incr(VERSION_KEY))
    except ValueError:
        # No version yet (fresh or flushed cache): any value differs from the absent one readers used.
        store.add(VERSION_KEY, int(time.time()), timeout=None)
        return int(store.incr(VERSION_KEY))


def bump_after_commit() -> None:
    """Bump now, and again once the current transaction commits (just now outside one).

    The first bump makes this process see its own change at once. The second closes the window in which
    another server, still reading the old rows before the commit, could store them under the new version.
    """
    bump_content_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_content_version)


def upcoming_publications(now=None):
    """Scheduled pieces not yet visible, soonest first (published_at only)."""
    from news.models import Article

    now = now or timezone.now()
    return Article.objects.scheduled(now=now).order_by("published_at").values("published_at")


def next_scheduled_publication(version: int):
    """When the next scheduled piece goes live, remembered per content version (one query per version)."""
    store = cache()
    key = NEXT_SCHEDULED_KEY.format(version=version)
    cached = store.get(key)
    now = timezone.now()
    if cached is not None and (cached == 0 or cached > now):
        return None if cached == 0 else cached
    upcoming = upcoming_publications(now).values_list("published_at", flat=True).first()
    remember_next_scheduled(version, upcoming)
    return upcoming


def remember_next_scheduled(version: int, when) -> None:
    """Keep what a page's own query already learnt (see `upcoming_publications`), sparing the lookup above."""
    cache().set(NEXT_SCHEDULED_KEY.format(version=version), when or 0, timeout=page_timeout())


def page_timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 600))


def entry_timeout(version: int) -> int:
    """How long a page rendered now may be kept: the configured timeout, cut at the next scheduled piece."""
    timeout = page_timeout()
    upcoming = next_scheduled_publication(version)
    if upcoming is not None:
        timeout = min(timeout, max(1, int((upcoming - timezone.now()).total_seconds()) + 1))
    return timeout


def versioned(key: str, build):
    """`build()`'s value, kept under the current content version: fresh after any public change.

    For what a page needs whoever asks (an article with its credits and images), so that even requests the
    page cache may not answer (editors, first views) skip the queries. Off with PAGE_CACHE_OBJECTS. Use::

        def get_object(self, queryset=None):
            return page_cache.versioned(f"article:{self.kwargs['pk']}", super().get_object)
    """
    if not getattr(settings, "PAGE_CACHE_OBJECTS", True):
        return build()
    version = content_version()
    full_key = f"pagecache:object:{version}:{key}"
    store = cache()
    value = store.get(full_key)
    if value is None:
        value = build()
        store.set(full_key, value, entry_timeout(version))
    return value


def is_excluded_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))


def page_key(request, version: int) -> str:
    """The key of a page: content version, method-independent path with query, script and language."""
    parts = [
        str(version),
        request.get_full_path(),
        request.COOKIES.get(SCRIPT_COOKIE, ""),
        getattr(request, "LANGUAGE_CODE", ""),
        request.get_host(),
        "https" if request.is_secure() else "http",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return PAGE_KEY.format(digest=digest)


@dataclass
class CachedPage:
    """What is kept of a response: enough to answer a hit without touching the view or the database."""

    status: int
    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    last_modified: float
    article_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def last_modified_http(self) -> str:
        return http_date(self.last_modified)


def make_etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'

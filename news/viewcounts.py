"""Article view counts kept in the cache and written to the database in bulk.

A page view costs one atomic increment in the cache (Redis INCR in production), never a database write.
Counts reach `Article.view_count` when `flush()` runs: from the `flush_view_counts` command (cron, every
minute or so) and, so a single-process set-up with the local-memory cache loses little, in-process after
every `VIEW_COUNT_FLUSH_EVERY` views.

Which articles have pending counts is kept without a set type, using only the cache API every backend has:
the first view after a flush takes a slot number from a sequence and writes the article id into that slot;
a flush reads the slots it has not read yet.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.cache import caches
from django.db.models import F

COUNT_KEY = "viewcount:n:{id}"
SEQUENCE_KEY = "viewcount:seq"
SLOT_KEY = "viewcount:slot:{n}"
FLUSHED_KEY = "viewcount:flushed"
TOTAL_KEY = "viewcount:total"
LOCK_KEY = "viewcount:lock"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _redis_client(store, key: str):
    """The raw client when the cache is Redis: one INCR round trip instead of Django's add, exists and incr."""
    from django.core.cache.backends.redis import RedisCache

    if isinstance(store, RedisCache):
        return store._cache.get_client(key, write=True)
    return None


def _incr(key: str, delta: int = 1) -> int:
    store = _cache()
    client = _redis_client(store, key)
    if client is not None:
        # Django stores integers unpickled in Redis, so get()/get_many() read what INCR wrote.
        return int(client.incr(store.make_and_validate_key(key), delta))
    store.add(key, 0, timeout=None)
    try:
        return int(store.incr(key, delta))
    except ValueError:  # evicted between add and incr
        store.add(key, 0, timeout=None)
        return int(store.incr(key, delta))


def _register(article_id: int) -> None:
    slot = _incr(SEQUENCE_KEY)
    _cache().set(SLOT_KEY.format(n=slot), article_id, timeout=None)


def record_view(article_id: int) -> None:
    """Count one view of `article_id` in the cache; flush now and then in-process."""
    if _incr(COUNT_KEY.format(id=article_id)) == 1:
        _register(article_id)
    every = int(getattr(settings, "VIEW_COUNT_FLUSH_EVERY", 0))
    if every > 0 and _incr(TOTAL_KEY) % every == 0:
        flush()


def pending(article_id: int) -> int:
    """Views counted in the cache and not yet written to the database."""
    return int(_cache().get(COUNT_KEY.format(id=article_id)) or 0)


def flush() -> int:
    """Write pending counts to the database in bulk; returns how many views were written.

    Concurrent views during a flush are not lost: each count is decremented by exactly what was written,
    and an article whose count is still above zero afterwards is registered again.
    """
    from news.models import Article

    store = _cache()
    if not store.add(LOCK_KEY, 1, timeout=60):
        return 0  # another process is flushing
    try:
        last = int(store.get(SEQUENCE_KEY) or 0)
        first = int(store.get(FLUSHED_KEY) or 0) + 1
        if last < first:
            return 0
        slot_keys = [SLOT_KEY.format(n=n) for n in range(first, last + 1)]
        ids = {int(v) for v in store.get_many(slot_keys).values()}
        counts = store.get_many([COUNT_KEY.format(id=i) for i in ids])
        by_amount: dict[int, list[int]] = defaultdict(list)
        for article_id in ids:
            amount = int(counts.get(COUNT_KEY.format(id=article_id)) or 0)
            if amount > 0:
                by_amount[amount].append(article_id)
        written = 0
        # One UPDATE per distinct amount: a handful, however many articles.
        for amount, article_ids in by_amount.items():
            Article.objects.filter(pk__in=article_ids).update(view_count=F("view_count") + amount)
            written += amount * len(article_ids)
        store.set(FLUSHED_KEY, last, timeout=None)
        store.delete_many(slot_keys)
        for amount, article_ids in by_amount.items():
            for article_id in article_ids:
                if store.decr(COUNT_KEY.format(id=article_id), amount) > 0:
                    _register(article_id)
        return written
    finally:
        store.delete(LOCK_KEY)

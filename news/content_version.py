"""One number that changes whenever anything readers see changes.

Listings key their cached counts and the navigation trees by it, so a publish, withdrawal, edit or delete
shows at once without anyone listing which cache keys a change touches. It is the page cache's version
(`portal.cache`), bumped from one place (`portal.invalidation`), so pages, counts and trees go stale together
on every server sharing the cache. Scheduled pieces become visible without a write: caches keyed by this version
therefore also carry a short timeout.
"""

from portal.cache import bump_content_version, content_version


def current() -> int:
    return content_version()


def bump(*args, **kwargs) -> None:
    bump_content_version()

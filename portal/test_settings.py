"""Settings for the test suite: the production settings with test-only conveniences."""

import os

os.environ.setdefault("PORTAL_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.settings import *  # noqa: F403

# The page cache is switched on by the tests that exercise it (tests/portal/test_cache*.py); elsewhere a test
# sees every change at once, as an editor does.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)  # noqa: F405
PAGE_CACHE_OBJECTS = env_bool("PAGE_CACHE_OBJECTS", False)  # noqa: F405

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/portal-test-media"))  # noqa: F405

# A file rather than SQLite's shared in-memory database, so concurrent tests see the same locking (busy timeout,
# IMMEDIATE transactions) as the embedded default does in production.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get("TEST_DATABASE_NAME"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"/tmp/portal-test-{os.getpid()}.sqlite3"}  # noqa: F405

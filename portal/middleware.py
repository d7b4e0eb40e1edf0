"""Middleware: the anonymous page cache, and the view counter that rides along with it."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from news import viewcounts
from portal import cache as page_cache

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})
# Headers the outer middleware (sessions, locale, security) sets again on every response.
NOT_STORED_HEADERS = frozenset({"set-cookie", "vary", "content-language", "x-page-cache"})


def counted_article_id(request, response) -> int | None:
    """The article a public article page showed, so its view is counted (from cache hits too)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in getattr(settings, "VIEW_COUNT_VIEWS", ()):
        return None
    if response.status_code not in (200, 304):
        return None
    try:
        return int(match.kwargs["pk"])
    except (KeyError, TypeError, ValueError):
        return None


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache; editors, previews and the admin always fresh.

    Sits right after AuthenticationMiddleware, so a hit still passes sessions, locale, CSRF and security
    middleware, and the stored response already carries the headers of everything inside (CSP, framing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if self.must_stay_private(request):
                patch_cache_control(response, private=True, no_store=True)
                response["X-Page-Cache"] = "bypass"
            self.count_view(counted_article_id(request, response))
            return response

        version = page_cache.content_version()
        key = page_cache.page_key(request, version)
        store = page_cache.cache()
        entry = store.get(key)
        if entry is not None:
            self.count_view(entry.article_id)
            return self.respond(request, entry, "hit")

        response = self.get_response(request)
        article_id = counted_article_id(request, response)
        self.count_view(article_id)
        if not self.is_storable(request, response):
            return response
        self.mark_public(response)
        entry = page_cache.CachedPage(
            status=response.status_code,
            content=response.content,
            headers=[(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS],
            etag=page_cache.make_etag(response.content),
            last_modified=time.time(),
            article_id=article_id,
        )
        store.set(key, entry, page_cache.entry_timeout(version))
        return self.respond(request, entry, "miss")

    # -- deciding ---------------------------------------------------------------------------------------

    @staticmethod
    def is_cacheable_request(request) -> bool:
        if not page_cache.enabled() or request.method not in CACHEABLE_METHODS:
            return False
        if page_cache.is_excluded_path(request.path):
            return False
        # Anyone holding a session (an editor, or a reader with a message waiting) gets a fresh page: what the
        # session holds may show on it. Readers have no session; their pages are shared.
        if any(name in request.COOKIES for name in bypass_cookies()):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    @staticmethod
    def must_stay_private(request) -> bool:
        if page_cache.is_excluded_path(request.path):
            return True
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            return bool(user is not None and user.is_authenticated)
        return False

    @staticmethod
    def is_storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page carries a CSRF token meant for this reader only
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    # -- answering --------------------------------------------------------------------------------------

    @staticmethod
    def mark_public(response) -> None:
        if "max-age" not in response.get("Cache-Control", ""):
            patch_cache_control(
                response,
                public=True,
                max_age=getattr(settings, "PAGE_CACHE_BROWSER_MAX_AGE", 60),
                s_maxage=getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 300),
            )

    @staticmethod
    def respond(request, entry: page_cache.CachedPage, state: str):
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["ETag"] = entry.etag
        response["Last-Modified"] = entry.last_modified_http
        response["X-Page-Cache"] = state
        # The page differs by the script cookie and the reader's language.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.last_modified), response=response
        )

    @staticmethod
    def count_view(article_id: int | None) -> None:
        if article_id is not None:
            viewcounts.record_view(article_id)


def bypass_cookies() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, *getattr(settings, "PAGE_CACHE_BYPASS_COOKIES", ()))

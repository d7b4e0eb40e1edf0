"""Fixed-window rate limits kept in the default cache, so Redis shares the counts across servers.

A rate is written "N/unit" (unit s, m, h or d, optionally with a count: "30/10m"). Each (scope, identity,
window) has one counter; identities (addresses, e-mail addresses) are hashed so the cache holds no personal
data. A fixed window lets a client reach at most twice the rate across a window's edge, which is enough to
stop a flood and costs one cache round-trip per check.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import loader

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text: str) -> Rate:
    """'5/h' → Rate(5, 3600); '30/10m' → Rate(30, 600). Raises ValueError on anything else."""
    match = _RATE.match(text or "")
    if not match:
        raise ValueError(f"Rate must look like '5/h', got {text!r}")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * _UNITS[unit])


def _key(scope: str, identity: str, rate: Rate, now: float) -> str:
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{rate.period}:{int(now // rate.period)}"


def count(scope: str, identity: str, rate: Rate, now: float | None = None) -> int:
    """How many hits `identity` has in the current window."""
    return int(cache.get(_key(scope, identity, rate, time.time() if now is None else now)) or 0)


def is_limited(scope: str, identity: str, rate: Rate, now: float | None = None) -> bool:
    """Whether `identity` has used up its rate in the current window (without counting a hit)."""
    return count(scope, identity, rate, now) >= rate.limit


def hit(scope: str, identity: str, rate: Rate, now: float | None = None) -> int:
    """Count one hit and return the window's total (atomic on Redis: INCR)."""
    key = _key(scope, identity, rate, time.time() if now is None else now)
    cache.add(key, 0, timeout=rate.period + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.period + 1)
        return 1


def retry_after(rate: Rate, now: float | None = None) -> int:
    """Seconds until the current window ends."""
    now = time.time() if now is None else now
    return max(1, int(rate.period - now % rate.period))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address the N-th trusted proxy saw (X-Forwarded-For)."""
    proxies = int(getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    """The Chinese 429 page, with Retry-After."""
    minutes = max(1, (seconds + 59) // 60)
    body = loader.render_to_string("429.html", {"retry_minutes": minutes}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response

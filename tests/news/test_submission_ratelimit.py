"""news.ratelimit: rates from settings, fixed windows in the shared cache, the client's address."""

import pytest
from django.test import RequestFactory

from news import ratelimit


@pytest.mark.parametrize(
    ("text", "rate"),
    [("5/h", ratelimit.Rate(5, 3600)), ("30/10m", ratelimit.Rate(30, 600)), (" 2 / d ", ratelimit.Rate(2, 86400))],
)
def test_parse_rate(text, rate):
    assert ratelimit.parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "5", "5/week", "x/h", "-1/h"])
def test_parse_rate_refuses_nonsense(text):
    with pytest.raises(ValueError, match="Rate"):
        ratelimit.parse_rate(text)


def test_hits_count_per_identity_and_window():
    rate = ratelimit.Rate(2, 3600)
    now = 7200.0 * 1000
    assert ratelimit.hit("t", "a", rate, now) == 1
    assert not ratelimit.is_limited("t", "a", rate, now)
    assert ratelimit.hit("t", "a", rate, now + 10) == 2
    assert ratelimit.is_limited("t", "a", rate, now + 10)
    assert not ratelimit.is_limited("t", "b", rate, now)  # another identity
    assert not ratelimit.is_limited("other", "a", rate, now)  # another scope
    assert not ratelimit.is_limited("t", "a", rate, now + 3600)  # the next window
    assert ratelimit.retry_after(rate, now + 10) == 3590


def test_identities_are_hashed_in_cache_keys():
    key = ratelimit._key("submit-email", "wang@school.edu.cn", ratelimit.Rate(5, 3600), 0)
    assert "wang" not in key
    assert "school" not in key


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.RATELIMIT_TRUSTED_PROXIES = 0
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    assert ratelimit.client_ip(request) == "203.0.113.5"  # the client can forge the left part, not this one
    settings.RATELIMIT_TRUSTED_PROXIES = 3
    assert ratelimit.client_ip(request) == "10.0.0.1"  # fewer hops than promised: do not trust the header


def test_429_page_is_chinese_with_retry_after(db):
    response = ratelimit.too_many_requests(RequestFactory().get("/"), 125)
    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    body = response.content.decode()
    assert "提交过于频繁" in body
    assert "3 分钟后再试" in body

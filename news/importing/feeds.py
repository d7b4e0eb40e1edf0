"""RSS/Atom feeds (feedparser) -> unpublished imported articles.

:func:`fetch` reads a feed URL with a timeout and a size cap; :func:`read_feed` parses bytes into
:class:`FeedEntry` objects; :func:`import_feed` writes new entries as drafts of origin "imported",
each in its own transaction, skipping entries already stored (same source URL, or same normalised
title and day, the rules of :mod:`news.importing.pipeline`); :func:`poll_schools` does all of that for
every school with a feed and reports each feed's outcome without letting one bad feed stop the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import feedparser
from django.db import transaction
from django.utils.html import strip_tags

from news.importing._i18n import _
from news.importing.dates import SHANGHAI
from news.importing.dedupe import content_fingerprint
from news.importing.parse import ParsedPage
from news.importing.pipeline import DuplicateIndex, PreviewItem
from news.sanitize import clean_html

TIMEOUT_SECONDS = 15
MAX_FEED_BYTES = 5 * 1024 * 1024
USER_AGENT = "zhijiao-portal feed reader"


class FeedError(Exception):
    """A feed that could not be read or parsed; the message is for the editor."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class FeedEntry:
    title: str
    link: str = ""
    published_at: dt.datetime | None = None
    summary: str = ""
    body_html: str = ""
    author: str = ""

    @property
    def text(self) -> str:
        return html.unescape(strip_tags(self.body_html or self.summary)).strip()


@dataclass
class Feed:
    title: str
    entries: list[FeedEntry] = field(default_factory=list)


@dataclass
class FeedReport:
    """What importing one feed did: created and duplicate article ids, or the error that stopped it."""

    name: str
    url: str = ""
    created: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    new_titles: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> bytes:
    """The body at ``url`` (http or https only), or :class:`FeedError` on HTTP errors, timeouts, oversize."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    max_bytes = MAX_FEED_BYTES if max_bytes is None else max_bytes
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(str(_("订阅地址必须以 http:// 或 https:// 开头：%(url)s")) % {"url": url})
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, */*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(str(_("订阅地址返回错误 HTTP %(code)s。")) % {"code": exc.code}) from exc
    except TimeoutError as exc:
        raise FeedError(str(_("读取订阅超时（%(seconds)s 秒）。")) % {"seconds": timeout}) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FeedError(str(_("读取订阅超时（%(seconds)s 秒）。")) % {"seconds": timeout}) from exc
        raise FeedError(str(_("无法连接订阅地址：%(reason)s")) % {"reason": exc.reason}) from exc
    except OSError as exc:
        raise FeedError(str(_("无法读取订阅：%(error)s")) % {"error": exc}) from exc
    if len(data) > max_bytes:
        raise FeedError(str(_("订阅内容超过 %(mb)d MB，已拒绝。")) % {"mb": max_bytes // (1024 * 1024)})
    return data


def _entry_time(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            # feedparser normalises to UTC struct_time.
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC).astimezone(SHANGHAI)
    return None


def read_feed(data: bytes) -> Feed:
    """Parse RSS/Atom bytes; :class:`FeedError` when they are not a well-formed feed."""
    if not data or not data.strip():
        raise FeedError(str(_("订阅内容为空。")))
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, feedparser.CharacterEncodingOverride):
        raise FeedError(str(_("不是有效的 RSS/Atom 订阅：%(error)s")) % {"error": problem})
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(str(_("不是 RSS/Atom 订阅。")))
    feed = Feed(title=html.unescape(strip_tags(parsed.feed.get("title", ""))).strip())
    for entry in parsed.entries:
        content = ""
        if entry.get("content"):
            content = "".join(part.get("value", "") for part in entry["content"])
        summary_html = entry.get("summary", "")
        title = html.unescape(strip_tags(entry.get("title", ""))).strip()
        if not title:
            continue
        feed.entries.append(
            FeedEntry(
                title=title,
                link=(entry.get("link") or "").strip(),
                published_at=_entry_time(entry),
                summary=html.unescape(strip_tags(summary_html)).strip(),
                body_html=clean_html(content or summary_html),
                author=html.unescape(strip_tags(entry.get("author", ""))).strip(),
            )
        )
    return feed


def _as_item(entry: FeedEntry, *, source: str) -> PreviewItem:
    paragraphs = [line.strip() for line in entry.text.splitlines() if line.strip()]
    page = ParsedPage(
        title=entry.title,
        published_at=entry.published_at,
        source=source,
        source_url=entry.link or None,
        credits={"author": entry.author} if entry.author else {},
        summary=entry.summary,
        paragraphs=paragraphs,
    )
    return PreviewItem(file=entry.link or entry.title, parsed=page, content_hash=content_fingerprint(paragraphs))


def import_feed(
    feed: Feed, *, school=None, user=None, dry_run: bool = False, name: str = "", url: str = ""
) -> FeedReport:
    """Write the feed's new entries as drafts; entries already stored are counted as duplicates."""
    from news.models import Article, Credit

    source = (feed.title or (school.name if school else ""))[:120]
    report = FeedReport(name=name or source or url, url=url)
    items = [(_as_item(entry, source=source), entry) for entry in feed.entries]
    index = DuplicateIndex([item for item, _entry in items])
    for item, entry in items:
        found = index.lookup(item.parsed, item.content_hash)
        if found:
            report.duplicates.append(found[0])
            continue
        report.new_titles.append(entry.title)
        if dry_run:
            index.add(0, item.parsed, item.content_hash)
            continue
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    title=entry.title[:200],
                    summary=entry.summary,
                    body=entry.body_html,
                    source=source,
                    source_url=entry.link[:500],
                    published_at=entry.published_at,
                    school=school,
                    region=getattr(school, "region", None),
                    status=Article.Status.DRAFT,
                    origin=Article.Origin.IMPORTED,
                    original_text=entry.body_html or entry.summary,
                    content_hash=item.content_hash,
                    created_by=user,
                    last_edited_by=user,
                )
                if entry.author:
                    Credit.objects.create(article=article, role=Credit.Role.AUTHOR, name=entry.author[:100])
        except Exception as exc:  # one bad entry is reported, the others are still imported
            report.failed.append(f"{entry.title}: {type(exc).__name__}: {exc}")
            continue
        index.add(article.pk, item.parsed, item.content_hash)
        report.created.append(article.pk)
    return report


def import_feed_url(url: str, **kwargs) -> FeedReport:
    """Fetch, parse and import one feed; fetch and parse errors come back on the report."""
    try:
        feed = read_feed(fetch(url))
    except FeedError as exc:
        return FeedReport(name=kwargs.get("name") or url, url=url, error=exc.message)
    return import_feed(feed, url=url, **kwargs)


def poll_schools(schools: Iterable, *, user=None, dry_run: bool = False) -> list[FeedReport]:
    """Import every school's feed (those with a ``feed_url``), one report per school."""
    reports = []
    for school in schools:
        if not school.feed_url:
            continue
        reports.append(import_feed_url(school.feed_url, school=school, user=user, dry_run=dry_run, name=school.name))
    return reports

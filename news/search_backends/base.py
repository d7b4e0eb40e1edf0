from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from news.search_facets import Facets
from news.search_text import QueryTerm

# Relevance fades with age: a piece a year old scores half of the same piece published today.
RECENCY_DAYS = 365.0
# A document's time key: its publication second × KEY_SCALE + its article id (ids below 10⁸ stay unique).
KEY_SCALE = 10**8


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


def time_key(published_at: datetime, article_id: int) -> int:
    """Orders documents by publication time, then id, in one integer (the SQLite index's rowid)."""
    return math.floor(published_at.timestamp()) * KEY_SCALE + article_id % KEY_SCALE


def time_key_ceiling(now: datetime) -> int:
    """The largest key of a document published by `now`."""
    return math.floor(now.timestamp()) * KEY_SCALE + KEY_SCALE - 1


def key_range(now: datetime, since: datetime | None = None, until: datetime | None = None) -> tuple[int, int] | None:
    """The time keys of documents published at or after `since`, before `until` and by `now` (both ends
    included); None when no key can be in it. Publication times are read to the second, as the keys hold them."""
    high = time_key_ceiling(now)
    if until is not None:
        high = min(high, math.ceil(until.timestamp()) * KEY_SCALE - 1)
    low = math.ceil(since.timestamp()) * KEY_SCALE if since is not None else 0
    return (low, high) if low <= high else None


class Backend(Protocol):
    def page(
        self,
        terms: list[QueryTerm],
        now: datetime,
        keys: tuple[int, int],
        facets: Facets | None,
        order: Order,
        offset: int,
        limit: int,
        candidates: int,
    ) -> list[tuple[int, float, int]]:
        """(article id, score, total) of one page of matches, best first.

        Matches are documents whose time key lies in `keys` (both ends included; see `key_range`) and which
        carry the `facets` (when given; see news/search_facets.py). Only the `candidates` newest matches are
        considered (found by walking the time key down, which stops early however common the words), then
        ordered by relevance faded by age, or by date; `total` is the number of those candidates, so it stops at
        `candidates`. One query answers both.
        """

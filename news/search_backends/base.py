from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from django.db.models import QuerySet

from news.search_text import QueryTerm

# Relevance fades with age: a piece a year old scores half of the same piece published today.
RECENCY_DAYS = 365.0


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


class Backend(Protocol):
    def count(self, terms: list[QueryTerm], now: datetime, within: QuerySet | None) -> int:
        """How many indexed pieces published by `now` (and in `within`, if given) match every term."""

    def page(
        self, terms: list[QueryTerm], now: datetime, within: QuerySet | None, order: Order, offset: int, limit: int
    ) -> list[tuple[int, float, int]]:
        """(article id, score, total matches) of one page of matches, best first; the total rides along on
        every row (a window count), so one query answers both."""


def subquery_sql(within: QuerySet) -> tuple[str, tuple]:
    """The SQL and parameters of `within`'s primary keys, to use inside `IN (...)`."""
    return within.order_by().values("pk").query.sql_with_params()

"""PostgreSQL: a generated tsvector over the pre-segmented terms, a GIN index, ts_rank_cd faded by age."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from news.search_backends.base import RECENCY_DAYS, Order, subquery_sql
from news.search_text import QueryTerm

# Title terms carry weight A (1.0), the rest weight D (0.1): the same ten to one as bm25's weights on SQLite.
SCHEMA = [
    """ALTER TABLE news_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, terms), 'D')) STORED""",
    "CREATE INDEX IF NOT EXISTS news_searchdocument_vector ON news_searchdocument USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS news_searchdocument_vector",
    "ALTER TABLE news_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def tsquery(terms: list[QueryTerm]) -> tuple[str, list[str]]:
    """SQL for a tsquery that ANDs the terms. Each term goes in as a parameter through plainto_tsquery, which
    reads no operators (phraseto_tsquery neither); a lone Chinese character becomes a prefix query, built from
    that one letter only."""
    parts, params = [], []
    for term in terms:
        if term.is_prefix:
            parts.append("to_tsquery('simple', %s)")
            params.append(term.word + ":*")
        elif term.parts:
            parts.append("(plainto_tsquery('simple', %s) || phraseto_tsquery('simple', %s))")
            params.extend([term.word, " ".join(term.parts)])
        else:
            parts.append("plainto_tsquery('simple', %s)")
            params.append(term.word)
    return "(" + " && ".join(parts) + ")", params


class PostgresBackend:
    def _where(self, terms: list[QueryTerm], now: datetime, within: QuerySet | None) -> tuple[str, list, str, list]:
        query_sql, query_params = tsquery(terms)
        sql = f"d.search_vector @@ {query_sql} AND d.published_at <= %s"
        params: list = [*query_params, now]
        if within is not None:
            inner, inner_params = subquery_sql(within)
            sql += f" AND d.article_id IN ({inner})"
            params.extend(inner_params)
        return sql, params, query_sql, query_params

    def count(self, terms: list[QueryTerm], now: datetime, within: QuerySet | None) -> int:
        where, params, _sql, _params = self._where(terms, now, within)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM news_searchdocument d WHERE {where}", params)
            return cursor.fetchone()[0]

    def page(
        self, terms: list[QueryTerm], now: datetime, within: QuerySet | None, order: Order, offset: int, limit: int
    ) -> list[tuple[int, float, int]]:
        where, params, query_sql, query_params = self._where(terms, now, within)
        score = (
            f"ts_rank_cd(d.search_vector, {query_sql}) / "
            f"(1.0 + greatest(0.0, extract(epoch FROM (%s - d.published_at)) / 86400.0) / {RECENCY_DAYS})"
        )
        ordering = "score DESC, d.published_at DESC, d.article_id DESC"
        if order == Order.DATE:
            ordering = "d.published_at DESC, d.article_id DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id, {score} AS score, count(*) OVER () FROM news_searchdocument d "
                f"WHERE {where} ORDER BY {ordering} LIMIT %s OFFSET %s",
                [*query_params, now, *params, limit, offset],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]

"""PostgreSQL: a generated tsvector over the pre-segmented terms, a GIN index, ts_rank_cd faded by age."""

from __future__ import annotations

import math
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from news.search_backends.base import KEY_SCALE, RECENCY_DAYS, Order, is_narrow, subquery_sql
from news.search_text import QueryTerm

# Title terms carry weight A (1.0), the rest weight D (0.1): the same ten to one as bm25's weights on SQLite.
SCHEMA = [
    """ALTER TABLE news_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, terms), 'D')) STORED""",
    "CREATE INDEX IF NOT EXISTS news_searchdocument_vector ON news_searchdocument USING gin (search_vector)",
]
# A query matching fewer documents than this is "rare" (see `PostgresBackend._is_rare`).
RARE = 2000

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
    @staticmethod
    def _is_rare(query_sql: str, params: list) -> bool:
        """Whether the query matches fewer than `RARE` documents in the key range (counted off the GIN index, no
        further): walking a broad filter's pieces testing each vector would then read far more than it finds."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM news_searchdocument d WHERE d.search_vector @@ {query_sql} "
                f"AND d.time_key BETWEEN %s AND %s LIMIT %s) AS m",
                [*params, RARE],
            )
            return cursor.fetchone()[0] < RARE

    def page(
        self,
        terms: list[QueryTerm],
        now: datetime,
        keys: tuple[int, int],
        within: QuerySet | None,
        order: Order,
        offset: int,
        limit: int,
        candidates: int,
    ) -> list[tuple[int, float, int]]:
        query_sql, query_params = tsquery(terms)
        # The newest matches first: the planner walks the time key's index down for common words (stopping
        # after `candidates`) or reads the GIN index for rare ones, whichever is cheaper.
        newest = (
            f"SELECT d.article_id, d.time_key FROM news_searchdocument d "
            f"WHERE d.search_vector @@ {query_sql} AND d.time_key BETWEEN %s AND %s"
        )
        params: list = [*query_params, *keys]
        if within is not None:
            inner, inner_params = subquery_sql(within)
            if is_narrow(inner, inner_params) or self._is_rare(query_sql, [*query_params, *keys]):
                # Few pieces: the planner starts from them and tests each one's vector. Few matches (a rare word):
                # it reads them off the GIN index, as without a filter.
                newest += f" AND d.article_id IN ({inner}) ORDER BY d.time_key DESC LIMIT %s"
                params.extend([*inner_params, candidates])
            else:
                # Many pieces: walk the time key down testing the filter first (a join on the primary key) and the
                # vector after (reading it is the costly part), so that pieces outside the filter are never read.
                # OFFSET 0 keeps the planner from merging the two steps and testing the vector first.
                newest = (
                    f"SELECT s.article_id, s.time_key FROM (SELECT d.article_id, d.time_key, d.search_vector "
                    f"FROM news_searchdocument d WHERE d.time_key BETWEEN %s AND %s AND d.article_id IN ({inner}) "
                    f"ORDER BY d.time_key DESC OFFSET 0) s WHERE s.search_vector @@ {query_sql} LIMIT %s"
                )
                params = [*keys, *inner_params, *query_params, candidates]
        else:
            newest += " ORDER BY d.time_key DESC LIMIT %s"
            params.append(candidates)
        if order == Order.RELEVANCE:
            # Ranked after the cut, so ts_rank_cd reads at most `candidates` vectors.
            age_days = f"greatest(0.0, (%s - c.time_key / {KEY_SCALE}) / 86400.0)"
            sql = (
                f"WITH c AS MATERIALIZED ({newest}) "
                f"SELECT c.article_id, ts_rank_cd(d.search_vector, {query_sql}) / (1.0 + {age_days} / {RECENCY_DAYS})"
                f" AS score, count(*) OVER () FROM c JOIN news_searchdocument d ON d.article_id = c.article_id "
                f"ORDER BY score DESC, c.time_key DESC LIMIT %s OFFSET %s"
            )
            params = [*params, *query_params, math.floor(now.timestamp()), limit, offset]
        else:
            sql = (
                f"WITH c AS MATERIALIZED ({newest}) "
                f"SELECT c.article_id, 0.0 AS score, count(*) OVER () FROM c "
                f"ORDER BY c.time_key DESC LIMIT %s OFFSET %s"
            )
            params = [*params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]

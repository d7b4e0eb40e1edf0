"""PostgreSQL: a generated tsvector over the pre-segmented terms, a GIN index, ts_rank_cd faded by age."""

from __future__ import annotations

import math
from datetime import datetime

from django.db import connection

from news.search_backends.base import KEY_SCALE, RECENCY_DAYS, Order
from news.search_facets import Facets
from news.search_text import QueryTerm

# Title terms carry weight A (1.0), the rest weight D (0.1): the same ten to one as bm25's weights on SQLite. The
# filter tokens (news/search_facets.py) go in as they are, without positions; ranking never asks for them.
# The vectors (4–8 kB) stay in TOAST, as by default: kept in the row (STORAGE MAIN) they make the walk down a
# common word's newest matches 3× cheaper but every bitmap scan of a filtered search read one page per match
# (search p95 at 100,000 pieces: 73 ms in the row, 44 ms in TOAST).
SCHEMA = [
    """ALTER TABLE news_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, terms), 'D')
        || array_to_tsvector(array_remove(string_to_array(facets, ' '), ''))) STORED""",
    "CREATE INDEX IF NOT EXISTS news_searchdocument_vector ON news_searchdocument USING gin (search_vector)",
]


def tsquery(terms: list[QueryTerm]) -> tuple[str, list[str]]:
    """SQL for a tsquery that ANDs the terms. Each term goes in as a parameter through plainto_tsquery, which
    reads no operators and ANDs the words it is given (a long word's parts, see `QueryTerm`); a lone Chinese
    character becomes a prefix query, built from that one letter only."""
    parts, params = [], []
    for term in terms:
        if term.is_prefix:
            parts.append("to_tsquery('simple', %s)")
            params.append(term.word + ":*")
        elif term.parts:
            parts.append("(plainto_tsquery('simple', %s) || plainto_tsquery('simple', %s))")
            params.extend([term.word, " ".join(term.parts)])
        else:
            parts.append("plainto_tsquery('simple', %s)")
            params.append(term.word)
    return "(" + " && ".join(parts) + ")", params


def facet_query(facets: Facets) -> str:
    """The tsquery text of the facet groups: ('c_1' | 'c_2') & ('t_4'). Tokens are made by news/search_facets.py
    (a letter, `_` and digits), so quoting them as lexemes is all the escaping they need."""
    return " & ".join("(" + " | ".join(f"'{token}'" for token in group) + ")" for group in facets.groups)


class PostgresBackend:
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
        text_sql, text_params = tsquery(terms)
        match_sql, match_params = text_sql, text_params
        if facets:
            # One GIN lookup intersects the words with the filter.
            match_sql, match_params = f"({text_sql} && %s::tsquery)", [*text_params, facet_query(facets)]
        # The newest matches first: the planner walks the time key's index down for common words (stopping after
        # `candidates`) or reads the GIN index for rare words and narrow filters, whichever is cheaper.
        newest = (
            f"SELECT d.article_id, d.time_key FROM news_searchdocument d "
            f"WHERE d.search_vector @@ {match_sql} AND d.time_key BETWEEN %s AND %s ORDER BY d.time_key DESC LIMIT %s"
        )
        params: list = [*match_params, *keys, candidates]
        if order == Order.RELEVANCE:
            # Ranked after the cut, so ts_rank_cd reads at most `candidates` vectors, for the words only.
            age_days = f"greatest(0.0, (%s - c.time_key / {KEY_SCALE}) / 86400.0)"
            sql = (
                f"WITH c AS MATERIALIZED ({newest}) "
                f"SELECT c.article_id, ts_rank_cd(d.search_vector, {text_sql}) / (1.0 + {age_days} / {RECENCY_DAYS})"
                f" AS score, count(*) OVER () FROM c JOIN news_searchdocument d ON d.article_id = c.article_id "
                f"ORDER BY score DESC, c.time_key DESC LIMIT %s OFFSET %s"
            )
            params = [*params, *text_params, math.floor(now.timestamp()), limit, offset]
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

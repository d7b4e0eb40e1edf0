"""SQLite: an FTS5 table over the pre-segmented terms and filter tokens, its rowid the time key; bm25 ranking faded by
age."""

from __future__ import annotations

import math
from datetime import datetime

from django.db import connection

from news.search_backends.base import KEY_SCALE, RECENCY_DAYS, Order
from news.search_facets import Facets
from news.search_text import QueryTerm

TABLE = "news_search_fts"
# Title terms weigh ten times body terms in bm25.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0

# An external-content FTS5 table: the terms live once, in news_searchdocument; triggers keep the index in step
# with every insert, update and delete there (the ORM's writes included). Its rowid is the document's time key,
# so FTS5 hands out matches newest first and stops after the first few hundred. unicode61 splits only on the
# spaces the terms are joined with; it keeps diacritics so it agrees with PostgreSQL's 'simple' configuration,
# and keeps `_` inside a token for the filter tokens (news/search_facets.py). prefix='1' indexes every
# one-character prefix: a lone Chinese character searches as a prefix (疫 → 疫情), which otherwise merges the
# doclists of every word starting with it (60–100 ms at 100,000 pieces, 4 ms with the prefix index).
COLUMNS = "title_terms, terms, facets"
SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        {COLUMNS}, content='news_searchdocument', content_rowid='time_key',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'", prefix='1')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON news_searchdocument BEGIN
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.time_key, new.title_terms, new.terms, new.facets);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.time_key, old.title_terms, old.terms, old.facets);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.time_key, old.title_terms, old.terms, old.facets);
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.time_key, new.title_terms, new.terms, new.facets);
    END""",
]


def ensure_schema(using_connection=None) -> None:
    """Create the FTS table and triggers if missing (a later migration that remakes the table drops triggers)."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        existed = cursor.fetchone()
        for statement in SCHEMA:
            cursor.execute(statement)
        if existed is None:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(terms: list[QueryTerm], facets: Facets | None = None) -> str:
    """An FTS5 query that ANDs the terms, each quoted: nothing the user typed is read as FTS5 syntax.

    A long word may also match by all of its parts (see `QueryTerm`). Each
    facet group adds one more AND of any of its tokens. No column filter keeps the words to the text columns:
    FTS5 then checks the position lists of every match (twice the time), and no word can be a facet token anyway.
    """
    parts = []
    for term in terms:
        if term.is_prefix:
            parts.append(_quoted(term.word) + "*")
        elif term.parts:
            all_parts = " AND ".join(_quoted(part) for part in term.parts)
            parts.append(f"({_quoted(term.word)} OR ({all_parts}))")
        else:
            parts.append(_quoted(term.word))
    for group in facets.groups if facets else ():
        parts.append("(" + " OR ".join(_quoted(token) for token in group) + ")")
    return " AND ".join(parts)


class SQLiteBackend:
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
        # bm25() is negative, lower is better: the score turns it positive and divides it by 1 + age in years.
        # The facet tokens weigh nothing: a filter narrows, it does not rank. (They still count in the length bm25
        # evens out, which FTS5 takes over the whole row: a handful of tokens against a thousand words.)
        bm25 = f"bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0)" if order == Order.RELEVANCE else "0.0"
        newest = (
            f"SELECT {TABLE}.rowid AS time_key, {bm25} AS bm25 FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s AND {TABLE}.rowid BETWEEN %s AND %s ORDER BY {TABLE}.rowid DESC LIMIT %s"
        )
        age_days = f"max(0.0, (%s - c.time_key / {KEY_SCALE}) / 86400.0)"
        ordering = "score DESC, c.time_key DESC" if order == Order.RELEVANCE else "c.time_key DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id, -c.bm25 / (1.0 + {age_days} / {RECENCY_DAYS}) AS score, count(*) OVER () "
                f"FROM ({newest}) c JOIN news_searchdocument d ON d.time_key = c.time_key "
                f"ORDER BY {ordering} LIMIT %s OFFSET %s",
                [math.floor(now.timestamp()), match_expression(terms, facets), *keys, candidates, limit, offset],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]

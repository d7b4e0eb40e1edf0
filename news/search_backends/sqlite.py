"""SQLite: an FTS5 table over the pre-segmented terms, its rowid the time key; bm25 ranking faded by age."""

from __future__ import annotations

import math
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from news.search_backends.base import KEY_SCALE, RECENCY_DAYS, Order, is_narrow, subquery_sql
from news.search_text import QueryTerm

TABLE = "news_search_fts"
# Title terms weigh ten times body terms in bm25.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0

# An external-content FTS5 table: the terms live once, in news_searchdocument; triggers keep the index in step
# with every insert, update and delete there (the ORM's writes included). Its rowid is the document's time key,
# so FTS5 hands out matches newest first and stops after the first few hundred. unicode61 splits only on the
# spaces the terms are joined with; it keeps diacritics so it agrees with PostgreSQL's 'simple' configuration.
SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        title_terms, terms, content='news_searchdocument', content_rowid='time_key',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON news_searchdocument BEGIN
        INSERT INTO {TABLE}(rowid, title_terms, terms) VALUES (new.time_key, new.title_terms, new.terms);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title_terms, terms)
        VALUES ('delete', old.time_key, old.title_terms, old.terms);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title_terms, terms)
        VALUES ('delete', old.time_key, old.title_terms, old.terms);
        INSERT INTO {TABLE}(rowid, title_terms, terms) VALUES (new.time_key, new.title_terms, new.terms);
    END""",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
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


def match_expression(terms: list[QueryTerm]) -> str:
    """An FTS5 query that ANDs the terms, each quoted: nothing the user typed is read as FTS5 syntax.

    A long word may also match as the phrase of its parts (a quoted string of several terms is a phrase).
    """
    parts = []
    for term in terms:
        if term.is_prefix:
            parts.append(_quoted(term.word) + "*")
        elif term.parts:
            parts.append(f"({_quoted(term.word)} OR {_quoted(' '.join(term.parts))})")
        else:
            parts.append(_quoted(term.word))
    return " AND ".join(parts)


class SQLiteBackend:
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
        # bm25() is negative, lower is better: the score turns it positive and divides it by 1 + age in years.
        bm25 = f"bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})" if order == Order.RELEVANCE else "0.0"
        params: list = [match_expression(terms), *keys]
        join = narrowing = ""
        if within is not None:
            inner, inner_params = subquery_sql(within)
            if is_narrow(inner, inner_params):
                # Few pieces: their time keys, gathered once, are checked against each match the walk meets,
                # which then costs a lookup in a small list, however far back the walk must go.
                narrowing = (
                    f"AND +{TABLE}.rowid IN (SELECT n.time_key FROM news_searchdocument n "
                    f"WHERE n.article_id IN ({inner}))"
                )
            else:
                # Many pieces: gathering their keys would cost more than the walk, which stops early, as most
                # matches are in; each match met is looked up in the piece ids instead.
                join = f"JOIN news_searchdocument n ON n.time_key = {TABLE}.rowid"
                narrowing = f"AND n.article_id IN ({inner})"
            params.extend(inner_params)
        params.append(candidates)
        newest = (
            f"SELECT {TABLE}.rowid AS time_key, {bm25} AS bm25 FROM {TABLE} {join} "
            f"WHERE {TABLE} MATCH %s AND {TABLE}.rowid BETWEEN %s AND %s {narrowing} "
            f"ORDER BY {TABLE}.rowid DESC LIMIT %s"
        )
        age_days = f"max(0.0, (%s - c.time_key / {KEY_SCALE}) / 86400.0)"
        ordering = "score DESC, c.time_key DESC" if order == Order.RELEVANCE else "c.time_key DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id, -c.bm25 / (1.0 + {age_days} / {RECENCY_DAYS}) AS score, count(*) OVER () "
                f"FROM ({newest}) c JOIN news_searchdocument d ON d.time_key = c.time_key "
                f"ORDER BY {ordering} LIMIT %s OFFSET %s",
                [math.floor(now.timestamp()), *params, limit, offset],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]


"""SQLite: an FTS5 table over the pre-segmented terms, ranked with bm25 and faded by age."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from news.search_backends.base import RECENCY_DAYS, Order, subquery_sql
from news.search_text import QueryTerm

TABLE = "news_search_fts"
# Title terms weigh ten times body terms in bm25.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0

# An external-content FTS5 table: the terms live once, in news_searchdocument; triggers keep the index in step
# with every insert, update and delete there (the ORM's writes included). unicode61 splits only on the spaces
# the terms are joined with; it keeps diacritics so it agrees with PostgreSQL's 'simple' configuration.
SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        title_terms, terms, content='news_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON news_searchdocument BEGIN
        INSERT INTO {TABLE}(rowid, title_terms, terms) VALUES (new.article_id, new.title_terms, new.terms);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title_terms, terms)
        VALUES ('delete', old.article_id, old.title_terms, old.terms);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE ON news_searchdocument BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title_terms, terms)
        VALUES ('delete', old.article_id, old.title_terms, old.terms);
        INSERT INTO {TABLE}(rowid, title_terms, terms) VALUES (new.article_id, new.title_terms, new.terms);
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
    def _where(self, terms: list[QueryTerm], now: datetime, within: QuerySet | None) -> tuple[str, list]:
        sql = f"{TABLE} MATCH %s AND d.published_at <= %s"
        params: list = [match_expression(terms), _stamp(now)]
        if within is not None:
            inner, inner_params = subquery_sql(within)
            sql += f" AND d.article_id IN ({inner})"
            params.extend(inner_params)
        return sql, params

    def count(self, terms: list[QueryTerm], now: datetime, within: QuerySet | None) -> int:
        where, params = self._where(terms, now, within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {TABLE} JOIN news_searchdocument d ON d.article_id = {TABLE}.rowid "
                f"WHERE {where}",
                params,
            )
            return cursor.fetchone()[0]

    def page(
        self, terms: list[QueryTerm], now: datetime, within: QuerySet | None, order: Order, offset: int, limit: int
    ) -> list[tuple[int, float, int]]:
        where, params = self._where(terms, now, within)
        # bm25() is negative, lower is better; the score turns it positive and divides by the age in years + 1.
        score = (
            f"(-bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})) / "
            f"(1.0 + max(0.0, julianday(%s) - julianday(d.published_at)) / {RECENCY_DAYS})"
        )
        ordering = "score DESC, published_at DESC, article_id DESC"
        if order == Order.DATE:
            ordering = "published_at DESC, article_id DESC"
        # FTS5's bm25() cannot sit beside a window function: the matches are scored in a subquery first.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT article_id, score, count(*) OVER () FROM ("
                f"SELECT d.article_id AS article_id, d.published_at AS published_at, {score} AS score FROM {TABLE} "
                f"JOIN news_searchdocument d ON d.article_id = {TABLE}.rowid WHERE {where}"
                f") ORDER BY {ordering} LIMIT %s OFFSET %s",
                [_stamp(now), *params, limit, offset],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]


def _stamp(now: datetime) -> str:
    """`now` as Django stores datetimes on SQLite (naive UTC text), so comparisons are like with like."""
    return connection.ops.adapt_datetimefield_value(now)

"""The search engines behind news/search.py: SQLite FTS5 (embedded default) and PostgreSQL full-text search.

Each backend reads the same `SearchDocument` rows (written by news/search.py) through its own index and
answers the same question: which published pieces fill a page of matches, and how many there are.
"""

from __future__ import annotations

from django.db import connection

from news.search_backends.base import Backend, Order, key_range, time_key


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from news.search_backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from news.search_backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")


__all__ = ["Backend", "Order", "get_backend", "key_range", "time_key"]

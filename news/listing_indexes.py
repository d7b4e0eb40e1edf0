"""The index behind a column's pages, which has to differ by engine to be used at all.

A column page asks for `column_id = ? AND status = 'published' AND deleted_at IS NULL AND published_at <= now`
ordered by `published_at DESC, id DESC`, and deep pages skip up to MAX_PAGES × 20 keys of it. Read from an index
that holds every one of those columns, the skip never touches the table (whose rows, with their bodies, span
several pages each); with `deleted_at` missing from the index, each skipped key costs a row read.

* PostgreSQL: a partial index over the published, not-trashed rows, (column_id, published_at, id). A plain
  index with `deleted_at` in it is not read in order: `IS NULL` is no equality to the planner, so it sorts
  every row of the column (measured: 42 ms against 1.5 ms at 43,000 rows, 300,000 in the table).
* SQLite: the same partial index is never chosen, because Django binds 'published' as a parameter and SQLite
  only uses a partial index whose condition it can prove from literal text. SQLite takes `IS NULL` as an
  equality, so a plain (column_id, status, deleted_at, published_at) index (the rowid, i.e. id, rides at the
  end of every SQLite index) answers the whole query from the index, in order.

Made by migration 0005 outside the model's Meta because the definitions differ; `tests/news/test_pagination_index.py`
checks that the planner uses it.
"""

NAME = "article_column_listing"

CREATE = {
    "postgresql": (
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON news_article (column_id, published_at, id) "
        "WHERE status = 'published' AND deleted_at IS NULL"
    ),
    "sqlite": f"CREATE INDEX IF NOT EXISTS {NAME} ON news_article (column_id, status, deleted_at, published_at)",
}
DROP = {
    "postgresql": f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
    "sqlite": f"DROP INDEX IF EXISTS {NAME}",
}


def create(apps, schema_editor) -> None:
    statement = CREATE.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    statement = DROP.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)

"""bench/fill.py writes its rows with plain INSERTs and given primary keys: the rows must be what the ORM would
have made, and the database must go on numbering after them."""

import pytest

from bench import fill
from news.models import Article, Credit
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_filled_rows_read_back_and_numbering_goes_on(seeds_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    figures = fill.fill(30, seeds_dir, batch_size=7)  # several batches, the last one short

    assert figures["articles"] == 30
    published = Article.objects.published()
    assert published.count() == 30
    article = published.order_by("-published_at").first()
    assert article.title
    assert article.body.startswith("<p>")
    assert article.column_id
    assert article.created_at is not None
    assert article.version == 1
    assert article.origin == Article.Origin.EDITORIAL
    assert set(article.credits.values_list("role", flat=True)) == {Credit.Role.AUTHOR, Credit.Role.RESPONSIBLE_EDITOR}
    assert article.tags.count() == 3
    # The sequence (PostgreSQL) or rowid (SQLite) continues past the given keys.
    newest = PublishedArticleFactory()
    assert newest.pk > max(Article.objects.exclude(pk=newest.pk).values_list("pk", flat=True))

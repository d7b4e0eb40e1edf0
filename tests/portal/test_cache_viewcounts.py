"""View counts: counted in the cache on every view (hits included), written to the database in bulk."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import viewcounts
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.VIEW_COUNT_FLUSH_EVERY = 0


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_page_views_write_nothing_and_flush_writes_the_sum(client):
    piece = PublishedArticleFactory()
    url = piece.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get(url).status_code == 200
    assert writes(queries) == []
    assert viewcounts.pending(piece.pk) == 5
    piece.refresh_from_db()
    assert piece.view_count == 0

    assert viewcounts.flush() == 5
    piece.refresh_from_db()
    assert piece.view_count == 5
    assert viewcounts.pending(piece.pk) == 0
    assert viewcounts.flush() == 0, "nothing is written twice"


def test_views_served_from_cache_are_counted(client):
    piece = PublishedArticleFactory()
    url = piece.get_absolute_url()
    states = [client.get(url)["X-Page-Cache"] for _ in range(3)]
    assert states == ["miss", "hit", "hit"]
    assert viewcounts.pending(piece.pk) == 3


def test_flush_uses_one_update_per_distinct_count(client):
    pieces = PublishedArticleFactory.create_batch(6)
    for piece in pieces:
        for _ in range(2):
            client.get(piece.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert viewcounts.flush() == 12
    assert len([q for q in writes(queries) if q.upper().startswith("UPDATE")]) == 1
    assert sorted(p.view_count for p in type(pieces[0]).objects.filter(pk__in=[p.pk for p in pieces])) == [2] * 6


def test_views_after_a_flush_are_counted_again(client):
    piece = PublishedArticleFactory()
    url = piece.get_absolute_url()
    client.get(url)
    viewcounts.flush()
    client.get(url)
    client.get(url)
    assert viewcounts.flush() == 2
    piece.refresh_from_db()
    assert piece.view_count == 3


def test_a_view_during_a_flush_is_not_lost(monkeypatch):
    piece = PublishedArticleFactory()
    viewcounts.record_view(piece.pk)
    viewcounts.record_view(piece.pk)
    # A reader arrives between reading the counts and decrementing them.
    from news.models import ArticleQuerySet

    original = ArticleQuerySet.update

    def update_and_view(self, **kwargs):
        result = original(self, **kwargs)
        viewcounts.record_view(piece.pk)
        return result

    monkeypatch.setattr(ArticleQuerySet, "update", update_and_view)
    assert viewcounts.flush() == 2
    monkeypatch.setattr(ArticleQuerySet, "update", original)
    assert viewcounts.pending(piece.pk) == 1
    assert viewcounts.flush() == 1
    piece.refresh_from_db()
    assert piece.view_count == 3


def test_in_process_flush_every_n_views(client, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 3
    piece = PublishedArticleFactory()
    url = piece.get_absolute_url()
    for _ in range(3):
        client.get(url)
    piece.refresh_from_db()
    assert piece.view_count == 3


def test_management_command_flushes(client):
    piece = PublishedArticleFactory()
    client.get(piece.get_absolute_url())
    out = io.StringIO()
    call_command("flush_view_counts", stdout=out)
    assert out.getvalue().strip() == "1 views written"
    piece.refresh_from_db()
    assert piece.view_count == 1


def test_a_flush_does_not_invalidate_the_page_cache(client):
    from portal import cache as page_cache

    piece = PublishedArticleFactory()
    client.get(piece.get_absolute_url())
    version = page_cache.content_version()
    viewcounts.flush()
    assert page_cache.content_version() == version


def test_only_article_pages_are_counted(client):
    piece = PublishedArticleFactory()
    client.get("/")
    assert viewcounts.pending(piece.pk) == 0

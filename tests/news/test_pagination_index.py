"""A column's deep pages are read from the engine's own listing index (news/listing_indexes.py), in order,
without touching the table: the plan, not the clock, is what a test can hold."""

import pytest
from django.db import connection

from news import listing_indexes
from news.pagination import MAX_PAGES
from news.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def column_keys(column_id: int):
    from news.models import Article

    # The same queryset ColumnView hands the paginator, for a leaf column.
    return Article.objects.published().filter(column_id__in=[column_id]).order_by("-published_at", "-pk")


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test database holds a handful of rows: make the planner show which index it would walk
            # rather than a sequential scan that is cheaper for ten rows.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        return queryset.explain()


def test_the_index_exists():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "news_article")
    assert constraints[listing_indexes.NAME]["index"]


def test_a_deep_page_skips_through_the_index_in_order(make_published, news_column):
    make_published(3)
    keys = column_keys(news_column.pk).values("pk")[500 * PAGE_SIZE:501 * PAGE_SIZE]
    text = plan(keys)
    assert listing_indexes.NAME in text, text
    if connection.vendor == "sqlite":
        assert "COVERING INDEX" in text, text  # no row read per skipped key
        assert "TEMP B-TREE" not in text, text  # no sort: the index gives the order
    else:
        assert "Index Only Scan Backward" in text, text
        assert "Sort" not in text, text


def test_the_capped_count_reads_only_the_index(make_published, news_column):
    make_published(3)
    text = plan(column_keys(news_column.pk).order_by().values("pk")[: MAX_PAGES * PAGE_SIZE])
    assert listing_indexes.NAME in text, text
    assert ("COVERING INDEX" if connection.vendor == "sqlite" else "Index Only Scan") in text, text


def test_a_parent_column_merges_its_sub_columns_pages_exactly(make_published, news_column):
    from django.utils import timezone

    from news import listings
    from news.models import Article
    from tests.factories import ColumnFactory, PublishedArticleFactory

    parent = news_column.parent
    sibling = ColumnFactory(slug="sibling", parent=parent)
    make_published(7)
    trashed, *_ = make_published(6, column=sibling)
    make_published(2, column=parent)
    tie = timezone.now() - timezone.timedelta(hours=3)  # the same time in two columns: the id decides
    PublishedArticleFactory(column=sibling, published_at=tie)
    PublishedArticleFactory(column=news_column, published_at=tie)
    PublishedArticleFactory(column=news_column, published_at=timezone.now() + timezone.timedelta(hours=1))
    Article.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())
    ids = [parent.pk, news_column.pk, sibling.pk]
    expected = list(
        Article.objects.published().filter(column_id__in=ids).order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 16  # not the trashed one, not the scheduled one
    for bottom in range(0, 20, 3):
        keys = listings.column_page_keys(ids, bottom, bottom + 3)
        got = list(Article.objects.filter(pk__in=keys).order_by("-published_at", "-pk").values_list("pk", flat=True))
        assert got == expected[bottom:bottom + 3], bottom

"""The one-statement home blocks and neighbours give the same answer as the obvious queries."""

import pytest
from django.utils import timezone

from news import listings, navigation
from news.models import Article
from tests.factories import ColumnFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_latest_by_column_matches_plain_queries():
    a = ColumnFactory(slug="a")
    a_child = ColumnFactory(slug="a-child", parent=a)
    b = ColumnFactory(slug="b")
    now = timezone.now()
    # column a (through its child) holds the ten newest; b only older pieces
    for i in range(10):
        PublishedArticleFactory(column=a_child, published_at=now - timezone.timedelta(minutes=i + 1))
    for i in range(10):
        PublishedArticleFactory(column=b, published_at=now - timezone.timedelta(hours=i + 1))
    headline = Article.objects.published().order_by("-published_at").first()
    latest, blocks = listings.latest_by_column(navigation.column_tree(), exclude=(headline.pk,))
    expected = list(Article.objects.published().exclude(pk=headline.pk).order_by("-published_at")[: listings.LATEST])
    assert latest == expected
    by_slug = {block.column.slug: block.articles for block in blocks}
    assert by_slug["a"] == list(
        Article.objects.published().filter(column=a_child).order_by("-published_at")[: listings.PER_COLUMN]
    )
    assert by_slug["b"] == list(
        Article.objects.published().filter(column=b).order_by("-published_at")[: listings.PER_COLUMN]
    )


def test_headlines_pinned_first():
    now = timezone.now()
    featured = PublishedArticleFactory(featured=True, published_at=now - timezone.timedelta(minutes=1))
    pinned = PublishedArticleFactory(pinned=True, published_at=now - timezone.timedelta(days=3))
    PublishedArticleFactory()
    assert listings.headlines() == [pinned, featured]


def test_home_does_not_repeat_headlines_in_latest(client, make_published):
    first, second = make_published(2)
    Article.objects.filter(pk=second.pk).update(featured=True)
    response = client.get("/")
    assert [a.pk for a in response.context["headlines"]] == [second.pk]
    assert [a.pk for a in response.context["latest"]] == [first.pk]


def test_activity_weeks_block_is_empty_without_the_events_model(client, make_published):
    from django.apps import apps

    try:
        apps.get_model("events", "ActivityWeek")
    except LookupError:
        assert listings.activity_weeks() == []
        assert 'id="weeks-heading"' not in client.get("/").content.decode()
    else:  # merged with the events app: the block reads its model without error
        assert isinstance(listings.activity_weeks(), list)

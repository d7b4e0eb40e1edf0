"""Every public page stays within 6 SQL queries, and the count does not grow with the number of items."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Credit
from tests.factories import (
    ArticleImageFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 6


def build(n: int) -> dict:
    """n pieces in a sub-column, a topic, a region and a tag, with n credits, images, tags and topics each."""
    parent = ColumnFactory(slug="news")
    column = ColumnFactory(slug="zhijiao", parent=parent)
    for i in range(n):
        ColumnFactory(slug=f"side-{i}")  # more columns on the home page
    province = RegionFactory(slug="jiangsu")
    city = RegionFactory(slug="nanjing", parent=province)
    topics = [TopicFactory(slug=f"topic-{i}") for i in range(n)]
    now = timezone.now()
    articles = []
    for i in range(n):
        article = PublishedArticleFactory(
            column=column, region=city, pinned=(i % 2 == 0), featured=True,
            published_at=now - timezone.timedelta(hours=i + 1),
        )
        article.topics.add(*topics)
        article.tags.add("技能", f"标签{i}")
        articles.append(article)
    main = articles[n // 2]
    for i in range(n):
        CreditFactory(article=main, role=list(Credit.Role)[i % len(Credit.Role)], name=f"人{i}")
        ArticleImageFactory(article=main)
    cache.clear()
    return {
        "home": "/",
        "column": parent.get_absolute_url(),
        "topic": topics[0].get_absolute_url(),
        "region": province.get_absolute_url(),
        "tag": "/tag/技能/".replace("技能", main.tags.get(name="技能").slug),
        "archive": f"/archive/{timezone.localtime(main.published_at):%Y/%m}/",
        "article": main.get_absolute_url(),
        "feed": "/feeds/rss/",
        "column_feed": f"/feeds/column/{parent.slug}/atom/",
    }


def count_queries(client, url: str) -> int:
    cache.clear()  # cold: nothing from an earlier request helps
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "page", ["home", "column", "topic", "region", "tag", "archive", "article", "feed", "column_feed"]
)
def test_query_budget_constant_in_items(client, page):
    urls = build(1)
    one = count_queries(client, urls[page])
    assert one <= BUDGET, f"{page}: {one} queries"
    more = build_more(client, page)
    assert more == one, f"{page}: {one} queries with 1 item, {more} with 50"


def build_more(client, page: str) -> int:
    from django.db import transaction

    # a second, larger world beside the first: different slugs, same shapes
    with transaction.atomic():
        from news.models import Article, Column, Region, Topic

        Article.objects.all().delete()
        Column.objects.filter(parent__isnull=False).delete()
        Column.objects.all().delete()
        Region.objects.filter(parent__isnull=False).delete()
        Region.objects.all().delete()
        Topic.objects.all().delete()
    urls = build(50)
    return count_queries(client, urls[page])

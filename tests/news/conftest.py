import pytest
from django.utils import timezone

from tests.factories import ColumnFactory, PublishedArticleFactory


@pytest.fixture
def news_column(db):
    parent = ColumnFactory(name="新闻", slug="news")
    return ColumnFactory(name="职教网讯", slug="zhijiao", parent=parent)


@pytest.fixture
def make_published(news_column):
    """Published pieces one minute apart, newest last made."""

    def make(count=1, **kwargs):
        kwargs.setdefault("column", news_column)
        base = timezone.now() - timezone.timedelta(days=1)
        return [
            PublishedArticleFactory(published_at=base + timezone.timedelta(minutes=i), **kwargs) for i in range(count)
        ]

    return make

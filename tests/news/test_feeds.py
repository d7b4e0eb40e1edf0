"""RSS and Atom feeds, parsed back with feedparser."""

import feedparser
import pytest

from news.models import Credit
from tests.factories import ArticleFactory, CreditFactory, PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_site_feeds_rss_and_atom(client, make_published, settings):
    old, new = make_published(2)
    CreditFactory(article=new, role=Credit.Role.AUTHOR, name="张三")
    ArticleFactory(title="草稿不进订阅")
    for url, version in [("/feeds/rss/", "rss20"), ("/feeds/atom/", "atom10")]:
        feed = parse(client, url)
        assert feed.version == version
        assert feed.feed.title == "职教新闻网"
        assert [entry.title for entry in feed.entries] == [new.title, old.title]
        entry = feed.entries[0]
        assert entry.link.endswith(new.get_absolute_url())
        assert entry.summary == new.summary
        assert entry.author == "张三"
        assert entry.published_parsed is not None
        assert "草稿不进订阅" not in [e.title for e in feed.entries]


def test_column_feed_includes_sub_columns(client, make_published, news_column):
    (inside,) = make_published(1)
    PublishedArticleFactory(title="别的栏目")
    feed = parse(client, f"/feeds/column/{news_column.parent.slug}/rss/")
    assert [e.title for e in feed.entries] == [inside.title]
    assert feed.feed.title.startswith("新闻")
    atom = parse(client, f"/feeds/column/{news_column.slug}/atom/")
    assert [e.title for e in atom.entries] == [inside.title]


def test_topic_and_region_feeds(client, db):
    topic = TopicFactory(slug="zhanyi", name="职教战疫")
    province = RegionFactory(slug="jiangsu")
    city = RegionFactory(slug="nanjing", parent=province)
    in_topic = PublishedArticleFactory(title="专题稿件")
    in_topic.topics.add(topic)
    in_region = PublishedArticleFactory(title="南京稿件", region=city)
    assert [e.title for e in parse(client, "/feeds/topic/zhanyi/rss/").entries] == ["专题稿件"]
    assert [e.title for e in parse(client, "/feeds/topic/zhanyi/atom/").entries] == ["专题稿件"]
    assert [e.title for e in parse(client, "/feeds/region/jiangsu/rss/").entries] == [in_region.title]
    assert [e.title for e in parse(client, "/feeds/region/nanjing/atom/").entries] == [in_region.title]


def test_unknown_feed_is_404(client, db):
    for url in ["/feeds/column/nope/rss/", "/feeds/topic/nope/atom/", "/feeds/region/nope/rss/"]:
        assert client.get(url).status_code == 404


def test_hostile_feed_slugs_are_404(client, db):
    for url in ["/feeds/topic/%00/rss/", "/feeds/column/%00/atom/", "/feeds/region/" + "x" * 3000 + "/rss/"]:
        assert client.get(url).status_code == 404

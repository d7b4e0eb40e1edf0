"""sitemap.xml (an index with last-modified dates and its sections) and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_index_and_sections(client, make_published, news_column):
    old, new = make_published(2)
    draft = ArticleFactory(column=news_column)
    topic = TopicFactory(slug="zhanyi")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    sections = {el.find("s:loc", NS).text: el for el in index.findall("s:sitemap", NS)}
    article_section = next(loc for loc in sections if "sitemap-articles.xml" in loc)
    assert sections[article_section].find("s:lastmod", NS) is not None

    urlset = ET.fromstring(client.get("/sitemap-articles.xml").content)
    entries = {el.find("s:loc", NS).text: el.find("s:lastmod", NS).text for el in urlset.findall("s:url", NS)}
    assert entries == {
        "http://testserver" + new.get_absolute_url(): timezone.localdate(new.updated_at).isoformat(),
        "http://testserver" + old.get_absolute_url(): timezone.localdate(old.updated_at).isoformat(),
    }
    assert all(draft.get_absolute_url() not in loc for loc in entries)

    columns = ET.fromstring(client.get("/sitemap-columns.xml").content)
    locs = [el.find("s:loc", NS).text for el in columns.findall("s:url", NS)]
    assert "http://testserver" + news_column.get_absolute_url() in locs
    topics = ET.fromstring(client.get("/sitemap-topics.xml").content)
    assert "http://testserver" + topic.get_absolute_url() in [el.find("s:loc", NS).text for el in topics]


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /preview/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text

"""Canonical URLs, Open Graph tags and JSON-LD NewsArticle on article pages."""

import json
import re

import pytest

from news.models import Credit
from tests.factories import ArticleImageFactory, CreditFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_article_opengraph_and_json_ld(client, news_column, settings):
    settings.SITE_URL = "https://www.zhijiao.example"
    article = PublishedArticleFactory(
        title='战"疫"</script><script>alert(1)</script>', column=news_column, summary="导语在此", source="教育部"
    )
    CreditFactory(article=article, role=Credit.Role.AUTHOR, name="张三")
    ArticleImageFactory(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    url = "https://www.zhijiao.example" + article.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="导语在此">' in html
    assert re.search(r'<meta property="og:image" content="https://www.zhijiao.example/media/images/', html)
    assert "<script>alert(1)</script>" not in html  # the title is escaped everywhere, JSON-LD included
    (data,) = json_ld_blocks(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["url"] == url
    assert data["author"] == [{"@type": "Person", "name": "张三"}]
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["image"][0].startswith("https://www.zhijiao.example/media/images/")
    assert data["articleSection"] == news_column.name


def test_listing_canonical_keeps_page_number(client, make_published, news_column, settings):
    make_published(25)
    html = client.get(news_column.get_absolute_url(), {"page": "2", "utm_source": "x"}).content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{news_column.get_absolute_url()}?page=2">' in html

"""Public pages: what readers may see, breadcrumbs, credit line, canonical addresses, pagination."""

import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Credit
from tests.factories import (
    ArticleFactory,
    ArticleImageFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_published_pieces_by_column(client, make_published, news_column):
    first, _second = make_published(2, title="技能大赛开幕")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "技能大赛开幕" in html
    assert first.get_absolute_url() in html
    # the top-level column "新闻" (parent of 职教网讯) has its block
    assert "新闻" in html
    assert reverse("news:column", args=["news"]) in html


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.SIGNOFF},
        {"status": Article.Status.WITHDRAWN},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "published_at_offset": 3600},  # scheduled
        {"status": Article.Status.PUBLISHED, "trashed": True},
    ],
)
def test_unpublished_pieces_never_shown(client, news_column, hidden):
    topic = TopicFactory(slug="t1")
    region = RegionFactory(slug="r1")
    offset = hidden.get("published_at_offset", -3600)
    article = ArticleFactory(
        title="不应出现的稿件",
        column=news_column,
        region=region,
        status=hidden["status"],
        published_at=timezone.now() + timezone.timedelta(seconds=offset),
        deleted_at=timezone.now() if hidden.get("trashed") else None,
    )
    article.topics.add(topic)
    article.tags.add("技能")
    pages = ["/", news_column.get_absolute_url(), topic.get_absolute_url(), region.get_absolute_url(),
             reverse("news:tag", args=[article.tags.get().slug]), "/feeds/rss/", "/feeds/atom/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "不应出现的稿件" not in response.content.decode(), url
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.get_absolute_url() not in client.get("/sitemap-articles.xml").content.decode()


def test_scheduled_piece_appears_once_its_time_passes(client, news_column):
    now = timezone.now()
    article = PublishedArticleFactory(
        title="定时发布的稿件", column=news_column, published_at=now + timezone.timedelta(hours=2)
    )
    with time_machine.travel(now, tick=False):
        assert "定时发布的稿件" not in client.get(news_column.get_absolute_url()).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(now + timezone.timedelta(hours=3), tick=False):
        assert "定时发布的稿件" in client.get(news_column.get_absolute_url()).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_column_page_includes_subcolumns(client, news_column):
    parent = news_column.parent
    PublishedArticleFactory(title="子栏目里的稿件", column=news_column)
    PublishedArticleFactory(title="别的栏目", column=ColumnFactory())
    html = client.get(parent.get_absolute_url()).content.decode()
    assert "子栏目里的稿件" in html
    assert "别的栏目" not in html
    assert news_column.get_absolute_url() in html  # sub-column link


def test_unknown_column_topic_region_tag_are_404(client, db):
    for url in ["/column/nope/", "/topic/nope/", "/region/nope/", "/tag/nope/", "/archive/2022/13/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode()


def test_topic_page_shows_intro_editor_note_and_call_for_contributions(client, db):
    topic = TopicFactory(
        name="职教战疫", slug="zhanyi", intro="<p>专题导语</p>", editor_note="<p>专题编者按内容</p>",
        call_for_contributions="欢迎各院校投稿。", accepts_submissions=True,
    )
    article = PublishedArticleFactory(title="专题里的稿件")
    article.topics.add(topic)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "专题导语" in html
    assert "专题编者按内容" in html
    assert "欢迎各院校投稿。" in html
    assert 'href="/submit/?topic=zhanyi"' in html
    assert "专题里的稿件" in html


def test_region_page_includes_sub_regions(client, db):
    province = RegionFactory(name="江苏", slug="jiangsu")
    city = RegionFactory(name="南京", slug="nanjing", parent=province)
    PublishedArticleFactory(title="南京职教新闻", region=city)
    PublishedArticleFactory(title="别处新闻", region=RegionFactory())
    html = client.get(province.get_absolute_url()).content.decode()
    assert "南京职教新闻" in html
    assert "别处新闻" not in html
    assert city.get_absolute_url() in html
    # and the home page links the regional sub-site
    assert province.get_absolute_url() in client.get("/").content.decode()


def test_tag_page(client, make_published):
    tagged, untagged = make_published(2)
    tagged.tags.add("产教融合")
    tag = tagged.tags.get()
    html = client.get(reverse("news:tag", args=[tag.slug])).content.decode()
    assert tagged.title in html
    assert untagged.title not in html


def test_month_archive(client, news_column):
    zone = timezone.get_current_timezone()
    # 23:30 on 30 April in Beijing is still April, though it is 15:30 UTC.
    april = PublishedArticleFactory(
        title="四月的稿件", column=news_column, published_at=timezone.datetime(2022, 4, 30, 23, 30, tzinfo=zone)
    )
    PublishedArticleFactory(
        title="五月的稿件", column=news_column, published_at=timezone.datetime(2022, 5, 1, 0, 30, tzinfo=zone)
    )
    html = client.get("/archive/2022/04/").content.decode()
    assert april.title in html
    assert "五月的稿件" not in html
    assert "2022年4月" in html
    assert client.get("/archive/").status_code == 302


def article_with_everything(news_column):
    article = PublishedArticleFactory(
        title="职成司党支部：战疫，职教人在行动",
        column=news_column,
        source="教育部微党建",
        editor_note="<p>职教强国 关乎你我！</p>",
        body="<p>一个支部就是一座堡垒。</p>",
    )
    for order, (role, name) in enumerate([
        (Credit.Role.PHOTOGRAPHER, "王五"),
        (Credit.Role.AUTHOR, "张三"),
        (Credit.Role.RESPONSIBLE_EDITOR, "刘莉"),
        (Credit.Role.EDITOR, "赵六"),
        (Credit.Role.SIGNED_OFF_BY, "钱七"),
        (Credit.Role.AUTHOR, "孙八"),
    ]):
        CreditFactory(article=article, role=role, name=name, order=order)
    ArticleImageFactory(article=article)
    return article


def test_article_page(client, news_column):
    article = article_with_everything(news_column)
    html = client.get(article.get_absolute_url()).content.decode()
    # breadcrumb: 当前位置：首页 › 新闻 › 职教网讯
    assert "当前位置：" in html
    crumbs = html[html.index('class="breadcrumb'):html.index("</nav>", html.index('class="breadcrumb'))]
    assert crumbs.index("首页") < crumbs.index("新闻") < crumbs.index("职教网讯")
    # credit line in the newsroom's order, authors joined
    line = html[html.index('class="credit-line"'):]
    line = line[: line.index("</p>")]
    positions = [line.index(s) for s in ["来源：教育部微党建", "作者：张三、孙八", "编辑：赵六", "责任编辑：刘莉",
                                          "签发：钱七", "供图：王五"]]
    assert positions == sorted(positions)
    assert '<aside class="editor-note"' in html
    assert "职教强国 关乎你我！" in html
    assert "<figure" in html
    assert "<figcaption>学生在实训车间操作数控机床" in html
    assert 'alt="实训车间里的学生"' in html
    assert "service.weibo.com/share/share.php?url=" in html
    qr = re.search(r'<img class="qr-code" src="([^"]+)"[^>]*loading="lazy"', html)
    assert qr is not None
    image = client.get(qr.group(1))
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.startswith(b"<?xml")
    assert b"<svg" in image.content
    assert "js/share.js" in html
    assert "css/print.css" in html
    assert 'media="print"' in html


def test_article_previous_next_and_related(client, make_published):
    older, current, newer = make_published(3)
    topic = TopicFactory()
    elsewhere = PublishedArticleFactory(title="同专题的别栏目稿件")
    for article in (current, elsewhere):
        article.topics.add(topic)
    unrelated = PublishedArticleFactory(title="毫不相关")
    response = client.get(current.get_absolute_url())
    neighbours = response.context["neighbours"]
    assert neighbours.previous == older
    assert neighbours.next == newer
    assert neighbours.related == [elsewhere]
    assert unrelated.title not in response.content.decode()


def test_related_by_tag(client, make_published):
    one, _two, three = make_published(3)
    one.tags.add("双高计划")
    three.tags.add("双高计划")
    assert client.get(one.get_absolute_url()).context["neighbours"].related == [three]


def test_wrong_date_in_address_redirects_to_canonical(client, make_published):
    (article,) = make_published(1)
    wrong = reverse("news:article", kwargs={"year": 1999, "month": "01", "day": "01", "pk": article.pk})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_preview_shows_unpublished_piece_never_cached(client, news_column):
    from news import preview

    article = ArticleFactory(title="待审稿件", column=news_column)
    response = client.get(reverse("news:preview", args=[preview.make_token(article.pk)]))
    assert response.status_code == 200
    assert "待审稿件" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert client.get(reverse("news:preview", args=["forged:token"])).status_code == 404


@pytest.mark.parametrize("page", ["-1", "abc", "0", "1.5", "100000000000000000000", "99", "%00", ""])
def test_bad_page_numbers_are_404_never_500(client, make_published, news_column, page):
    make_published(3)
    response = client.get(news_column.get_absolute_url(), {"page": page})
    if page == "":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_pagination_pages_and_last(client, make_published, news_column, settings):
    articles = make_published(45)
    first = client.get(news_column.get_absolute_url())
    assert list(first.context["articles"]) == list(reversed(articles))[:20]
    assert first.context["page_links"] == [1, 2, 3]
    third = client.get(news_column.get_absolute_url(), {"page": "3"})
    assert list(third.context["articles"]) == list(reversed(articles))[40:]
    assert list(client.get(news_column.get_absolute_url(), {"page": "last"}).context["articles"]) == list(
        third.context["articles"]
    )
    assert 'rel="prev"' in third.content.decode()


def test_count_is_cached_but_follows_publication(client, make_published, news_column, django_assert_num_queries):
    make_published(21)
    url = news_column.get_absolute_url()
    assert client.get(url).context["page_obj"].paginator.count == 21
    # a new piece changes the content version, so the count is fresh at once
    make_published(1)
    assert client.get(url).context["page_obj"].paginator.count == 22


@pytest.mark.parametrize(
    "url",
    [
        "/news/2022/04/05/100000000000000000000/",
        "/news/99999999999999999999/04/05/1/",
        "/news/2022/ab/05/1/",
        "/archive/0000/01/",
        "/tag/%E2%80%AE%00/",
        "/topic/%00/",
        "/column/" + "x" * 5000 + "/",
        "/preview/" + "a" * 5000 + "/",
    ],
)
def test_hostile_addresses_are_404_never_500(client, db, url):
    assert client.get(url).status_code == 404


def test_switch_script_unknown_value_clears_choice(client, db):
    client.cookies["script"] = "hant"
    response = client.get("/script/klingon/", {"next": "/"})
    assert response.status_code == 302
    assert response.cookies["script"].value == ""


def test_related_and_neighbours_never_show_unpublished_pieces(client, news_column):
    now = timezone.now()
    topic = TopicFactory()
    current = PublishedArticleFactory(column=news_column, published_at=now - timezone.timedelta(hours=5))
    current.topics.add(topic)
    current.tags.add("技能")
    hidden = [
        ArticleFactory(column=news_column, status=Article.Status.DRAFT, published_at=now - timezone.timedelta(hours=6)),
        PublishedArticleFactory(column=news_column, published_at=now + timezone.timedelta(hours=1)),  # scheduled
        PublishedArticleFactory(
            column=news_column, published_at=now - timezone.timedelta(hours=4), deleted_at=now
        ),  # trashed
        ArticleFactory(
            column=news_column, status=Article.Status.WITHDRAWN, published_at=now - timezone.timedelta(hours=3)
        ),
    ]
    for article in hidden:
        article.topics.add(topic)
        article.tags.add("技能")
    neighbours = client.get(current.get_absolute_url()).context["neighbours"]
    assert neighbours.previous is None
    assert neighbours.next is None
    assert neighbours.related == []


def test_page_numbers_stop_at_the_cap(client, make_published, news_column, monkeypatch):
    from news import pagination

    monkeypatch.setattr(pagination, "MAX_PAGES", 2)
    make_published(45)  # three pages' worth; only two offered
    url = news_column.get_absolute_url()
    last = client.get(url, {"page": "last"})
    assert last.context["page_obj"].number == 2
    assert last.context["page_obj"].paginator.capped
    assert "往期归档" in last.content.decode()
    assert client.get(url, {"page": "3"}).status_code == 404


def test_qr_code_encodes_the_published_address_and_keeps(client, settings):
    import segno

    piece = PublishedArticleFactory()
    response = client.get(reverse("news:article-qr", kwargs={"pk": piece.pk}))
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    expected = io.BytesIO()
    segno.make(settings.SITE_URL + piece.get_absolute_url(), error="m", micro=False).save(
        expected, kind="svg", scale=4, border=2, title="用微信扫一扫，分享本文", svgclass=None, lineclass=None
    )
    assert response.content == expected.getvalue()


def test_qr_code_of_an_unpublished_piece_is_not_found(client):
    draft = ArticleFactory()
    assert client.get(reverse("news:article-qr", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get("/news/999999/qr.svg").status_code == 404


def test_preview_has_no_qr_code(client):
    from news import preview

    draft = ArticleFactory()
    html = client.get(reverse("news:preview", kwargs={"token": preview.make_token(draft.pk)})).content.decode()
    assert "qr-code" not in html

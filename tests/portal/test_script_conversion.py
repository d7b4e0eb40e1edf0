"""简/繁: the whole page converted on the fly, only the human text, the choice remembered in a cookie."""

import pytest
from django.urls import reverse

from portal.script_conversion import COOKIE, convert_html
from tests.factories import ArticleImageFactory, ColumnFactory, PublishedArticleFactory

PAGE = """<!DOCTYPE html><html lang="zh-Hans"><head><title>教师发展</title>
<meta name="description" content="职业教育发展">
<meta property="og:url" content="http://x/教师/">
<style>.a::before{content:"教师"}</style>
<script type="application/ld+json">{"headline":"教师发展"}</script></head>
<body><!-- 教师 --><a href="/tag/教师/" title="教师发展">教师与学生</a>
<img src="/media/教师.png" alt="教师在实训"><p>发展&amp;技能</p></body></html>"""


def test_text_nodes_and_readable_attributes_are_converted():
    html = convert_html(PAGE, "hant")
    assert '<html lang="zh-Hant">' in html
    assert "<title>教師發展</title>" in html
    assert '<a href="/tag/教师/" title="教師發展">教師與學生</a>' in html
    assert '<img src="/media/教师.png" alt="教師在實訓">' in html
    assert '<meta name="description" content="職業教育發展">' in html
    assert "<p>發展&amp;技能</p>" in html


def test_scripts_styles_comments_and_urls_untouched():
    html = convert_html(PAGE, "hant")
    assert '<meta property="og:url" content="http://x/教师/">' in html
    assert '<style>.a::before{content:"教师"}</style>' in html
    assert '{"headline":"教师发展"}' in html
    assert "<!-- 教师 -->" in html
    assert 'href="/tag/教师/"' in html


def test_round_trip():
    traditional = convert_html(PAGE, "hant")
    assert convert_html(traditional, "hans").replace("zh-Hans", "") == PAGE.replace("zh-Hans", "")


@pytest.mark.django_db
def test_switch_remembers_choice_and_converts_whole_page(client):
    column = ColumnFactory(name="教师发展", slug="teachers")
    article = PublishedArticleFactory(title="教师节表彰优秀教师", column=column, body="<p>发展职业教育。</p>")
    ArticleImageFactory(article=article, caption="教师合影")
    url = article.get_absolute_url()

    plain = client.get(url).content.decode()
    assert "教师节表彰优秀教师" in plain
    assert 'lang="zh-Hans"' in plain

    response = client.get(reverse("script-switch", args=["hant"]), {"next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies[COOKIE].value == "hant"
    assert response.cookies[COOKIE]["max-age"] >= 30 * 24 * 3600

    # the cookie stays in the client: every page after this is traditional
    html = client.get(url).content.decode()
    assert "教師節表彰優秀教師" in html
    assert "發展職業教育。" in html
    assert "教師合影" in html
    assert 'lang="zh-Hant"' in html
    assert 'href="/column/teachers/"' in html  # URL untouched
    assert '"headline":"教师节表彰优秀教师"' in html  # JSON-LD inside <script> untouched
    assert "教師發展" in client.get("/").content.decode()
    assert "Cookie" in client.get(url)["Vary"]

    client.get(reverse("script-switch", args=["hans"]), {"next": url})
    back = client.get(url).content.decode()
    assert "教师节表彰优秀教师" in back
    assert 'lang="zh-Hans"' in back


@pytest.mark.django_db
def test_switch_refuses_foreign_redirect_and_skips_admin(client, admin_client):
    response = client.get(reverse("script-switch", args=["hant"]), {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    admin_client.cookies[COOKIE] = "hant"
    html = admin_client.get("/admin/").content.decode()
    assert "欢迎" in html  # Django admin greets in simplified; converted it would read 歡迎
    assert "歡迎" not in html


def test_elements_marked_translate_no_keep_their_text():
    html = convert_html('<p>教师</p><a href="/script/hans/" translate="no" title="简体">简</a>', "hant")
    assert html == '<p>教師</p><a href="/script/hans/" translate="no" title="简体">简</a>'


@pytest.mark.django_db
def test_non_html_responses_are_not_converted(client, make_published_in_portal):
    article = make_published_in_portal
    client.cookies[COOKIE] = "hant"
    feed = client.get("/feeds/rss/").content.decode()
    assert article.title in feed  # feeds go out as stored
    assert "教師" not in feed


@pytest.fixture
def make_published_in_portal(db):
    return PublishedArticleFactory(title="教师节")


@pytest.mark.django_db
def test_traditional_source_shown_simplified_when_chosen(client):
    article = PublishedArticleFactory(title="教育部教師司：上好戰疫這堂課", body="<p>發揮職業教育優勢。</p>")
    assert "教育部教師司" in client.get(article.get_absolute_url()).content.decode()  # as stored by default
    client.get(reverse("script-switch", args=["hans"]), {"next": "/"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "教育部教师司：上好战疫这堂课" in html
    assert "发挥职业教育优势。" in html

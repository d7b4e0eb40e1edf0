"""The anonymous page cache: hits, invalidation, who never gets a cached page, HTTP caching headers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from news import preview, workflow
from news.models import Article
from portal import cache as page_cache
from portal.middleware import AnonymousPageCacheMiddleware
from tests.factories import ArticleFactory, PublishedArticleFactory, editor, signer

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_OBJECTS = True  # as in production: the article page's reader copy under the page cache


def test_anonymous_page_is_served_from_cache_without_queries(client):
    PublishedArticleFactory(title="高职扩招")
    first = client.get(HOME)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(HOME)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "高职扩招" in second.content.decode()


def test_cached_page_keeps_the_inner_security_headers(client):
    PublishedArticleFactory()
    client.get(HOME)
    hit = client.get(HOME)
    assert hit["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in hit
    assert hit["X-Frame-Options"] == "DENY"


def test_anonymous_pages_are_public_for_a_cdn(client):
    PublishedArticleFactory()
    response = client.get(HOME)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= directives
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_sign_off_makes_the_piece_appear_at_once(client, django_capture_on_commit_callbacks):
    old = PublishedArticleFactory(title="旧闻")
    client.get(HOME)
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    piece = ArticleFactory(title="新签发的稿件", status=Article.Status.SIGNOFF, column=old.column)
    assert "新签发的稿件" not in client.get(HOME).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign_off(piece, by=signer())
    response = client.get(HOME)
    assert response["X-Page-Cache"] == "miss"
    assert "新签发的稿件" in response.content.decode()


def test_withdrawal_removes_the_piece_from_cached_pages(client, django_capture_on_commit_callbacks):
    piece = PublishedArticleFactory(title="将被撤下的稿件")
    url = piece.get_absolute_url()
    assert "将被撤下的稿件" in client.get(HOME).content.decode()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(piece, by=signer(), comment="内容有误")
    assert "将被撤下的稿件" not in client.get(HOME).content.decode()
    assert client.get(url).status_code == 404


def test_edit_of_a_published_piece_shows_at_once(client):
    piece = PublishedArticleFactory(title="原标题")
    url = piece.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    piece.title = "更正后的标题"
    piece.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "更正后的标题" in response.content.decode()


def test_trash_removes_the_piece(client, django_capture_on_commit_callbacks):
    piece = PublishedArticleFactory(title="误发稿件")
    url = piece.get_absolute_url()
    client.get(url)
    client.get(HOME)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move_to_trash(piece, by=editor())
    assert client.get(url).status_code == 404
    assert "误发稿件" not in client.get(HOME).content.decode()


def test_draft_work_is_not_a_public_change():
    from portal.invalidation import affects_public_pages

    published = PublishedArticleFactory()
    draft = ArticleFactory(column=published.column)
    assert affects_public_pages(published)
    assert not affects_public_pages(draft)
    assert not affects_public_pages(draft.credits.create(role="author", name="王五"))
    assert affects_public_pages(published.credits.create(role="author", name="王五"))
    assert affects_public_pages(published.column)


def test_bump_inside_a_transaction_repeats_after_commit(django_capture_on_commit_callbacks):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page_cache.bump_after_commit()
        assert page_cache.content_version() == before + 1
    assert len(callbacks) == 1
    assert page_cache.content_version() == before + 2


def test_logged_in_editor_never_gets_or_fills_a_cached_page(client):
    piece = PublishedArticleFactory(title="第一版")
    url = piece.get_absolute_url()
    client.get(url)  # an anonymous reader fills the cache
    # A change without any signal: only a fresh render can show it.
    Article.objects.filter(pk=piece.pk).update(title="第二版")
    client.force_login(editor())
    for _ in range(2):
        response = client.get(url)
        assert response["X-Page-Cache"] == "bypass"
        assert "第二版" in response.content.decode()
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert "public" not in directives
    client.logout()
    assert "第一版" in client.get(url).content.decode(), "the editor's visits stored nothing for readers"


def test_preview_is_never_cached(client):
    piece = ArticleFactory(title="预览稿")
    url = reverse("news:preview", kwargs={"token": preview.make_token(piece.pk)})
    first = client.get(url)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    Article.objects.filter(pk=piece.pk).update(title="预览稿二稿")
    second = client.get(url)
    assert "预览稿二稿" in second.content.decode()
    assert second.get("X-Page-Cache") == "bypass"


def test_admin_pages_are_private(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_etag_and_if_none_match_give_304(client):
    PublishedArticleFactory()
    etag = client.get(HOME)["ETag"]
    assert etag.startswith('"')
    not_modified = client.get(HOME, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(HOME, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_last_modified_and_if_modified_since_give_304(client):
    PublishedArticleFactory()
    last_modified = client.get(HOME)["Last-Modified"]
    assert client.get(HOME, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    long_ago = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert client.get(HOME, HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_a_change_gives_a_new_etag(client):
    piece = PublishedArticleFactory(title="甲")
    etag = client.get(HOME)["ETag"]
    piece.title = "乙"
    piece.save()
    response = client.get(HOME, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_script_cookie_and_language_are_part_of_the_key(client, settings):
    PublishedArticleFactory()
    client.get(HOME)
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    client.cookies["script"] = "t"
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    del client.cookies["script"]
    # The reader's chosen language (the language cookie) is part of the key too.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert client.get(HOME)["X-Page-Cache"] == "hit"


def test_query_string_is_part_of_the_key(client):
    PublishedArticleFactory()
    client.get(HOME)
    assert client.get(HOME, {"page": "2"})["X-Page-Cache"] == "miss"


def test_responses_setting_cookies_or_private_are_not_stored():
    request = RequestFactory().get("/x/")
    assert AnonymousPageCacheMiddleware.is_storable(request, HttpResponse("ok"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "abc")
    assert not AnonymousPageCacheMiddleware.is_storable(request, with_cookie)
    private = HttpResponse("ok")
    private["Cache-Control"] = "private, no-store"
    assert not AnonymousPageCacheMiddleware.is_storable(request, private)
    assert not AnonymousPageCacheMiddleware.is_storable(request, HttpResponse("gone", status=404))
    csrf_request = RequestFactory().get("/x/")
    csrf_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not AnonymousPageCacheMiddleware.is_storable(csrf_request, HttpResponse("ok"))


def test_a_reader_with_a_message_waiting_gets_a_fresh_page(client):
    PublishedArticleFactory()
    client.get(HOME)
    client.cookies["messages"] = "x"
    assert client.get(HOME).get("X-Page-Cache") != "hit"


def test_disabled_cache_renders_every_time(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    PublishedArticleFactory()
    client.get(HOME)
    response = client.get(HOME)
    assert "X-Page-Cache" not in response


def test_entries_expire_when_a_scheduled_piece_goes_live(settings):
    settings.PAGE_CACHE_TIMEOUT = 600
    version = page_cache.content_version()
    assert page_cache.entry_timeout(version) == 600
    PublishedArticleFactory(published_at=timezone.now() + timedelta(seconds=120))
    page_cache.bump_content_version()
    timeout = page_cache.entry_timeout(page_cache.content_version())
    assert 100 <= timeout <= 122


def test_cached_template_loader_is_on_in_production(settings):
    settings.DEBUG = False
    engine = engines["django"].engine
    loader_names = [type(loader).__module__ + "." + type(loader).__name__ for loader in engine.template_loaders]
    assert loader_names == ["django.template.loaders.cached.Loader"]


def test_floor_view_gives_the_asked_size_without_queries():
    from portal.views import floor

    request = RequestFactory().get("/_bench/floor", {"bytes": "23456"})
    with CaptureQueriesContext(connection) as queries:
        response = floor(request)
    assert len(queries) == 0
    assert len(response.content) == 23456
    response.content.decode("utf-8")  # valid UTF-8 whatever the size


def test_versioned_objects_are_kept_until_the_content_changes(settings):
    settings.PAGE_CACHE_OBJECTS = True
    built = []

    def build():
        built.append(1)
        return {"title": f"第{len(built)}版"}

    assert page_cache.versioned("article:1", build) == {"title": "第1版"}
    assert page_cache.versioned("article:1", build) == {"title": "第1版"}
    assert len(built) == 1
    piece = PublishedArticleFactory()
    piece.save()  # a public change moves the version
    assert page_cache.versioned("article:1", build) == {"title": "第2版"}


def test_versioned_objects_off(settings):
    settings.PAGE_CACHE_OBJECTS = False
    built = []
    for _ in range(2):
        page_cache.versioned("article:1", lambda: built.append(1))
    assert len(built) == 2


def test_versioned_article_with_prefetches_survives_the_cache(settings):
    from news.views import article_detail_queryset

    settings.PAGE_CACHE_OBJECTS = True
    piece = PublishedArticleFactory(title="带署名的稿件")
    piece.credits.create(role="author", name="李四")
    page_cache.versioned(f"article:{piece.pk}", lambda: article_detail_queryset().get(pk=piece.pk))
    with CaptureQueriesContext(connection) as queries:
        cached = page_cache.versioned(f"article:{piece.pk}", lambda: pytest.fail("built twice"))
        assert cached.title == "带署名的稿件"
        assert cached.credit("author") == "李四"
        assert cached.column.name == piece.column.name
    assert len(queries) == 0

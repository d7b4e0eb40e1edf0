"""The article page's reader copy: one rendered copy per piece, language and content version.

The page cache is off in every test here: these are the visits it cannot answer (its entry expired, another
path, another server), which the reader copy still serves without queries or most of the template work.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import workflow
from news.models import Article, Credit
from portal import cache as page_cache
from tests.factories import (
    ArticleImageFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    TopicFactory,
    editor,
    signer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _objects_on(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_OBJECTS = True


def full_piece():
    column = ColumnFactory(slug="zhijiao")
    topic = TopicFactory(slug="chanjiao", name="产教融合")
    now = timezone.now()
    older = PublishedArticleFactory(column=column, title="上一篇的标题", published_at=now - timezone.timedelta(days=2))
    piece = PublishedArticleFactory(
        column=column, title="读者副本", summary="", body="<p>正文第一段。</p><p>图为实训课堂。</p>",
        published_at=now - timezone.timedelta(days=1),
    )
    newer = PublishedArticleFactory(column=column, title="下一篇的标题", published_at=now - timezone.timedelta(hours=1))
    for related in (older, piece, newer):
        related.topics.add(topic)
    piece.tags.add("实训")
    CreditFactory(article=piece, role=Credit.Role.AUTHOR, name="李明")
    ArticleImageFactory(article=piece, caption="图为实训课堂。")
    return piece


def fresh_html(client, url, settings):
    settings.PAGE_CACHE_OBJECTS = False
    html = client.get(url).content.decode()
    settings.PAGE_CACHE_OBJECTS = True
    return html


def test_reader_copy_prints_exactly_what_a_fresh_render_prints(client, settings):
    piece = full_piece()
    url = piece.get_absolute_url()
    fresh = fresh_html(client, url, settings)
    first = client.get(url).content.decode()  # builds the copy
    second = client.get(url).content.decode()  # served from it
    assert first == fresh
    assert second == fresh
    for text in ("读者副本", "李明", "图为实训课堂。", "上一篇的标题", "下一篇的标题", "实训", "产教融合",
                 'property="og:title"', "application/ld+json", 'class="breadcrumb'):
        assert text in second, text


def test_second_visit_costs_no_query_and_the_first_stays_in_budget(client):
    piece = full_piece()
    url = piece.get_absolute_url()
    page_cache.cache().clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    assert len(cold) <= 6
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) == 0


def test_an_edit_shows_at_once(client):
    piece = full_piece()
    url = piece.get_absolute_url()
    client.get(url)
    piece.title = "改过的标题"
    piece.save()
    assert "改过的标题" in client.get(url).content.decode()


def test_withdrawal_takes_the_copy_down(client, django_capture_on_commit_callbacks):
    piece = full_piece()
    url = piece.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(piece, by=signer(), comment="内容有误")
    assert client.get(url).status_code == 404


def test_a_new_neighbour_shows_on_the_older_piece(client, django_capture_on_commit_callbacks):
    piece = full_piece()
    url = piece.get_absolute_url()
    client.get(url)
    newest = Article.objects.get(title="下一篇的标题")
    newest.title = "改名的下一篇"
    with django_capture_on_commit_callbacks(execute=True):
        newest.save()
    assert "改名的下一篇" in client.get(url).content.decode()


def test_editors_never_read_or_fill_the_copy(client):
    piece = full_piece()
    url = piece.get_absolute_url()
    client.get(url)  # a reader's visit keeps a copy
    Article.objects.filter(pk=piece.pk).update(title="不经信号的改动")  # no signal: only a fresh render shows it
    client.force_login(editor())
    assert "不经信号的改动" in client.get(url).content.decode()
    client.logout()
    assert "读者副本" in client.get(url).content.decode(), "the editor's visit changed nothing readers get"


def test_each_language_has_its_own_copy(client):
    piece = full_piece()
    url = piece.get_absolute_url()
    chinese = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "上一篇：" in chinese
    assert "上一篇：" not in english
    assert "Previous:" in english
    del client.cookies["django_language"]
    assert client.get(url).content.decode() == chinese


def test_a_wrong_date_in_the_address_still_redirects_from_the_copy(client):
    piece = full_piece()
    url = piece.get_absolute_url()
    client.get(url)
    parts = url.strip("/").split("/")
    parts[1] = str(int(parts[1]) - 1)  # the year
    response = client.get("/" + "/".join(parts) + "/")
    assert response.status_code == 301
    assert response["Location"] == url


def test_a_scheduled_neighbour_appears_when_its_time_comes(client, settings, time_machine):
    settings.PAGE_CACHE_TIMEOUT = 600
    full_piece()
    newest = Article.objects.get(title="下一篇的标题")  # the column's newest piece so far
    url = newest.get_absolute_url()
    # Due well within the copies' timeout: only the cut at the scheduled time can make it show.
    due = timezone.now() + timezone.timedelta(seconds=120)
    PublishedArticleFactory(column=newest.column, title="定时发布的稿件", published_at=due)
    assert "定时发布的稿件" not in client.get(url).content.decode()
    time_machine.move_to(due + timezone.timedelta(seconds=5))
    assert "定时发布的稿件" in client.get(url).content.decode()


def test_the_cold_visit_leaves_the_schedule_lookup_answered(client):
    piece = full_piece()
    page_cache.cache().clear()
    client.get(piece.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page_cache.entry_timeout(page_cache.content_version())
    assert len(queries) == 0

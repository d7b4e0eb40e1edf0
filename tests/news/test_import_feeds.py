"""RSS/Atom import: parsing, drafts, duplicates, fetching from a server on 127.0.0.1, poll_feeds, the admin action."""

from __future__ import annotations

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from news.importing import feeds
from news.importing.dates import SHANGHAI
from news.models import Article, Credit
from tests import factories

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).parent / "feeds"
RSS = (FEEDS / "school.rss").read_bytes()
ATOM = (FEEDS / "school.atom").read_bytes()


class FeedHandler(BaseHTTPRequestHandler):
    routes = {
        "/rss.xml": (200, RSS),
        "/atom.xml": (200, ATOM),
        "/page.html": (200, "<html><body><p>这不是订阅</p></body></html>".encode()),
        "/broken.xml": (200, RSS[: len(RSS) // 2]),
        "/big.xml": (200, b"<rss>" + b" " * (64 * 1024) + b"</rss>"),
    }

    def do_GET(self):
        if self.path == "/slow.xml":
            time.sleep(1.5)
        status, body = self.routes.get(self.path, (404, b"not found"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(monkeypatch):
    monkeypatch.setattr(feeds, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 32 * 1024)
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_rss_entries_are_read_with_beijing_time_sanitised_html_and_author():
    feed = feeds.read_feed(RSS)
    assert feed.title == "长春职业技术学院新闻网"
    first, second = feed.entries
    assert first.title == "我校举办2024年职业教育活动周启动仪式"
    assert first.link == "https://www.cvit.example/news/2024/0512.html"
    assert first.published_at == dt.datetime(2024, 5, 12, 10, 30, tzinfo=SHANGHAI)
    assert first.published_at.utcoffset() == dt.timedelta(hours=8)
    assert first.author == "王晓明"
    assert "<script>" not in first.body_html
    assert "onclick" not in first.body_html
    assert "javascript:" not in first.body_html
    assert "师生代表六百余人参加。" in first.body_html
    assert first.summary == "5月12日上午，活动周启动仪式在学校体育馆举行。"
    assert second.published_at == dt.datetime(2024, 5, 21, 0, 10, tzinfo=SHANGHAI)  # the next day in Beijing
    assert second.author == ""


def test_atom_entries():
    (entry,) = feeds.read_feed(ATOM).entries
    assert entry.title == "产教融合实训基地揭牌"
    assert entry.link == "https://jl.example/a/100.html"
    assert entry.published_at == dt.datetime(2024, 6, 1, 8, 0, tzinfo=SHANGHAI)
    assert entry.author == "李华"


@pytest.mark.parametrize("data", [b"", b"   ", b"not xml at all", "<html><p>网页</p></html>".encode(), RSS[:300]])
def test_bad_feeds_are_refused_with_a_message(data):
    with pytest.raises(feeds.FeedError) as exc:
        feeds.read_feed(data)
    assert exc.value.message


def test_entries_become_imported_drafts_once():
    school = factories.SchoolFactory(name="长春职业技术学院", region=factories.RegionFactory(name="吉林"))
    user = factories.editor(username="bianji")
    report = feeds.import_feed(feeds.read_feed(RSS), school=school, user=user)
    assert len(report.created) == 2
    article = Article.objects.get(source_url="https://www.cvit.example/news/2024/0512.html")
    assert article.status == Article.Status.DRAFT
    assert article.origin == Article.Origin.IMPORTED
    assert article.source == "长春职业技术学院新闻网"
    assert article.school == school
    assert article.region == school.region
    assert article.created_by == user
    assert article.published_at == dt.datetime(2024, 5, 12, 10, 30, tzinfo=SHANGHAI)
    assert "<script>" not in article.body
    assert list(article.credits.values_list("role", "name")) == [(Credit.Role.AUTHOR, "王晓明")]
    again = feeds.import_feed(feeds.read_feed(RSS), school=school, user=user)
    assert again.created == []
    assert sorted(again.duplicates) == sorted(report.created)
    assert Article.objects.count() == 2


def test_same_title_and_day_under_another_address_is_a_duplicate():
    feeds.import_feed(feeds.read_feed(RSS))
    moved = RSS.replace(b"/news/2024/0520.html", b"/xinwen/0520.html")
    report = feeds.import_feed(feeds.read_feed(moved))
    assert report.created == []
    assert len(report.duplicates) == 2


def test_source_falls_back_to_the_school_name():
    school = factories.SchoolFactory(name="吉林工业职业技术学院")
    untitled = ATOM.replace("<title>吉林职教</title>".encode(), b"")
    feeds.import_feed(feeds.read_feed(untitled), school=school)
    assert Article.objects.get().source == "吉林工业职业技术学院"


def test_dry_run_writes_nothing():
    report = feeds.import_feed(feeds.read_feed(RSS), dry_run=True)
    assert len(report.new_titles) == 2
    assert Article.objects.count() == 0


def test_fetch_over_http(feed_server):
    assert feeds.fetch(f"{feed_server}/rss.xml") == RSS
    report = feeds.import_feed_url(f"{feed_server}/atom.xml")
    assert report.ok
    assert len(report.created) == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.xml", "HTTP 404"),
        ("/slow.xml", "超时"),
        ("/big.xml", "超过"),
        ("/page.html", "订阅"),
        ("/broken.xml", "不是有效的 RSS/Atom 订阅"),
    ],
)
def test_fetch_errors_are_reported(feed_server, path, message):
    report = feeds.import_feed_url(f"{feed_server}{path}")
    assert not report.ok
    assert message in report.error
    assert Article.objects.count() == 0


def test_only_http_addresses_are_fetched():
    with pytest.raises(feeds.FeedError, match="http"):
        feeds.fetch(f"file://{FEEDS / 'school.rss'}")


def run_poll(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("poll_feeds", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_poll_feeds_imports_every_school_and_reports_bad_feeds_without_stopping(feed_server):
    bad = factories.SchoolFactory(name="甲校", feed_url=f"{feed_server}/missing.xml")
    slow = factories.SchoolFactory(name="乙校", feed_url=f"{feed_server}/slow.xml")
    good = factories.SchoolFactory(name="丙校", feed_url=f"{feed_server}/rss.xml")
    factories.SchoolFactory(name="丁校", feed_url="")
    atom = factories.SchoolFactory(name="戊校", feed_url=f"{feed_server}/atom.xml")
    out, err, exc = run_poll()
    assert exc is not None
    assert exc.returncode == 1
    assert Article.objects.filter(school=good).count() == 2
    assert Article.objects.filter(school=atom).count() == 1
    assert "甲校" in err
    assert "HTTP 404" in err
    assert "乙校" in err
    assert "超时" in err
    assert "共 4 个订阅：成功 2，失败 2；新建 3 篇" in out
    assert not Article.objects.filter(school__in=[bad, slow]).exists()
    out, err, exc = run_poll("--school", str(good.pk))
    assert exc is None
    assert "新建 0，已有 2" in out
    assert Article.objects.count() == 3


def test_poll_feeds_dry_run_and_unknown_school(feed_server):
    school = factories.SchoolFactory(name="丙校", feed_url=f"{feed_server}/rss.xml")
    out, _err, exc = run_poll("--dry-run")
    assert exc is None
    assert "将新建 2" in out
    assert "试运行" in out
    assert Article.objects.count() == 0
    _out, _err, exc = run_poll("--school", str(school.pk + 100))
    assert exc is not None


def test_admin_action_fetches_the_selected_schools(client, feed_server):
    user = factories.site_admin(username="zhanzhang")
    client.force_login(user)
    good = factories.SchoolFactory(name="丙校", feed_url=f"{feed_server}/rss.xml")
    bad = factories.SchoolFactory(name="甲校", feed_url=f"{feed_server}/missing.xml")
    response = client.post(
        reverse("admin:news_school_changelist"),
        {"action": "fetch_school_feeds", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "丙校：新建草稿 2 篇" in html
    assert "甲校：抓取失败" in html
    assert Article.objects.filter(school=good, status=Article.Status.DRAFT).count() == 2


def test_admin_action_needs_the_add_article_permission(client, feed_server):
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_school"))
    client.force_login(user)
    school = factories.SchoolFactory(name="丙校", feed_url=f"{feed_server}/rss.xml")
    response = client.post(
        reverse("admin:news_school_changelist"),
        {"action": "fetch_school_feeds", "_selected_action": [school.pk]},
        follow=True,
    )
    assert "没有新建文章的权限" in response.content.decode()
    assert Article.objects.count() == 0

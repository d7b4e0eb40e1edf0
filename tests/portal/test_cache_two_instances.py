"""Beyond one machine: two gunicorn instances on one PostgreSQL and one Redis share the page cache's freshness.

The app servers hold no state: a change made by another process (here a management shell against the shared
database, as an editor's save on another server would be) bumps the content version in Redis, and a page that
instance B had cached a moment before is fresh on B's very next request. The same servers also show that
static files are served hashed and cached for a year by whitenoise.

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (`make test` starts both). Uses a scratch
database it creates and drops, and Redis db 5 under a key prefix of its own, deleting only those keys.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_URL = "redis://127.0.0.1:6379/5"
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = pytest.mark.multi_instance


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A scratch PostgreSQL database and a Redis key prefix, migrated, static files collected."""
    import psycopg
    import redis

    name = f"perf_two_{secrets.token_hex(4)}"
    prefix = f"two-{secrets.token_hex(4)}"
    admin = psycopg.connect(dbname="postgres", autocommit=True, **PG)
    admin.execute(f'CREATE DATABASE "{name}"')
    store = redis.Redis.from_url(REDIS_URL)
    store.ping()
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "two-instances-" + secrets.token_hex(24),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "AXES_ENABLED": "0",
        "PAGE_CACHE_ENABLED": "1",
        "LOG_LEVEL": "ERROR",
    }
    try:
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=REPO, env=env, check=True, timeout=240)
        yield env
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        keys = list(store.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            store.delete(*keys)
        store.close()


def manage_shell(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", textwrap.dedent(code)],
        cwd=REPO, env=env, check=True, capture_output=True, text=True, timeout=60,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def servers(shared):
    """Two separate gunicorn instances, A and B, on free 127.0.0.1 ports."""
    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [str(GUNICORN), "-c", "portal/gunicorn.conf.py", "portal.wsgi:application", "--bind",
                 f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync"],
                cwd=REPO, env=shared, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, process.stderr.read().decode()
                try:
                    if get(base + "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)


def test_a_change_made_elsewhere_is_fresh_on_both_servers_at_once(shared, servers):
    a, b = servers
    path = manage_shell(
        shared,
        """
        from django.utils import timezone
        from news.models import Article, Column
        column = Column.objects.create(name="职教网讯", slug="zjwx")
        piece = Article.objects.create(title="第一版标题", column=column, status="published",
                                       published_at=timezone.now() - timezone.timedelta(minutes=5))
        print(piece.get_absolute_url())
        """,
    ).splitlines()[-1]

    # B caches the article page and the home page; A caches the home page too.
    assert get(b + path)[0] == 200
    status, headers, body = get(b + path)
    assert headers["X-Page-Cache"] == "hit"
    assert "第一版标题" in body
    get(b + "/")
    assert get(b + "/")[1]["X-Page-Cache"] == "hit"
    get(a + "/")
    assert get(a + "/")[1]["X-Page-Cache"] == "hit"

    # Another process edits the piece and signs off a new one through the review chain.
    manage_shell(
        shared,
        """
        from django.contrib.auth.models import Group, User
        from news import roles, workflow
        from news.models import Article
        piece = Article.objects.get(title="第一版标题")
        piece.title = "更正后的标题"
        piece.save()
        signer = User.objects.create_user("signer", password="pass-12345-long", is_staff=True)
        signer.groups.add(Group.objects.get(name=roles.SIGNER))
        fresh = Article.objects.create(title="刚刚签发的新闻", column=piece.column, status="signoff")
        workflow.sign_off(fresh, by=signer)
        """,
    )

    status, headers, body = get(b + path)
    assert status == 200
    assert headers["X-Page-Cache"] == "miss"
    assert "更正后的标题" in body
    for server in (a, b):
        _status, headers, body = get(server + "/")
        assert headers["X-Page-Cache"] == "miss"
        assert "刚刚签发的新闻" in body
        assert "更正后的标题" in body

    # Withdrawn elsewhere: gone from both at once.
    manage_shell(
        shared,
        """
        from django.contrib.auth.models import User
        from news import workflow
        from news.models import Article
        workflow.withdraw(Article.objects.get(title="刚刚签发的新闻"), by=User.objects.get(username="signer"),
                          comment="撤稿测试")
        """,
    )
    for server in (a, b):
        assert "刚刚签发的新闻" not in get(server + "/")[2]


def test_views_counted_on_both_servers_reach_the_database(shared, servers):
    a, b = servers
    path = manage_shell(
        shared,
        """
        from django.utils import timezone
        from news.models import Article, Column
        column, _ = Column.objects.get_or_create(slug="counted", defaults={"name": "计数"})
        piece = Article.objects.create(title="计数稿件", column=column, status="published",
                                       published_at=timezone.now() - timezone.timedelta(minutes=5))
        print(piece.get_absolute_url())
        """,
    ).splitlines()[-1]
    for server in (a, b, a, b, b):
        assert get(server + path)[0] == 200
    out = manage_shell(
        shared,
        """
        from django.core.management import call_command
        from news.models import Article
        call_command("flush_view_counts")
        print(Article.objects.get(title="计数稿件").view_count)
        """,
    )
    assert out.splitlines()[-1] == "5"


def test_revalidation_works_across_servers(servers):
    a, b = servers
    get(a + "/")
    _status, headers, _ = get(a + "/")
    etag = headers["ETag"]
    # The page both servers hold came from the same shared entry: B answers A's ETag with 304.
    assert get(b + "/", {"If-None-Match": etag})[0] == 304


def test_static_files_are_hashed_and_cached_for_a_year(servers):
    a, _ = servers
    _, _, body = get(a + "/")
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the stylesheet link carries the file's hash"
    status, headers, _ = get(a + match.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"

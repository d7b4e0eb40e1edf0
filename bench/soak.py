"""Soak run: mixed public traffic against gunicorn on 127.0.0.1 while editors publish through the review chain.

    SOAK_SECONDS=600 python bench/soak.py      # `make soak`

It builds its own small site in a temporary directory (SQLite by default; SOAK_DATABASE_URL=postgres://… to use
PostgreSQL — the database is flushed first), starts gunicorn with the production settings, and for
SOAK_SECONDS sends requests from SOAK_CLIENTS threads. Meanwhile one editor thread writes, submits, reviews,
signs off, corrects and withdraws pieces through `news.workflow` on the same database.

It reports the errors (any 5xx, refused connection or editor failure; target 0) and the RSS of every gunicorn
worker (from /proc) after warm-up and at the end (target: growth of at most 10 %). The figures go to stdout and
bench/out/soak.json; the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "6"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "2"))
PORT = int(os.environ.get("SOAK_PORT", "8765"))
WARMUP = min(30, max(5, SECONDS // 10))
MAX_GROWTH = 0.10
WORK = Path(tempfile.mkdtemp(prefix="portal-soak-"))

ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": os.environ.get("SOAK_DATABASE_URL", f"sqlite:///{WORK / 'soak.sqlite3'}"),
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1; the proxy terminates TLS in production
    "AXES_ENABLED": "0",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}
os.environ.update(ENV)
os.environ.pop("PORTAL_TESTING", None)
sys.path.insert(0, str(REPO))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402

from news import roles, workflow  # noqa: E402
from news.models import Article, Column, Region, School, Topic  # noqa: E402

# --- the site ---------------------------------------------------------------------------------------------------
WORDS = [
    "职业教育", "技能大赛", "产教融合", "实训基地", "双高计划",
    "工匠精神", "校企合作", "现代学徒制", "活动周", "职教高考",
]


def build_site(articles: int = 300) -> dict:
    if ENV["DATABASE_URL"].startswith("postgres"):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    people = {}
    for name, role in [("soak-editor", roles.EDITOR), ("soak-reviewer", roles.REVIEWER), ("soak-signer", roles.SIGNER)]:
        user = User.objects.create_user(name, password=secrets.token_urlsafe(12), is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        people[role] = user
    news = Column.objects.create(name="新闻", slug="xinwen")
    columns = [news] + [Column.objects.create(name=f"栏目{i}", slug=f"lanmu-{i}", parent=news) for i in range(5)]
    province = Region.objects.create(name="江苏", slug="jiangsu")
    regions = [province] + [
        Region.objects.create(name=f"城市{i}", slug=f"city-{i}", parent=province, level=Region.Level.CITY)
        for i in range(4)
    ]
    topics = [Topic.objects.create(name=f"专题{i}", slug=f"topic-{i}") for i in range(3)]
    schools = [School.objects.create(name=f"第{i}职业技术学院", region=regions[i % 5]) for i in range(5)]
    now = timezone.now()
    for i in range(articles):
        article = Article.objects.create(
            title=f"{random.choice(WORDS)}新闻第{i}篇",
            summary="。".join(random.sample(WORDS, 4)),
            body="".join(f"<p>{'，'.join(random.sample(WORDS, 6))}。</p>" for _ in range(8)),
            column=random.choice(columns), region=random.choice(regions), school=random.choice(schools),
            status=Article.Status.PUBLISHED, published_at=now - timezone.timedelta(hours=i),
        )
        article.topics.add(random.choice(topics))
        article.tags.add(random.choice(WORDS))
    return people


def public_paths() -> list[str]:
    """Routes without arguments (from the resolver, so later pages join in) and one URL per listed object."""
    paths = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(("admin/", "media/", "static/")):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
                paths.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    for model in (Column, Region, Topic):
        paths += [obj.get_absolute_url() for obj in model.objects.all()]
    from taggit.models import Tag

    paths += [f"/tag/{quote(tag.slug)}/" for tag in Tag.objects.all()]
    paths += [quote(a.get_absolute_url()) for a in Article.objects.published()[:200]]
    paths.append(staticfiles_storage.url("css/site.css"))
    return sorted(set(paths))


HOSTILE = ["?page=-1", "?page=abc", f"?page={10**20}", "?page=2", "?q=%3Cscript%3E", "?column=%00", "?sort=x"]


# --- the server -------------------------------------------------------------------------------------------------
def start_gunicorn() -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
        "--workers", str(WORKERS), "--timeout", "60", "--log-level", "warning",
    ]
    log = (WORK / "gunicorn.log").open("w")
    server = subprocess.Popen(
        command, cwd=REPO, env={**os.environ}, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    for _ in range(100):
        try:
            if get("/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not come up")


def get(path: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def worker_rss(master: int) -> dict[int, int]:
    """RSS in KiB of each child process of the gunicorn master, from /proc."""
    result = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    result[int(entry.name)] = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return result


# --- the load ---------------------------------------------------------------------------------------------------
class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.requests = 0
        self.published = 0
        self.moves = 0

    def error(self, text: str) -> None:
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(text)
            self.statuses["error"] += 1


def client_loop(paths: list[str], tally: Tally, stop: threading.Event) -> None:
    rng = random.Random()
    while not stop.is_set():
        path = rng.choice(paths)
        if rng.random() < 0.15:
            path += rng.choice(HOSTILE)
        try:
            status, _size = get(path)
        except OSError as exc:
            tally.error(f"{path}: {exc!r}")
            continue
        with tally.lock:
            tally.requests += 1
            tally.statuses[status] += 1
        if status >= 500:
            tally.error(f"{path}: HTTP {status}")


def editor_loop(people: dict, paths: list[str], tally: Tally, stop: threading.Event) -> None:
    """A newsroom at work: write, submit, review ×N, sign off; now and then correct or withdraw a piece."""
    writer, checker, boss = people[roles.EDITOR], people[roles.REVIEWER], people[roles.SIGNER]
    column = Column.objects.first()
    n = 0
    while not stop.is_set():
        n += 1
        try:
            article = Article.objects.create(
                title=f"浸泡测试稿件{n}", summary="导语", body="<p>正文</p>" * 20, column=column,
                created_by=writer, last_edited_by=writer,
            )
            article.tags.add(random.choice(WORDS))
            workflow.submit(article, by=writer)
            for _level in range(workflow.review_levels()):
                workflow.approve(article, by=checker)
            workflow.sign_off(article, by=boss)
            with tally.lock:
                tally.published += 1
                tally.moves += 2 + workflow.review_levels()
            paths.append(quote(article.get_absolute_url()))
            if n % 5 == 0:
                article.summary = f"更正导语{n}"
                article.last_edited_by = boss
                article.save()
                workflow.record_edit(article, by=boss)
            if n % 7 == 0:
                workflow.withdraw(article, by=boss, comment="浸泡测试撤稿")
                with tally.lock:
                    tally.moves += 1
        except Exception as exc:  # every failure of the chain counts as an error of the run
            tally.error(f"editor: {exc!r}")
        finally:
            close_old_connections()
        stop.wait(0.5)


def main() -> int:
    print(f"soak: building the site in {WORK} …", flush=True)
    people = build_site()
    paths = public_paths()
    server = start_gunicorn()
    master = server.pid
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=client_loop, args=(paths, tally, stop), daemon=True) for _ in range(CLIENTS)]
    threads.append(threading.Thread(target=editor_loop, args=(people, paths, tally, stop), daemon=True))
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        time.sleep(WARMUP)
        rss_start = worker_rss(master)
        requests_at_start = tally.requests
        print(f"soak: warmed up after {WARMUP}s; worker RSS {rss_start} KiB; running {SECONDS}s …", flush=True)
        while time.monotonic() - started < SECONDS:
            time.sleep(min(30, SECONDS))
            print(f"soak: {int(time.monotonic() - started)}s, {tally.requests} requests, "
                  f"{len(tally.errors)} errors, {tally.published} published", flush=True)
        rss_end = worker_rss(master)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=35)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    elapsed = time.monotonic() - started
    server_log = (WORK / "gunicorn.log").read_text(errors="replace")
    server_errors = server_log.count("Traceback") + server_log.count("[CRITICAL]") + server_log.count("WORKER TIMEOUT")
    same_workers = set(rss_start) == set(rss_end)
    total_start, total_end = sum(rss_start.values()), sum(rss_end.values())
    growth = (total_end - total_start) / total_start if total_start else 0.0
    per_worker = {
        pid: round((rss_end[pid] - rss_start[pid]) / rss_start[pid], 4) for pid in rss_start if pid in rss_end
    }
    report = {
        "seconds": round(elapsed, 1),
        "clients": CLIENTS,
        "workers": WORKERS,
        "database": ENV["DATABASE_URL"].split(":", 1)[0],
        "requests": tally.requests,
        "requests_per_second": round(tally.requests / elapsed, 1),
        "requests_after_warmup": tally.requests - requests_at_start,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items(), key=str)},
        "errors": tally.statuses["error"] + server_errors,
        "server_log_errors": server_errors,
        "server_log": str(WORK / "gunicorn.log"),
        "error_samples": tally.errors[:10],
        "published_during_run": tally.published,
        "workflow_moves": tally.moves,
        "worker_rss_kib_start": rss_start,
        "worker_rss_kib_end": rss_end,
        "workers_unchanged": same_workers,
        "rss_growth_total": round(growth, 4),
        "rss_growth_per_worker": per_worker,
    }
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    worst = max(per_worker.values(), default=0.0)
    ok = report["errors"] == 0 and same_workers and growth <= MAX_GROWTH and worst <= MAX_GROWTH
    print(f"soak: {'PASS' if ok else 'FAIL'} — errors {report['errors']} (target 0), "
          f"worker memory {total_start} → {total_end} KiB ({growth:+.1%}, worst worker {worst:+.1%}; target ≤ +10%)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

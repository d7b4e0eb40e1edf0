"""`make bench`: the portal's pages against the framework's own floor, on this machine.

    python -m bench.run --n 10000            # SQLite file under bench/out/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m bench.run --n 100000

1. Builds (or reuses) a scratch database of N synthetic published articles (bench/fill.py).
2. Counts SQL queries per page in-process (one request each, CaptureQueriesContext), page cache off and on.
3. Serves the portal as production does: gunicorn, DEBUG off, whitenoise, collectstatic into bench/out/, one
   server with the anonymous page cache off and one with it on, both on 127.0.0.1 free ports.
4. Loads every page with wrk, interleaved (round › page › server) so machine noise hits all alike, and
   reports the median of the rounds: requests/s, p50, p99, and the ratio to the floor view of the same
   server (a bare Django page the size of the article page that touches no database).
5. Search latency (bench/search_latency.py): one client, no concurrency, the uncached server, a mix of
   queries with and without each filter; p50/p95/p99 overall and per kind.
6. Peak memory per gunicorn worker (VmHWM) and its PSS at the end, pages imported per second (the import
   pipeline's dry run).

Writes bench/results.json and prints the table. Every process it starts is stopped before it returns.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
RESULTS = REPO / "bench" / "results.json"
SEEDS = Path(os.environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds"))
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"


@dataclass
class Page:
    name: str
    path: str | None  # None: the page does not exist in this build
    note: str = ""
    bytes: int = 0
    status: int = 0
    queries: dict = field(default_factory=dict)
    render_ms: dict = field(default_factory=dict)  # column pages: in-process, after a publish and warm
    # When set, wrk asks for these in random order (a Lua script): many pages, so per-page caches are mostly cold.
    spread: list[str] = field(default_factory=list)


# -- the environment the portal runs in ---------------------------------------------------------------------


def portal_env(args, database_url: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + "x" * 50,
        "DEBUG": "0",
        "PORTAL_TESTING": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(OUT / "media"),
        "BENCH_FLOOR": "1",
        "LOG_LEVEL": "ERROR",
        "AXES_ENABLED": "0",
        "VIEW_COUNT_FLUSH_EVERY": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
        env["CACHE_KEY_PREFIX"] = BENCH_PREFIX
    return env


BENCH_PREFIX = f"bench-{os.getpid()}"


def forget_redis_keys(url: str) -> None:
    """Delete the keys this run wrote to Redis (its own prefix only; nothing else in that db)."""
    if not url.startswith(("redis://", "rediss://")):
        return
    import redis

    store = redis.Redis.from_url(url)
    keys = list(store.scan_iter(match=f"{BENCH_PREFIX}:*", count=1000))
    for start in range(0, len(keys), 1000):
        store.delete(*keys[start:start + 1000])
    store.close()


def sqlite_url(n: int) -> str:
    return f"sqlite:///{OUT / f'bench-{n}.sqlite3'}"


def ensure_postgres_database(url: str, fresh: bool) -> bool:
    """Create the database (drop it first when `fresh`); True when it existed and was kept."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
        return bool(exists)


def analyze(connection) -> None:
    """Planner statistics for freshly written rows, as a database that has lived a while has them.

    SQLite has none until ANALYZE. PostgreSQL's autovacuum gets there in time, but a table filled a moment
    ago also has no visibility map yet, and the planner then prices every index-only scan as heap reads
    (measured at 1M: the column index passed over, a deep column page 61 ms instead of 2.4 ms): VACUUM it.
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def prepare_database(args) -> tuple[str, dict]:
    """Create or reuse the scratch database with N articles; returns its URL and the fill figures."""
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or sqlite_url(args.n)
    marker = OUT / (re.sub(r"[^A-Za-z0-9]+", "_", url.split("://", 1)[1]) + ".json")
    reusable = marker.exists() and not args.rebuild and json.loads(marker.read_text()).get("articles") == args.n
    if url.startswith("sqlite"):
        reusable = reusable and Path(url.removeprefix("sqlite:///")).exists()
        if not reusable:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    if url.startswith("postgres"):
        reusable = ensure_postgres_database(url, fresh=not reusable) and reusable
    os.environ.update(portal_env(args, url))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    print("· migrate", flush=True)  # on a reused database of a million rows a new index takes a while
    applied = MigrationRecorder(connection).applied_migrations().keys()
    call_command("migrate", verbosity=0, interactive=False)
    from bench import fill

    if reusable:
        figures = json.loads(marker.read_text())
        print(f"· reusing {url} ({args.n} articles; --rebuild to refill)")
        if MigrationRecorder(connection).applied_migrations().keys() - applied:
            analyze(connection)  # statistics for what the new migrations built
        if args.search_index and str(figures.get("search_index", "")).startswith("skipped"):
            print("· building the search index the fill skipped", flush=True)
            figures["search_index"] = fill.reindex_search()
            marker.write_text(json.dumps(figures))
        return url, figures

    print(f"· filling {url} with {args.n} articles")
    shutil.rmtree(OUT / "media", ignore_errors=True)
    figures = fill.fill(args.n, SEEDS)
    if args.search_index:
        print("· building the search index (--no-search-index skips it)", flush=True)
        figures["search_index"] = fill.reindex_search()
    else:
        figures["search_index"] = "skipped (--no-search-index)"
    print("· ANALYZE", flush=True)
    started = time.monotonic()
    analyze(connection)
    figures["analyze_seconds"] = round(time.monotonic() - started, 1)
    print(f"  {figures['articles']} articles in {figures['seconds']} s ({figures['articles_per_second']}/s)")
    marker.write_text(json.dumps(figures))
    return url, figures


# -- which pages -------------------------------------------------------------------------------------------


def reverse_or_none(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def find_feed() -> str | None:
    from django.urls import get_resolver

    for name in ("news:feed", "news:rss", "news:atom", "news:latest-feed", "news:feed-latest", "feed", "rss"):
        if path := reverse_or_none(name):
            return path
    resolver = get_resolver()
    names = [key for key in resolver.reverse_dict.keys() if isinstance(key, str)]  # noqa: SIM118 - MultiValueDict
    for namespace, (_prefix, inner) in resolver.namespace_dict.items():
        names += [f"{namespace}:{key}" for key in inner.reverse_dict.keys() if isinstance(key, str)]  # noqa: SIM118
    for name in names:
        if re.search(r"feed|rss|atom", name) and (path := reverse_or_none(name)):
            return path
    return None


def discover_pages() -> list[Page]:
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article, Column
    from news.pagination import MAX_PAGES
    from news.views import PAGE_SIZE

    pages = [Page("home", "/")]
    column = Column.objects.filter(slug="zjwx").first() or Column.objects.first()
    count = Article.objects.published().filter(column=column).count() if column else 0
    # Page numbers stop at MAX_PAGES (older pieces are reached through the archive), so that is the last page.
    last = min(MAX_PAGES, max(1, -(-count // PAGE_SIZE)))
    column_url = reverse_or_none("news:column", slug=column.slug) if column else None
    pages.append(Page("column p1", column_url))
    deep = min(500, last)
    pages.append(Page(f"column p{deep}", f"{column_url}?page={deep}" if column_url else None, note=f"of {last}"))
    if last > deep:
        pages.append(Page("column last", f"{column_url}?page={last}" if column_url else None, note=f"p{last}"))
    article = Article.objects.published().filter(images__isnull=False).order_by("-published_at").first()
    article = article or Article.objects.published().order_by("-published_at").first()
    pages.append(Page("article", article.get_absolute_url() if article else None))
    # The long tail: readers arriving on 2,000 different pieces, whose reader copies are mostly not kept yet.
    many = [a.get_absolute_url() for a in Article.objects.published().only("pk", "published_at")
            .order_by("-published_at")[:SPREAD_ARTICLES]]
    pages.append(Page(f"article ×{len(many)}", many[0] if many else None, note="random", spread=many))
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    pages.append(Page("tag", reverse_or_none("news:tag", slug=tag.slug) if tag else None))
    search = reverse_or_none("news:search")
    pages.append(Page("search 教师", f"{search}?q={quote('教师')}" if search else None))
    pages.append(Page("search 职业教育", f"{search}?q={quote('职业教育')}" if search else None))
    pages.append(Page("activity week", activity_week_url()))
    pages.append(Page("feed", find_feed()))
    pages.append(Page("floor", "/_bench/floor"))
    return pages


def activity_week_url() -> str | None:
    try:
        from events.models import ActivityWeek
    except ImportError:
        return None
    manager = ActivityWeek.objects
    queryset = manager.published() if hasattr(manager, "published") else manager.all()
    week = queryset.first()
    if week is None or not hasattr(week, "get_absolute_url"):
        return None
    try:
        return week.get_absolute_url()
    except Exception:  # another team's model: a page we cannot reach is reported n/a
        return None


def measure_in_process(pages: list[Page]) -> None:
    """Status, size and SQL queries of one request per page, the page cache off and on (warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from portal.cache import bump_content_version

    client = Client(HTTP_HOST="127.0.0.1")
    article = next((p for p in pages if p.name == "article" and p.path), None)
    floor = next(p for p in pages if p.name == "floor")
    for page in pages:
        if page.path is None:
            continue
        if page is floor:
            size = article.bytes if article else 20000
            page.path = f"/_bench/floor?bytes={size}"
        with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        page.status, page.bytes = response.status_code, len(response.content)
        page.queries["uncached"] = len(queries)
        bump_content_version()  # everything cached so far is stale: the next request renders
        with override_settings(PAGE_CACHE_ENABLED=True):
            client.get(page.path)
            with CaptureQueriesContext(connection) as queries:
                client.get(page.path)
        page.queries["cached"] = len(queries)
        if page.name.startswith("column"):
            page.render_ms = render_times(client, page.path)


def render_times(client, path: str, repeat: int = 3) -> dict:
    """One request in-process, page cache off: the first after a publish (the content version moves, so the
    cached count and navigation tree are rebuilt) against one with them cached; medians of `repeat`."""
    from django.test.utils import override_settings

    from portal.cache import bump_content_version

    times: dict[str, list[float]] = {"after publish": [], "warm": []}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(repeat):
            bump_content_version()
            for label in ("after publish", "warm"):
                started = time.perf_counter()
                client.get(path)
                times[label].append((time.perf_counter() - started) * 1000)
    return {label: round(statistics.median(values), 1) for label, values in times.items()}


def import_rate(copies: int) -> dict:
    """Pages read per second by the import pipeline's dry run (decode, parse, duplicate check)."""
    try:
        from news.importing import pipeline
    except ImportError:
        return {"pages_per_second": "n/a", "note": "news.importing.pipeline not present"}
    if not hasattr(pipeline, "preview"):
        return {"pages_per_second": "n/a", "note": "pipeline.preview not present"}
    seeds = sorted(SEEDS.glob("*.txt"))
    sources = [(f"copy{n}/{path.name}", path.read_bytes()) for n in range(copies) for path in seeds]
    started = time.perf_counter()
    items = pipeline.preview(sources)
    seconds = time.perf_counter() - started
    return {
        "pages_per_second": round(len(items) / seconds, 1),
        "pages": len(items),
        "note": "pipeline.preview: decode, parse, duplicate check against the database (dry run)",
    }


# -- serving ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    label: str
    port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(label: str, env: dict[str, str], args) -> Server:
    port = free_port()
    command = [
        str(GUNICORN), "-c", str(REPO / "portal" / "gunicorn.conf.py"), "portal.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--worker-class", args.worker_class,
        "--threads", str(args.threads),
    ]
    log = open(OUT / f"gunicorn-{label}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    server = Server(label, port, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ({label}) exited; see {log.name}")
        try:
            urllib.request.urlopen(server.base + "/healthz", timeout=2).read()
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn ({label}) did not answer within 30 s")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in path.read_text().split()]
    except OSError:
        return []


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def pss_mb(pid: int) -> float | None:
    """Proportional set size now: resident pages, each shared page divided among the processes sharing it.

    RSS (and its peak, VmHWM) counts in full every page a worker shares with the master and the other
    workers (what the master loaded before forking); PSS says what the worker really adds."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


# -- load -------------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


SPREAD_ARTICLES = 2000


def spread_script(page: Page) -> Path:
    """A wrk Lua script asking for the page's paths in random order."""
    script = OUT / f"spread-{re.sub(r'[^A-Za-z0-9]+', '-', page.name)}.lua"
    paths = ",\n".join(json.dumps(path) for path in page.spread)
    script.write_text(
        "math.randomseed(os.time() + math.floor(os.clock() * 1000000))\n"
        f"local paths = {{\n{paths}\n}}\n"
        "request = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n",
        encoding="utf-8",
    )
    return script


def run_wrk(url: str, args, script: Path | None = None) -> dict:
    command = ["wrk", f"-t{args.threads_wrk}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "--timeout", "5s", *(["-s", str(script)] if script else []), url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 30).stdout
    result = {"rps": float("nan"), "p50": float("nan"), "p99": float("nan"), "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"^\s+50%\s+(\S+)", output, re.M):
        result["p50"] = to_ms(match.group(1))
    if match := re.search(r"^\s+99%\s+(\S+)", output, re.M):
        result["p99"] = to_ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["errors"] += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["errors"] += sum(int(g) for g in match.groups())
    return result


def warm(server: Server, pages: list[Page]) -> None:
    for page in pages:
        if page.path and page.status == 200:
            for _ in range(4):
                urllib.request.urlopen(server.base + page.path, timeout=30).read()


# -- the run ----------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    values = [v for v in values if v == v]  # drop NaN
    return round(statistics.median(values), 2) if values else float("nan")


def summarise(pages: list[Page], samples: dict, modes: list[str]) -> list[dict]:
    rows = []
    for mode in modes:
        floor_runs = samples.get((mode, "floor"), [])
        for page in pages:
            row = {"mode": mode, "page": page.name, "path": page.path, "status": page.status, "bytes": page.bytes,
                   "sql": page.queries.get(mode, None), "note": page.note, "render_ms": page.render_ms}
            runs = samples.get((mode, page.name))
            if page.path is None or not runs:
                state = "n/a" if page.path is None else "skipped" if page.status == 200 else f"HTTP {page.status}"
                row.update(rps="n/a", p50="n/a", p99="n/a", ratio="n/a", errors=0, state=state)
            else:
                rps = median([s["rps"] for s in runs])
                # The ratio is taken round by round (the floor ran minutes apart at most), then the median.
                ratios = [s["rps"] / f["rps"] for s, f in zip(runs, floor_runs, strict=False) if f["rps"]]
                row.update(
                    rps=rps, p50=median([s["p50"] for s in runs]), p99=median([s["p99"] for s in runs]),
                    ratio=median(ratios) if ratios else "n/a",
                    errors=sum(s["errors"] for s in runs), rounds=[s["rps"] for s in runs], state="ok",
                )
            rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    head = "| server | page | req/s | p50 ms | p99 ms | SQL | × floor |"
    lines = [head, "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        name = row["page"] + (f" ({row['note']})" if row["note"] else "")
        if row["state"] != "ok":
            lines.append(f"| {row['mode']} | {name} | {row['state']} | | | | |")
            continue
        lines.append(
            f"| {row['mode']} | {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['sql'] if row['sql'] is not None else ''} | {row['ratio']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("N", "10000")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "3")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "5")), help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads-wrk", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default=os.environ.get("WORKER_CLASS", "sync"))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", ""),
                        help="redis://127.0.0.1:6379/5 to run the cached server on Redis (default: local memory)")
    parser.add_argument("--pages", default="", help="comma-separated page names to load (default: all)")
    parser.add_argument("--rebuild", action="store_true", help="refill the scratch database")
    parser.add_argument("--import-copies", type=int, default=20)
    parser.add_argument("--no-search-index", dest="search_index", action="store_false",
                        default=os.environ.get("BENCH_SEARCH_INDEX", "1") != "0",
                        help="skip building the search index (deep-page runs at 1M; search then finds nothing)")
    parser.add_argument("--fill-only", action="store_true",
                        help="build the scratch database and stop (fill outside the lock, measure under it)")
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--search-requests", type=int, default=int(os.environ.get("SEARCH_REQUESTS", "400")),
                        help="requests of the search-latency phase (0 skips it)")
    parser.add_argument("--search-only", action="store_true", help="only the search-latency phase (no wrk)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk (make bench does it)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)

    if not SEEDS.is_dir():
        print(f"seed pages not found at {SEEDS}: set SEEDS_DIR", file=sys.stderr)
        return 2
    database_url, fill_figures = prepare_database(args)
    if args.fill_only:
        return 0
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    pages = discover_pages()
    if args.search_only:
        imported = {"pages_per_second": "n/a", "note": "skipped (--search-only)"}
    else:
        measure_in_process(pages)
        imported = import_rate(args.import_copies)
    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    loaded = [p for p in pages if p.path and p.status == 200 and (not wanted or p.name in wanted or p.name == "floor")]
    if args.search_only:
        loaded = []
    search_path = reverse_or_none("news:search")

    env = {**os.environ, **portal_env(args, database_url)}
    modes = ["uncached", "cached"]
    servers: dict[str, Server] = {}
    samples: dict = {}
    peaks: dict = {}
    pss: dict = {}
    latency: dict = {}
    try:
        servers["uncached"] = start_server("uncached", {**env, "PAGE_CACHE_ENABLED": "0"}, args)
        servers["cached"] = start_server("cached", {**env, "PAGE_CACHE_ENABLED": "1"}, args)
        for server in servers.values():
            warm(server, loaded)
        total = args.rounds * len(loaded) * len(modes)
        done = 0
        for round_number in range(1, args.rounds + 1):
            for page in loaded:
                for mode in modes:
                    done += 1
                    print(f"\r· round {round_number}/{args.rounds}: {page.name:<14} {mode:<8} [{done}/{total}]",
                          end="", file=sys.stderr, flush=True)
                    script = spread_script(page) if page.spread else None
                    samples.setdefault((mode, page.name), []).append(
                        run_wrk(servers[mode].base + page.path, args, script)
                    )
        print(file=sys.stderr)
        if args.search_requests and search_path:
            from bench import search_latency

            latency = search_latency.measure(servers["uncached"].base, search_path, args.search_requests)
        for mode, server in servers.items():
            peaks[mode] = [peak_rss_mb(pid) for pid in worker_pids(server.process.pid)]
            pss[mode] = [pss_mb(pid) for pid in worker_pids(server.process.pid)]
    finally:
        for server in servers.values():
            stop_server(server)
        forget_redis_keys(args.cache_url)

    rows = summarise(pages, samples, modes)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "database": database_url.split("://", 1)[0],
        "articles": args.n,
        "fill": fill_figures,
        "server": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads,
                   "cache": args.cache_url or "local memory"},
        "load": {"tool": "wrk", "threads": args.threads_wrk, "connections": args.connections,
                 "duration_s": args.duration, "rounds": args.rounds, "statistic": "median of rounds"},
        "pages": rows,
        "search_latency": latency or "skipped",
        "peak_rss_mb_per_worker": peaks,
        "pss_mb_per_worker_at_end": pss,
        "import": imported,
    }
    Path(args.output).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print()
    threads = f" ({args.threads} threads)" if args.worker_class == "gthread" else ""
    print(f"{args.n} articles, {results['database']}, gunicorn {args.workers}×{args.worker_class}{threads},"
          f" wrk -t{args.threads_wrk} -c{args.connections} -d{args.duration}s, median of {args.rounds} rounds")
    if not args.search_only:
        print(table(rows))
    for page in pages:
        if page.render_ms:
            print(f"in-process {page.name}: {page.render_ms['after publish']} ms after a publish (count and "
                  f"navigation rebuilt), {page.render_ms['warm']} ms warm")
    if latency:
        from bench import search_latency

        print(f"search latency, uncached server, one client: {latency['requests']} requests after "
              f"{latency['warmup']} warm-up, {latency['errors']} errors")
        print(search_latency.table(latency))
    print(f"peak RSS per worker (MB): {peaks}")
    print(f"PSS per worker at the end (MB): {pss}")
    print(f"import: {imported['pages_per_second']} pages/s ({imported.get('note', '')})")
    print(f"fill: {fill_figures.get('articles_per_second')} articles/s")
    print(f"→ {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


"""Large batches through import_pages: a 1,000-page zip with progress and summary; a failure half-way."""

from __future__ import annotations

import json
import time
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from news.importing import pipeline
from news.importing.pinyin import clean_pinyin
from news.models import Article, Credit
from tests.news.import_seeds import EXPECTED, needs_seeds, seeds_dir

pytestmark = [pytest.mark.django_db, needs_seeds]

ARTICLES = [c for c in EXPECTED if c["kind"] == "article"]


def varied_page(case: dict, n: int) -> str:
    """The seed page with its title and first paragraph made unique, so no page duplicates another."""
    lines = (seeds_dir() / case["file"]).read_text(encoding="utf-8").split("\n")
    for k, line in enumerate(lines):
        clean = clean_pinyin(line).strip()
        if clean == case["title"]:
            lines[k] = line.replace(line.strip(), f"{line.strip()}（{n}）")
        elif case.get("first_paragraph_starts") and clean.startswith(case["first_paragraph_starts"][:10]):
            lines[k] = line.replace(line.strip(), f"第{n}号。{line.strip()}")
    return "\n".join(lines)


def test_a_thousand_page_zip_imports_with_progress_and_a_correct_summary(tmp_path):
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(1000):
            case = EXPECTED[n % len(EXPECTED)]
            zf.writestr(f"batch/{n:04d}_{case['file']}", varied_page(case, n))
    out, err = StringIO(), StringIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("import_pages", str(archive), stdout=out, stderr=err)
    elapsed = time.perf_counter() - started
    articles = 1000 * len(ARTICLES) // len(EXPECTED)
    events = 1000 - articles
    assert Article.objects.count() == articles
    assert "1000/1000" in err.getvalue()  # the progress bar reached the end
    summary = out.getvalue().strip().splitlines()[-1]
    imported_events = pipeline._events_importer() is not None
    warnings_per_seed = {
        c["file"]: len(pipeline.read_item(pipeline.Source(c["file"], data=varied_page(c, 0).encode())).parsed.warnings)
        for c in EXPECTED
    }
    warnings = sum(warnings_per_seed[EXPECTED[n % len(EXPECTED)]["file"]] for n in range(1000))
    assert summary == (
        f"导入完成：新建 {articles}，更新 0，重复 0，拒绝 0，"
        f"未导入 {0 if imported_events else events}，活动 {events if imported_events else 0}，警告 {warnings}。"
    )
    cpu = time.process_time() - cpu_started
    # Reported, never asserted: wall time depends on the machine load, CPU time less so.
    print(f"\n1000 pages: {elapsed:.1f}s wall, {1000 / elapsed:.0f}/s; {cpu:.1f}s CPU, {1000 / cpu:.0f}/s")


def test_a_failure_half_way_leaves_earlier_items_and_nothing_of_the_failing_one(monkeypatch):
    real = pipeline._save_credits
    calls = {"n": 0}

    def failing_third(article, parsed, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(article, parsed, **kwargs)

    monkeypatch.setattr(pipeline, "_save_credits", failing_third)
    out = StringIO()
    call_command("import_pages", str(seeds_dir()), "--json", stdout=out, stderr=StringIO())
    results = {json.loads(line)["file"].rsplit("/", 1)[-1]: json.loads(line) for line in out.getvalue().splitlines()}
    failing = ARTICLES[2]
    assert results[failing["file"]]["result"] == "not_imported"
    assert "disk full" in results[failing["file"]]["result_detail"]
    assert not Article.objects.filter(title=failing["title"]).exists()
    assert not Article.history.filter(title=failing["title"]).exists()
    assert set(Article.objects.values_list("title", flat=True)) == {c["title"] for c in ARTICLES if c is not failing}
    assert Credit.objects.filter(article__isnull=True).count() == 0
    assert Credit.objects.count() == sum(len(c["credits"]) for c in ARTICLES if c is not failing)


def test_the_failing_item_is_counted_in_the_summary(monkeypatch):
    real = pipeline._save_credits
    calls = {"n": 0}

    def failing_third(article, parsed, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(article, parsed, **kwargs)

    monkeypatch.setattr(pipeline, "_save_credits", failing_third)
    out = StringIO()
    call_command("import_pages", *[str(seeds_dir() / c["file"]) for c in ARTICLES], stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "RuntimeError: disk full" in text
    assert text.strip().splitlines()[-1].startswith("导入完成：新建 3，更新 0，重复 0，拒绝 0，未导入 1")


def test_find_duplicate_gives_the_batch_index_answer():
    call_command("import_pages", str(seeds_dir()), stdout=StringIO(), stderr=StringIO())
    for case in ARTICLES:
        item = pipeline.read_item(pipeline.Source(case["file"], data=(seeds_dir() / case["file"]).read_bytes()))
        found = pipeline.find_duplicate(item.parsed, item.content_hash)
        assert found == (Article.objects.get(title=case["title"]).pk, pipeline.DUPLICATE_TITLE_DATE)
        item.parsed.title = "完全不同的标题"
        assert pipeline.find_duplicate(item.parsed, item.content_hash)[1] == pipeline.DUPLICATE_CONTENT
        item.parsed.paragraphs = ["全新的正文。"]
        assert pipeline.find_duplicate(item.parsed, "different") is None


def test_title_and_day_duplicates_are_found_by_local_day_ranges_newest_first():
    """A stored piece is a duplicate on its Shanghai day, from midnight to midnight; the newest wins; the lookup
    reads publication-time ranges (the index) rather than casting every row's time to a date."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from news.importing.dates import SHANGHAI
    from tests.factories import ArticleFactory

    page = ARTICLES[0]["file"]
    item = pipeline.read_item(pipeline.Source(page, data=(seeds_dir() / page).read_bytes()))
    day = item.parsed.published_at.astimezone(SHANGHAI).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)
    title = item.parsed.title
    ArticleFactory(title=title, published_at=start - dt.timedelta(seconds=1))  # the day before, 23:59:59
    ArticleFactory(title=title, published_at=start + dt.timedelta(days=1))  # the day after, 00:00
    assert pipeline.DuplicateIndex([item]).lookup(item.parsed, "none") is None
    first = ArticleFactory(title=title, published_at=start)  # 00:00 of the day
    newest = ArticleFactory(title=title, published_at=start + dt.timedelta(hours=23, minutes=59))
    with CaptureQueriesContext(connection) as queries:
        index = pipeline.DuplicateIndex([item])
    assert index.lookup(item.parsed, "none") == (newest.pk, pipeline.DUPLICATE_TITLE_DATE)
    assert first.pk != newest.pk
    sql = " ".join(query["sql"] for query in queries).lower()
    assert "cast_date" not in sql  # SQLite's per-row date function
    assert "at time zone" not in sql  # PostgreSQL's


def test_source_addresses_are_looked_up_by_their_stored_key():
    """The address's key is kept by every save and filled for existing pieces by migration 0008; the duplicate
    check asks the index for it instead of matching a substring of every row's address."""
    import importlib

    from django.apps import apps
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    stored = ArticleFactory(source_url="HTTP://News.Example.com/2022/05/a.html#top")
    assert stored.source_key == "http://news.example.com/2022/05/a.html"
    assert ArticleFactory(source_url="http://news.example.com/").source_key == ""  # a site, not a page
    page = ARTICLES[0]["file"]
    item = pipeline.read_item(pipeline.Source(page, data=(seeds_dir() / page).read_bytes()))
    item.parsed.source_url, item.parsed.title = "http://news.example.com/2022/05/a.html/", "另一个标题"
    with CaptureQueriesContext(connection) as queries:
        index = pipeline.DuplicateIndex([item])
    assert index.lookup(item.parsed, "none") == (stored.pk, pipeline.DUPLICATE_SOURCE_URL)
    assert " like " not in " ".join(query["sql"] for query in queries).lower()
    stored.source_url = "http://news.example.com/2022/05/b.html"
    stored.save(update_fields=["source_url"])
    stored.refresh_from_db()
    assert stored.source_key == "http://news.example.com/2022/05/b.html"
    Article.objects.update(source_key="")  # as before migration 0008
    importlib.import_module("news.migrations.0008_article_source_key").fill_keys(apps, None)
    stored.refresh_from_db()
    assert stored.source_key == "http://news.example.com/2022/05/b.html"

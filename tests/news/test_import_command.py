"""manage.py import_pages: dry runs write nothing, bad files are reported, re-imports find duplicates."""

from __future__ import annotations

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from news.importing import pipeline
from news.models import Article, Column, Transition
from tests import factories
from tests.news.import_seeds import EXPECTED, needs_seeds, seeds_dir

pytestmark = [pytest.mark.django_db, needs_seeds]

ARTICLES = [c for c in EXPECTED if c["kind"] == "article"]
EVENTS = [c for c in EXPECTED if c["kind"] != "article"]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_pages", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def events_importer_present() -> bool:
    return pipeline._events_importer() is not None


def test_dry_run_json_prints_one_object_per_page_and_writes_nothing():
    out, err = run(str(seeds_dir()), "--dry-run", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["file"].rsplit("/", 1)[-1] for d in lines] == [c["file"] for c in EXPECTED]
    for data, case in zip(lines, EXPECTED, strict=True):
        assert data["title"] == case["title"]
        assert data["kind"] == case["kind"]
        assert data["published_at"] == case["published_at"]
        for needle in case["must_not_contain"]:
            assert needle not in json.dumps(data, ensure_ascii=False)
    assert Article.objects.count() == 0
    assert "5/5" in err  # progress bar on stderr
    assert "预览" in err  # summary on stderr, stdout stays JSON


def test_bad_files_give_error_lines_and_nonzero_exit(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    good = seeds_dir() / ARTICLES[0]["file"]
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_pages",
            str(tmp_path / "binary.txt"),
            str(tmp_path / "empty.txt"),
            str(good),
            "--dry-run",
            "--json",
            stdout=out,
            stderr=err,
        )
    assert exc.value.returncode != 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 3
    assert lines[0]["error"]
    assert lines[1]["error"]
    assert "error" not in lines[2]
    assert lines[2]["title"] == ARTICLES[0]["title"]


def test_import_then_reimport_gives_duplicates():
    run(str(seeds_dir()))
    assert Article.objects.count() == len(ARTICLES)
    article = Article.objects.get(title=ARTICLES[0]["title"])
    assert article.origin == Article.Origin.IMPORTED
    assert article.status == Article.Status.DRAFT
    assert article.original_text.startswith("服务职业发展")
    assert article.source == "教育部微党建"
    assert article.content_hash
    assert article.images.count() == 0
    assert dict(article.credits.values_list("role", "name")) == ARTICLES[0]["credits"]
    out, _err = run(str(seeds_dir()))
    assert Article.objects.count() == len(ARTICLES)
    assert f"重复 {len(ARTICLES)}" in out
    out, _err = run(str(seeds_dir()), "--json")
    results = [json.loads(line) for line in out.splitlines()]
    assert {r["result"] for r in results if r["kind"] == "article"} == {"duplicate"}


def test_activity_week_goes_to_events_importer_or_is_reported():
    path = seeds_dir() / EVENTS[0]["file"]
    out, _err = run(str(path), "--json")
    (data,) = [json.loads(line) for line in out.splitlines()]
    if events_importer_present():
        assert data["result"] == "event"
    else:
        assert data["result"] == "not_imported"
        assert data["result_detail"] == "not imported: events importer missing"
    assert Article.objects.count() == 0


def test_zip_input_and_column(tmp_path):
    column = Column.objects.create(name="导入", slug="imported")
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for case in ARTICLES[:2]:
            zf.write(seeds_dir() / case["file"], f"batch/{case['file']}")
    run(str(archive), "--column", "imported")
    assert set(Article.objects.values_list("column", flat=True)) == {column.pk}


def test_unknown_column_is_an_error():
    with pytest.raises(CommandError):
        run(str(seeds_dir() / ARTICLES[0]["file"]), "--column", "nope")


def test_status_review_goes_through_the_review_chain():
    user = factories.editor(username="importer")
    run(str(seeds_dir() / ARTICLES[0]["file"]), "--status", "review", "--user", "importer")
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert Transition.objects.filter(article=article, action="submit", actor=user).exists()
    assert article.created_by == user


def test_status_review_needs_a_user():
    with pytest.raises(CommandError):
        run(str(seeds_dir() / ARTICLES[0]["file"]), "--status", "review")


def test_update_duplicates_updates_unpublished_article():
    path = str(seeds_dir() / ARTICLES[0]["file"])
    run(path)
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(summary="changed")
    out, _err = run(path, "--update-duplicates", "--json")
    assert json.loads(out)["result"] == "updated"
    article.refresh_from_db()
    assert article.summary.startswith("一个支部就是一座堡垒")
    assert Article.objects.count() == 1


def test_preview_marks_duplicates_within_a_batch_and_by_content():
    text = (seeds_dir() / ARTICLES[1]["file"]).read_bytes()
    items = pipeline.preview([("a.txt", text), ("b.txt", text)])
    assert items[0].duplicate_reason is None
    assert items[1].duplicate_reason == pipeline.DUPLICATE_IN_BATCH
    summary = pipeline.commit(items, user=None)
    assert summary.counts()["created"] == 1
    assert summary.counts()["duplicates"] == 1
    # Same body under another title and date: matched by content fingerprint.
    changed = text.decode("utf-8").replace("上好戰(zhàn)“疫”這堂課", "另一個標題").encode("utf-8")
    (item,) = pipeline.preview([("c.txt", changed)])
    assert item.duplicate_reason == pipeline.DUPLICATE_CONTENT


def test_source_url_duplicates_need_an_article_address():
    assert not pipeline.is_article_url("http://www.ainooo.com")
    assert pipeline.is_article_url("http://www.ainooo.com/news/1.html")
    Article.objects.create(title="别的文章", source_url="http://www.example.com/a/1.html", status="draft")
    page = "某标题\n2021-06-01 http://www.example.com/a/1.html/ 来源:某网\n正文第一段,内容很长很长。\n"
    (item,) = pipeline.preview([("d.txt", page.encode("utf-8"))])
    assert item.duplicate_reason == pipeline.DUPLICATE_SOURCE_URL


def test_body_html_keeps_headings_and_captions_in_place():
    run(str(seeds_dir() / ARTICLES[-1]["file"]))
    body = Article.objects.get().body
    assert body.index("<figcaption>净月高新区党工委书记李健") < body.index("<h3>一声令下")
    assert body.count("<h3>") == 5

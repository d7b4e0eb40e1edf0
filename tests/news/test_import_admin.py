"""The admin's 导入网页 page: upload, preview (nothing written), confirm, summary; duplicates; hostile uploads."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from news.importing import pipeline, staging
from news.models import Article, Column, Transition
from tests import factories
from tests.news.import_seeds import EXPECTED, needs_seeds, seeds_dir

pytestmark = [pytest.mark.django_db, needs_seeds]

UPLOAD_URL = "admin:news_article_import_pages"
CONFIRM_URL = "admin:news_article_import_pages_confirm"
ARTICLES = [c for c in EXPECTED if c["kind"] == "article"]


@pytest.fixture(autouse=True)
def _staging_dir(settings, tmp_path):
    settings.NEWS_IMPORT_STAGING_DIR = str(tmp_path / "staging")


@pytest.fixture
def editor_client(client):
    user = factories.editor(username="bianji")
    client.force_login(user)
    client.user = user
    return client


def seed_uploads(names=None) -> list[SimpleUploadedFile]:
    names = names or [c["file"] for c in EXPECTED]
    return [SimpleUploadedFile(name, (seeds_dir() / name).read_bytes(), content_type="text/plain") for name in names]


def upload(client, files):
    return client.post(reverse(UPLOAD_URL), {"files": files})


def confirm(client, response, **data):
    token = response.context["form"]["token"].value()
    return client.post(reverse(CONFIRM_URL), {"token": token, "status": "draft", "column": "", **data})


def display_date(iso: str | None) -> str:
    if iso is None:
        return ""
    if "T" not in iso:
        return iso
    return timezone.localtime(dt.datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M:%S")


def test_changelist_links_to_the_import_page_and_keeps_import_export_buttons(editor_client):
    response = editor_client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse(UPLOAD_URL) in html
    assert "导入网页" in html
    assert reverse("admin:news_article_import") in html
    assert reverse("admin:news_article_export") in html
    assert reverse("admin:news_article_add") in html


def test_upload_page_renders(editor_client):
    response = editor_client.get(reverse(UPLOAD_URL))
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "multiple" in response.content.decode()


def test_preview_of_the_seeds_matches_expected_and_writes_nothing(editor_client):
    response = upload(editor_client, seed_uploads())
    assert response.status_code == 200
    assert Article.objects.count() == 0
    rows = response.context["rows"]
    assert [r["item"].file for r in rows] == [c["file"] for c in EXPECTED]
    html = response.content.decode()
    for row, case in zip(rows, EXPECTED, strict=True):
        parsed = row["parsed"]
        assert parsed.kind == case["kind"]
        assert parsed.title == case["title"]
        assert row["date"] == display_date(case["published_at"])
        assert case["title"] in html
        if row["date"]:
            assert row["date"] in html
        if case["kind"] == "article":
            assert parsed.credits == case["credits"]
            assert parsed.source == case["source"]
            assert parsed.column_path == case["column_path"]
            for name in case["credits"].values():
                assert name in html
    event_rows = [r for r in rows if r["is_event"]]
    assert [r["item"].file for r in event_rows] == [c["file"] for c in EXPECTED if c["kind"] == "activity_week"]
    assert 'data-kind="activity_week"' in html
    assert html.count('data-kind="article"') == len(ARTICLES)
    # The lost-character warning of seed 003 is shown.
    assert any(row["parsed"].warnings for row in rows if row["item"].file.startswith("003"))
    for warning in rows[3]["parsed"].warnings:
        assert warning in html


def test_confirm_creates_the_articles_as_imported_drafts(editor_client):
    preview = upload(editor_client, seed_uploads())
    assert Article.objects.count() == 0
    response = confirm(editor_client, preview)
    assert response.status_code == 200
    assert Article.objects.count() == len(ARTICLES) == 4
    for case in ARTICLES:
        article = Article.objects.get(title=case["title"])
        assert article.status == Article.Status.DRAFT
        assert article.origin == Article.Origin.IMPORTED
        assert article.created_by == editor_client.user
        assert dict(article.credits.values_list("role", "name")) == case["credits"]
        assert reverse("admin:news_article_change", args=[article.pk]) in response.content.decode()
    counts = response.context["counts"]
    assert counts["created"] == 4
    event = next(r for r in response.context["rows"] if r["is_event"])
    assert event["item"].result in {"event", "not_imported"}
    assert "导入完成：新建 4" in response.content.decode()


def test_confirm_get_is_refused_and_a_batch_imports_once(editor_client):
    assert editor_client.get(reverse(CONFIRM_URL)).status_code == 405
    preview = upload(editor_client, seed_uploads([ARTICLES[0]["file"]]))
    confirm(editor_client, preview)
    again = confirm(editor_client, preview)
    assert again.status_code == 302
    assert Article.objects.count() == 1
    messages = [str(m) for m in again.wsgi_request._messages]
    assert any("已完成或已过期" in m for m in messages)


def test_a_batch_of_another_session_cannot_be_confirmed(editor_client, client):
    items = pipeline.preview([(ARTICLES[0]["file"], (seeds_dir() / ARTICLES[0]["file"]).read_bytes())])
    token = staging.stash(items)  # staged by someone else: not in this session
    response = editor_client.post(reverse(CONFIRM_URL), {"token": token, "status": "draft"})
    assert response.status_code == 302
    assert Article.objects.count() == 0


def test_cancel_discards_the_batch(editor_client):
    preview = upload(editor_client, seed_uploads([ARTICLES[0]["file"]]))
    response = confirm(editor_client, preview, cancel="1")
    assert response.status_code == 302
    assert Article.objects.count() == 0
    assert confirm(editor_client, preview).status_code == 302
    assert Article.objects.count() == 0


def test_reupload_marks_duplicates_and_updates_only_the_chosen_draft(editor_client):
    confirm(editor_client, upload(editor_client, seed_uploads()))
    first, second = (Article.objects.get(title=c["title"]) for c in ARTICLES[:2])
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(summary="编辑改过的导语")
    preview = upload(editor_client, seed_uploads())
    assert Article.objects.count() == 4
    html = preview.content.decode()
    rows = {r["item"].file: r for r in preview.context["rows"]}
    for case in ARTICLES:
        row = rows[case["file"]]
        assert row["duplicate"] is not None
        assert row["may_update"]
        assert reverse("admin:news_article_change", args=[row["duplicate"].pk]) in html
    choice = rows[ARTICLES[0]["file"]]["choice_name"]
    assert f'name="{choice}"' in html
    assert 'type="checkbox"' in html
    response = confirm(editor_client, preview, **{choice: "on"})
    assert response.context["counts"]["updated"] == 1
    assert response.context["counts"]["duplicates"] == 3
    assert Article.objects.count() == 4
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.summary.startswith("一个支部就是一座堡垒")
    assert second.summary == "编辑改过的导语"


def test_published_duplicates_can_only_be_skipped(editor_client):
    confirm(editor_client, upload(editor_client, seed_uploads([ARTICLES[0]["file"]])))
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now(), summary="已发布"
    )
    preview = upload(editor_client, seed_uploads([ARTICLES[0]["file"]]))
    (row,) = preview.context["rows"]
    assert row["duplicate"].pk == article.pk
    assert not row["may_update"]
    assert row["choice_name"] not in preview.context["form"].fields
    assert "只能跳过" in preview.content.decode()
    # A forged "update" for it is ignored.
    response = confirm(editor_client, preview, **{row["choice_name"]: "on"})
    assert response.context["counts"]["duplicates"] == 1
    article.refresh_from_db()
    assert article.summary == "已发布"
    assert article.status == Article.Status.PUBLISHED


def test_status_review_goes_through_the_review_chain_and_needs_the_permission(editor_client, client):
    preview = upload(editor_client, seed_uploads([ARTICLES[0]["file"]]))
    confirm(editor_client, preview, status="review")
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert Transition.objects.filter(article=article, action="submit", actor=editor_client.user).exists()

    reviewer = factories.reviewer(username="shenhe")  # may add articles, may not submit them
    client.force_login(reviewer)
    preview = upload(client, seed_uploads([ARTICLES[1]["file"]]))
    response = confirm(client, preview, status="review")
    assert response.status_code == 200
    assert "您没有送审权限" in response.content.decode()
    assert Article.objects.count() == 1


def test_target_column(editor_client):
    column = Column.objects.create(name="导入稿", slug="daoru")
    preview = upload(editor_client, seed_uploads([c["file"] for c in ARTICLES[:2]]))
    confirm(editor_client, preview, column=str(column.pk))
    assert set(Article.objects.values_list("column", flat=True)) == {column.pk}


def test_users_without_add_permission_are_refused(client):
    user = factories.UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(reverse(UPLOAD_URL)).status_code == 403
    assert client.post(reverse(UPLOAD_URL), {"files": seed_uploads([ARTICLES[0]["file"]])}).status_code == 403
    assert Article.objects.count() == 0


def zip_upload(name: str, members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def test_garbage_files_are_refused_with_a_message_and_the_rest_previewed(editor_client):
    good = seed_uploads([ARTICLES[0]["file"]])
    garbage = [
        SimpleUploadedFile("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50),
        SimpleUploadedFile("empty.html", b""),
        zip_upload("pages.zip", {"../../etc/passwd.txt": "标题\n正文。".encode(), "ok/page.txt": b"\x00\x01\x02"}),
    ]
    response = upload(editor_client, garbage + good)
    assert response.status_code == 200
    rows = response.context["rows"]
    refused = [r for r in rows if not r["item"].ok]
    assert len(refused) == 4
    html = response.content.decode()
    assert "路径不安全" in html
    for row in refused:
        assert row["item"].error
        assert row["item"].error in html
    response = confirm(editor_client, response)
    assert response.context["counts"]["refused"] == 4
    assert response.context["counts"]["created"] == 1
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [SimpleUploadedFile("tool.exe", b"MZ\x90\x00")], "不是可导入的文件"),
        (lambda: [SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really a zip")], "不是 zip 格式"),
        (lambda: [zip_upload("many.zip", {f"p{i}.txt": b"x" for i in range(2001)})], "超过单次导入上限 2000"),
        (lambda: [zip_upload("bomb.zip", {"bomb.txt": b"0" * (12 * 1024 * 1024)})], "压缩炸弹"),
        (list, "这个字段是必填项"),
    ],
)
def test_hostile_uploads_are_refused_whole(editor_client, files, message):
    response = upload(editor_client, files())
    assert response.status_code == 200
    assert "rows" not in response.context
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_total_upload_size_is_capped(editor_client, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_UPLOAD_BYTES", 1024)
    response = upload(editor_client, seed_uploads([ARTICLES[0]["file"]]))
    assert "超过上限" in response.content.decode()
    assert "rows" not in response.context


def test_staged_batches_are_signed_and_expire(settings):
    items = pipeline.preview([(ARTICLES[0]["file"], (seeds_dir() / ARTICLES[0]["file"]).read_bytes())])
    token = staging.stash(items)
    path = staging.staging_dir() / f"{token}.batch"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(staging.StagingError):
        staging.load(token)
    assert staging.cleanup(max_age=-1) == 1
    with pytest.raises(staging.StagingError):
        staging.claim(token)
    with pytest.raises(staging.StagingError):
        staging.load("../../etc/passwd")


def test_preview_query_count_does_not_grow_with_the_batch(editor_client, django_assert_max_num_queries):
    one = seed_uploads([ARTICLES[0]["file"]])
    with django_assert_max_num_queries(12):
        upload(editor_client, one)
    many = [
        SimpleUploadedFile(f"{n}_{f.name}", (seeds_dir() / f.name).read_bytes())
        for n in range(10)
        for f in seed_uploads([c["file"] for c in ARTICLES])
    ]
    with django_assert_max_num_queries(12):
        upload(editor_client, many)


def test_a_large_zip_streamed_to_a_temporary_file_is_read(editor_client):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE Django keeps the upload in a temporary file, not in memory.
    import os

    members = {f"pages/{ARTICLES[0]['file']}": (seeds_dir() / ARTICLES[0]["file"]).read_bytes()}
    members["pages/photo.jpg"] = os.urandom(6 * 1024 * 1024)  # not a page: ignored
    archive = zip_upload("big.zip", members, compression=zipfile.ZIP_STORED)
    response = upload(editor_client, [archive])
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["parsed"].title == ARTICLES[0]["title"]
    assert row["item"].file == f"big.zip:pages/{ARTICLES[0]['file']}"

"""Spreadsheet and JSON import/export of articles through the admin (django-import-export)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Credit
from news.resources import ArticleResource, parse_credits
from tests import factories

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx", "json"]  # the order of ArticleAdmin.import_formats / export_formats
HEADERS = ["title", "summary", "body", "column", "region", "school", "topics", "tags", "source", "source_url",
           "published_at", "credits", "status"]  # fmt: skip


@pytest.fixture
def editor_client(client):
    user = factories.editor(username="bianji")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def newsroom():
    column = factories.ColumnFactory(name="职教网讯", slug="zhijiao")
    region = factories.RegionFactory(name="吉林", slug="jilin")
    school = factories.SchoolFactory(name="长春职业技术学院")
    topic = factories.TopicFactory(name="活动周", slug="huodongzhou")
    return {"column": column, "region": region, "school": school, "topic": topic}


def make_articles(newsroom, n=2):
    articles = []
    for i in range(n):
        article = factories.ArticleFactory(
            title=f"职教新闻{i}",
            column=newsroom["column"],
            region=newsroom["region"],
            school=newsroom["school"],
            source="中国职业教育网",
            source_url=f"https://example.com/news/{i}.html",
            published_at=timezone.make_aware(dt.datetime(2024, 5, 1 + i, 9, 30)),
        )
        article.topics.add(newsroom["topic"])
        article.tags.add("技能", "春季")
        Credit.objects.create(article=article, role="author", name="张三", order=0)
        Credit.objects.create(article=article, role="editor", name="李四", order=1)
        articles.append(article)
    return articles


def export(client, fmt: str) -> bytes:
    # As the browser sends the form: every field's checkbox ticked (their initial state).
    fields = {f"articleresource_{name}": "on" for name in ArticleResource().get_export_order()}
    response = client.post(
        reverse("admin:news_article_export"), {"format": str(FORMATS.index(fmt)), "resource": "0", **fields}
    )
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content) if response.streaming else response.content


def load(content: bytes, fmt: str) -> tablib.Dataset:
    if fmt == "xlsx":
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    return tablib.Dataset().load(content.decode("utf-8-sig"), format=fmt)


def import_file(client, content: bytes, fmt: str):
    """The admin's two steps: upload (dry run, preview) then confirm. Returns (preview, result or None)."""
    upload = SimpleUploadedFile(f"articles.{fmt}", content)
    preview = client.post(
        reverse("admin:news_article_import"),
        {"resource": "0", "format": str(FORMATS.index(fmt)), "import_file": upload},
    )
    assert preview.status_code == 200
    confirm_form = preview.context.get("confirm_form") if preview.context else None
    if confirm_form is None:
        return preview, None
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    result = client.post(reverse("admin:news_article_process_import"), {k: v for k, v in data.items() if v is not None})
    return preview, result


def csv_bytes(rows: list[dict]) -> bytes:
    dataset = tablib.Dataset(headers=list(rows[0].keys()))
    for row in rows:
        dataset.append(list(row.values()))
    return dataset.export("csv").encode("utf-8")


def test_changelist_keeps_the_workflow_admin_and_adds_import_export(editor_client, newsroom):
    (article,) = make_articles(newsroom, 1)
    changelist = editor_client.get(reverse("admin:news_article_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert reverse("admin:news_article_import") in html
    assert reverse("admin:news_article_export") in html
    change = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert change.status_code == 200
    assert "审签流程" in change.content.decode()  # the workflow box of change_form_template
    assert reverse("admin:news_article_workflow", args=[article.pk, "submit"]) in change.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_holds_every_field(editor_client, newsroom, fmt):
    make_articles(newsroom)
    data = load(export(editor_client, fmt), fmt)
    assert data.height == 2
    assert {"id", "title", "column", "region", "school", "topics", "tags", "credits", "published_at", "status"} <= set(
        data.headers
    )
    row = dict(zip(data.headers, data[[r["title"] for r in data.dict].index("职教新闻0")], strict=True))
    assert row["column"] == "zhijiao"
    assert row["region"] == "jilin"
    assert row["school"] == "长春职业技术学院"
    assert row["topics"] == "huodongzhou"
    assert row["tags"] == "技能, 春季"
    assert row["credits"] == "author:张三; editor:李四"
    assert row["status"] == "draft"
    assert str(row["published_at"]).startswith("2024-05-01")


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_reimport_creates_no_duplicates(editor_client, newsroom, fmt):
    articles = make_articles(newsroom)
    content = export(editor_client, fmt)
    preview, result = import_file(editor_client, content, fmt)
    assert result is not None, preview.content.decode()[:2000]
    assert result.status_code == 302
    assert Article.objects.count() == 2
    for article in articles:
        fresh = Article.objects.get(pk=article.pk)
        assert fresh.title == article.title
        assert fresh.published_at == article.published_at
        assert list(fresh.credits.values_list("role", "name")) == [("author", "张三"), ("editor", "李四")]
        assert sorted(fresh.tags.names()) == ["技能", "春季"]
        assert fresh.column == newsroom["column"]


def test_changed_rows_update_drafts_and_new_rows_become_imported_drafts(editor_client, newsroom):
    (article,) = make_articles(newsroom, 1)
    data = load(export(editor_client, "csv"), "csv")
    rows = list(data.dict)
    rows[0]["summary"] = "改过的导语"
    rows[0]["credits"] = "作者:王五"
    rows.append(
        {
            **dict.fromkeys(rows[0], ""),
            "title": "新的一篇",
            "body": "<p>正文</p><script>alert(1)</script>",
            "column": "zhijiao",
            "topics": "huodongzhou",
            "tags": "新闻",
            "published_at": "2024-06-01 08:00",
            "credits": "author:赵六; 供图:钱七",
            "status": "published",  # read-only: ignored
        }
    )
    preview, result = import_file(editor_client, csv_bytes(rows), "csv")
    assert result is not None, preview.content.decode()[:3000]
    article.refresh_from_db()
    assert article.summary == "改过的导语"
    assert list(article.credits.values_list("role", "name")) == [("author", "王五")]
    assert article.version == 2
    new = Article.objects.get(title="新的一篇")
    assert new.status == Article.Status.DRAFT
    assert new.origin == Article.Origin.IMPORTED
    assert new.created_by == editor_client.user
    assert "<script>" not in new.body
    assert "<p>正文</p>" in new.body
    assert new.published_at == timezone.make_aware(dt.datetime(2024, 6, 1, 8, 0))
    assert list(new.topics.all()) == [newsroom["topic"]]
    assert list(new.credits.values_list("role", "name")) == [("author", "赵六"), ("photographer", "钱七")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"column": "no-such-column"}, "没有栏目“no-such-column”"),
        ({"region": "atlantis"}, "没有地区“atlantis”"),
        ({"school": "不存在的学校"}, "没有院校“不存在的学校”"),
        ({"topics": "nope"}, "没有网址名为“nope”的专题"),
        ({"published_at": "去年春天"}, "无法识别的发布时间“去年春天”"),
        ({"credits": "主编 张三"}, "无法识别的署名"),
        ({"source_url": "not a url"}, "输入一个有效的 URL"),
        ({"title": ""}, "此字段不能为空"),
        ({"id": "999999"}, "编号为 999999 的文章不存在"),
    ],
)
def test_a_bad_row_is_reported_in_chinese_and_nothing_is_written(editor_client, newsroom, change, message):
    good = dict.fromkeys(["id", *HEADERS], "") | {"title": "好的一行", "column": "zhijiao"}
    bad = good | {"title": "坏的一行"} | change
    preview, result = import_file(editor_client, csv_bytes([good, bad]), "csv")
    assert result is None
    assert message in preview.content.decode()
    assert Article.objects.count() == 0


def test_published_articles_are_not_changed_by_a_spreadsheet(editor_client, newsroom):
    (article,) = make_articles(newsroom, 1)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    rows = list(load(export(editor_client, "csv"), "csv").dict)
    rows[0]["title"] = "偷偷改标题"
    preview, result = import_file(editor_client, csv_bytes(rows), "csv")
    assert result is None
    assert "只能通过导入更新草稿" in preview.content.decode()
    article.refresh_from_db()
    assert article.title == "职教新闻0"


def test_a_file_that_turns_bad_between_preview_and_confirm_writes_nothing(editor_client, newsroom):
    (article,) = make_articles(newsroom, 1)
    rows = list(load(export(editor_client, "csv"), "csv").dict)
    rows[0]["summary"] = "新导语"
    rows.append(dict.fromkeys(rows[0], "") | {"title": "另一篇新稿"})
    upload = SimpleUploadedFile("articles.csv", csv_bytes(rows))
    preview = editor_client.post(
        reverse("admin:news_article_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    confirm_form = preview.context["confirm_form"]
    # Someone sends the draft on before the editor confirms.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW)
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    editor_client.post(reverse("admin:news_article_process_import"), {k: v for k, v in data.items() if v is not None})
    assert not Article.objects.filter(title="另一篇新稿").exists()
    article.refresh_from_db()
    assert article.summary != "新导语"


def test_json_import_of_new_articles(editor_client, newsroom):
    content = json.dumps(
        [{"title": "JSON 导入", "column": "zhijiao", "published_at": "2024-05-02T10:00:00+08:00", "credits": ""}],
        ensure_ascii=False,
    ).encode()
    preview, result = import_file(editor_client, content, "json")
    assert result is not None, preview.content.decode()[:2000]
    article = Article.objects.get(title="JSON 导入")
    assert article.origin == Article.Origin.IMPORTED
    assert article.published_at == timezone.make_aware(dt.datetime(2024, 5, 2, 10, 0))


def test_import_needs_the_add_permission(client):
    user = factories.UserFactory(username="viewer")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(reverse("admin:news_article_import")).status_code == 403
    assert client.get(reverse("admin:news_article_export")).status_code == 200


def test_parse_credits_accepts_keys_and_printed_labels():
    assert parse_credits("author:张三; 责任编辑：李四；供稿:某校") == [
        ("author", "张三"),
        ("responsible_editor", "李四"),
        ("contributor", "某校"),
    ]
    with pytest.raises(ValueError, match="无法识别的署名"):
        parse_credits("boss:王")


def test_resource_direct_import_rolls_back_on_errors(newsroom):
    dataset = tablib.Dataset(headers=["title", "column"])
    dataset.append(["一", "zhijiao"])
    dataset.append(["二", "missing"])
    result = ArticleResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert Article.objects.count() == 0

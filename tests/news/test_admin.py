"""The editors' admin: buttons, bulk actions, trash, optimistic locking, revisions, preview."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from news import preview, workflow
from news.models import Article, ArticleImage
from tests.factories import ArticleFactory, ColumnFactory, editor, reviewer, signer
from tests.news.test_images import png_bytes

pytestmark = pytest.mark.django_db
S = Article.Status


def form_data(article: Article, **overrides) -> dict:
    data = {
        "title": article.title,
        "subtitle": article.subtitle,
        "summary": article.summary,
        "editor_note": article.editor_note,
        "body": article.body,
        "column": article.column_id or "",
        "region": "",
        "school": "",
        "tags": "",
        "source": article.source,
        "source_url": article.source_url,
        "published_at_0": "",
        "published_at_1": "",
        "loaded_version": article.version,
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_editor_writes_article_and_hostile_html_is_cleaned(client):
    user = editor(username="bianji")
    client.force_login(user)
    column = ColumnFactory()
    data = form_data(
        Article(title="新稿件", column=column),
        body='<p>正文</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>',
        loaded_version="",
    )
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="新稿件")
    assert article.created_by == user
    assert article.last_edited_by == user
    assert "<script" not in article.body
    assert "javascript:" not in article.body
    assert article.status == S.DRAFT


def test_change_page_shows_buttons_and_log(client):
    author = editor(username="bianji")
    article = ArticleFactory(created_by=author, last_edited_by=author)
    client.force_login(author)
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "送审" in page
    assert "签发" not in page.split("审签流程")[1].split("</section>")[0].replace("待签发", "")
    response = client.post(
        reverse("admin:news_article_workflow", args=[article.pk, "submit"]), {"expected_status": "draft"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.REVIEW
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "流程记录" in page
    assert "bianji" in page


def test_signing_off_own_work_is_refused_with_message(client, settings):
    settings.NEWS_REVIEW_LEVELS = 0
    boss = signer(username="qianfa")
    article = ArticleFactory(created_by=boss, last_edited_by=boss, status=S.SIGNOFF)
    client.force_login(boss)
    response = client.post(reverse("admin:news_article_workflow", args=[article.pk, "sign_off"]))
    assert "不能签发自己撰写或最后编辑的稿件" in messages_of(response)[0]
    article.refresh_from_db()
    assert article.status == S.SIGNOFF


def test_reject_button_requires_comment(client):
    article = ArticleFactory(status=S.REVIEW)
    client.force_login(reviewer(username="shenhe"))
    response = client.post(reverse("admin:news_article_workflow", args=[article.pk, "reject"]), {"comment": ""})
    assert "必须填写意见" in messages_of(response)[0]
    article.refresh_from_db()
    assert article.status == S.REVIEW


def test_workflow_url_refuses_get(client):
    article = ArticleFactory()
    client.force_login(editor(username="bianji"))
    assert client.get(reverse("admin:news_article_workflow", args=[article.pk, "submit"])).status_code == 405


def test_scheduled_sign_off_from_button(client):
    article = ArticleFactory(status=S.SIGNOFF)
    client.force_login(signer(username="qianfa"))
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    client.post(reverse("admin:news_article_workflow", args=[article.pk, "sign_off"]), {"published_at": when})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.published_at > timezone.now()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_bulk_action_obeys_the_same_rules(client, settings):
    settings.NEWS_REVIEW_LEVELS = 0
    boss = signer(username="qianfa")
    others = ArticleFactory.create_batch(3, status=S.SIGNOFF)
    own = ArticleFactory(status=S.SIGNOFF, created_by=boss)
    client.force_login(boss)
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "bulk_sign_off", "_selected_action": [a.pk for a in [*others, own]]},
        follow=True,
    )
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert all(statuses[a.pk] == S.PUBLISHED for a in others)
    assert statuses[own.pk] == S.SIGNOFF
    text = " ".join(messages_of(response)) + response.content.decode()
    assert "3 篇稿件已处理" in text
    assert "不能签发自己" in text


def test_delete_moves_to_trash_and_restore_brings_back(client):
    user = editor(username="bianji")
    article = ArticleFactory(status=S.PUBLISHED, published_at=timezone.now())
    client.force_login(user)
    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deleted_at is not None
    assert article.deleted_by == user
    assert Article.objects.filter(pk=article.pk).exists()
    change_link = reverse("admin:news_article_change", args=[article.pk])
    listing = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert change_link not in listing
    trash = client.get(reverse("admin:news_article_changelist") + "?queue=trash").content.decode()
    assert change_link in trash
    client.post(reverse("admin:news_article_workflow", args=[article.pk, "trash_restore"]))
    article.refresh_from_db()
    assert article.deleted_at is None


def test_only_superuser_may_purge(client, django_user_model):
    article = ArticleFactory(deleted_at=timezone.now())
    user = editor(username="bianji")
    client.force_login(user)
    client.post(
        reverse("admin:news_article_changelist") + "?queue=trash",
        {"action": "bulk_purge", "_selected_action": [article.pk]},
    )
    assert Article.objects.filter(pk=article.pk).exists()
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456789")
    client.force_login(root)
    client.post(
        reverse("admin:news_article_changelist") + "?queue=trash",
        {"action": "bulk_purge", "_selected_action": [article.pk]},
    )
    assert not Article.objects.filter(pk=article.pk).exists()


def test_second_editor_cannot_overwrite_first(client):
    first, second = editor(username="first"), editor(username="second")
    article = ArticleFactory(title="原标题")
    url = reverse("admin:news_article_change", args=[article.pk])
    loaded = Article.objects.get(pk=article.pk)
    client.force_login(first)
    assert client.post(url, form_data(loaded, title="第一位的标题")).status_code == 302
    client.force_login(second)
    response = client.post(url, form_data(loaded, title="第二位的标题"))
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "第一位的标题"


def test_published_edit_by_editor_goes_back_to_review(client):
    article = ArticleFactory(status=S.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
    client.force_login(editor(username="bianji"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        form_data(article, title="改过的标题",
                  published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
                  published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S")),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.REVIEW
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_revisions_compare_and_restore(client):
    user = editor(username="bianji")
    article = ArticleFactory(title="第一版")
    client.force_login(user)
    url = reverse("admin:news_article_change", args=[article.pk])
    client.post(url, form_data(Article.objects.get(pk=article.pk), title="第二版"))
    client.post(url, form_data(Article.objects.get(pk=article.pk), title="第三版"))
    records = list(Article.objects.get(pk=article.pk).history.all())
    assert [r.title for r in records] == ["第三版", "第二版", "第一版"]
    compare = client.get(
        reverse("admin:news_article_compare", args=[article.pk]),
        {"a": records[2].history_id, "b": records[0].history_id},
    ).content.decode()
    assert "第一版" in compare
    assert "第三版" in compare
    assert "<del>" in compare
    revert_url = reverse("admin:news_article_simple_history", args=[article.pk, records[2].history_id])
    page = client.get(revert_url)
    assert page.status_code == 200
    current = Article.objects.get(pk=article.pk)
    response = client.post(revert_url, form_data(records[2].instance, loaded_version=current.version))
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Article.objects.get(pk=article.pk).title == "第一版"


def test_image_inline_refuses_non_image(client):
    article = ArticleFactory()
    client.force_login(editor(username="bianji"))
    data = form_data(article)
    data.update({
        "images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "0",
        "images-0-image": SimpleUploadedFile("fake.jpg", b"not an image at all", content_type="image/jpeg"),
        "images-0-caption": "假图", "images-0-order": "0",
        "images-1-image": SimpleUploadedFile("real.png", png_bytes(), content_type="image/png"),
        "images-1-caption": "真图", "images-1-order": "1",
    })
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "有效的图片" in response.content.decode()
    assert ArticleImage.objects.count() == 0


def test_admin_index_shows_my_queue(client):
    user = editor(username="bianji")
    ArticleFactory.create_batch(2, created_by=user)
    client.force_login(user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "我的待办" in page
    assert "<strong>2</strong>" in page


def test_my_queue_filter(client):
    user = reviewer(username="shenhe")
    waiting = ArticleFactory(status=S.REVIEW, title="等我审")
    ArticleFactory(status=S.DRAFT, title="别人的草稿")
    client.force_login(user)
    page = client.get(reverse("admin:news_article_changelist") + "?queue=mine").content.decode()
    assert waiting.title in page
    assert "别人的草稿" not in page


def test_preview_link_signed_and_expiring(client, settings):
    article = ArticleFactory(title="未发布稿件", status=S.REVIEW)
    assert client.get(article.get_absolute_url()).status_code == 404
    token = preview.make_token(article.pk)
    response = client.get(reverse("news:preview", args=[token]))
    assert response.status_code == 200
    assert "未发布稿件" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.get(reverse("news:preview", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("news:preview", args=[f"{article.pk}:forged:sig"])).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.NEWS_PREVIEW_MAX_AGE + 60)):
        assert client.get(reverse("news:preview", args=[token])).status_code == 404


def test_workflow_module_is_the_only_path(client):
    """The change form cannot set the status directly: it is read-only there."""
    article = ArticleFactory()
    client.force_login(editor(username="bianji"))
    client.post(reverse("admin:news_article_change", args=[article.pk]), form_data(article, status="published"))
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert workflow.queue_for(article.created_by or editor(username="x")).model is Article


def test_queue_on_index_lists_only_the_users_states(client):
    client.force_login(signer(username="qianfa"))
    page = client.get(reverse("admin:index")).content.decode()
    queue = page.split('id="my-queue"')[1].split("</div>")[0]
    assert "待签发" in queue
    assert "草稿" not in queue

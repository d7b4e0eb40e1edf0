"""Concurrent edits and failures half-way: nothing silently overwritten, nothing half-written."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news import roles, workflow
from news.models import Article, Credit, Transition
from tests.adminform import change_form
from tests.factories import ArticleFactory, UserFactory

Status = Article.Status

def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client

# --- optimistic locking ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_second_of_two_concurrent_admin_saves_is_refused_and_the_first_survives():
    article = ArticleFactory(title="原标题", summary="原导语")
    first = logged_in(UserFactory(username="editor-a", role=roles.EDITOR))
    second = logged_in(UserFactory(username="editor-b", role=roles.EDITOR))
    url = reverse("admin:news_article_change", args=[article.pk])
    form_a, form_b = change_form(first, url), change_form(second, url)
    assert form_a["loaded_version"] == form_b["loaded_version"] == "1"

    form_a["title"] = "甲改的标题"
    assert first.post(url, form_a).status_code == 302

    form_b["summary"] = "乙改的导语"
    response = second.post(url, form_b)
    assert response.status_code == 200
    text = response.content.decode()
    assert "保存失败：在您编辑期间，这篇稿件已被他人修改或流转" in text
    assert "乙改的导语" in text  # the refused editor's text is still in the form, nothing lost

    article.refresh_from_db()
    assert article.title == "甲改的标题"
    assert article.summary == "原导语"
    assert article.last_edited_by.username == "editor-a"

    # Reloading gives the new version; saving then works.
    form_b = change_form(second, url)
    form_b["summary"] = "乙改的导语"
    assert second.post(url, form_b).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("甲改的标题", "乙改的导语")

@pytest.mark.django_db
def test_a_workflow_move_between_loading_and_saving_also_refuses_the_save():
    author = UserFactory(username="writer", role=roles.EDITOR)
    article = ArticleFactory(title="送审前", created_by=author)
    client = logged_in(author)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = change_form(client, url)
    workflow.submit(article, by=author)
    data["title"] = "送审后偷偷改"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "保存失败" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "送审前"
    assert article.status == Status.REVIEW

# --- failures injected half-way ------------------------------------------------------------------------------
class Injected(RuntimeError):
    pass

@pytest.fixture
def failing_log(monkeypatch):
    """Transition.objects.create raises: the last step of every move fails after the status was updated."""

    def boom(*args, **kwargs):
        raise Injected("disk full")

    monkeypatch.setattr(Transition.objects, "create", boom)

SOURCES = {
    "submit": Status.DRAFT, "approve": Status.REVIEW, "reject": Status.REVIEW, "sign_off": Status.SIGNOFF,
    "withdraw": Status.PUBLISHED, "archive": Status.PUBLISHED, "reopen": Status.WITHDRAWN,
}

@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(SOURCES))
def test_a_failure_half_way_through_a_move_leaves_the_piece_unchanged(failing_log, action):
    user = UserFactory(username="root", is_superuser=True)
    published_at = None if SOURCES[action] == Status.DRAFT else timezone.now()
    article = ArticleFactory(status=SOURCES[action], published_at=published_at)
    before = Article.objects.filter(pk=article.pk).values().get()
    credits_before = Credit.objects.count()
    with pytest.raises(Injected):
        workflow.run(action, article, by=user, comment="理由")
    assert Article.objects.filter(pk=article.pk).values().get() == before
    assert Credit.objects.count() == credits_before  # the credit written inside the move is rolled back too

@pytest.mark.django_db
def test_a_failure_half_way_through_an_admin_button_leaves_the_piece_unchanged(failing_log):
    user = UserFactory(username="root", is_superuser=True)
    article = ArticleFactory(status=Status.SIGNOFF, published_at=None)
    response = logged_in(user).post(
        reverse("admin:news_article_workflow", args=[article.pk, "sign_off"]), {"expected_status": "signoff"}
    )
    assert response.status_code == 500
    article.refresh_from_db()
    assert article.status == Status.SIGNOFF
    assert article.published_at is None
    assert not article.credits.exists()

@pytest.mark.django_db
def test_a_failure_while_logging_an_edit_of_a_published_piece_rolls_back_the_edit(monkeypatch):
    article = ArticleFactory(title="已发布的标题", status=Status.PUBLISHED, published_at=timezone.now())
    client = logged_in(UserFactory(username="plain-editor", role=roles.EDITOR))
    url = reverse("admin:news_article_change", args=[article.pk])
    data = change_form(client, url)
    data["title"] = "改了但没记下来"

    def boom(*args, **kwargs):
        raise Injected("log unavailable")

    monkeypatch.setattr(Transition.objects, "create", boom)
    assert client.post(url, data).status_code == 500
    article.refresh_from_db()
    assert (article.title, article.status, article.version) == ("已发布的标题", Status.PUBLISHED, 1)
    assert article.history.count() == 1  # the revision written by the failed save is gone too

@pytest.mark.django_db
@pytest.mark.parametrize("move", ["move_to_trash", "restore_from_trash"])
def test_a_failure_half_way_through_trash_or_restore_changes_nothing(failing_log, move):
    user = UserFactory(username="root", is_superuser=True)
    article = ArticleFactory(deleted_at=timezone.now() if move == "restore_from_trash" else None)
    before = Article.objects.filter(pk=article.pk).values("deleted_at", "deleted_by").get()
    with pytest.raises(Injected):
        getattr(workflow, move)(article, by=user)
    assert Article.objects.filter(pk=article.pk).values("deleted_at", "deleted_by").get() == before

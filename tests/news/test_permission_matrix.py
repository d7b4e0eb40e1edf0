"""Who may do what, for every role × every workflow move and admin action, exactly as README's role table says.

Roles: 编辑, 审核, 签发, 站点管理员 (groups), a staff user with no group, an anonymous visitor, and a superuser
(who holds every permission but still may not sign off their own work).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news import roles, workflow
from news.models import Article, Credit, Transition
from tests.adminform import change_form
from tests.factories import ArticleFactory, CreditFactory, UserFactory

Status = Article.Status
ALL_MOVES = {"submit", "approve", "reject", "sign_off", "withdraw", "archive", "reopen"}

# README.md, "The review and sign-off chain": the role table, read as data.
ALLOWED_MOVES = {
    roles.EDITOR: {"submit", "reopen"},
    roles.REVIEWER: {"approve", "reject"},
    roles.SIGNER: {"reject", "sign_off", "withdraw", "archive"},
    roles.SITE_ADMIN: ALL_MOVES,
    "staff": set(),
    "anonymous": set(),
    "superuser": ALL_MOVES,
}
MAY_EDIT = {roles.EDITOR, roles.REVIEWER, roles.SIGNER, roles.SITE_ADMIN, "superuser"}
MAY_TRASH = {roles.EDITOR, roles.SITE_ADMIN, "superuser"}  # "delete (to trash)" column; restoring likewise
MAY_PURGE = {"superuser"}  # "only a superuser empties the trash"
# "a 签发 user's correction keeps it published": the rule is the sign-off permission, which the site admin holds.
EDIT_KEEPS_PUBLISHED = {roles.SIGNER, roles.SITE_ADMIN, "superuser"}
ROLES = list(ALLOWED_MOVES)

# Every (move, state it starts from) the chain knows.
MOVES = [
    ("submit", Status.DRAFT),
    ("approve", Status.REVIEW),
    ("reject", Status.REVIEW),
    ("reject", Status.SIGNOFF),
    ("sign_off", Status.SIGNOFF),
    ("withdraw", Status.PUBLISHED),
    ("archive", Status.PUBLISHED),
    ("archive", Status.WITHDRAWN),
    ("reopen", Status.WITHDRAWN),
    ("reopen", Status.ARCHIVED),
]
BULK = {"bulk_submit": "submit", "bulk_approve": "approve", "bulk_sign_off": "sign_off", "bulk_archive": "archive"}
SOURCE = {"submit": Status.DRAFT, "approve": Status.REVIEW, "sign_off": Status.SIGNOFF, "archive": Status.PUBLISHED}


def make_user(role: str):
    if role == "anonymous":
        return AnonymousUser()
    if role == "staff":
        return UserFactory(username="plain-staff")
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True)
    return UserFactory(username=f"role-{role}", role=role)


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user.is_authenticated:
        client.force_login(user)
    return client


def piece(status: str, **kwargs) -> Article:
    """A piece in `status`, written and edited by someone else, so the own-work rule stays out of the way."""
    author = UserFactory(username="someone-else")
    published_at = timezone.now() - timezone.timedelta(hours=1) if status != Status.DRAFT else None
    return ArticleFactory(status=status, published_at=published_at, created_by=author, last_edited_by=author, **kwargs)


def comment_for(action: str) -> str:
    return "请补充采访对象的单位" if workflow.ACTIONS[action].needs_comment else ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "source"), MOVES)
def test_workflow_move_allowed_or_refused_per_role(role, action, source):
    user, article = make_user(role), piece(source)
    allowed = action in ALLOWED_MOVES[role]
    assert (action in {a.name for a in workflow.available_actions(article, user)}) is allowed
    if allowed:
        record = workflow.run(action, article, by=user, comment=comment_for(action))
        assert record.action == action
        assert record.from_status == source
        assert record.actor == user
    else:
        with pytest.raises(workflow.NotPermitted):
            workflow.run(action, article, by=user, comment=comment_for(action))
        article.refresh_from_db()
        assert article.status == source
        assert article.version == 1
        assert not Transition.objects.filter(article=article).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "source"), MOVES)
def test_admin_workflow_button_obeys_the_same_matrix(role, action, source):
    user, article = make_user(role), piece(source)
    client = client_for(user)
    url = reverse("admin:news_article_workflow", args=[article.pk, action])
    response = client.post(url, {"comment": comment_for(action), "expected_status": source})
    assert response.status_code == 302
    moved = Transition.objects.filter(article=article, action=action).exists()
    assert moved is (action in ALLOWED_MOVES[role])
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))
    elif not moved:
        errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        assert errors
        assert "权限" in errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("bulk_action", sorted(BULK))
def test_bulk_workflow_actions_obey_the_same_matrix(role, bulk_action):
    user = make_user(role)
    action = BULK[bulk_action]
    articles = [piece(SOURCE[action]) for _ in range(2)]
    response = client_for(user).post(
        reverse("admin:news_article_changelist"),
        {"action": bulk_action, "_selected_action": [a.pk for a in articles], "index": "0"},
    )
    assert response.status_code in {302, 200, 403}
    moved = Transition.objects.filter(article__in=articles, action=action).count()
    assert moved == (2 if action in ALLOWED_MOVES[role] else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_nobody_signs_off_their_own_work(role):
    user = make_user(role)
    own_kinds = {
        "created": lambda a: Article.objects.filter(pk=a.pk).update(created_by=user),
        "last_edited": lambda a: Article.objects.filter(pk=a.pk).update(last_edited_by=user),
        "author_credit": lambda a: CreditFactory(article=a, role=Credit.Role.AUTHOR, user=user, name=""),
    }
    for kind, make_own in own_kinds.items():
        article = piece(Status.SIGNOFF)
        if user.is_authenticated:
            make_own(article)
        article.refresh_from_db()
        assert "sign_off" not in {a.name for a in workflow.available_actions(article, user)}, kind
        with pytest.raises(workflow.NotPermitted) as info:
            workflow.sign_off(article, by=user)
        if "sign_off" in ALLOWED_MOVES[role]:
            assert "自己" in str(info.value), kind
        article.refresh_from_db()
        assert article.status == Status.SIGNOFF, kind
        response = client_for(user).post(
            reverse("admin:news_article_workflow", args=[article.pk, "sign_off"]), {"expected_status": "signoff"}
        )
        assert response.status_code == 302
        assert not Transition.objects.filter(article=article, action="sign_off").exists(), kind


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.SIGNER, roles.SITE_ADMIN, "superuser"])
def test_editing_a_piece_in_the_admin_bars_the_editor_from_signing_it_off(role):
    user = make_user(role)
    article = piece(Status.SIGNOFF)
    client = client_for(user)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = change_form(client, url)
    data["title"] = "签发前改了标题"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.last_edited_by == user
    with pytest.raises(workflow.NotPermitted):
        workflow.sign_off(article, by=user)
    # Someone else with the right may.
    other = UserFactory(username="second-signer", role=roles.SIGNER)
    workflow.sign_off(article, by=other)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


# --- admin pages: add, change, delete (to trash), restore, purge --------------------------------------------------
def expected_page_status(role: str, allowed: bool) -> int:
    if role == "anonymous":
        return 302
    return 200 if allowed else 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_add_and_change_pages(role):
    user, article = make_user(role), piece(Status.DRAFT)
    client = client_for(user)
    for url in [reverse("admin:news_article_add"), reverse("admin:news_article_change", args=[article.pk])]:
        response = client.get(url)
        assert response.status_code == expected_page_status(role, role in MAY_EDIT), url
        if role == "anonymous":
            assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_saving_an_edit(role):
    user, article = make_user(role), piece(Status.DRAFT)
    client = client_for(user)
    url = reverse("admin:news_article_change", args=[article.pk])
    # The form as someone who may see it renders it (the role under test may not even load the page).
    editor_view = client_for(UserFactory(username="form-reader", is_superuser=True))
    data = change_form(editor_view, url)
    data["title"] = "改过的标题"
    response = client.post(url, data)
    article.refresh_from_db()
    if role in MAY_EDIT:
        assert response.status_code == 302
        assert article.title == "改过的标题"
        assert article.last_edited_by == user
    else:
        assert response.status_code in {302, 403}
        assert article.title != "改过的标题"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_adding_an_article(role):
    user = make_user(role)
    data = {
        "title": f"{role} 新写的稿件",
        "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
        "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
    }
    response = client_for(user).post(reverse("admin:news_article_add"), data)
    created = Article.objects.filter(title=data["title"]).first()
    if role in MAY_EDIT:
        assert response.status_code == 302
        assert created.status == Status.DRAFT
        assert created.created_by == user
    else:
        assert created is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("published", [False, True])
def test_editing_a_published_piece_keeps_it_published_only_for_signers(role, published):
    user = make_user(role)
    if role not in MAY_EDIT:
        return  # refused outright, covered by test_saving_an_edit
    article = piece(Status.PUBLISHED if published else Status.REVIEW)
    client = client_for(user)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = change_form(client, url)
    data["summary"] = "更正一个错别字。"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    if not published:
        assert article.status == Status.REVIEW
    elif role in EDIT_KEEPS_PUBLISHED:
        assert article.status == Status.PUBLISHED
        assert Transition.objects.filter(article=article, action="correct").exists()
    else:
        assert article.status == Status.REVIEW
        assert Transition.objects.filter(article=article, action="edit_published").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_delete_moves_to_trash_only_for_roles_that_may(role):
    user = make_user(role)
    single, bulk_one, bulk_two = piece(Status.DRAFT), piece(Status.DRAFT), piece(Status.DRAFT)
    client = client_for(user)
    response = client.post(reverse("admin:news_article_delete", args=[single.pk]), {"post": "yes"})
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "delete_selected", "_selected_action": [bulk_one.pk, bulk_two.pk], "post": "yes", "index": "0"},
    )
    trashed = set(Article.objects.trashed().values_list("pk", flat=True))
    if role in MAY_TRASH:
        assert response.status_code == 302
        assert trashed == {single.pk, bulk_one.pk, bulk_two.pk}
        # Trash, not deletion: the rows and their log survive.
        assert Article.objects.filter(pk__in=trashed).count() == 3
        assert Transition.objects.filter(action="trash").count() == 3
    else:
        assert response.status_code == expected_page_status(role, False)
        assert trashed == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_trash_restore_button_and_bulk_restore(role):
    user = make_user(role)
    trasher = make_user("superuser") if role != "superuser" else UserFactory(username="root2", is_superuser=True)
    by_button, by_bulk = piece(Status.DRAFT), piece(Status.DRAFT)
    for article in (by_button, by_bulk):
        workflow.move_to_trash(article, by=trasher)
    client = client_for(user)
    client.post(reverse("admin:news_article_workflow", args=[by_button.pk, "trash_restore"]))
    client.post(
        reverse("admin:news_article_changelist") + "?queue=trash",
        {"action": "bulk_restore", "_selected_action": [by_bulk.pk], "index": "0"},
    )
    restored = set(Article.objects.live().filter(pk__in=[by_button.pk, by_bulk.pk]).values_list("pk", flat=True))
    assert restored == ({by_button.pk, by_bulk.pk} if role in MAY_TRASH else set())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_purges_the_trash(role):
    user = make_user(role)
    trasher = UserFactory(username="trasher", is_superuser=True)
    article = piece(Status.DRAFT)
    workflow.move_to_trash(article, by=trasher)
    client_for(user).post(
        reverse("admin:news_article_changelist") + "?queue=trash",
        {"action": "bulk_purge", "_selected_action": [article.pk], "index": "0"},
    )
    assert Article.objects.filter(pk=article.pk).exists() is (role not in MAY_PURGE)


@pytest.mark.django_db
def test_the_matrix_covers_every_move_and_every_role_group():
    assert {action for action, _source in MOVES} == set(workflow.ACTIONS)
    for action, source in MOVES:
        assert source in workflow.ACTIONS[action].sources
    assert {roles.EDITOR, roles.REVIEWER, roles.SIGNER, roles.SITE_ADMIN} == set(roles.ROLE_PERMISSIONS)

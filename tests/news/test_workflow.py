"""The review and sign-off chain: every transition, every refusal per role, scheduling, the log."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from news import roles, workflow
from news.models import Article, Credit, Transition
from tests.factories import ArticleFactory, UserFactory, editor, reviewer, signer, site_admin

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def people():
    return {
        "editor": editor(username="bianji"),
        "reviewer": reviewer(username="shenhe"),
        "signer": signer(username="qianfa"),
        "admin": site_admin(username="guanli"),
        "nobody": UserFactory(username="wuming"),
    }


def draft_by(user, **kwargs) -> Article:
    return ArticleFactory(created_by=user, last_edited_by=user, **kwargs)


def to_signoff(article, people, levels=3):
    workflow.submit(article, by=people["editor"])
    for _ in range(levels):
        workflow.approve(article, by=people["reviewer"])
    return article


def test_full_chain_with_three_review_levels(people):
    article = draft_by(people["editor"])
    workflow.submit(article, by=people["editor"])
    assert article.status == S.REVIEW
    assert article.review_level == 0
    workflow.approve(article, by=people["reviewer"], comment="初审通过")
    assert (article.status, article.review_level) == (S.REVIEW, 1)
    workflow.approve(article, by=people["reviewer"])
    assert (article.status, article.review_level) == (S.REVIEW, 2)
    workflow.approve(article, by=people["reviewer"])
    assert (article.status, article.review_level) == (S.SIGNOFF, 3)
    workflow.sign_off(article, by=people["signer"])
    assert article.status == S.PUBLISHED
    assert article.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()

    log = list(article.transitions.values_list("action", "from_status", "to_status", "actor__username"))
    assert log == [
        ("submit", S.DRAFT, S.REVIEW, "bianji"),
        ("approve", S.REVIEW, S.REVIEW, "shenhe"),
        ("approve", S.REVIEW, S.REVIEW, "shenhe"),
        ("approve", S.REVIEW, S.SIGNOFF, "shenhe"),
        ("sign_off", S.SIGNOFF, S.PUBLISHED, "qianfa"),
    ]
    assert article.transitions.first().at <= article.transitions.last().at
    # The chain fills in the printed credits of the people who did the steps.
    credits = {c.role: c.user.username for c in article.credits.all()}
    assert credits == {"editor": "bianji", "submitted_by": "shenhe", "signed_off_by": "qianfa"}


@pytest.mark.parametrize("levels", [0, 1, 2])
def test_number_of_review_levels_is_a_setting(people, settings, levels):
    settings.NEWS_REVIEW_LEVELS = levels
    article = draft_by(people["editor"])
    workflow.submit(article, by=people["editor"])
    for _ in range(levels):
        assert article.status == S.REVIEW
        workflow.approve(article, by=people["reviewer"])
    assert article.status == S.SIGNOFF


def test_reject_needs_a_comment_and_goes_back_to_draft(people):
    article = draft_by(people["editor"])
    workflow.submit(article, by=people["editor"])
    workflow.approve(article, by=people["reviewer"])
    with pytest.raises(workflow.InvalidTransition, match="必须填写意见"):
        workflow.reject(article, by=people["reviewer"], comment="   ")
    article.refresh_from_db()
    assert article.status == S.REVIEW
    workflow.reject(article, by=people["reviewer"], comment="导语太长")
    assert (article.status, article.review_level) == (S.DRAFT, 0)
    assert article.transitions.last().comment == "导语太长"


def test_signer_may_reject_at_signoff(people):
    article = to_signoff(draft_by(people["editor"]), people)
    workflow.reject(article, by=people["signer"], comment="标题需要修改")
    assert article.status == S.DRAFT


def test_withdraw_archive_reopen(people):
    article = to_signoff(draft_by(people["editor"]), people)
    workflow.sign_off(article, by=people["signer"])
    with pytest.raises(workflow.InvalidTransition):
        workflow.withdraw(article, by=people["signer"], comment="")
    workflow.withdraw(article, by=people["signer"], comment="数据有误")
    assert article.status == S.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()
    workflow.archive(article, by=people["signer"])
    assert article.status == S.ARCHIVED
    workflow.reopen(article, by=people["editor"])
    assert article.status == S.DRAFT


# Every action, every role: allowed exactly where the README's table says.
ALLOWED = {
    "submit": {"editor", "admin"},
    "approve": {"reviewer", "admin"},
    "reject": {"reviewer", "signer", "admin"},
    "sign_off": {"signer", "admin"},
    "withdraw": {"signer", "admin"},
    "archive": {"signer", "admin"},
    "reopen": {"editor", "admin"},
}
STATE_FOR = {
    "submit": S.DRAFT,
    "approve": S.REVIEW,
    "reject": S.REVIEW,
    "sign_off": S.SIGNOFF,
    "withdraw": S.PUBLISHED,
    "archive": S.PUBLISHED,
    "reopen": S.WITHDRAWN,
}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("who", ["editor", "reviewer", "signer", "admin", "nobody"])
def test_permission_per_role(people, action, who):
    author = UserFactory(username="zuozhe")
    author.groups.add(*User.objects.get(username="bianji").groups.all())
    extra = {"published_at": timezone.now()} if STATE_FOR[action] == S.PUBLISHED else {}
    article = draft_by(author, status=STATE_FOR[action], **extra)
    comment = "意见"
    if who in ALLOWED[action]:
        workflow.run(action, article, by=people[who], comment=comment)
        assert article.transitions.filter(action=action, actor=people[who]).count() == 1
    else:
        with pytest.raises(workflow.NotPermitted):
            workflow.run(action, article, by=people[who], comment=comment)
        assert article.transitions.count() == 0
        article.refresh_from_db()
        assert article.status == STATE_FOR[action]


@pytest.mark.parametrize("action", list(ALLOWED))
def test_actions_refused_from_wrong_state(people, action):
    wrong = S.ARCHIVED if action != "reopen" else S.DRAFT
    article = draft_by(people["editor"], status=wrong, published_at=timezone.now())
    with pytest.raises(workflow.InvalidTransition, match="不能"):
        workflow.run(action, article, by=people["admin"], comment="x")


@pytest.mark.parametrize("relation", ["created_by", "last_edited_by", "author_credit"])
@pytest.mark.parametrize("who", ["signer", "admin"])
def test_nobody_signs_off_their_own_work(people, relation, who):
    other = editor(username="other")
    article = draft_by(other)
    to_signoff(article, people)
    if relation == "author_credit":
        Credit.objects.create(article=article, role=Credit.Role.AUTHOR, user=people[who])
    else:
        Article.objects.filter(pk=article.pk).update(**{relation: people[who]})
    article.refresh_from_db()
    with pytest.raises(workflow.NotPermitted, match="自己"):
        workflow.sign_off(article, by=people[who])
    assert workflow.available_actions(article, people[who]) == [
        a for a in workflow.available_actions(article, people[who]) if a.name != "sign_off"
    ]
    assert "sign_off" not in [a.name for a in workflow.available_actions(article, people[who])]


def test_stale_expected_status_is_refused(people):
    article = draft_by(people["editor"])
    workflow.submit(article, by=people["editor"])
    stale = Article.objects.get(pk=article.pk)
    workflow.approve(article, by=people["reviewer"], expected_status=S.REVIEW)
    workflow.approve(article, by=people["reviewer"], expected_status=S.REVIEW)
    workflow.approve(article, by=people["reviewer"], expected_status=S.REVIEW)
    assert article.status == S.SIGNOFF
    with pytest.raises(workflow.StaleState, match="已被他人处理"):
        workflow.approve(stale, by=people["reviewer"], expected_status=S.REVIEW)


def test_second_sign_off_of_same_piece_gets_a_clear_message(people):
    article = to_signoff(draft_by(people["editor"]), people)
    second_signer = signer(username="qianfa2")
    copy = Article.objects.get(pk=article.pk)
    workflow.sign_off(article, by=people["signer"], expected_status=S.SIGNOFF)
    with pytest.raises(workflow.WorkflowError):
        workflow.sign_off(copy, by=second_signer, expected_status=S.SIGNOFF)
    assert Transition.objects.filter(article=article, action="sign_off").count() == 1


def test_transitions_are_append_only(people):
    article = draft_by(people["editor"])
    record = workflow.submit(article, by=people["editor"])
    record.comment = "改写历史"
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    with pytest.raises(ValueError, match="append-only"):
        record.delete()


def test_scheduled_piece_appears_when_its_time_passes(people):
    article = to_signoff(draft_by(people["editor"]), people)
    go_live = timezone.now() + timedelta(hours=2)
    workflow.sign_off(article, by=people["signer"], published_at=go_live)
    assert article.status == S.PUBLISHED
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_edit_of_published_piece_by_non_signer_goes_back_to_review(people):
    article = to_signoff(draft_by(people["editor"]), people)
    workflow.sign_off(article, by=people["signer"])
    workflow.record_edit(article, by=people["editor"])
    assert (article.status, article.review_level) == (S.REVIEW, 0)
    assert article.transitions.last().action == "edit_published"


def test_correction_by_signer_keeps_piece_published(people):
    article = to_signoff(draft_by(people["editor"]), people)
    workflow.sign_off(article, by=people["signer"])
    workflow.record_edit(article, by=people["signer"])
    assert article.status == S.PUBLISHED
    assert article.transitions.last().action == "correct"


def test_queue_for_each_role(people):
    mine = draft_by(people["editor"])
    draft_by(editor(username="someone-else"))
    in_review = draft_by(people["editor"], status=S.REVIEW)
    at_signoff = draft_by(people["editor"], status=S.SIGNOFF)
    own_signoff = draft_by(people["signer"], status=S.SIGNOFF)
    assert set(workflow.queue_for(people["editor"])) == {mine}
    assert set(workflow.queue_for(people["reviewer"])) == {in_review}
    assert set(workflow.queue_for(people["signer"])) == {at_signoff}
    assert own_signoff not in workflow.queue_for(people["signer"])


def test_trash_and_restore(people):
    article = to_signoff(draft_by(people["editor"]), people)
    workflow.sign_off(article, by=people["signer"])
    workflow.move_to_trash(article, by=people["editor"])
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.trashed().filter(pk=article.pk).exists()
    with pytest.raises(workflow.InvalidTransition, match="回收站"):
        workflow.withdraw(article, by=people["signer"], comment="x")
    workflow.restore_from_trash(article, by=people["editor"])
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert list(article.transitions.values_list("action", flat=True))[-2:] == ["trash", "restore"]


def test_roles_exist_as_groups_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.EDITOR, roles.REVIEWER, roles.SIGNER, roles.SITE_ADMIN} <= names
    signer_perms = set(Group.objects.get(name=roles.SIGNER).permissions.values_list("codename", flat=True))
    assert "sign_off_article" in signer_perms
    assert "submit_article" not in signer_perms
    editor_perms = set(Group.objects.get(name=roles.EDITOR).permissions.values_list("codename", flat=True))
    assert "sign_off_article" not in editor_perms


def test_hooks_run_after_commit(people, django_capture_on_commit_callbacks):
    seen = []
    hook = workflow.on_transition(lambda article, action, record: seen.append((article.pk, action)))
    try:
        article = draft_by(people["editor"])
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(article, by=people["editor"])
        assert (article.pk, "submit") in seen
    finally:
        workflow._hooks.remove(hook)

"""Weeks pass the articles' review and sign-off chain (news.workflow), with their own permissions and log."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from events.models import ActivityWeek, Status, WeekTransition
from news import roles, workflow
from news.models import Transition
from tests.events.factories import WeekFactory
from tests.factories import ArticleFactory, editor, reviewer, signer, site_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {"editor": editor(), "reviewer": reviewer(), "signer": signer()}


def test_roles_hold_the_week_permissions():
    editor_group = Group.objects.get(name=roles.EDITOR)
    codes = set(editor_group.permissions.values_list("codename", flat=True))
    assert {"add_activityweek", "change_activityweek", "submit_activityweek", "add_activity"} <= codes
    assert "sign_off_activityweek" not in codes
    assert "review_activityweek" in set(
        Group.objects.get(name=roles.REVIEWER).permissions.values_list("codename", flat=True)
    )
    signer_codes = set(Group.objects.get(name=roles.SIGNER).permissions.values_list("codename", flat=True))
    assert {"sign_off_activityweek", "withdraw_activityweek", "archive_activityweek"} <= signer_codes
    admin_codes = set(Group.objects.get(name=roles.SITE_ADMIN).permissions.values_list("codename", flat=True))
    assert {"sign_off_activityweek", "delete_activity"} <= admin_codes


@override_settings(NEWS_REVIEW_LEVELS=2)
def test_a_week_goes_through_the_whole_chain_and_is_logged(people):
    week = WeekFactory(created_by=people["editor"], last_edited_by=people["editor"])
    assert not ActivityWeek.objects.published().exists()
    workflow.submit(week, by=people["editor"])
    assert week.status == Status.REVIEW
    workflow.approve(week, by=people["reviewer"])
    assert (week.status, week.review_level) == (Status.REVIEW, 1)
    workflow.approve(week, by=people["reviewer"], expected_status=Status.REVIEW)
    assert week.status == Status.SIGNOFF
    workflow.sign_off(week, by=people["signer"])
    assert week.status == Status.PUBLISHED
    assert week.published_at is not None
    assert list(ActivityWeek.objects.published()) == [week]
    log = list(WeekTransition.objects.filter(week=week).values_list("action", "to_status"))
    assert log == [("submit", "review"), ("approve", "review"), ("approve", "signoff"), ("sign_off", "published")]
    assert not Transition.objects.exists()  # articles' log untouched


def test_permissions_are_the_weeks_own(people):
    week = WeekFactory()
    with pytest.raises(workflow.NotPermitted):
        workflow.approve(week, by=people["editor"])
    workflow.submit(week, by=people["editor"])
    with pytest.raises(workflow.NotPermitted):
        workflow.sign_off(week, by=people["reviewer"])


@override_settings(NEWS_REVIEW_LEVELS=0)
def test_nobody_signs_off_their_own_week_not_even_the_site_admin(people):
    boss = site_admin()
    week = WeekFactory(created_by=boss)
    workflow.submit(week, by=boss)
    assert week.status == Status.SIGNOFF
    with pytest.raises(workflow.NotPermitted) as caught:
        workflow.sign_off(week, by=boss)
    assert "不能签发自己" in str(caught.value)
    assert workflow.is_own_work(week, boss)
    assert "sign_off" not in [a.name for a in workflow.available_actions(week, boss)]
    assert "sign_off" in [a.name for a in workflow.available_actions(week, people["signer"])]
    assert workflow.available_actions(week, people["signer"])[0].permission.startswith("events.")


@override_settings(NEWS_REVIEW_LEVELS=1)
def test_reject_needs_a_comment_and_stale_moves_are_refused(people):
    week = WeekFactory()
    workflow.submit(week, by=people["editor"])
    with pytest.raises(workflow.InvalidTransition):
        workflow.reject(week, by=people["reviewer"], comment=" ")
    stale = ActivityWeek.objects.get(pk=week.pk)
    workflow.reject(week, by=people["reviewer"], comment="日期有误")
    assert week.status == Status.DRAFT
    with pytest.raises(workflow.StaleState):
        workflow.approve(stale, by=people["reviewer"], expected_status=Status.REVIEW)


def test_queue_trash_and_edits_of_published_weeks(people):
    week = WeekFactory(created_by=people["editor"])
    assert list(workflow.queue_for(people["editor"], model=ActivityWeek)) == [week]
    workflow.move_to_trash(week, by=people["editor"])
    assert not workflow.queue_for(people["editor"], model=ActivityWeek).exists()
    with pytest.raises(workflow.InvalidTransition):
        workflow.submit(week, by=people["editor"])
    workflow.restore_from_trash(week, by=people["editor"])
    ActivityWeek.objects.filter(pk=week.pk).update(status=Status.PUBLISHED, published_at=week.created_at)
    week.refresh_from_db()
    workflow.record_edit(week, by=people["editor"])
    assert week.status == Status.REVIEW
    assert WeekTransition.objects.filter(week=week, action="edit_published").exists()


@override_settings(NEWS_REVIEW_LEVELS=1)
def test_articles_still_go_through_the_chain_with_credits(people):
    article = ArticleFactory(created_by=people["editor"])
    workflow.submit(article, by=people["editor"])
    workflow.approve(article, by=people["reviewer"])
    workflow.sign_off(article, by=people["signer"])
    assert article.status == "published"
    assert set(article.credits.values_list("role", flat=True)) == {"editor", "submitted_by", "signed_off_by"}
    assert Transition.objects.filter(article=article).count() == 3
    assert not WeekTransition.objects.exists()
    assert workflow.available_actions(article, people["signer"])[0].permission.startswith("news.")

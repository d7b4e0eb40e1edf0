import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.copying import copy_week, shift_year
from events.models import Activity, ActivityWeek, Status, WeekTransition
from tests.events.factories import ActivityFactory, GroupFactory, WeekFactory
from tests.factories import ArticleFactory, editor, signer, site_admin

pytestmark = pytest.mark.django_db


def test_admin_pages_open_for_an_editor(client):
    user = editor()
    client.force_login(user)
    week = WeekFactory(created_by=user)
    group = GroupFactory(week=week)
    ActivityFactory(group=group, start_date=dt.date(2022, 6, 30))
    for url in [
        reverse("admin:events_activityweek_changelist"),
        reverse("admin:events_activityweek_add"),
        reverse("admin:events_activityweek_change", args=[week.pk]),
        reverse("admin:events_activitygroup_change", args=[group.pk]),
        reverse("admin:events_activity_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:events_activityweek_change", args=[week.pk])).content.decode()
    assert "不在活动周之内" in page
    assert "送审" in page


def week_post_data(**overrides):
    data = {
        "title": "2023年职业教育活动周方案", "theme": "技能成才", "slogan": "", "level": "school", "parent": "",
        "year": "", "start_date": "2023-05-14", "end_date": "2023-05-20", "organizer": "",
        "organizer_name": "易县职教中心", "region": "", "summary": "", "guiding": "<p>指导</p>", "publicity": "",
        "requirements": "", "cover_alt": "", "tags": "", "published_at": "", "loaded_version": "",
        "groups-TOTAL_FORMS": "1", "groups-INITIAL_FORMS": "0", "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "1000", "groups-0-order": "1", "groups-0-title": "线上活动", "groups-0-mode": "online",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_adding_a_week_with_its_groups_through_the_admin(client):
    user = editor()
    client.force_login(user)
    response = client.post(reverse("admin:events_activityweek_add"), week_post_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    week = ActivityWeek.objects.get()
    assert week.year == 2023
    assert week.created_by == user
    assert [g.title for g in week.groups.all()] == ["线上活动"]


def test_admin_refuses_end_before_start_with_a_message(client):
    client.force_login(editor())
    response = client.post(
        reverse("admin:events_activityweek_add"), week_post_data(start_date="2023-05-20", end_date="2023-05-14")
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not ActivityWeek.objects.exists()


def test_workflow_buttons_move_the_week_and_refuse_own_sign_off(client, settings):
    settings.NEWS_REVIEW_LEVELS = 0
    boss = site_admin()
    client.force_login(boss)
    week = WeekFactory(created_by=boss)
    url = reverse("admin:events_activityweek_workflow", args=[week.pk, "submit"])
    client.post(url, {"expected_status": "draft"})
    week.refresh_from_db()
    assert week.status == Status.SIGNOFF
    response = client.post(reverse("admin:events_activityweek_workflow", args=[week.pk, "sign_off"]), follow=True)
    assert "不能签发自己" in response.content.decode()
    week.refresh_from_db()
    assert week.status == Status.SIGNOFF
    client.force_login(signer())
    client.post(reverse("admin:events_activityweek_workflow", args=[week.pk, "sign_off"]))
    week.refresh_from_db()
    assert week.status == Status.PUBLISHED
    assert WeekTransition.objects.filter(week=week).count() == 2
    assert client.get(reverse("admin:events_activityweek_workflow", args=[week.pk, "submit"])).status_code == 405


def test_copy_last_years_week_as_a_draft_for_the_next_year(client):
    user = editor()
    week = WeekFactory(
        title="2022年职业教育活动周实施方案", status=Status.PUBLISHED, published_at=dt.datetime.now(dt.UTC)
    )
    week.tags.add("活动周")
    activity = ActivityFactory(group__week=week, start_date=dt.date(2022, 5, 23), start_time=dt.time(9))
    activity.articles.add(ArticleFactory())
    client.force_login(user)
    response = client.post(
        reverse("admin:events_activityweek_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [week.pk]},
        follow=True,
    )
    assert "已复制" in response.content.decode()
    copy = ActivityWeek.objects.get(year=2023)
    assert copy.title == "2023年职业教育活动周实施方案"
    assert (copy.start_date, copy.end_date) == (dt.date(2023, 5, 22), dt.date(2023, 5, 28))
    assert copy.status == Status.DRAFT
    assert copy.created_by == user
    assert list(copy.tags.names()) == ["活动周"]
    copied = Activity.objects.get(group__week=copy)
    assert (copied.start_date, copied.start_time) == (dt.date(2023, 5, 23), dt.time(9))
    assert not copied.articles.exists()
    with pytest.raises(ValidationError) as caught:
        copy_week(week)
    assert "已有" in caught.value.messages[0]
    assert ActivityWeek.objects.filter(year=2023).count() == 1


def test_shift_year_handles_leap_day():
    assert shift_year(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_year(None, 1) is None


def test_deleting_a_week_moves_it_to_the_trash(client):
    user = site_admin()
    client.force_login(user)
    week = WeekFactory()
    client.post(reverse("admin:events_activityweek_delete", args=[week.pk]), {"post": "yes"})
    week.refresh_from_db()
    assert week.deleted_at is not None
    changelist = reverse("admin:events_activityweek_changelist")
    client.get(changelist)  # shows and consumes the "deleted" message
    assert week.title not in client.get(changelist).content.decode()
    assert week.title in client.get(changelist, {"queue": "trash"}).content.decode()
    client.post(changelist + "?queue=trash", {"action": "bulk_restore", "_selected_action": [week.pk]})
    week.refresh_from_db()
    assert week.deleted_at is None


def test_my_queue_lists_the_weeks_waiting_for_me(client):
    user = editor()
    client.force_login(user)
    mine = WeekFactory(created_by=user, title="我的草稿方案")
    WeekFactory(title="别人的草稿方案")
    html = client.get(reverse("admin:events_activityweek_changelist"), {"queue": "mine"}).content.decode()
    assert mine.title in html
    assert "别人的草稿方案" not in html


def test_an_attachment_that_lies_about_its_type_is_refused_and_nothing_is_saved(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor())
    data = week_post_data(**{
        "attachments-TOTAL_FORMS": "1", "attachments-0-order": "1", "attachments-0-title": "通知",
        "attachments-0-file": SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    })
    response = client.post(reverse("admin:events_activityweek_add"), data)
    assert response.status_code == 200
    assert "不是有效的 PDF 或 DOCX" in response.content.decode()
    assert not ActivityWeek.objects.exists()


def test_a_cover_that_is_not_a_picture_is_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor())
    data = week_post_data(cover_image=SimpleUploadedFile("cover.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"))
    response = client.post(reverse("admin:events_activityweek_add"), data)
    assert response.status_code == 200
    assert not ActivityWeek.objects.exists()
    assert "errornote" in response.content.decode()


def test_restoring_weeks_from_the_trash_needs_the_delete_permission(client):
    from django.utils import timezone

    from tests.factories import reviewer

    week = WeekFactory(deleted_at=timezone.now())
    client.force_login(reviewer())
    changelist = reverse("admin:events_activityweek_changelist")
    client.post(changelist + "?queue=trash", {"action": "bulk_restore", "_selected_action": [week.pk]})
    week.refresh_from_db()
    assert week.deleted_at is not None

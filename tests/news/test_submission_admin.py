"""The submissions admin: filters by school, region and state; declining asks for a reason and mails the school."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from news import submissions, workflow
from news.models import Submission
from tests.factories import RegionFactory, SchoolFactory, editor, reviewer, site_admin

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:news_submission_changelist")


def make(school, title="稿件") -> Submission:
    data = submissions.SubmissionData(
        school=school, school_name=school.name, region=None, contact_name="王老师", phone="13812345678",
        email=f"{title}@school.cn", title=title, body_html="<p>正文</p>", consent=True,
    )
    return submissions.create_submission(data)


@pytest.fixture
def two_regions():
    north = SchoolFactory(name="北方职业学院", region=RegionFactory(name="北方"))
    south = SchoolFactory(name="南方职业学院", region=RegionFactory(name="南方"))
    return make(north, "北方稿件"), make(south, "南方稿件")


def listed(client, **params) -> str:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return response.content.decode()


def test_filters_by_school_region_and_state(client, two_regions):
    north, south = two_regions
    submissions.decline(south, by=reviewer(), reason="不符合要求")
    client.force_login(reviewer())
    html = listed(client)
    assert "北方稿件" in html
    assert "南方稿件" in html
    html = listed(client, school__id__exact=north.school_id)
    assert "北方稿件" in html
    assert "南方稿件" not in html
    html = listed(client, school__region__id__exact=south.school.region_id)
    assert "南方稿件" in html
    assert "北方稿件" not in html
    html = listed(client, state="declined")
    assert "南方稿件" in html
    assert "北方稿件" not in html
    html = listed(client, state="received")
    assert "北方稿件" in html
    assert "南方稿件" not in html
    assert '<td class="field-state_label">未采用</td>' in listed(client)


def test_changelist_query_count_is_flat(client, django_assert_max_num_queries):
    school = SchoolFactory(region=RegionFactory())
    make(school, "第一篇")
    client.force_login(site_admin())
    client.get(CHANGELIST)
    with django_assert_max_num_queries(12) as few:
        client.get(CHANGELIST)
    for index in range(30):
        make(SchoolFactory(region=RegionFactory()), f"稿{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST)


def test_bulk_decline_asks_for_a_reason_then_mails(client, two_regions, django_capture_on_commit_callbacks):
    north, south = two_regions
    client.force_login(reviewer())
    selection = {"action": "decline_selected", ACTION_CHECKBOX_NAME: [north.pk, south.pk]}
    page = client.post(CHANGELIST, selection)
    html = page.content.decode()
    assert page.status_code == 200
    assert "退稿理由" in html
    assert north.tracking_number in html
    assert south.tracking_number in html
    assert Submission.objects.filter(declined_at__isnull=False).count() == 0

    missing = client.post(CHANGELIST, {**selection, "reason": ""})
    assert "请填写退稿理由" in missing.content.decode()
    assert Submission.objects.filter(declined_at__isnull=False).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CHANGELIST, {**selection, "reason": "本期专题已截稿"})
    assert done.status_code == 302
    assert Submission.objects.filter(declined_at__isnull=False, decline_reason="本期专题已截稿").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["北方稿件@school.cn", "南方稿件@school.cn"]
    assert all("本期专题已截稿" in m.body for m in mail.outbox)


def test_decline_button_on_the_change_page(client, two_regions, django_capture_on_commit_callbacks):
    north, _ = two_regions
    client.force_login(reviewer())
    change = client.get(reverse("admin:news_submission_change", args=[north.pk])).content.decode()
    decline_url = reverse("admin:news_submission_decline", args=[north.pk])
    assert decline_url in change
    assert f"/submission/{north.status_token}/" in change
    assert "退稿理由" in client.get(decline_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decline_url, {"reason": "稿件重复"})
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.decline_reason == "稿件重复"
    assert len(mail.outbox) == 1


def test_editors_without_the_right_cannot_decline(client, two_regions):
    north, _ = two_regions
    user = editor()
    user.user_permissions.add(Permission.objects.get(codename="view_submission"))
    client.force_login(user)
    response = client.post(reverse("admin:news_submission_decline", args=[north.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Submission.objects.get(pk=north.pk).declined_at is None
    html = client.get(CHANGELIST).content.decode()
    assert "decline_selected" not in html


def test_nobody_adds_or_edits_submissions_in_the_admin(client, two_regions):
    client.force_login(site_admin())
    assert client.get(reverse("admin:news_submission_add")).status_code == 403
    north, _ = two_regions
    response = client.post(reverse("admin:news_submission_change", args=[north.pk]), {"email": "x@y.cn"})
    assert response.status_code == 403
    assert Submission.objects.get(pk=north.pk).email == "北方稿件@school.cn"


def test_queue_still_shows_submissions_to_reviewers(two_regions):
    north, _ = two_regions
    assert north.article in workflow.queue_for(reviewer())

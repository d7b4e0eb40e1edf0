"""news.submissions: atomic creation, the school-facing state, declining, and the mail on publication."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from news import submissions, uploads, workflow
from news.models import Article, ArticleImage, Credit, School, Submission, Transition
from tests.factories import RegionFactory, SchoolFactory, editor, reviewer, signer
from tests.news import submission_support
from tests.news.submission_support import files_under, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db
media_root = submission_support.media_root


def data(school=None, *, images=2, attachment=True, **overrides) -> submissions.SubmissionData:
    values = {
        "school": school,
        "school_name": school.name if school else "新建职业学院",
        "region": None if school else RegionFactory(),
        "contact_name": "王老师",
        "phone": "13812345678",
        "email": "wang@school.edu.cn",
        "title": "技能大赛喜报",
        "body_html": "<p>正文</p>",
        "consent": True,
        "images": [(uploads.process_image(upload(png_bytes(), f"{i}.png")), f"图{i}") for i in range(images)],
        "attachment": uploads.check_attachment(upload(pdf_bytes(), "a.pdf")) if attachment else None,
    }
    values.update(overrides)
    return submissions.SubmissionData(**values)


def state(submission) -> str:
    return submissions.status_for(Submission.objects.get(pk=submission.pk)).state


def publish(article, *, at=None):
    checker = reviewer()
    for _ in range(workflow.review_levels()):
        workflow.approve(article, by=checker)
    workflow.sign_off(article, by=signer(), published_at=at)


# --- creation ------------------------------------------------------------------------------------------------


def test_create_submission_stores_all_parts(media_root, django_capture_on_commit_callbacks):
    school = SchoolFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submissions.create_submission(data(school), ip="192.0.2.1")
    assert submission.article.images.count() == 2
    assert submission.attachment.name.startswith("submissions/")
    assert len(files_under(media_root)) == 3
    assert submission.article.credits.get().role == Credit.Role.CONTRIBUTOR
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("new_school", [False, True])
def test_failure_half_way_leaves_no_rows_and_no_files(media_root, monkeypatch, new_school):
    school = None if new_school else SchoolFactory()
    original, calls = ArticleImage.save, {"n": 0}

    def fail_on_second_image(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("injected failure after the article and one image were written")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ArticleImage, "save", fail_on_second_image)
    with pytest.raises(RuntimeError):
        submissions.create_submission(data(school))
    assert calls["n"] == 2
    assert Article.objects.count() == 0
    assert ArticleImage.objects.count() == 0
    assert Submission.objects.count() == 0
    assert Transition.objects.count() == 0
    assert School.objects.count() == (0 if new_school else 1)
    assert files_under(media_root) == []


def test_failure_after_the_attachment_leaves_nothing(media_root, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("log write failed")

    monkeypatch.setattr(Transition.objects, "create", fail)
    with pytest.raises(RuntimeError):
        submissions.create_submission(data(SchoolFactory()))
    assert Submission.objects.count() == 0
    assert files_under(media_root) == []


def test_consent_is_required_by_the_domain_too(media_root):
    with pytest.raises(ValueError, match="consent"):
        submissions.create_submission(data(SchoolFactory(), consent=False))
    assert files_under(media_root) == []


def test_new_school_is_unverified_until_an_editor_confirms(media_root):
    submission = submissions.create_submission(data(None))
    assert submission.school_unverified
    assert submission.school in submissions.unverified_schools()
    # A second submission for the same new school is still flagged.
    again = submissions.create_submission(data(None, school_name="新建职业学院"))
    assert again.school == submission.school
    assert again.school_unverified
    submissions.verify_school(submission.school)
    assert not submissions.unverified_schools().exists()


def test_review_levels_zero_sends_straight_to_sign_off(media_root, settings):
    settings.NEWS_REVIEW_LEVELS = 0
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    assert submission.article.status == Article.Status.SIGNOFF
    assert state(submission) == submissions.State.RECEIVED


# --- state --------------------------------------------------------------------------------------------------


def test_received_then_in_review_then_published_with_link(media_root, django_capture_on_commit_callbacks):
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    assert state(submission) == submissions.State.RECEIVED
    workflow.approve(submission.article, by=reviewer())
    assert state(submission) == submissions.State.IN_REVIEW
    article = Article.objects.get(pk=submission.article_id)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(article, by=reviewer())
        workflow.approve(article, by=reviewer())
        workflow.sign_off(article, by=signer())
    status = submissions.status_for(Submission.objects.get(pk=submission.pk))
    article.refresh_from_db()
    assert status.state == submissions.State.PUBLISHED
    assert status.public_url == article.get_absolute_url()
    assert not status.scheduled
    assert len(mail.outbox) == 1
    assert article.get_absolute_url() in mail.outbox[0].body
    assert "已经发布" in mail.outbox[0].body


def test_scheduled_publication_mail_says_when(media_root, django_capture_on_commit_callbacks):
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    when = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        publish(submission.article, at=when)
    status = submissions.status_for(Submission.objects.get(pk=submission.pk))
    assert status.state == submissions.State.PUBLISHED
    assert status.scheduled
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    message = mail.outbox[-1]
    assert "即将发布" in message.subject
    assert local in message.body
    assert status.public_url in message.body


def test_editorial_articles_get_no_school_mail(django_capture_on_commit_callbacks):
    from tests.factories import ArticleFactory

    article = ArticleFactory(status=Article.Status.SIGNOFF)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign_off(article, by=signer())
    assert mail.outbox == []


def test_database_state_matches_status_for_in_every_state(media_root):
    school = SchoolFactory()
    received = submissions.create_submission(data(school, images=0, attachment=False))
    touched = submissions.create_submission(data(school, images=0, attachment=False))
    workflow.approve(touched.article, by=reviewer())
    published = submissions.create_submission(data(school, images=0, attachment=False))
    publish(published.article)
    declined = submissions.create_submission(data(school, images=0, attachment=False))
    submissions.decline(declined, by=reviewer(), reason="与本网定位不符")
    trashed = submissions.create_submission(data(school, images=0, attachment=False))
    workflow.move_to_trash(trashed.article, by=reviewer())
    expected = {received.pk: "received", touched.pk: "in_review", published.pk: "published", declined.pk: "declined",
                trashed.pk: "declined"}
    annotated = dict(submissions.with_state(Submission.objects.all()).values_list("pk", "state"))
    assert annotated == expected
    for submission in Submission.objects.all():
        assert submissions.status_for(submission).state == expected[submission.pk]


# --- declining ----------------------------------------------------------------------------------------------


def test_decline_records_reason_leaves_queue_and_mails_school(media_root, django_capture_on_commit_callbacks):
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    checker = reviewer()
    assert submission.article in workflow.queue_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        submissions.decline(submission, by=checker, reason="图片不清晰，请补充现场照片。")
    submission.refresh_from_db()
    status = submissions.status_for(submission)
    assert status.state == submissions.State.DECLINED
    assert status.reason == "图片不清晰，请补充现场照片。"
    assert submission.article.status == Article.Status.DRAFT
    assert submission.article not in workflow.queue_for(checker)
    log = Transition.objects.filter(article=submission.article).last()
    assert log.actor == checker
    assert "图片不清晰" in log.comment
    message = mail.outbox[-1]
    assert message.to == ["wang@school.edu.cn"]
    assert "未被采用" in message.subject
    assert "图片不清晰，请补充现场照片。" in message.body
    assert submission.status_token in message.body


def test_decline_refusals(media_root):
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    with pytest.raises(submissions.SubmissionError, match="权限"):
        submissions.decline(submission, by=editor(), reason="不行")
    with pytest.raises(submissions.SubmissionError, match="理由"):
        submissions.decline(submission, by=reviewer(), reason="   ")
    submissions.decline(submission, by=reviewer(), reason="重复投稿")
    with pytest.raises(submissions.SubmissionError, match="已经退稿"):
        submissions.decline(submission, by=reviewer(), reason="再退一次")


def test_published_piece_must_be_withdrawn_before_declining(media_root, django_capture_on_commit_callbacks):
    submission = submissions.create_submission(data(SchoolFactory(), images=0, attachment=False))
    publish(submission.article)
    with pytest.raises(submissions.SubmissionError, match="先撤稿"):
        submissions.decline(submission, by=signer(), reason="内容有误")
    workflow.withdraw(Article.objects.get(pk=submission.article_id), by=signer(), comment="内容有误")
    with django_capture_on_commit_callbacks(execute=True):
        submissions.decline(submission, by=signer(), reason="内容有误，已撤下")
    assert state(submission) == submissions.State.DECLINED
    assert "内容有误，已撤下" in mail.outbox[-1].body


def test_a_mail_outage_does_not_lose_the_submission(media_root, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(submissions, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submissions.create_submission(data(SchoolFactory(), images=1, attachment=False))
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert len(files_under(media_root)) == 1

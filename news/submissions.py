"""School submissions (院校投稿): from the public form into the newsroom's review queue, and back to the school.

- `create_submission` turns one valid form into an unpublished article (origin "submission", linked to its
  school, credited to the school as 供稿), its images, its attachment and the `Submission` row, all or
  nothing: a failure half-way rolls the rows back and deletes every file already written.
- The article enters the review queue through a *system* move logged with no actor: no person sent it up
  and no account should exist that holds the right to, so the log says "系统" and the comment names the
  tracking number. Reviewers then find it in their queue like any piece an editor sent up.
- `decline` records the editor's reason, takes the piece out of the queue through `news.workflow.reject`,
  and mails the school; `notify_on_transition` (registered with `news.workflow.on_transition`) mails the
  public link when a submitted piece is signed off, saying when it goes live if it is scheduled.
- `status_for` is what the school's private status page says: received, in review, published (with link)
  or declined (with the reason). The same rule, as a database expression, filters the admin's list.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news import workflow
from news.models import Article, ArticleImage, Column, Credit, Region, School, Submission, Topic, Transition
from news.sanitize import paragraphs_to_html
from news.uploads import CleanAttachment, CleanImage

logger = logging.getLogger(__name__)

Status = Article.Status

# The formatting a school may send: paragraphs, emphasis, lists, quotes, headings and links. No images
# (they come as uploads), no tables, no attributes but a link's address.
SUBMISSION_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "a"}
SUBMISSION_ATTRIBUTES = {"a": {"href"}}


class SubmissionError(Exception):
    """A move on a submission that is not allowed; the message is for the editor."""


class State:
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    DECLINED = "declined"

    labels = {
        RECEIVED: gettext_lazy("已收到"),
        IN_REVIEW: gettext_lazy("审核中"),
        PUBLISHED: gettext_lazy("已发布"),
        DECLINED: gettext_lazy("未采用"),
    }
    choices = list(labels.items())


# --- cleaning text from the public --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_line(value: str) -> str:
    """One line of plain text: tags stripped, control and bidi characters dropped, spaces collapsed."""
    value = _CONTROL.sub("", strip_tags(value or ""))
    return " ".join(value.split())


def normalize_school_name(value: str) -> str:
    # NFKC folds full-width letters, digits and brackets, so "（" and "(" name the same school.
    return clean_line(unicodedata.normalize("NFKC", value or ""))


def body_to_html(text: str, body_format: str) -> str:
    """The school's body as safe HTML: plain lines become escaped paragraphs, HTML keeps a small subset."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n"))
    if body_format == "html":
        return nh3.clean(
            text,
            tags=SUBMISSION_TAGS,
            attributes=SUBMISSION_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        ).strip()
    return paragraphs_to_html(text.split("\n"))


# --- creating -------------------------------------------------------------------------------------------------


@dataclass
class SubmissionData:
    """What a valid form hands the domain: cleaned text and checked files."""

    school: School | None
    school_name: str
    region: Region | None
    contact_name: str
    phone: str
    email: str
    title: str
    body_html: str
    author_name: str = ""
    column: Column | None = None
    topic: Topic | None = None
    consent: bool = False
    images: Sequence[tuple[CleanImage, str]] = field(default_factory=list)
    attachment: CleanAttachment | None = None


DUPLICATE_WINDOW = timezone.timedelta(minutes=30)


def recent_duplicate(email: str, title: str) -> Submission | None:
    """The same address sent the same title a moment ago (a double click, a reload): don't store it twice."""
    return (
        Submission.objects.filter(
            email=email, article__title=title, created_at__gte=timezone.now() - DUPLICATE_WINDOW
        )
        .only("tracking_number")
        .first()
    )


def unverified_schools() -> QuerySet[School]:
    """Schools typed in by the public and not yet confirmed by an editor."""
    return School.objects.filter(submissions__school_unverified=True)


def verify_school(school: School) -> int:
    """An editor confirmed the school: it appears in the type-ahead from now on."""
    return Submission.objects.filter(school=school, school_unverified=True).update(school_unverified=False)


def _resolve_school(data: SubmissionData) -> tuple[School, bool]:
    """The school chosen, or the one with this name, or a new one (unverified). Returns (school, unverified)."""
    if data.school is not None:
        school = data.school
    else:
        name = normalize_school_name(data.school_name)
        school = School.objects.filter(name__iexact=name).first()
        if school is None:
            if data.region is None:
                raise ValueError("A new school needs its region.")
            try:
                with transaction.atomic():
                    school = School.objects.create(name=name, region=data.region)
            except IntegrityError:  # created a moment ago by a concurrent submission
                school = School.objects.get(name__iexact=name)
            return school, True
    return school, Submission.objects.filter(school=school, school_unverified=True).exists()


def create_submission(data: SubmissionData, *, ip: str | None = None) -> Submission:
    """Store one submission: article, credits, images, attachment and the submission row, all or nothing.

    Files are written during the transaction; if anything fails they are deleted before the error goes on.
    Call it outside any enclosing transaction (as the view does), or a later rollback would orphan files.
    The school is e-mailed its tracking number and status link once the transaction commits.
    """
    if not data.consent:
        raise ValueError("A submission needs the school's consent to publication.")
    written: list[str] = []
    try:
        with transaction.atomic():
            school, unverified = _resolve_school(data)
            first_status = Status.REVIEW if workflow.review_levels() > 0 else Status.SIGNOFF
            article = Article.objects.create(
                title=data.title,
                body=data.body_html,
                origin=Article.Origin.SUBMISSION,
                status=first_status,
                school=school,
                region=school.region,
                column=data.column,
                source=school.name,
            )
            if data.topic is not None:
                article.topics.add(data.topic)
            credits = [Credit(article=article, role=Credit.Role.CONTRIBUTOR, name=school.name[:100], order=0)]
            if data.author_name:
                credits.append(Credit(article=article, role=Credit.Role.AUTHOR, name=data.author_name, order=1))
            Credit.objects.bulk_create(credits)
            for order, (image, caption) in enumerate(data.images):
                row = ArticleImage(article=article, caption=caption, alt_text=caption[:200], order=order)
                upload = image.as_file()
                row.image.save(upload.name, upload, save=False)
                written.append(row.image.name)
                row.save()
            submission = Submission(
                article=article,
                school=school,
                contact_name=data.contact_name,
                phone=data.phone,
                email=data.email,
                consent=True,
                ip_address=ip or None,
                school_unverified=unverified,
            )
            if data.attachment is not None:
                upload = data.attachment.as_file()
                submission.attachment.save(upload.name, upload, save=False)
                written.append(submission.attachment.name)
            submission.save()
            Transition.objects.create(
                article=article,
                action="submit",
                from_status=Status.DRAFT,
                to_status=first_status,
                actor=None,
                comment=_("系统：院校投稿自动送审（投稿编号 %(number)s）") % {"number": submission.tracking_number},
            )
            transaction.on_commit(lambda: send_received_email(submission))
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not delete %s after a failed submission", name)
        raise
    return submission


# --- where a submission stands --------------------------------------------------------------------------------


def state_expression() -> Case:
    """The school-facing state of each submission, computed by the database (one rule, see `status_for`)."""
    touched = Transition.objects.filter(article=OuterRef("article"), actor__isnull=False)
    return Case(
        When(Q(article__status=Status.PUBLISHED, article__deleted_at__isnull=True), then=Value(State.PUBLISHED)),
        # Declined, or thrown in the trash without a word: either way the piece is not being used.
        When(Q(declined_at__isnull=False) | Q(article__deleted_at__isnull=False), then=Value(State.DECLINED)),
        When(
            Q(article__status__in=[Status.REVIEW, Status.SIGNOFF], article__review_level=0)
            & Q(article__last_edited_by__isnull=True)
            & ~Exists(touched),
            then=Value(State.RECEIVED),
        ),
        default=Value(State.IN_REVIEW),
        output_field=CharField(),
    )


def with_state(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    return queryset.annotate(state=state_expression())


@dataclass(frozen=True)
class SubmissionStatus:
    state: str
    label: str
    public_url: str = ""
    published_at: datetime | None = None
    scheduled: bool = False
    reason: str = ""

    @property
    def steps(self) -> list[tuple[str, str, bool]]:
        """The progress line printed on the status page: (state, label, reached)."""
        order = [State.RECEIVED, State.IN_REVIEW, State.PUBLISHED]
        if self.state == State.DECLINED:
            return [(State.RECEIVED, str(State.labels[State.RECEIVED]), True),
                    (State.DECLINED, str(State.labels[State.DECLINED]), True)]
        reached = order.index(self.state)
        return [(name, str(State.labels[name]), i <= reached) for i, name in enumerate(order)]


def status_for(submission: Submission) -> SubmissionStatus:
    """What the school's status page says about `submission`."""
    state = getattr(submission, "state", None)
    if state is None:
        state = with_state(Submission.objects.filter(pk=submission.pk)).values_list("state", flat=True).get()
    article = submission.article
    if state == State.PUBLISHED:
        scheduled = article.published_at is not None and article.published_at > timezone.now()
        return SubmissionStatus(
            state=state,
            label=str(_("已签发，定时发布") if scheduled else State.labels[state]),
            public_url=article.get_absolute_url(),
            published_at=article.published_at,
            scheduled=scheduled,
        )
    if state == State.DECLINED:
        return SubmissionStatus(state=state, label=str(State.labels[state]), reason=submission.decline_reason)
    return SubmissionStatus(state=state, label=str(State.labels[state]))


# --- editors' moves ------------------------------------------------------------------------------------------


def may_decline(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_perm("news.review_article") or user.has_perm("news.sign_off_article"))
    )


def decline(submission: Submission, *, by, reason: str) -> Submission:
    """退稿: record the reason, take the piece out of the review queue, and e-mail the school.

    A published piece must be withdrawn first (撤稿), so the school is never told "declined" about
    something readers can see.
    """
    reason = (reason or "").strip()
    if not may_decline(by):
        raise SubmissionError(_("您没有退稿的权限。"))
    if not reason:
        raise SubmissionError(_("退稿必须填写理由。"))
    if len(reason) > 2000:
        raise SubmissionError(_("退稿理由最多 2000 字。"))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("article").get(pk=submission.pk)
        if locked.declined_at is not None:
            raise SubmissionError(_("这篇投稿已经退稿。"))
        article = locked.article
        if article.status == Status.PUBLISHED:
            raise SubmissionError(_("稿件已发布，请先撤稿再退稿。"))
        if article.status in {Status.REVIEW, Status.SIGNOFF}:
            try:
                workflow.reject(article, by=by, comment=_("退稿：%(reason)s") % {"reason": reason})
            except workflow.WorkflowError as exc:
                raise SubmissionError(str(exc)) from exc
        else:
            Transition.objects.create(
                article=article, action="decline", from_status=article.status, to_status=article.status,
                actor=by, comment=_("退稿：%(reason)s") % {"reason": reason},
            )
        now = timezone.now()
        Submission.objects.filter(pk=locked.pk).update(decline_reason=reason, declined_at=now)
        locked.decline_reason, locked.declined_at = reason, now
        transaction.on_commit(lambda: send_declined_email(locked))
    submission.refresh_from_db()
    return submission


def notify_on_transition(article: Article, action_name: str, record) -> None:
    """`news.workflow` hook: when a submitted piece is signed off, mail the school its public link."""
    if action_name != "sign_off" or article.origin != Article.Origin.SUBMISSION:
        return
    submission = Submission.objects.select_related("article", "school").filter(article_id=article.pk).first()
    if submission is not None:
        send_published_email(submission)


# --- mail ------------------------------------------------------------------------------------------------------


def status_url(submission: Submission) -> str:
    # SITE_URL, not the request's Host header: a forged Host must never put a foreign link in the school's mail.
    return settings.SITE_URL + reverse("news:submission_status", kwargs={"token": submission.status_token})


def _send(submission: Submission, template: str, context: dict) -> bool:
    context = {
        "submission": submission,
        "article": submission.article,
        "school": submission.school,
        "status_url": status_url(submission),
        "site_name": settings.SITE_NAME,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"news/email/{template}_subject.txt", context).split())
        body = render_to_string(f"news/email/{template}.txt", context)
    try:
        send_mail(subject, body, None, [submission.email])
    except Exception:
        # The rows are committed and the status page works; a mail server outage must not undo that.
        logger.exception("Could not send the %s mail for submission %s", template, submission.tracking_number)
        return False
    return True


def send_received_email(submission: Submission) -> bool:
    return _send(submission, "received", {})


def send_declined_email(submission: Submission) -> bool:
    return _send(submission, "declined", {"reason": submission.decline_reason})


def send_published_email(submission: Submission) -> bool:
    article = submission.article
    published_at = article.published_at
    return _send(
        submission,
        "published",
        {
            "public_url": settings.SITE_URL + article.get_absolute_url(),
            "published_at": published_at,
            "scheduled": published_at is not None and published_at > timezone.now(),
        },
    )

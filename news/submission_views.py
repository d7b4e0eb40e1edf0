"""Public views for school submissions: thin shells over `news.submissions`, `news.uploads`, `news.ratelimit`.

The form's POST is checked in order of cost, so a flood is turned away cheaply: the declared size and the
per-address limits need only the headers and one cache lookup, and come before the body is read; CSRF and
the honeypot need the parsed body but no decoding; the per-e-mail limit comes before any image is decoded;
the images are decoded and re-encoded once, in the form, and stored as they are.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.db.models import Case, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from news import ratelimit, submissions
from news.models import School, Submission, Topic
from news.submission_forms import SubmissionForm, image_formset

logger = logging.getLogger(__name__)

TYPEAHEAD_LIMIT = 10
TYPEAHEAD_MAX_QUERY = 50


def _rate() -> ratelimit.Rate:
    return ratelimit.parse_rate(settings.SUBMISSION_RATE_LIMIT)


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached through a private token: never indexed, never leak the token in a Referer."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refuse_before_reading(request: HttpRequest) -> HttpResponse | None:
    """Refusals that need only the headers: an oversized body, an address over its limits."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    max_bytes = settings.SUBMISSION_MAX_REQUEST_BYTES
    if length > max_bytes:
        context = {"max_mb": max_bytes // (1024 * 1024), "sent_mb": (length + 1024 * 1024 - 1) // (1024 * 1024)}
        return render(request, "news/submit/too_large.html", context, status=413)
    ip = ratelimit.client_ip(request)
    attempts = ratelimit.parse_rate(settings.SUBMISSION_ATTEMPT_RATE_LIMIT)
    if ratelimit.hit("submit-attempt", ip, attempts) > attempts.limit:
        return ratelimit.too_many_requests(request, ratelimit.retry_after(attempts))
    rate = _rate()
    if ratelimit.is_limited("submit-ip", ip, rate):
        return ratelimit.too_many_requests(request, ratelimit.retry_after(rate))
    return None


@method_decorator(never_cache, name="dispatch")
class SubmitView(View):
    template_name = "news/submit/form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        topic = None
        slug = submissions.clean_line(request.GET.get("topic", ""))[:100]
        if slug:
            topic = Topic.objects.filter(slug=slug, accepts_submissions=True).only("pk", "name", "slug").first()
        return self.render(SubmissionForm(topic=topic), image_formset(), topic=topic)

    def post(self, request: HttpRequest) -> HttpResponse:
        ip = ratelimit.client_ip(request)
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_spam:
            # Filled by a robot: answer like a success so it learns nothing, keep nothing, count the address.
            ratelimit.hit("submit-ip", ip, _rate())
            logger.info("Honeypot submission discarded from %s", ip)
            return render(request, "news/submit/discarded.html")
        email = request.POST.get("email", "").strip().lower()[:254]
        if email and ratelimit.is_limited("submit-email", email, _rate()):
            return ratelimit.too_many_requests(request, ratelimit.retry_after(_rate()))
        formset = image_formset(request.POST, request.FILES)
        form_valid = form.is_valid()
        if not (formset.is_valid() and form_valid):
            return self.render(form, formset, status=400)
        cleaned = form.cleaned_data
        # One request at a time per (address, title): a double click must not store the piece twice.
        lock = "submit-lock:" + hashlib.sha256(f"{cleaned['email']}\n{cleaned['title']}".encode()).hexdigest()
        if not cache.add(lock, 1, timeout=120):
            form.add_error(None, _("同一篇稿件正在提交中，请勿重复点击，稍候查收回执邮件。"))
            return self.render(form, formset, status=409)
        try:
            duplicate = submissions.recent_duplicate(cleaned["email"], cleaned["title"])
            if duplicate is not None:
                message = _("这篇稿件刚刚已经收到（投稿编号 %(number)s），请勿重复提交；查询链接已发送到您的邮箱。")
                form.add_error(None, message % {"number": duplicate.tracking_number})
                return self.render(form, formset, status=409)
            submission = submissions.create_submission(form.to_data(formset.images()), ip=ip)
        except (DatabaseError, OSError):
            logger.exception("Could not store a submission from %s", ip)
            form.add_error(None, _("系统暂时无法保存您的投稿，请稍后重新提交（文字已保留，图片和附件需要重新选择）。"))
            return self.render(form, formset, status=503)
        finally:
            cache.delete(lock)
        ratelimit.hit("submit-ip", ip, _rate())
        ratelimit.hit("submit-email", submission.email, _rate())
        return redirect("news:submit_thanks", token=submission.status_token)

    def render(self, form, formset, *, status: int = 200, topic: Topic | None = None) -> HttpResponse:
        errors = []
        for field in form:
            if field.errors and not field.is_hidden:
                label = form.summary_labels.get(field.name, field.label)
                errors.append({"id": field.auto_id, "label": label, "message": field.errors[0]})
        for index, row in enumerate(formset.forms, start=1):
            for field in row:
                if field.errors:
                    label = _("第 %(n)d 张图片") % {"n": index}
                    errors.append({"id": field.auto_id, "label": label, "message": field.errors[0]})
        if topic is None and form.is_bound:
            topic = getattr(form, "cleaned_data", {}).get("topic")
        context = {
            "form": form,
            "formset": formset,
            "topic": topic,
            "errors": errors,
            "error_count": len(errors) + len(form.non_field_errors()) + len(formset.non_form_errors()),
            "files_were_chosen": bool(form.is_bound and self.request.FILES),
            "max_request_mb": settings.SUBMISSION_MAX_REQUEST_BYTES // (1024 * 1024),
            "image_max_mb": settings.NEWS_IMAGE_MAX_BYTES // (1024 * 1024),
            "attachment_max_mb": settings.SUBMISSION_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "max_images": settings.SUBMISSION_MAX_IMAGES,
        }
        return render(self.request, self.template_name, context, status=status)


_submit_with_csrf = csrf_protect(SubmitView.as_view())


@csrf_exempt  # CSRF is checked below, after the refusals that need no body (CsrfViewMiddleware would read it).
def submit(request: HttpRequest) -> HttpResponse:
    """投稿: the public form."""
    if request.method == "POST":
        refusal = _refuse_before_reading(request)
        if refusal is not None:
            return refusal
        try:
            request.POST  # noqa: B018 - parse now, so an unreadable body gets a Chinese answer, not a bare 400
            request.FILES  # noqa: B018
        except RequestDataTooBig:
            context = {"max_mb": settings.SUBMISSION_MAX_REQUEST_BYTES // (1024 * 1024), "sent_mb": None}
            return render(request, "news/submit/too_large.html", context, status=413)
        except (TooManyFieldsSent, TooManyFilesSent, MultiPartParserError, SuspiciousOperation):
            return render(request, "news/submit/bad_request.html", status=400)
    return _submit_with_csrf(request)


@require_GET
@cache_control(public=True, max_age=300)
def school_search(request: HttpRequest) -> JsonResponse:
    """Type-ahead for the form: confirmed schools whose name contains `q`; names and regions only."""
    query = submissions.clean_line(request.GET.get("q", ""))[:TYPEAHEAD_MAX_QUERY]
    if not query:
        return JsonResponse({"results": []})
    schools = (
        School.objects.filter(name__icontains=query)
        .exclude(pk__in=submissions.unverified_schools().values("pk"))
        .annotate(prefix=Case(When(name__istartswith=query, then=Value(0)), default=Value(1)))
        .order_by("prefix", "name")
        .values("id", "name", "region__name")[:TYPEAHEAD_LIMIT]
    )
    return JsonResponse(
        {"results": [{"id": row["id"], "name": row["name"], "region": row["region__name"] or ""} for row in schools]},
        json_dumps_params={"ensure_ascii": False},
    )


def _by_token(token: str) -> Submission:
    if len(token) > 64:
        raise Http404
    queryset = submissions.with_state(Submission.objects.select_related("article", "school"))
    return get_object_or_404(queryset.filter(Q(status_token=token)))


@never_cache
@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt shown right after sending: tracking number and the private status link."""
    submission = _by_token(token)
    context = {
        "submission": submission,
        "status": submissions.status_for(submission),
        "status_link": request.build_absolute_uri(reverse("news:submission_status", kwargs={"token": token})),
    }
    return _private(render(request, "news/submit/thanks.html", context))


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The school's private status page: received, in review, published (link) or declined (reason)."""
    submission = _by_token(token)
    context = {"submission": submission, "status": submissions.status_for(submission)}
    return _private(render(request, "news/submit/status.html", context))

"""The editors' view of school submissions: filters by school, region and state; declining asks for a reason.

Presentation only: declining calls `news.submissions.decline`, verifying a school `news.submissions.verify_school`.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from news import submissions
from news.submission_forms import DeclineForm


class StateFilter(admin.SimpleListFilter):
    title = _("投稿状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return submissions.State.choices

    def queryset(self, request, queryset):
        if self.value() in submissions.State.labels:
            return queryset.filter(state=self.value())
        return queryset


class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["tracking_number", "article_link", "school", "region", "state_label", "school_unverified",
                    "created_at"]
    list_filter = [StateFilter, ("school", admin.RelatedOnlyFieldListFilter), "school__region", "school_unverified"]
    search_fields = ["tracking_number", "article__title", "school__name", "contact_name", "email"]
    list_select_related = ["article", "school__region"]
    date_hierarchy = "created_at"
    actions = ["decline_selected", "verify_schools"]
    change_form_template = "admin/news/submission/change_form.html"
    fields = ["tracking_number", "article_link", "school", "school_unverified", "contact_name", "phone", "email",
              "attachment", "consent", "ip_address", "created_at", "decline_reason", "declined_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return submissions.with_state(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # submissions come from the public form only

    def has_change_permission(self, request, obj=None):
        return False  # read-only record; the article is edited in its own admin

    def has_decline_permission(self, request):
        return submissions.may_decline(request.user)

    def has_verify_permission(self, request):
        return request.user.has_perm("news.change_school")

    @admin.display(description=_("稿件"), ordering="article__title")
    def article_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:news_article_change", args=[obj.article_id]),
                           obj.article.title)

    @admin.display(description=_("地区"), ordering="school__region__name")
    def region(self, obj):
        return obj.school.region.name if obj.school.region else "—"

    @admin.display(description=_("状态"), ordering="state")
    def state_label(self, obj):
        return submissions.State.labels.get(getattr(obj, "state", ""), "—")

    # --- declining -------------------------------------------------------------------------------------------
    def get_urls(self):
        return [
            path("<int:pk>/decline/", self.admin_site.admin_view(self.decline_view), name="news_submission_decline"),
            *super().get_urls(),
        ]

    def _decline_all(self, request, targets, reason) -> int:
        done = 0
        for submission in targets:
            try:
                submissions.decline(submission, by=request.user, reason=reason)
            except submissions.SubmissionError as exc:
                self.message_user(request, f"{submission.tracking_number}：{exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("已退稿 %(count)d 篇，并已邮件通知投稿学校。") % {"count": done})
        return done

    def _decline_page(self, request, form, targets, *, bulk: bool):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("退稿"),
            "form": form,
            "targets": targets,
            "bulk": bulk,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/news/submission/decline.html", context)

    @admin.action(description=_("退稿（填写理由并通知学校）"), permissions=["decline"])
    def decline_selected(self, request, queryset):
        targets = list(queryset.select_related("article", "school"))
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._decline_all(request, targets, form.cleaned_data["reason"])
            return None
        return self._decline_page(request, form, targets, bulk=True)

    def decline_view(self, request, pk):
        if not self.has_decline_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(self.get_queryset(request).select_related("article", "school"), pk=pk)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._decline_all(request, [submission], form.cleaned_data["reason"])
            return HttpResponseRedirect(reverse("admin:news_submission_change", args=[pk]))
        return self._decline_page(request, form, [submission], bulk=False)

    @admin.action(description=_("核实所选投稿的新院校"), permissions=["verify"])
    def verify_schools(self, request, queryset):
        count = sum(submissions.verify_school(school) > 0 for school in {s.school for s in queryset})
        self.message_user(request, _("已核实 %(count)d 所院校。") % {"count": count})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        submission = self.get_queryset(request).filter(pk=object_id).select_related("article").first()
        if submission is not None:
            extra_context.update(
                status=submissions.status_for(submission),
                may_decline=self.has_decline_permission(request) and submission.declined_at is None,
                status_page=reverse("news:submission_status", kwargs={"token": submission.status_token}),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

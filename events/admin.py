"""The editors' admin for activity weeks: presentation only; moves call `news.workflow`, copies `events.copying`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.copying import copy_week
from events.models import (
    Activity,
    ActivityGroup,
    ActivityWeek,
    WeekAttachment,
    WeekTransition,
    activities_outside_week,
)
from news import admin_workflow, workflow
from news.widgets import RichTextarea


def warn_outside(request, week: ActivityWeek) -> None:
    """Activities dated outside their week are kept, and the editor is told which."""
    outside = activities_outside_week(week)
    if outside:
        messages.warning(
            request,
            _("以下活动的日期不在活动周（%(start)s 至 %(end)s）之内，请核对：%(titles)s")
            % {"start": week.start_date, "end": week.end_date, "titles": "、".join(a.title for a in outside)},
        )


class ActivityGroupInline(admin.TabularInline):
    model = ActivityGroup
    extra = 0
    fields = ["order", "title", "mode", "activities_link"]
    readonly_fields = ["activities_link"]
    ordering = ["order", "pk"]

    @admin.display(description=_("活动"))
    def activities_link(self, obj):
        if not obj or not obj.pk:
            return _("保存后可添加活动")
        url = reverse("admin:events_activitygroup_change", args=[obj.pk])
        label = _("编辑本组活动（%(count)s）") % {"count": obj.activities.count()}
        return format_html('<a href="{}">{}</a>', url, label)


class WeekAttachmentInline(admin.TabularInline):
    model = WeekAttachment
    extra = 0
    fields = ["order", "title", "file"]


class WeekQueueFilter(admin.SimpleListFilter):
    title = _("待办")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("mine", _("我的待办")), ("trash", _("回收站"))]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(pk__in=workflow.queue_for(request.user, model=ActivityWeek).values("pk"))
        return queryset


class WeekAdminForm(forms.ModelForm):
    """Carries the version the editor loaded, so a save over someone else's newer save is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActivityWeek
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields shown
        widgets = {"guiding": RichTextarea, "publicity": RichTextarea, "requirements": RichTextarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version
        if "year" in self.fields:
            self.fields["year"].required = False

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            current = ActivityWeek.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if loaded is not None and current is not None and loaded != current:
                raise ValidationError(
                    _("保存失败：在您编辑期间，这份方案已被他人修改或流转。请复制您的修改，刷新页面后再保存。"),
                    code="stale",
                )
        return cleaned


@admin.register(ActivityWeek)
class ActivityWeekAdmin(admin.ModelAdmin):
    form = WeekAdminForm
    change_form_template = "admin/events/activityweek/change_form.html"
    list_display = ["title", "year", "level", "organizer_name", "start_date", "end_date", "status", "published_at"]
    list_filter = [WeekQueueFilter, "status", "level", "year", "region"]
    search_fields = ["title", "theme", "organizer_name"]
    date_hierarchy = "start_date"
    list_select_related = ["region"]
    autocomplete_fields = ["organizer", "region"]
    raw_id_fields = ["parent"]
    inlines = [ActivityGroupInline, WeekAttachmentInline]
    readonly_fields = ["status", "review_level", "created_by", "last_edited_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "theme", "slogan", "level", "parent", "year", "start_date", "end_date"]}),
        (_("主办"), {"fields": ["organizer", "organizer_name", "region"]}),
        (
            _("方案内容"),
            {"fields": ["summary", "guiding", "publicity", "requirements", "cover_image", "cover_alt", "tags"]},
        ),
        (_("发布"), {"fields": ["published_at", "status", "review_level"]}),
        (
            _("记录"),
            {
                "classes": ["collapse"],
                "fields": ["created_by", "last_edited_by", "created_at", "updated_at", "loaded_version"],
            },
        ),
    ]
    actions = ["copy_to_next_year", "bulk_submit", "bulk_approve", "bulk_sign_off", "bulk_restore"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.GET.get("queue") == "trash":
            return queryset.filter(deleted_at__isnull=False)
        return queryset.live()

    def delete_model(self, request, obj):
        workflow.move_to_trash(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for week in queryset:
            workflow.move_to_trash(week, by=request.user)

    def save_model(self, request, obj, form, change):
        was_published = change and obj.status == ActivityWeek.Status.PUBLISHED
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user
        if change:
            obj.version = (obj.version or 0) + 1
        super().save_model(request, obj, form, change)
        sent_back = was_published and form.has_changed() and workflow.record_edit(obj, by=request.user)
        if sent_back and obj.status == ActivityWeek.Status.REVIEW:
            messages.warning(request, _("已发布的活动周被修改，已撤下并重新送审。"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_outside(request, form.instance)

    def get_urls(self):
        return [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="events_activityweek_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, pk, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        week = get_object_or_404(ActivityWeek.objects.all(), pk=pk)
        try:
            published_at = None
            if action == "sign_off" and request.POST.get("published_at"):
                published_at = forms.DateTimeField().clean(request.POST["published_at"])
            kwargs = {"published_at": published_at} if action == "sign_off" else {}
            workflow.run(
                action, week, by=request.user, comment=request.POST.get("comment", ""),
                expected_status=request.POST.get("expected_status") or None, **kwargs,
            )
        except (workflow.WorkflowError, ValidationError) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request, _("“%(title)s”：%(status)s") % {"title": week.title, "status": week.get_status_display()}
            )
        return HttpResponseRedirect(reverse("admin:events_activityweek_change", args=[pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        week = ActivityWeek.objects.filter(pk=object_id).first()
        if week is not None:
            extra_context.update(
                workflow_actions=workflow.available_actions(week, request.user),
                transitions=WeekTransition.objects.filter(week=week).select_related("actor"),
                own_work=workflow.is_own_work(week, request.user),
                outside_activities=activities_outside_week(week),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    @admin.action(description=_("复制为下一年的活动周（草稿）"))
    def copy_to_next_year(self, request, queryset):
        for week in queryset:
            try:
                copy = copy_week(week, by=request.user)
            except ValidationError as exc:
                self.message_user(request, exc.messages[0], messages.ERROR)
            else:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("已复制："),
                        reverse("admin:events_activityweek_change", args=[copy.pk]),
                        copy.title,
                    ),
                )

    def _bulk(self, request, queryset, action_name):
        admin_workflow.run_bulk(
            self, request, queryset, action_name,
            lambda n: ngettext("%(count)d 份方案已处理。", "%(count)d 份方案已处理。", n) % {"count": n},
        )

    @admin.action(description=_("送审所选活动周"))
    def bulk_submit(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("审核通过所选活动周"))
    def bulk_approve(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("签发所选活动周"))
    def bulk_sign_off(self, request, queryset):
        self._bulk(request, queryset, "sign_off")

    # Restoring undoes a deletion, so it needs the delete permission, as for articles.
    @admin.action(description=_("从回收站恢复所选活动周"), permissions=["delete"])
    def bulk_restore(self, request, queryset):
        count = 0
        for week in queryset.filter(deleted_at__isnull=False):
            workflow.restore_from_trash(week, by=request.user)
            count += 1
        self.message_user(request, _("已恢复 %(count)d 份方案。") % {"count": count})


# Links typed without a scheme are taken as https (Django 6's default), not http.
URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    formfield_overrides = URL_HTTPS
    ordering = ["order", "pk"]
    fields = [
        ("order", "title", "mode"), "description", ("start_date", "start_time", "end_date", "end_time"),
        ("location", "host"), "online_url", "articles",
    ]
    autocomplete_fields = ["articles"]


@admin.register(ActivityGroup)
class ActivityGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "week", "mode", "order"]
    list_filter = ["mode", "week__year"]
    search_fields = ["title", "week__title"]
    list_select_related = ["week"]
    raw_id_fields = ["week"]
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(week__deleted_at__isnull=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_outside(request, form.instance.week)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "week_title", "start_date", "start_time", "mode", "outside_week"]
    list_filter = ["mode", "group__week__year"]
    search_fields = ["title", "group__title", "group__week__title"]
    list_select_related = ["group__week"]
    raw_id_fields = ["group"]
    autocomplete_fields = ["articles"]
    formfield_overrides = URL_HTTPS

    @admin.display(description=_("活动周"), ordering="group__week__title")
    def week_title(self, obj):
        return obj.group.week.title

    @admin.display(description=_("超出活动周"), boolean=True)
    def outside_week(self, obj):
        return obj.is_outside(obj.group.week)


@admin.register(WeekTransition)
class WeekTransitionAdmin(admin.ModelAdmin):
    """The weeks' chain log: readable by editors, writable by nobody."""

    list_display = ["week", "action", "from_status", "to_status", "review_level", "actor", "at"]
    list_filter = ["action", "to_status"]
    list_select_related = ["week", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The editors' admin: presentation only. Every workflow move calls `news.workflow`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from simple_history.admin import SimpleHistoryAdmin

from news import admin_workflow, preview, workflow
from news.admin_import import ImportPagesView, fetch_school_feeds
from news.models import Article, ArticleImage, Column, Credit, Region, School, Submission, Topic, Transition
from news.resources import ArticleResource
from news.submission_admin import SubmissionAdmin
from news.widgets import RichTextarea


class ColumnAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]
    list_select_related = ["parent__parent"]


class RegionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "slug", "order"]
    list_filter = ["level"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]
    list_select_related = ["parent__parent"]


class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on", "accepts_submissions", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    formfield_overrides = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"intro", "editor_note"}:
            kwargs["widget"] = RichTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "level", "website"]
    actions = [fetch_school_feeds]
    list_filter = ["level", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    fields = ["role", "user", "name", "order"]
    autocomplete_fields = ["user"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    extra = 0
    fields = ["thumbnail", "image", "caption", "alt_text", "credit", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("缩略图"))
    def thumbnail(self, obj):
        if obj and obj.image:
            return format_html('<img src="{}" alt="" class="news-thumb">', obj.image.url)
        return "—"


class QueueFilter(admin.SimpleListFilter):
    title = _("待办")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("mine", _("我的待办")), ("trash", _("回收站"))]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(pk__in=workflow.queue_for(request.user).values("pk"))
        return queryset


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor loaded, so a save over someone else's newer save is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields shown
        widgets = {"body": RichTextarea, "editor_note": RichTextarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if loaded is not None and current is not None and loaded != current:
                raise ValidationError(
                    _(
                        "保存失败：在您编辑期间，这篇稿件已被他人修改或流转（版本 %(theirs)s）。"
                        "请复制您的修改，刷新页面后再保存。"
                    ),
                    code="stale",
                    params={"theirs": current},
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(ImportExportMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    # import-export wraps this template: its import/export buttons, then ours (导入网页), then "add".
    change_list_template = "admin/news/article/change_list.html"
    resource_classes = [ArticleResource]
    import_formats = [CSV, XLSX, JSON]
    export_formats = [CSV, XLSX, JSON]
    list_display = ["title", "status_label", "review_level", "column", "region", "origin", "published_at", "updated_at"]
    list_filter = [QueueFilter, "status", "origin", "column", "topics", "region", "school", "published_at"]
    search_fields = ["title", "summary", "source", "credits__name"]
    date_hierarchy = "published_at"
    list_select_related = ["column", "region"]
    autocomplete_fields = ["column", "region", "school", "topics"]
    inlines = [CreditInline, ArticleImageInline]
    readonly_fields = ["status", "review_level", "origin", "created_by", "last_edited_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "summary", "editor_note", "body"]}),
        (_("归类"), {"fields": ["column", "topics", "region", "school", "tags"]}),
        (_("来源与图片"), {"fields": ["source", "source_url", "cover_image"]}),
        (_("发布"), {"fields": ["published_at", "pinned", "featured", "status", "review_level"]}),
        (
            _("记录"),
            {
                "classes": ["collapse"],
                "fields": ["origin", "created_by", "last_edited_by", "created_at", "updated_at", "loaded_version"],
            },
        ),
    ]
    actions = ["bulk_submit", "bulk_approve", "bulk_sign_off", "bulk_archive", "bulk_restore", "bulk_purge"]

    # --- queryset and trash -------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.GET.get("queue") == "trash":
            return queryset.trashed()
        return queryset.live()

    def delete_model(self, request, obj):
        workflow.move_to_trash(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            workflow.move_to_trash(article, by=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("bulk_purge", None)
        return actions

    # --- saving --------------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        was_published = change and obj.status == Article.Status.PUBLISHED
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user
        if change:
            obj.version = (obj.version or 0) + 1
        super().save_model(request, obj, form, change)
        sent_back = was_published and form.has_changed() and workflow.record_edit(obj, by=request.user)
        if sent_back and obj.status == Article.Status.REVIEW:
            messages.warning(request, _("已发布稿件被修改，已撤下并重新送审。"))

    # --- workflow buttons ----------------------------------------------------------------------------
    def get_urls(self):
        custom = [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="news_article_workflow",
            ),
            path(
                "<int:pk>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
            *ImportPagesView(self).urls(),
        ]
        return custom + super().get_urls()

    # --- spreadsheet import/export: adding articles imports, viewing them exports -------------------------
    def has_import_permission(self, request):
        return request.user.has_perm("news.add_article")

    def has_export_permission(self, request):
        return request.user.has_perm("news.view_article")

    def workflow_view(self, request, pk, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article.objects.all(), pk=pk)
        change_url = reverse("admin:news_article_change", args=[pk])
        try:
            if action == "trash_restore":
                if not self.has_delete_permission(request, article):
                    raise PermissionDenied
                workflow.restore_from_trash(article, by=request.user)
                messages.success(request, _("已从回收站恢复。"))
                return HttpResponseRedirect(change_url)
            published_at = None
            if action == "sign_off" and request.POST.get("published_at"):
                published_at = forms.DateTimeField().clean(request.POST["published_at"])
            kwargs = {"published_at": published_at} if action == "sign_off" else {}
            workflow.run(
                action,
                article,
                by=request.user,
                comment=request.POST.get("comment", ""),
                expected_status=request.POST.get("expected_status") or None,
                **kwargs,
            )
        except (workflow.WorkflowError, ValidationError) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
        else:
            messages.success(
                request, _("“%(title)s”：%(status)s") % {"title": article.title, "status": article.get_status_display()}
            )
        return HttpResponseRedirect(change_url)

    def compare_view(self, request, pk):
        article = get_object_or_404(Article.objects.all(), pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        records = list(article.history.all()[:50])
        by_id = {record.history_id: record for record in records}
        try:
            newer = by_id.get(int(request.GET.get("b", records[0].history_id if records else 0)))
            older = by_id.get(int(request.GET.get("a", records[1].history_id if len(records) > 1 else 0)))
        except ValueError:
            newer = older = None
        changes = []
        if newer and older:
            delta = newer.diff_against(older)
            changes = [
                {"field": article._meta.get_field(change.field).verbose_name, "old": change.old, "new": change.new}
                for change in delta.changes
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("比较版本"),
            "records": records,
            "older": older,
            "newer": newer,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/news/article/compare.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = Article.objects.filter(pk=object_id).first()
        if article is not None:
            extra_context.update(
                workflow_actions=workflow.available_actions(article, request.user),
                transitions=Transition.objects.filter(article=article).select_related("actor"),
                preview_url=reverse("news:preview", kwargs={"token": preview.make_token(article.pk)}),
                in_trash=article.deleted_at is not None,
                own_work=workflow.is_own_work(article, request.user),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["queue_count"] = workflow.queue_for(request.user).count()
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, obj):
        if obj.status == Article.Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            return _("定时发布")
        return obj.get_status_display()

    # --- bulk actions --------------------------------------------------------------------------------
    def _bulk(self, request, queryset, action_name):
        admin_workflow.run_bulk(
            self, request, queryset, action_name,
            lambda n: ngettext("%(count)d 篇稿件已处理。", "%(count)d 篇稿件已处理。", n) % {"count": n},
        )

    @admin.action(description=_("送审所选稿件"))
    def bulk_submit(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("审核通过所选稿件"))
    def bulk_approve(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("签发所选稿件"))
    def bulk_sign_off(self, request, queryset):
        self._bulk(request, queryset, "sign_off")

    @admin.action(description=_("归档所选稿件"))
    def bulk_archive(self, request, queryset):
        self._bulk(request, queryset, "archive")

    # Restoring undoes a deletion, so it needs the delete permission, like the restore button.
    @admin.action(description=_("从回收站恢复所选稿件"), permissions=["delete"])
    def bulk_restore(self, request, queryset):
        count = 0
        for article in queryset.filter(deleted_at__isnull=False):
            workflow.restore_from_trash(article, by=request.user)
            count += 1
        self.message_user(request, _("已恢复 %(count)d 篇稿件。") % {"count": count})

    @admin.action(description=_("永久删除回收站中的所选稿件"))
    def bulk_purge(self, request, queryset):
        if not request.user.is_superuser:
            raise PermissionDenied
        trashed = Article.objects.filter(pk__in=queryset.values("pk"), deleted_at__isnull=False)
        count = trashed.count()
        trashed.delete()
        self.message_user(request, _("已永久删除 %(count)d 篇稿件。") % {"count": count})


class TransitionAdmin(admin.ModelAdmin):
    """The chain's log: readable by editors, writable by nobody."""

    list_display = ["article", "action", "from_status", "to_status", "review_level", "actor", "at"]
    list_filter = ["action", "to_status"]
    list_select_related = ["article", "actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Column, ColumnAdmin)
admin.site.register(Region, RegionAdmin)
admin.site.register(Topic, TopicAdmin)
admin.site.register(School, SchoolAdmin)
admin.site.register(Transition, TransitionAdmin)
admin.site.register(Submission, SubmissionAdmin)
admin.site.site_header = _("职教新闻网 · 编辑部")
admin.site.site_title = _("职教新闻网编辑部")
admin.site.index_title = _("内容管理")
admin.site.index_template = "admin/portal_index.html"


"""The admin's page for importing scraped pages: upload, preview, confirm, summary.

Presentation only: reading, parsing, duplicate detection and writing are `news.importing.pipeline`;
the previewed batch waits on the server (`news.importing.staging`) until the editor confirms it.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.importing import feeds, pipeline, staging
from news.importing.parse import KIND_ACTIVITY_WEEK
from news.models import Article, Column

SESSION_KEY = "news_import_batches"
MAX_SESSION_BATCHES = 5
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".zip")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        # An empty page is refused on its own row of the preview, with the other files still read.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data or None, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("网页文件"),
        help_text=_("可多选 .txt、.html、.htm 文件，或一个 .zip 压缩包；合计不超过 50 MB、2000 个网页。"),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        total = sum(f.size for f in files)
        if total > pipeline.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("上传文件合计 %(size)d MB，超过上限 %(limit)d MB，请分批上传。"),
                params={"size": total // (1024 * 1024), "limit": pipeline.MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        for upload in files:
            if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
                raise forms.ValidationError(
                    _("“%(name)s”不是可导入的文件：只接受 .txt、.html、.htm 或 .zip。"), params={"name": upload.name}
                )
        return files


class ConfirmForm(forms.Form):
    """What the editor decides on the preview: status, column, and for each duplicate draft skip or update."""

    token = forms.CharField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("导入后的状态"),
        choices=[(Article.Status.DRAFT, _("草稿")), (Article.Status.REVIEW, _("送审"))],
        initial=Article.Status.DRAFT,
        widget=forms.RadioSelect,
    )
    column = forms.ModelChoiceField(
        label=_("放入栏目"),
        queryset=Column.objects.all(),
        required=False,
        empty_label=_("按网页的栏目路径自动匹配"),
    )

    def __init__(self, *args, user=None, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.rows = rows
        for row in rows:
            if row["may_update"]:
                # A checkbox, not a radio pair: only the drafts to update are posted, so a batch of 2,000
                # duplicates stays under DATA_UPLOAD_MAX_NUMBER_FIELDS. Unticked is a skip.
                self.fields[row["choice_name"]] = forms.BooleanField(
                    label=_("更新已有草稿"),
                    required=False,
                )
                row["field"] = self[row["choice_name"]]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.REVIEW and not self.user.has_perm("news.submit_article"):
            raise forms.ValidationError(_("您没有送审权限，只能导入为草稿。"))
        return status


def build_rows(items: list[pipeline.PreviewItem]) -> list[dict]:
    """One table row per item, with what the template prints and whether its duplicate may be updated."""
    ids = [i.duplicate_of for i in items if i.duplicate_of]
    existing = {
        a.pk: a for a in Article.objects.filter(pk__in=ids).only("pk", "title", "status", "deleted_at")
    }
    rows = []
    for n, item in enumerate(items):
        target = existing.get(item.duplicate_of) if item.duplicate_of else None
        rows.append(
            {
                "n": n,
                "item": item,
                "parsed": item.parsed,
                "is_event": item.ok and item.parsed.kind == KIND_ACTIVITY_WEEK,
                "credits": _credit_labels(item),
                "date": _date_label(item),
                "duplicate": target,
                "may_update": bool(target and target.status == Article.Status.DRAFT and target.deleted_at is None),
                "choice_name": f"duplicate_{n}",
            }
        )
    return rows


def _date_label(item: pipeline.PreviewItem) -> str:
    """The page's date as the editor reads it: date and time in Beijing time, or the date alone."""
    value = item.parsed.published_at if item.ok else None
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat()


def _credit_labels(item: pipeline.PreviewItem) -> list[str]:
    from news.models import Credit

    if not item.ok:
        return []
    labels = dict(Credit.Role.choices)
    return [f"{labels.get(role, role)}：{name}" for role, name in item.parsed.credits.items()]


def _remember(request, token: str) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    tokens.append(token)
    for old in tokens[:-MAX_SESSION_BATCHES]:
        staging.discard(old)
    request.session[SESSION_KEY] = tokens[-MAX_SESSION_BATCHES:]


def _forget(request, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


class ImportPagesView:
    """Bound to the Article admin: `urls()` gives the three pages under admin/news/article/import-pages/."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self) -> list:
        wrap = self.model_admin.admin_site.admin_view
        return [
            path("import-pages/", wrap(self.upload), name="news_article_import_pages"),
            path("import-pages/confirm/", wrap(self.confirm), name="news_article_import_pages_confirm"),
        ]

    def _check(self, request) -> None:
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied

    def _context(self, request, **extra) -> dict:
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "title": _("导入网页"),
            **extra,
        }

    def upload(self, request):
        self._check(request)
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    sources = pipeline.collect_uploads((f.name, f) for f in form.cleaned_data["files"])
                except pipeline.UploadRefused as exc:
                    form.add_error("files", exc.message)
                else:
                    items = pipeline.preview(sources)
                    if not items:
                        form.add_error("files", _("上传的文件中没有可导入的网页（.txt、.html、.htm）。"))
                    else:
                        token = staging.stash(items)
                        _remember(request, token)
                        return self._preview_response(request, token, items)
        else:
            form = UploadForm()
        return TemplateResponse(request, "admin/news/import/upload.html", self._context(request, form=form))

    def _preview_response(self, request, token, items, form=None):
        rows = build_rows(items)
        form = form or ConfirmForm(initial={"token": token}, user=request.user, rows=rows)
        counts = {
            "total": len(items),
            "articles": sum(1 for i in items if i.ok and i.parsed.kind != KIND_ACTIVITY_WEEK and not i.is_duplicate),
            "events": sum(1 for i in items if i.ok and i.parsed.kind == KIND_ACTIVITY_WEEK),
            "duplicates": sum(1 for i in items if i.ok and i.is_duplicate),
            "refused": sum(1 for i in items if not i.ok),
            "warnings": sum(len(i.parsed.warnings) for i in items if i.ok),
        }
        return TemplateResponse(
            request,
            "admin/news/import/preview.html",
            self._context(request, title=_("导入预览"), rows=form.rows, form=form, counts=counts),
        )

    def confirm(self, request):
        self._check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        upload_url = reverse("admin:news_article_import_pages")
        token = request.POST.get("token", "")
        if token not in request.session.get(SESSION_KEY, []):
            messages.error(request, _("这批导入已完成或已过期，请重新上传。"))
            return HttpResponseRedirect(upload_url)
        if "cancel" in request.POST:
            staging.discard(token)
            _forget(request, token)
            messages.info(request, _("已取消导入，未写入任何内容。"))
            return HttpResponseRedirect(upload_url)
        try:
            items = staging.load(token)
        except staging.StagingError:
            _forget(request, token)
            messages.error(request, _("这批导入已完成或已过期，请重新上传。"))
            return HttpResponseRedirect(upload_url)
        form = ConfirmForm(request.POST, user=request.user, rows=build_rows(items))
        if not form.is_valid():
            return self._preview_response(request, token, items, form=form)
        try:
            items = staging.claim(token)
        except staging.StagingError:
            messages.error(request, _("这批导入已完成或已过期，请重新上传。"))
            return HttpResponseRedirect(upload_url)
        finally:
            _forget(request, token)
        for row in form.rows:
            if row["may_update"]:
                items[row["n"]].update_existing = form.cleaned_data[row["choice_name"]]
            elif items[row["n"]].ok and items[row["n"]].is_duplicate:
                items[row["n"]].update_existing = False
        summary = pipeline.commit(
            items,
            user=request.user,
            status=form.cleaned_data["status"],
            column=form.cleaned_data["column"],
            update_duplicates=False,
        )
        return TemplateResponse(
            request,
            "admin/news/import/summary.html",
            self._context(
                request, title=_("导入结果"), summary=summary, counts=summary.counts(), rows=build_rows(summary.items)
            ),
        )


@admin.action(description=_("立即抓取订阅"), permissions=["view"])
def fetch_school_feeds(modeladmin, request, queryset):
    """School admin action: import the selected schools' feeds now (the same code as `poll_feeds`)."""
    if not request.user.has_perm("news.add_article"):
        modeladmin.message_user(request, _("您没有新建文章的权限，不能抓取订阅。"), messages.ERROR)
        return
    schools = list(queryset)
    if not any(s.feed_url for s in schools):
        modeladmin.message_user(request, _("所选院校都没有填写订阅地址。"), messages.WARNING)
        return
    for report in feeds.poll_schools(schools, user=request.user):
        if report.error:
            text = _("%(name)s：抓取失败，%(error)s") % {"name": report.name, "error": report.error}
            modeladmin.message_user(request, text, messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                _("%(name)s：新建草稿 %(created)d 篇，已有 %(duplicates)d 篇。")
                % {"name": report.name, "created": len(report.created), "duplicates": len(report.duplicates)},
                messages.WARNING if report.failed else messages.SUCCESS,
            )

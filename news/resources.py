"""Spreadsheet and JSON import/export of articles (django-import-export), with the admin's rules.

Rows without an ``id`` become new drafts of origin "imported"; a row naming an ``id`` updates that
article, but only while it is a draft (anything further along the review chain is changed through the
chain, never by a spreadsheet). ``status`` is exported and ignored on import. Unknown columns, regions,
schools, topics or credit roles and unreadable dates are per-row errors in Chinese; a file with any
error writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from news.models import Article, Column, Credit, Region, School, Topic

_CREDIT_SPLIT_RE = re.compile(r"\s*[;；\n]\s*")
_CREDIT_PAIR_RE = re.compile(r"^(?P<role>[^:：]+?)\s*[:：]\s*(?P<name>.+)$")


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key written as a slug (or name); an unknown value is a row error in Chinese."""

    def __init__(self, model, field: str, label: str) -> None:
        super().__init__(model, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        obj = self.model.objects.filter(**{self.field: value}).first()
        if obj is None:
            raise ValueError(_("没有%(label)s“%(value)s”。") % {"label": self.label, "value": value})
        return obj


class TopicsWidget(widgets.ManyToManyWidget):
    """专题 as comma-separated slugs."""

    def __init__(self) -> None:
        super().__init__(Topic, separator=",", field="slug")

    def clean(self, value, row=None, **kwargs):
        slugs = [s.strip() for s in re.split(r"[,，、]", str(value or "")) if s.strip()]
        topics = list(Topic.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {t.slug for t in topics})
        if missing:
            raise ValueError(_("没有网址名为“%(slugs)s”的专题。") % {"slugs": "、".join(missing)})
        return topics


class PublishedAtWidget(widgets.DateTimeWidget):
    """ISO 8601 or ``YYYY-MM-DD HH:MM[:SS]`` in Beijing time, a date alone (midnight), or a spreadsheet date."""

    FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M")

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        result = None
        if isinstance(value, dt.datetime):
            result = value
        elif isinstance(value, dt.date):
            result = dt.datetime(value.year, value.month, value.day)
        else:
            text = str(value).strip()
            try:
                result = parse_datetime(text.replace("/", "-"))
                if result is None and (day := parse_date(text.replace("/", "-"))) is not None:
                    result = dt.datetime(day.year, day.month, day.day)
            except ValueError:
                result = None
            for fmt in self.FORMATS:
                if result is not None:
                    break
                try:
                    result = dt.datetime.strptime(text, fmt)
                except ValueError:
                    continue
        if result is None:
            raise ValueError(
                _("无法识别的发布时间“%(value)s”，请写成 2024-05-01 09:30 这样的格式。") % {"value": value}
            )
        if timezone.is_naive(result):
            result = timezone.make_aware(result)
        return result


def credits_to_text(article: Article) -> str:
    """``role:name; role:name`` in the credits' order (role keys as in ``Credit.Role``)."""
    return "; ".join(f"{c.role}:{c.display_name}" for c in article.credits.all() if c.display_name)


def parse_credits(text: str) -> list[tuple[str, str]]:
    """``role:name; role:name`` -> [(role, name)]; roles by key (author) or label (作者). ValueError when unknown."""
    by_label = {str(label): value for value, label in Credit.Role.choices}
    pairs = []
    for part in _CREDIT_SPLIT_RE.split(text or ""):
        if not part.strip():
            continue
        match = _CREDIT_PAIR_RE.match(part.strip())
        role = match and (match["role"] if match["role"] in Credit.Role.values else by_label.get(match["role"]))
        if not role:
            raise ValueError(_("无法识别的署名“%(part)s”：请写成“作者:张三; 编辑:李四”。") % {"part": part})
        pairs.append((role, match["name"].strip()[:100]))
    return pairs


class ArticleResource(resources.ModelResource):
    column = fields.Field(
        attribute="column", column_name="column", widget=LookupWidget(Column, "slug", gettext_lazy("栏目"))
    )
    region = fields.Field(
        attribute="region", column_name="region", widget=LookupWidget(Region, "slug", gettext_lazy("地区"))
    )
    school = fields.Field(
        attribute="school", column_name="school", widget=LookupWidget(School, "name", gettext_lazy("院校"))
    )
    topics = fields.Field(attribute="topics", column_name="topics", widget=TopicsWidget())
    tags = fields.Field(column_name="tags")
    credits = fields.Field(column_name="credits")
    published_at = fields.Field(attribute="published_at", column_name="published_at", widget=PublishedAtWidget())
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = Article
        fields = (
            "id", "title", "subtitle", "summary", "body", "editor_note", "column", "region", "school", "topics",
            "tags", "source", "source_url", "published_at", "credits", "status",
        )
        export_order = fields
        import_id_fields = ["id"]
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_data(self, dataset, **kwargs):
        # A file with any invalid row writes nothing, also when it turns invalid between preview and confirm.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        # A spreadsheet written by hand for new articles need not carry an empty id column.
        if "id" not in (dataset.headers or []):
            dataset.append_col([""] * dataset.height, header="id")
        super().before_import(dataset, **kwargs)

    def get_queryset(self):
        return Article.objects.live().select_related("column", "region", "school").prefetch_related(
            "topics", "tagged_items__tag", "credits__user"
        )

    def dehydrate_tags(self, article: Article) -> str:
        return ", ".join(sorted(t.name for t in article.tags.all()))

    def dehydrate_credits(self, article: Article) -> str:
        return credits_to_text(article)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if new and str(row.get("id") or "").strip():
            raise ValidationError(
                _("编号为 %(id)s 的文章不存在（或在回收站中）；新文章请把 id 留空。") % {"id": row.get("id")}
            )
        if not new and instance.status != Article.Status.DRAFT:
            raise ValidationError(
                _("文章 #%(id)s 当前为“%(status)s”，只能通过导入更新草稿。")
                % {"id": instance.pk, "status": instance.get_status_display()}
            )
        return instance, new

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, parse in (("credits", parse_credits), ("topics", TopicsWidget().clean)):
            if name in row:
                try:
                    parse(row[name])
                except ValueError as exc:
                    errors[name] = [ValidationError(str(exc), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Tags and credits live outside the row's model fields: a change there is a change too.
        if instance.pk and not import_validation_errors and self._extras_changed(instance, row):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def _extras_changed(self, instance, row) -> bool:
        credits = "; ".join(f"{r}:{n}" for r, n in parse_credits(str(row.get("credits") or "")))
        return ("credits" in row and self.dehydrate_credits(instance) != credits) or (
            "tags" in row and self.dehydrate_tags(instance) != ", ".join(sorted(self._tags(row)))
        )

    @staticmethod
    def _tags(row) -> list[str]:
        return [t.strip() for t in re.split(r"[,，、]", str(row.get("tags") or "")) if t.strip()]

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        user = user if getattr(user, "is_authenticated", False) else None
        if instance.pk is None:
            # Spreadsheet rows enter the newsroom like any import: unpublished drafts, through the review chain.
            instance.status = Article.Status.DRAFT
            instance.origin = Article.Origin.IMPORTED
            instance.created_by = user
        else:
            instance.version = (instance.version or 0) + 1
        instance.last_edited_by = user

    def after_save_instance(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        if "tags" in row:
            instance.tags.set(self._tags(row), clear=True)
        if "credits" in row:
            instance.credits.all().delete()
            Credit.objects.bulk_create(
                [
                    Credit(article=instance, role=role, name=name, order=n)
                    for n, (role, name) in enumerate(parse_credits(str(row.get("credits") or "")))
                ]
            )

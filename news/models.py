"""The newsroom's content: columns, topics, regions, schools, articles with their credits and images."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from news.images import validate_image_file
from news.sanitize import clean_html
from news.source_urls import source_key


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class TreeNode(models.Model):
    """A node of a small tree (columns, regions) kept as a parent link: trees here are a few levels deep."""

    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("网址名"), max_length=100, unique=True, allow_unicode=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return " › ".join(node.name for node in self.ancestors(include_self=True))

    def ancestors(self, include_self: bool = False) -> list:
        """From the root down to this node's parent (or this node)."""
        chain, node, seen = [], (self if include_self else self.parent), set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> list[int]:
        """This node and everything below it, one query per level."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(type(self).objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in frontier if pk not in ids]
            ids.extend(frontier)
        return ids


class Column(TreeNode):
    """栏目: where a piece appears, e.g. 新闻 › 职教网讯."""

    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["order", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("news:column", kwargs={"slug": self.slug})


class Region(TreeNode):
    """地方分站: province › city › district."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区县级")

    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, default=Level.PROVINCE)

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["order", "name"]

    def get_absolute_url(self) -> str:
        return reverse("news:region", kwargs={"slug": self.slug})


class Topic(TimeStamped):
    """专题: a special-topic column with its own intro and editor's note."""

    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("网址名"), max_length=100, unique=True, allow_unicode=True)
    intro = models.TextField(_("导语"), blank=True)
    editor_note = models.TextField(_("编者按"), blank=True)
    cover_image = models.ImageField(
        _("封面图"), upload_to="topics/%Y/%m/", blank=True, validators=[validate_image_file]
    )
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    call_for_contributions = models.TextField(_("征稿启事"), blank=True)
    accepts_submissions = models.BooleanField(_("接受院校投稿"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["order", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="topic_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.editor_note = clean_html(self.editor_note)
        self.intro = clean_html(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:topic", kwargs={"slug": self.slug})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


class School(TimeStamped):
    """职业院校: the schools articles, submissions and events belong to."""

    class Level(models.TextChoices):
        SECONDARY = "secondary", _("中职")
        HIGHER = "higher", _("高职")
        UNDERGRADUATE = "undergraduate", _("职业本科")
        OTHER = "other", _("其他")

    name = models.CharField(_("校名"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    level = models.CharField(_("办学层次"), max_length=16, choices=Level.choices, default=Level.OTHER)
    website = models.URLField(_("网站"), blank=True)
    feed_url = models.URLField(_("RSS/Atom 订阅地址"), blank=True)

    class Meta:
        verbose_name = _("院校")
        verbose_name_plural = _("院校")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def live(self):
        """Not in the trash."""
        return self.filter(deleted_at__isnull=True)

    def published(self, now=None):
        """What readers may see: published, its publication time passed, not in the trash.

        Scheduling falls out of this: a published piece with a future time stays hidden until then.
        """
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now(), deleted_at__isnull=True
        )

    def scheduled(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now()).live()

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def for_listing(self):
        """Exactly what a list of article cards prints."""
        return self.select_related("column").only(
            "id", "title", "subtitle", "summary", "published_at", "cover_image", "column__name", "column__slug",
            "pinned", "featured", "status", "deleted_at",
        )


class Article(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("审核中")
        SIGNOFF = "signoff", _("待签发")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")
        ARCHIVED = "archived", _("已归档")

    class Origin(models.TextChoices):
        EDITORIAL = "editorial", _("本站撰写")
        IMPORTED = "imported", _("导入")
        SUBMISSION = "submission", _("院校投稿")

    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    summary = models.TextField(_("导语"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    editor_note = models.TextField(_("编者按"), blank=True)
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("专题"), blank=True, related_name="articles")
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    school = models.ForeignKey(
        School, verbose_name=_("院校"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("标签"), blank=True)
    cover_image = models.ImageField(
        _("封面图"), upload_to="covers/%Y/%m/", blank=True, validators=[validate_image_file]
    )
    source = models.CharField(_("来源"), max_length=120, blank=True)
    source_url = models.URLField(_("来源网址"), max_length=500, blank=True)
    # The address as an identity (news/source_urls.py), kept by save(): what the import's duplicate check looks up.
    source_key = models.CharField(_("来源网址键"), max_length=500, blank=True, default="", editable=False)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_level = models.PositiveSmallIntegerField(_("已通过审级"), default=0)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    featured = models.BooleanField(_("头条推荐"), default=False)
    origin = models.CharField(_("来源方式"), max_length=16, choices=Origin.choices, default=Origin.EDITORIAL)
    original_text = models.TextField(_("导入原文"), blank=True)
    content_hash = models.CharField(_("内容指纹"), max_length=64, blank=True)
    view_count = models.PositiveIntegerField(_("阅读数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("最后编辑人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    deleted_at = models.DateTimeField(_("移入回收站时间"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("删除人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["view_count", "updated_at", "source_key"])

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("submit_article", _("可送审文章")),
            ("review_article", _("可审核文章")),
            ("sign_off_article", _("可签发文章")),
            ("withdraw_article", _("可撤稿")),
            ("archive_article", _("可归档")),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_pub"),
            models.Index(fields=["column", "status", "published_at"], name="article_column_pub"),
            models.Index(fields=["region", "status", "published_at"], name="article_region_pub"),
            # Imports look pieces up by fingerprint; pieces written in the admin have none. Without the condition,
            # SQLite's statistics see one value shared by most rows and it reads the whole table instead.
            models.Index(fields=["content_hash"], condition=~Q(content_hash=""), name="article_content_hash"),
            models.Index(fields=["source_key"], condition=~Q(source_key=""), name="article_source_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body = clean_html(self.body)
        self.editor_note = clean_html(self.editor_note)
        self.source_key = source_key(self.source_url)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "source_url" in update_fields:
            kwargs["update_fields"] = {*update_fields, "source_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        local = timezone.localtime(self.published_at) if self.published_at else timezone.localtime(self.created_at)
        return reverse(
            "news:article",
            kwargs={"year": local.year, "month": f"{local.month:02d}", "day": f"{local.day:02d}", "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.deleted_at is None
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def absolute_url(self, site_url: str | None = None) -> str:
        return (site_url or settings.SITE_URL) + self.get_absolute_url()

    def _picture_url(self, site_url: str) -> str:
        """The cover, else the first body picture (from prefetched images), as an absolute address."""
        if self.cover_image:
            return site_url + self.cover_image.url
        images = list(self.images.all())
        return site_url + images[0].image.url if images else ""

    def _description(self) -> str:
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        text = self.summary or strip_tags(self.body)
        return Truncator(" ".join(text.split())).chars(120)

    def opengraph_tags(self, site_url: str | None = None) -> list[tuple[str, str]]:
        """Open Graph (property, content) pairs for the article page; templates only print them."""
        site_url = site_url or settings.SITE_URL
        tags = [
            ("og:type", "article"),
            ("og:site_name", str(settings.SITE_NAME)),
            ("og:title", self.title),
            ("og:description", self._description()),
            ("og:url", self.absolute_url(site_url)),
            ("og:locale", "zh_CN"),
        ]
        picture = self._picture_url(site_url)
        if picture:
            tags.append(("og:image", picture))
        if self.published_at:
            tags.append(("article:published_time", self.published_at.isoformat()))
        tags.append(("article:modified_time", self.updated_at.isoformat()))
        if self.column_id:
            tags.append(("article:section", self.column.name))
        return tags

    def json_ld(self, site_url: str | None = None) -> dict:
        """schema.org NewsArticle for the article page (credits and images from prefetched rows)."""
        site_url = site_url or settings.SITE_URL
        url = self.absolute_url(site_url)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": self.title[:110],
            "description": self._description(),
            "inLanguage": "zh-CN",
            "dateModified": self.updated_at.isoformat(),
            "publisher": {"@type": "Organization", "name": str(settings.SITE_NAME), "url": site_url + "/"},
        }
        if self.published_at:
            data["datePublished"] = self.published_at.isoformat()
        authors = [c.display_name for c in self.credits.all() if c.role == Credit.Role.AUTHOR and c.display_name]
        if authors:
            data["author"] = [{"@type": "Person", "name": name} for name in authors]
        else:
            data["author"] = {"@type": "Organization", "name": self.source or str(settings.SITE_NAME)}
        picture = self._picture_url(site_url)
        if picture:
            data["image"] = [picture]
        if self.column_id:
            data["articleSection"] = self.column.name
        return data

    def credit(self, role: str) -> str:
        """The printed name for a role, from prefetched credits."""
        for credit in self.credits.all():
            if credit.role == role:
                return credit.display_name
        return ""


class Credit(models.Model):
    """One printed credit: a user of the system, or the printed name of someone without an account."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("作者")
        EDITOR = "editor", _("编辑")
        RESPONSIBLE_EDITOR = "responsible_editor", _("责任编辑")
        SUBMITTED_BY = "submitted_by", _("送签")
        SIGNED_OFF_BY = "signed_off_by", _("签发")
        CONTRIBUTOR = "contributor", _("供稿")
        PHOTOGRAPHER = "photographer", _("供图")

    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="credits",
    )
    name = models.CharField(_("署名"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="credit_has_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.display_name}"

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return ""


class ArticleImage(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("图片"), upload_to="images/%Y/%m/", validators=[validate_image_file])
    caption = models.CharField(_("图片说明"), max_length=300, blank=True)
    alt_text = models.CharField(_("替代文字"), max_length=200, blank=True)
    credit = models.CharField(_("摄影/供图"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("文章图片")
        verbose_name_plural = _("文章图片")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Transition(models.Model):
    """One step of the review chain, written once and never changed."""

    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Article.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Article.Status.choices)
    review_level = models.PositiveSmallIntegerField(_("审级"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Transitions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Transitions are append-only.")


def new_tracking_number() -> str:
    return timezone.localtime().strftime("TG%Y%m%d") + secrets.token_hex(3).upper()


def new_status_token() -> str:
    return secrets.token_urlsafe(24)


class Submission(models.Model):
    """A school's contribution sent through the public form; it lives on as an unpublished article."""

    article = models.OneToOneField(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="submission"
    )
    school = models.ForeignKey(School, verbose_name=_("院校"), on_delete=models.PROTECT, related_name="submissions")
    tracking_number = models.CharField(_("投稿编号"), max_length=24, unique=True, default=new_tracking_number)
    status_token = models.CharField(_("查询凭证"), max_length=64, unique=True, default=new_status_token)
    contact_name = models.CharField(_("联系人"), max_length=50)
    phone = models.CharField(_("电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"))
    attachment = models.FileField(_("附件"), upload_to="submissions/%Y/%m/", blank=True)
    consent = models.BooleanField(_("同意发布"), default=False)
    # The school was typed in as new (or is still unconfirmed): editors check it before trusting the name.
    school_unverified = models.BooleanField(_("新院校待核实"), default=False)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    decline_reason = models.TextField(_("退稿理由"), blank=True)
    declined_at = models.DateTimeField(_("退稿时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("投稿时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("院校投稿")
        verbose_name_plural = _("院校投稿")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.tracking_number


class SearchDocument(models.Model):
    """A published piece as the search index sees it (news/search.py keeps it in step).

    The term columns hold simplified, segmented, space-separated terms; the database indexes them
    (SQLite: the FTS5 table `news_search_fts`; PostgreSQL: the generated `search_vector` column and its GIN
    index), both made by migration 0003 outside the model because they exist on one engine only.
    """

    article = models.OneToOneField(
        Article, verbose_name=_("文章"), primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title_terms = models.TextField(_("标题词"), blank=True)
    terms = models.TextField(_("正文词"), blank=True)
    text = models.TextField(_("原文"), blank=True)
    # The piece's column, region, school, topics and tags as filter tokens (news/search_facets.py).
    facets = models.TextField(_("筛选标记"), blank=True, default="")
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    # Publication second × 10⁸ + article id: orders documents by time inside the SQLite full-text index (its
    # rowid), so "the newest matches" is a walk down one index that stops early (see news/search_backends).
    time_key = models.BigIntegerField(_("时间序号"), unique=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return str(self.article_id)

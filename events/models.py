"""Vocational-education activity weeks (职业教育活动周): the weeks, their groups of activities, attachments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from events.documents import validate_document_file
from news.images import validate_image_file
from news.models import Article, Region, School, TimeStamped
from news.sanitize import clean_html

# Weeks pass the same review and sign-off chain as articles, with the same states.
Status = Article.Status


class Mode(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")
    HYBRID = "hybrid", _("线上线下结合")


class ActivityWeekQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def published(self, now=None):
        """What readers may see: signed off, its publication time passed, not in the trash."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now(), deleted_at__isnull=True)

    def upcoming(self, today: dt.date | None = None):
        return self.filter(start_date__gt=today or timezone.localdate())

    def ongoing(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today, end_date__gte=today)

    def past(self, today: dt.date | None = None):
        return self.filter(end_date__lt=today or timezone.localdate())

    def national(self):
        return self.filter(level=ActivityWeek.Level.NATIONAL)

    def for_listing(self):
        """Exactly what a list of week cards prints."""
        return self.select_related("region", "organizer").only(
            "id", "title", "year", "theme", "level", "start_date", "end_date", "organizer_name", "cover_image",
            "region__name", "region__slug", "organizer__name", "status", "published_at", "deleted_at", "parent",
        )


class ActivityWeek(TimeStamped):
    """One activity week's plan: the national week of a year, or a province's, city's or school's own."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        SCHOOL = "school", _("院校")

    Status = Status

    title = models.CharField(_("标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年份"), db_index=True)
    theme = models.CharField(_("主题"), max_length=200)
    slogan = models.CharField(_("口号"), max_length=200, blank=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, default=Level.SCHOOL)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属全国活动周"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children", limit_choices_to={"level": "national"},
    )
    organizer = models.ForeignKey(
        School, verbose_name=_("主办院校"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="activity_weeks",
    )
    organizer_name = models.CharField(
        _("主办单位（署名）"), max_length=120, blank=True, help_text=_("方案上印的名称，原样保留。")
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="activity_weeks",
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    summary = models.TextField(_("简介"), blank=True)
    guiding = models.TextField(_("指导思想和目标"), blank=True)
    publicity = models.TextField(_("宣传内容"), blank=True)
    requirements = models.TextField(_("工作要求"), blank=True)
    cover_image = models.ImageField(
        _("封面图"), upload_to="events/%Y/", blank=True, validators=[validate_image_file]
    )
    cover_alt = models.CharField(_("封面图替代文字"), max_length=200, blank=True)
    tags = TaggableManager(verbose_name=_("标签"), blank=True)
    original_text = models.TextField(_("导入原文"), blank=True)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_level = models.PositiveSmallIntegerField(_("已通过审级"), default=0)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
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

    objects = ActivityWeekQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动周")
        verbose_name_plural = _("活动周")
        ordering = ["-start_date", "level", "pk"]
        permissions = [
            ("submit_activityweek", _("可送审活动周")),
            ("review_activityweek", _("可审核活动周")),
            ("sign_off_activityweek", _("可签发活动周")),
            ("withdraw_activityweek", _("可撤下活动周")),
            ("archive_activityweek", _("可归档活动周")),
        ]
        indexes = [
            models.Index(fields=["status", "start_date"], name="week_status_start"),
            models.Index(fields=["year", "level"], name="week_year_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="week_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="week_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2200), name="week_year_plausible",
                violation_error_message=_("年份不合理。"),
            ),
            # Re-importing the same plan finds the week instead of making a second one.
            models.UniqueConstraint(
                fields=["title", "organizer_name", "year"],
                condition=Q(deleted_at__isnull=True),
                name="week_unique_plan",
                violation_error_message=_("同一主办单位当年已有同名的活动周方案。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        for name in ("guiding", "publicity", "requirements"):
            setattr(self, name, clean_html(getattr(self, name)))
        if self.start_date and not self.year:
            self.year = self.start_date.year
        if self.organizer_id and not self.organizer_name:
            self.organizer_name = self.organizer.name
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("结束日期不能早于开始日期。"))
        if self.start_date and not self.year:
            self.year = self.start_date.year
        if self.start_date and self.year and self.start_date.year != self.year:
            errors.setdefault("year", []).append(_("年份与开始日期不一致。"))
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors.setdefault("parent", []).append(_("活动周不能属于它自己。"))
            elif self.level == self.Level.NATIONAL:
                errors.setdefault("parent", []).append(_("全国活动周不属于其他活动周。"))
            elif self.parent.level != self.Level.NATIONAL:
                errors.setdefault("parent", []).append(_("只能归属于全国活动周。"))
            elif self.year and self.parent.year != self.year:
                errors.setdefault("parent", []).append(_("所属全国活动周的年份与本活动周不同。"))
        if not self.organizer_id and not self.organizer_name:
            errors.setdefault("organizer_name", []).append(_("请选择主办院校或填写主办单位名称。"))
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("events:week", kwargs={"pk": self.pk})

    @property
    def organizer_display(self) -> str:
        return self.organizer_name or (self.organizer.name if self.organizer_id else "")

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED and self.deleted_at is None
            and self.published_at is not None and self.published_at <= timezone.now()
        )

    def json_ld(self, base_url: str = "") -> dict:
        """schema.org Event for the week, its activities as sub-events; templates only print it."""
        organizer_name = self.organizer_display
        data: dict = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.theme,
            "startDate": self.start_date.isoformat(),
            "endDate": self.end_date.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "url": base_url + self.get_absolute_url(),
        }
        if organizer_name:
            data["organizer"] = {"@type": "Organization", "name": organizer_name}
        modes = {activity.effective_mode for group in self.groups.all() for activity in group.activities.all()}
        modes.discard("")
        if modes == {Mode.ONLINE}:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        elif modes == {Mode.OFFLINE}:
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        elif modes:
            data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
        location_name = self.region.name if self.region_id else organizer_name
        if location_name:
            data["location"] = {"@type": "Place", "name": location_name, "address": location_name}
        if self.cover_image:
            data["image"] = base_url + self.cover_image.url
        sub_events = []
        for group in self.groups.all():
            for activity in group.activities.all():
                start, end = activity.start_value(), activity.end_value()
                sub = {"@type": "Event", "name": activity.title, "startDate": (start or self.start_date).isoformat()}
                if end or not start:
                    sub["endDate"] = (end or self.end_date).isoformat()
                if activity.location:
                    sub["location"] = {"@type": "Place", "name": activity.location, "address": activity.location}
                elif activity.online_url:
                    sub["location"] = {"@type": "VirtualLocation", "url": activity.online_url}
                sub_events.append(sub)
        if sub_events:
            data["subEvent"] = sub_events
        return data


class WeekTransition(models.Model):
    """One step of a week's review chain, written once and never changed."""

    week = models.ForeignKey(
        ActivityWeek, verbose_name=_("活动周"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices)
    review_level = models.PositiveSmallIntegerField(_("审级"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动周流程记录")
        verbose_name_plural = _("活动周流程记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.week_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Transitions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Transitions are append-only.")


class ActivityGroup(models.Model):
    """A heading of the plan's schedule, e.g. 线上体验活动, holding its activities in order."""

    week = models.ForeignKey(ActivityWeek, verbose_name=_("活动周"), on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("名称"), max_length=200)
    mode = models.CharField(_("形式"), max_length=16, choices=Mode.choices, blank=True)
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("活动分组")
        verbose_name_plural = _("活动分组")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class ActivityQuerySet(models.QuerySet):
    def public(self, now=None):
        """Activities of weeks readers may see."""
        return self.filter(group__week__in=ActivityWeek.objects.published(now).values("pk"))

    def touching(self, first: dt.date, last: dt.date):
        """Dated activities that happen on some day between `first` and `last` (inclusive)."""
        return self.filter(start_date__lte=last).filter(
            Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first)
        )


class Activity(models.Model):
    """One activity. Its start and end are a date, a date and time, or unknown (= during the week)."""

    group = models.ForeignKey(
        ActivityGroup, verbose_name=_("分组"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    mode = models.CharField(
        _("形式"), max_length=16, choices=Mode.choices, blank=True, help_text=_("留空则沿用分组的形式。")
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True, help_text=_("留空表示“活动周期间”。"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上链接"), max_length=500, blank=True)
    host = models.CharField(_("承办"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    articles = models.ManyToManyField(
        Article, verbose_name=_("相关报道"), blank=True, related_name="activities"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["start_date"], name="activity_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(start_date__isnull=False),
                name="activity_start_time_needs_date",
                violation_error_message=_("填写开始时间时必须同时填写开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=False),
                name="activity_end_needs_start",
                violation_error_message=_("填写结束日期时必须同时填写开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="activity_end_time_needs_start_time",
                violation_error_message=_("填写结束时间时必须同时填写开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=_("活动结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(end_time__isnull=True)
                    | Q(end_date__isnull=False, end_date__gt=F("start_date"))
                    | Q(end_time__gte=F("start_time"))
                ),
                name="activity_end_time_after_start",
                violation_error_message=_("活动结束时间不能早于开始时间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.group.week.get_absolute_url()}#activity-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_time and not self.start_date:
            errors.setdefault("start_date", []).append(_("填写开始时间时必须同时填写开始日期。"))
        if self.end_date and not self.start_date:
            errors.setdefault("start_date", []).append(_("填写结束日期时必须同时填写开始日期。"))
        if self.end_time and not self.start_time:
            errors.setdefault("start_time", []).append(_("填写结束时间时必须同时填写开始时间。"))
        start, end = self.start_value(), self.end_value()
        if start is not None and end is not None and _as_datetime(end) < _as_datetime(start):
            errors.setdefault("end_date", []).append(_("活动结束时间不能早于开始时间。"))
        if errors:
            raise ValidationError(errors)

    @property
    def effective_mode(self) -> str:
        return self.mode or (self.group.mode if self.group_id else "")

    def get_effective_mode_display(self) -> str:
        mode = self.effective_mode
        return Mode(mode).label if mode else ""

    @property
    def has_time(self) -> bool:
        return self.start_time is not None

    def start_value(self) -> dt.date | dt.datetime | None:
        """The start as an aware datetime (date and time known), a date, or None (during the week)."""
        if self.start_date is None:
            return None
        if self.start_time is None:
            return self.start_date
        return timezone.make_aware(dt.datetime.combine(self.start_date, self.start_time))

    def end_value(self) -> dt.date | dt.datetime | None:
        """The end on the same footing as the start; an end time alone ends on the start day."""
        if self.start_date is None:
            return None
        end_date = self.end_date or self.start_date
        if self.start_time is not None:
            if self.end_time is None:
                return None if self.end_date is None else timezone.make_aware(
                    dt.datetime.combine(end_date, dt.time(23, 59))
                )
            return timezone.make_aware(dt.datetime.combine(end_date, self.end_time))
        return end_date if self.end_date else None

    def days(self) -> tuple[dt.date, dt.date] | None:
        """First and last day it runs on, or None when the plan gives no date."""
        if self.start_date is None:
            return None
        return self.start_date, self.end_date or self.start_date

    def is_outside(self, week: ActivityWeek) -> bool:
        """Whether its dates fall (partly) outside its week: editors see a flag, nothing is refused."""
        days = self.days()
        if days is None or week.start_date is None or week.end_date is None:
            return False
        return days[0] < week.start_date or days[1] > week.end_date

    @property
    def outside_week(self) -> bool:
        return self.is_outside(self.group.week)


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


class WeekAttachment(models.Model):
    """The official notice or the plan itself, as PDF or DOCX (the bytes are checked, not the name)."""

    week = models.ForeignKey(
        ActivityWeek, verbose_name=_("活动周"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="events/attachments/%Y/", validators=[validate_document_file])
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return "PDF" if self.file.name.lower().endswith(".pdf") else "DOCX"


def activities_outside_week(week: ActivityWeek) -> list[Activity]:
    """The week's activities whose dates fall outside it, for the editors' flag."""
    return [
        activity
        for activity in Activity.objects.filter(group__week=week).exclude(start_date__isnull=True)
        if activity.is_outside(week)
    ]

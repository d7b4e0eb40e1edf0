"""Turns a parsed activity-week plan (`news.importing.parse.parse_page`, kind `activity_week`) into a week.

The parsed page is duck-typed: any object with the attributes below will do (title, published_at, organizer,
theme, start_date, end_date, activity_groups, guiding, publicity, requirements, original_text). The week, its
groups and activities are written in one transaction, so a refusal or a crash leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Activity, ActivityGroup, ActivityWeek, Mode, Status
from news import workflow
from news.models import School
from news.sanitize import paragraphs_to_html

# Printed names that name a school rather than a department, a government body or a newspaper.
SCHOOL_NAME = re.compile(r"(学校|学院|大学|职教中心|职业中心|中专|技校|中学|技师学院|职业教育中心|培训中心)$")
NATIONAL_BODY = re.compile(r"^(教育部|人力资源和社会保障部|国务院|中共中央|全国)")
PROVINCIAL_BODY = re.compile(r"(省|自治区)(教育厅|人民政府|人社厅)|^(北京|天津|上海|重庆)市(教育委员会|人民政府)")
MUNICIPAL_BODY = re.compile(r"(市|州|盟|区|县)(教育局|教育体育局|教体局|人民政府)")


class ImportRefused(ValidationError):
    """The plan cannot become a week; the message says why, in Chinese, and nothing was written."""


@dataclass
class ImportResult:
    week: ActivityWeek
    created: bool
    warnings: list[str] = field(default_factory=list)


def looks_like_school(name: str) -> bool:
    return bool(SCHOOL_NAME.search((name or "").strip()))


def guess_level(organizer: str) -> str:
    """The level of a plan from the body that printed it: a school, a city, a province or the ministry."""
    name = (organizer or "").strip()
    if looks_like_school(name):
        return ActivityWeek.Level.SCHOOL
    if NATIONAL_BODY.search(name):
        return ActivityWeek.Level.NATIONAL
    if PROVINCIAL_BODY.search(name):
        return ActivityWeek.Level.PROVINCIAL
    if MUNICIPAL_BODY.search(name):
        return ActivityWeek.Level.MUNICIPAL
    return ActivityWeek.Level.SCHOOL


def _as_date(value: Any, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ImportRefused(
                _("%(label)s“%(value)s”无法识别，未导入。") % {"label": label, "value": value.strip()[:40]},
                code="bad_date",
            ) from None
    raise ImportRefused(_("方案中没有可识别的活动时间（起止日期），未导入。"), code="no_dates")


def _as_published_at(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(9, 0)))
    return None


def _prose(text: Any) -> str:
    if not text:
        return ""
    parts = [str(part) for part in text] if isinstance(text, (list, tuple)) else re.split(r"\n+", str(text))
    return paragraphs_to_html(parts)


def _mode(value: Any) -> str:
    return value if value in Mode.values else ""


def _clip(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def validate_plan(parsed: Any) -> tuple[dt.date, dt.date]:
    """The plan's start and end, or `ImportRefused` with the reason."""
    start, end = getattr(parsed, "start_date", None), getattr(parsed, "end_date", None)
    if not start or not end:
        raise ImportRefused(_("方案中没有可识别的活动时间（起止日期），未导入。"), code="no_dates")
    start, end = _as_date(start, _("开始日期")), _as_date(end, _("结束日期"))
    if end < start:
        raise ImportRefused(
            _("活动结束日期（%(end)s）早于开始日期（%(start)s），未导入。") % {"start": start, "end": end},
            code="end_before_start",
        )
    if not _clip(getattr(parsed, "title", ""), 200):
        raise ImportRefused(_("方案没有标题，未导入。"), code="no_title")
    return start, end


def import_activity_week(parsed: Any, *, user=None, status: str = Status.DRAFT) -> ImportResult:
    """Build (or find, when the same plan came before) the week of a parsed plan, with its groups and activities.

    The same plan is the same title, organizer and year: importing it again returns the week already there,
    untouched, so an editor's changes are never overwritten.

    `status` is ``draft`` (default), ``review`` (the new week is sent up through `news.workflow.submit`, so
    `user` needs the submit permission; without it nothing is written) or ``published`` (for demo data and
    fixtures only: it skips the chain).
    """
    start, end = validate_plan(parsed)
    if status not in (Status.DRAFT, Status.REVIEW, Status.PUBLISHED):
        raise ImportRefused(_("导入的方案只能保存为草稿、送审或（演示数据）直接发布。"), code="bad_status")
    title = _clip(parsed.title, 200)
    organizer_name = _clip(getattr(parsed, "organizer", ""), 120)
    existing = ActivityWeek.objects.live().filter(title=title, organizer_name=organizer_name, year=start.year).first()
    if existing is not None:
        return ImportResult(existing, False, [_("同一方案已导入过，未重复创建。")])
    try:
        with transaction.atomic():
            initial = Status.DRAFT if status == Status.REVIEW else status
            week = _create(parsed, title, organizer_name, start, end, user=user, status=initial)
            if status == Status.REVIEW:
                workflow.submit(week, by=user, comment=_("导入后送审"))
    except IntegrityError:
        # Someone imported the same plan a moment earlier: theirs stands.
        existing = ActivityWeek.objects.live().filter(
            title=title, organizer_name=organizer_name, year=start.year
        ).first()
        if existing is None:
            raise
        return ImportResult(existing, False, [_("同一方案已导入过，未重复创建。")])
    return ImportResult(week, True, list(getattr(parsed, "warnings", []) or []))


def save_activity_week(parsed: Any, *, user=None, status: str = Status.DRAFT) -> ActivityWeek:
    """The week of a parsed plan, created atomically or found when imported before (see `import_activity_week`)."""
    return import_activity_week(parsed, user=user, status=status).week


def _create(parsed, title, organizer_name, start, end, *, user, status) -> ActivityWeek:
    school = None
    if organizer_name and looks_like_school(organizer_name):
        school, _created = School.objects.get_or_create(name=organizer_name)
    level = guess_level(organizer_name)
    parent = None
    if level != ActivityWeek.Level.NATIONAL:
        parent = ActivityWeek.objects.live().national().filter(year=start.year).order_by("pk").first()
    published_at = _as_published_at(getattr(parsed, "published_at", None))
    if status == Status.PUBLISHED and published_at is None:
        published_at = timezone.now()
    week = ActivityWeek(
        title=title,
        year=start.year,
        theme=_clip(getattr(parsed, "theme", ""), 200) or title,
        level=level,
        parent=parent,
        organizer=school,
        organizer_name=organizer_name,
        region=school.region if school else None,
        start_date=start,
        end_date=end,
        guiding=_prose(getattr(parsed, "guiding", "")),
        publicity=_prose(getattr(parsed, "publicity", "")),
        requirements=_prose(getattr(parsed, "requirements", "")),
        original_text=str(getattr(parsed, "original_text", "") or ""),
        status=status,
        published_at=published_at,
        created_by=user,
        last_edited_by=user,
    )
    week.full_clean(exclude=["cover_image", "tags"], validate_unique=False)
    week.save()
    for group_order, raw_group in enumerate(getattr(parsed, "activity_groups", None) or [], start=1):
        group = ActivityGroup.objects.create(
            week=week,
            title=_clip(raw_group.get("title"), 200) or _("活动"),
            mode=_mode(raw_group.get("mode")),
            order=group_order * 10,
        )
        Activity.objects.bulk_create(
            Activity(
                group=group,
                title=_clip(raw.get("title"), 200),
                description=str(raw.get("description") or "").strip(),
                order=order * 10,
            )
            for order, raw in enumerate(raw_group.get("activities") or [], start=1)
            if _clip(raw.get("title"), 200)
        )
    return week

"""“Copy last year's week”: last year's plan as the starting point for this year's, as a new draft."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Activity, ActivityGroup, ActivityWeek, Status


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def copy_week(week: ActivityWeek, *, by=None, years: int = 1) -> ActivityWeek:
    """A draft copy of `week` moved `years` on: dates, title year, groups and activities; no links to news.

    Refuses (ValidationError, in Chinese) when that year already has the same plan; writes nothing then.
    """
    target_year = week.year + years
    title = re.sub(str(week.year), str(target_year), week.title) if str(week.year) in week.title else week.title
    if ActivityWeek.objects.live().filter(
        title=title, organizer_name=week.organizer_name, year=target_year
    ).exists():
        raise ValidationError(
            _("%(year)s 年已有“%(title)s”，未重复复制。") % {"year": target_year, "title": title}, code="exists"
        )
    with transaction.atomic():
        parent = None
        if week.level != ActivityWeek.Level.NATIONAL:
            parent = ActivityWeek.objects.live().national().filter(year=target_year).order_by("pk").first()
        copy = ActivityWeek.objects.create(
            title=title,
            year=target_year,
            theme=week.theme,
            slogan=week.slogan,
            level=week.level,
            parent=parent,
            organizer=week.organizer,
            organizer_name=week.organizer_name,
            region=week.region,
            start_date=shift_year(week.start_date, years),
            end_date=shift_year(week.end_date, years),
            summary=week.summary,
            guiding=week.guiding,
            publicity=week.publicity,
            requirements=week.requirements,
            status=Status.DRAFT,
            created_by=by,
            last_edited_by=by,
        )
        copy.tags.set(list(week.tags.all()))
        for group in week.groups.prefetch_related("activities"):
            new_group = ActivityGroup.objects.create(
                week=copy, title=group.title, mode=group.mode, description=group.description, order=group.order
            )
            Activity.objects.bulk_create(
                Activity(
                    group=new_group,
                    title=activity.title,
                    description=activity.description,
                    mode=activity.mode,
                    start_date=shift_year(activity.start_date, years),
                    start_time=activity.start_time,
                    end_date=shift_year(activity.end_date, years),
                    end_time=activity.end_time,
                    location=activity.location,
                    online_url=activity.online_url,
                    host=activity.host,
                    order=activity.order,
                )
                for activity in group.activities.all()
            )
    return copy

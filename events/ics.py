"""iCalendar files: a feed per week (the week and each activity) and an "add to calendar" file per activity.

Times are written in Asia/Shanghai with a VTIMEZONE; date-only activities are all-day events (VALUE=DATE,
the end the day after the last day, as RFC 5545 says); an activity without a date spans the whole week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from events.models import Activity, ActivityWeek

PRODID = "-//zhijiao portal//activity weeks//ZH"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _uid_host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "zhijiao.local"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are written unescaped: a line break in a title would break the file.
    calendar.add("x-wr-calname", vText(" ".join(name.split())))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    return calendar


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(SHANGHAI)


def week_event(week: ActivityWeek, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"week-{week.pk}@{_uid_host()}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{week.title}（{week.theme}）" if week.theme and week.theme not in week.title else week.title)
    event.add("dtstart", week.start_date)
    event.add("dtend", week.end_date + dt.timedelta(days=1))
    event.add("url", settings.SITE_URL + week.get_absolute_url())
    if week.organizer_display:
        event.add("location", week.organizer_display)
    event.add("description", week.theme)
    return event


def activity_event(activity: Activity, week: ActivityWeek, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{_uid_host()}")
    event.add("dtstamp", stamp)
    event.add("summary", activity.title)
    start, end = activity.start_value(), activity.end_value()
    if start is None:
        # "During the week": the plan names no day, so the event spans the week.
        event.add("dtstart", week.start_date)
        event.add("dtend", week.end_date + dt.timedelta(days=1))
    elif isinstance(start, dt.datetime):
        event.add("dtstart", _local(start))
        if isinstance(end, dt.datetime):
            event.add("dtend", _local(end))
        else:
            event.add("duration", dt.timedelta(hours=1))
    else:
        event.add("dtstart", start)
        event.add("dtend", (end or start) + dt.timedelta(days=1))
    description = [activity.description, f"{week.title} · {activity.group.title}"]
    mode = activity.get_effective_mode_display()
    if mode:
        description.append(_("形式：%(mode)s") % {"mode": mode})
    if activity.host:
        description.append(_("承办：%(host)s") % {"host": activity.host})
    if activity.online_url:
        description.append(activity.online_url)
    event.add("description", "\n".join(part for part in description if part))
    if activity.location:
        event.add("location", activity.location)
    event.add("url", settings.SITE_URL + week.get_absolute_url() + f"#activity-{activity.pk}")
    return event


def _serialise(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def week_calendar(week: ActivityWeek, activities: Iterable[Activity]) -> bytes:
    """The week as an all-day event and every activity as its own event."""
    stamp = timezone.now()
    calendar = _calendar(week.title)
    calendar.add_component(week_event(week, stamp))
    for activity in activities:
        calendar.add_component(activity_event(activity, week, stamp))
    return _serialise(calendar)


def activity_calendar(activity: Activity) -> bytes:
    """One activity, for "add to calendar"."""
    week = activity.group.week
    calendar = _calendar(activity.title)
    calendar.add_component(activity_event(activity, week, timezone.now()))
    return _serialise(calendar)

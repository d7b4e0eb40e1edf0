"""How a week's activities are laid out for readers: by day, and on a month calendar.

Plain functions over already-loaded objects (the views decide the queries), so they are tested without HTTP.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from events.models import Activity, ActivityWeek

MIN_YEAR, MAX_YEAR = 1990, 2200


@dataclass
class Day:
    date: dt.date | None  # None: "during the week", the plan names no day
    activities: list[Activity] = field(default_factory=list)
    in_week: bool = True


def by_day(week: ActivityWeek, activities: Iterable[Activity]) -> list[Day]:
    """Days that have activities, in order; a multi-day activity appears on each of its days; undated last."""
    days: dict[dt.date, Day] = {}
    undated = Day(None)
    for activity in activities:
        span = activity.days()
        if span is None:
            undated.activities.append(activity)
            continue
        first, last = span
        # A long activity is listed on its first days only up to the week's length: a plan typo (a year-long
        # span) must not make a page of thousands of days.
        for offset in range(min((last - first).days, 31) + 1):
            day = first + dt.timedelta(days=offset)
            days.setdefault(day, Day(day, in_week=week.start_date <= day <= week.end_date)).activities.append(activity)
    result = [days[day] for day in sorted(days)]
    for day in result:
        day.activities.sort(key=lambda a: (a.start_time or dt.time.min, a.group.order, a.order, a.pk))
    if undated.activities:
        result.append(undated)
    return result


class BadMonth(ValueError):
    """The year or month asked for is not a month the calendar can show."""


def parse_month(year: str | None, month: str | None, today: dt.date) -> tuple[int, int]:
    """(year, month) from query parameters; missing values mean this month; anything else raises BadMonth."""
    try:
        y = int(year) if year not in (None, "") else today.year
        m = int(month) if month not in (None, "") else today.month
    except (TypeError, ValueError) as exc:
        raise BadMonth from exc
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        raise BadMonth
    return y, m


def shift_month(year: int, month: int, delta: int) -> tuple[int, int] | None:
    index = year * 12 + (month - 1) + delta
    y, m = divmod(index, 12)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    return y, m + 1


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    is_today: bool
    activities: list[Activity] = field(default_factory=list)
    weeks: list[ActivityWeek] = field(default_factory=list)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day shown on the month's grid (whole weeks, Monday first)."""
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return grid[0][0], grid[-1][-1]


def month_grid(
    year: int, month: int, activities: Iterable[Activity], weeks: Iterable[ActivityWeek], today: dt.date
) -> list[list[CalendarDay]]:
    """The month as rows of seven days, each with the dated activities and the activity weeks running that day."""
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    cells = {
        day: CalendarDay(day, in_month=day.month == month, is_today=day == today) for row in grid for day in row
    }
    for activity in activities:
        span = activity.days()
        if span is None:
            continue
        day = max(span[0], grid[0][0])
        while day <= span[1] and day in cells:
            cells[day].activities.append(activity)
            day += dt.timedelta(days=1)
    for week in weeks:
        day = max(week.start_date, grid[0][0])
        while day <= week.end_date and day in cells:
            cells[day].weeks.append(week)
            day += dt.timedelta(days=1)
    for cell in cells.values():
        cell.activities.sort(key=lambda a: (a.start_time or dt.time.min, a.pk))
    return [[cells[day] for day in row] for row in grid]

import datetime as dt

import pytest

from events import schedule
from events.models import Activity, ActivityGroup, ActivityWeek


def week() -> ActivityWeek:
    return ActivityWeek(title="w", start_date=dt.date(2022, 5, 22), end_date=dt.date(2022, 5, 28))


def activity(pk, **values) -> Activity:
    return Activity(pk=pk, title=f"a{pk}", group=ActivityGroup(order=0), order=pk, **values)


def test_by_day_spreads_multi_day_activities_and_puts_undated_last():
    days = schedule.by_day(
        week(),
        [
            activity(1, start_date=dt.date(2022, 5, 23), end_date=dt.date(2022, 5, 24)),
            activity(2),
            activity(3, start_date=dt.date(2022, 5, 30)),
            activity(4, start_date=dt.date(2022, 5, 23), start_time=dt.time(8)),
        ],
    )
    assert [(d.date, [a.pk for a in d.activities], d.in_week) for d in days] == [
        (dt.date(2022, 5, 23), [1, 4], True),
        (dt.date(2022, 5, 24), [1], True),
        (dt.date(2022, 5, 30), [3], False),
        (None, [2], True),
    ]


def test_a_year_long_typo_does_not_make_a_year_of_days():
    days = schedule.by_day(week(), [activity(1, start_date=dt.date(2022, 5, 22), end_date=dt.date(2023, 5, 22))])
    assert len(days) == 32


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(None, None, (2022, 5)), ("2023", "1", (2023, 1)), ("", "12", (2022, 12)), (" 2024 ", "2", (2024, 2))],
)
def test_parse_month(year, month, expected):
    assert schedule.parse_month(year, month, dt.date(2022, 5, 25)) == expected


@pytest.mark.parametrize(("year", "month"), [("x", "1"), ("2022", "13"), ("1900", "1"), ("2022", "1.5")])
def test_parse_month_refuses_what_is_not_a_month(year, month):
    with pytest.raises(schedule.BadMonth):
        schedule.parse_month(year, month, dt.date(2022, 5, 25))


def test_shift_month_wraps_years_and_stops_at_the_edges():
    assert schedule.shift_month(2022, 1, -1) == (2021, 12)
    assert schedule.shift_month(2022, 12, 1) == (2023, 1)
    assert schedule.shift_month(schedule.MAX_YEAR, 12, 1) is None


def test_month_grid_places_activities_and_weeks_on_their_days():
    grid = schedule.month_grid(
        2022, 5, [activity(1, start_date=dt.date(2022, 5, 31), end_date=dt.date(2022, 6, 2))], [week()],
        dt.date(2022, 5, 25),
    )
    cells = {cell.date: cell for row in grid for cell in row}
    assert all(len(row) == 7 for row in grid)
    assert grid[0][0].date.weekday() == 0
    assert [a.pk for a in cells[dt.date(2022, 6, 1)].activities] == [1]
    assert not cells[dt.date(2022, 6, 1)].in_month
    assert cells[dt.date(2022, 5, 25)].is_today
    assert len(cells[dt.date(2022, 5, 28)].weeks) == 1
    assert not cells[dt.date(2022, 5, 29)].weeks

"""The .ics files the portal serves, parsed back with the icalendar library, every event checked."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Mode
from tests.events.factories import ActivityFactory, PublishedWeekFactory, WeekFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def fetch(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


def events_by_summary(calendar: Calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_week_feed_has_the_week_and_every_activity_with_the_right_times(client):
    week = PublishedWeekFactory(title="易县职教中心活动周", theme="技能:让生活更美好")
    online = ActivityFactory(group__week=week, group__mode=Mode.ONLINE, title="线上启动仪式",
                             start_date=dt.date(2022, 5, 22), start_time=dt.time(9, 0), end_time=dt.time(10, 30),
                             online_url="https://example.cn/live")
    ActivityFactory(group__week=week, title="技能大赛", start_date=dt.date(2022, 5, 23), end_date=dt.date(2022, 5, 25),
                    location="石家庄")
    ActivityFactory(group__week=week, title="开放日", start_date=dt.date(2022, 5, 26))
    ActivityFactory(group__week=week, title="线上逛校园")
    ActivityFactory(group__week=week, title="夜间活动", start_date=dt.date(2022, 5, 27), start_time=dt.time(19, 0))

    calendar = fetch(client, reverse("events:week_ics", args=[week.pk]))
    assert str(calendar["VERSION"]) == "2.0"
    assert "Asia/Shanghai" in [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    events = events_by_summary(calendar)
    assert len(events) == 6
    assert len({str(event["UID"]) for event in events.values()}) == 6
    for event in events.values():
        assert "DTSTAMP" in event
        assert "DTSTART" in event

    whole = events["易县职教中心活动周（技能:让生活更美好）"]
    assert whole.decoded("DTSTART") == dt.date(2022, 5, 22)
    assert whole.decoded("DTEND") == dt.date(2022, 5, 29)
    assert whole["DTSTART"].params.get("VALUE") == "DATE"

    timed = events["线上启动仪式"]
    start, end = timed.decoded("DTSTART"), timed.decoded("DTEND")
    assert start == dt.datetime(2022, 5, 22, 9, 0, tzinfo=SHANGHAI)
    assert end == dt.datetime(2022, 5, 22, 10, 30, tzinfo=SHANGHAI)
    assert timed["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert "https://example.cn/live" in str(timed["DESCRIPTION"])
    assert f"#activity-{online.pk}" in str(timed["URL"])

    multi = events["技能大赛"]
    assert multi.decoded("DTSTART") == dt.date(2022, 5, 23)
    assert multi.decoded("DTEND") == dt.date(2022, 5, 26)
    assert str(multi["LOCATION"]) == "石家庄"

    day = events["开放日"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (dt.date(2022, 5, 26), dt.date(2022, 5, 27))
    assert not isinstance(day.decoded("DTSTART"), dt.datetime)

    during = events["线上逛校园"]
    assert (during.decoded("DTSTART"), during.decoded("DTEND")) == (dt.date(2022, 5, 22), dt.date(2022, 5, 29))

    evening = events["夜间活动"]
    assert evening.decoded("DTSTART") == dt.datetime(2022, 5, 27, 19, 0, tzinfo=SHANGHAI)
    assert evening.decoded("DURATION") == dt.timedelta(hours=1)


def test_activity_file_holds_one_event(client):
    activity = ActivityFactory(group__week=PublishedWeekFactory(), title="网上开放日", start_date=dt.date(2022, 5, 24))
    calendar = fetch(client, reverse("events:activity_ics", args=[activity.pk]))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "网上开放日"
    assert event.decoded("DTSTART") == dt.date(2022, 5, 24)
    assert event.decoded("DTEND") == dt.date(2022, 5, 25)


def test_unpublished_weeks_have_no_calendar(client):
    week = WeekFactory()
    activity = ActivityFactory(group__week=week)
    assert client.get(reverse("events:week_ics", args=[week.pk])).status_code == 404
    assert client.get(reverse("events:activity_ics", args=[activity.pk])).status_code == 404


def test_hostile_text_is_escaped_by_the_library(client):
    week = PublishedWeekFactory(title="活动周;\nBEGIN:VEVENT")
    ActivityFactory(group__week=week, title="a,b;c\nEND:VCALENDAR")
    calendar = fetch(client, reverse("events:week_ics", args=[week.pk]))
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert "a,b;c\nEND:VCALENDAR" in summaries
    assert len(calendar.walk("VEVENT")) == 2

"""Factories for activity weeks, their groups and activities."""

import datetime as dt

import factory
from django.utils import timezone

from events.models import Activity, ActivityGroup, ActivityWeek, Mode, Status


class WeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityWeek

    title = factory.Sequence(lambda n: f"2022年职业教育活动周实施方案{n}")
    theme = "技能:让生活更美好"
    organizer_name = factory.Sequence(lambda n: f"第{n}职教中心")
    level = ActivityWeek.Level.SCHOOL
    start_date = dt.date(2022, 5, 22)
    end_date = dt.date(2022, 5, 28)
    year = factory.LazyAttribute(lambda o: o.start_date.year)


class PublishedWeekFactory(WeekFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityGroup

    week = factory.SubFactory(WeekFactory)
    title = factory.Sequence(lambda n: f"活动分组{n}")
    mode = Mode.ONLINE
    order = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"活动{n}")
    description = "展示学校办学特色。"
    order = factory.Sequence(lambda n: n)

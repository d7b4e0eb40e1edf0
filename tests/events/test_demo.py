import pytest

from events.demo import create_demo_week
from events.models import Activity, ActivityWeek
from tests.events.plans import Plan

pytestmark = pytest.mark.django_db


def test_demo_week_is_published_under_the_national_week_and_idempotent(client):
    week = create_demo_week(None)
    again = create_demo_week(None)
    assert again.pk == week.pk
    assert ActivityWeek.objects.count() == 3
    assert week.is_public
    assert week.parent.level == ActivityWeek.Level.NATIONAL
    assert Activity.objects.filter(group__week=week).count() == 6
    assert client.get(week.get_absolute_url()).status_code == 200
    html = client.get("/events/").content.decode()
    assert "2 份方案，来自 1 个省份" in html


def test_demo_week_takes_a_parsed_plan():
    week = create_demo_week(Plan(title="解析得到的方案"))
    assert week.title == "解析得到的方案"
    assert week.is_public

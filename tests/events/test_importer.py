import dataclasses
import datetime as dt
import json

import pytest

from events import importer
from events.importer import ImportRefused, import_activity_week, save_activity_week
from events.models import Activity, ActivityGroup, ActivityWeek, Status
from news import workflow
from news.models import School
from tests.events.factories import PublishedWeekFactory
from tests.events.plans import Plan
from tests.factories import UserFactory, editor

pytestmark = pytest.mark.django_db


def expected_002(seeds_dir):
    return next(e for e in json.loads((seeds_dir / "expected.json").read_text()) if e["file"].startswith("002_"))


def test_seed_002_builds_the_week_expected_json_describes(seeds_dir):
    expected = expected_002(seeds_dir)
    week = save_activity_week(Plan())
    week.refresh_from_db()
    assert week.title == expected["title"]
    assert week.theme == expected["theme"]
    assert week.start_date.isoformat() == expected["start_date"]
    assert week.end_date.isoformat() == expected["end_date"]
    assert week.year == 2022
    assert week.organizer_name == expected["organizer"]
    assert week.status == Status.DRAFT
    groups = [
        {
            "title": group.title,
            "mode": group.mode or None,
            "activities": [activity.title for activity in group.activities.order_by("order")],
        }
        for group in week.groups.order_by("order")
    ]
    assert groups == expected["activity_groups"]


def test_organizer_that_looks_like_a_school_is_matched_or_created_and_printed_name_kept():
    existing = School.objects.create(name="易县职教中心")
    week = save_activity_week(Plan())
    assert week.organizer == existing
    assert week.level == ActivityWeek.Level.SCHOOL
    other = save_activity_week(Plan(title="另一份方案", organizer="保定市第二职业中专"))
    assert other.organizer.name == "保定市第二职业中专"
    assert School.objects.filter(name="保定市第二职业中专").count() == 1


def test_organizer_that_is_not_a_school_creates_no_school_and_guesses_the_level():
    week = save_activity_week(Plan(organizer="河北省教育厅"))
    assert week.organizer is None
    assert week.organizer_name == "河北省教育厅"
    assert week.level == ActivityWeek.Level.PROVINCIAL
    assert not School.objects.exists()
    assert importer.guess_level("教育部") == ActivityWeek.Level.NATIONAL
    assert importer.guess_level("石家庄市教育局") == ActivityWeek.Level.MUNICIPAL


def test_prose_parts_land_in_their_fields_as_escaped_paragraphs():
    plan = Plan(guiding="第一段<script>alert(1)</script>\n\n第二段", publicity="", requirements="要求一\n要求二")
    week = save_activity_week(plan)
    assert week.guiding == "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>第二段</p>"
    assert week.publicity == ""
    assert week.requirements == "<p>要求一</p>\n<p>要求二</p>"
    assert week.original_text == plan.original_text


def test_published_at_from_the_plan_and_status_published():
    week = save_activity_week(Plan(), status=Status.PUBLISHED)
    assert week.status == Status.PUBLISHED
    assert week.published_at == Plan().published_at
    assert ActivityWeek.objects.published().filter(pk=week.pk).exists()
    undated = save_activity_week(Plan(title="无发布时间", published_at=None), status=Status.PUBLISHED)
    assert undated.published_at is not None


def test_a_plan_joins_the_national_week_of_its_year():
    national = PublishedWeekFactory(level=ActivityWeek.Level.NATIONAL, organizer_name="教育部",
                                    start_date=dt.date(2022, 5, 8), end_date=dt.date(2022, 5, 14))
    week = save_activity_week(Plan())
    assert week.parent == national


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date": None, "end_date": None}, "没有可识别的活动时间"),
        ({"end_date": None}, "没有可识别的活动时间"),
        ({"start_date": dt.date(2022, 5, 28), "end_date": dt.date(2022, 5, 22)}, "早于开始日期"),
        ({"start_date": "2022-13-45"}, "无法识别"),
        ({"start_date": 20220522}, "没有可识别的活动时间"),
        ({"title": "  "}, "没有标题"),
    ],
)
def test_a_plan_without_a_usable_date_range_is_refused_with_a_chinese_message(changes, message):
    with pytest.raises(ImportRefused) as caught:
        save_activity_week(dataclasses.replace(Plan(), **changes))
    assert message in caught.value.messages[0]
    assert not ActivityWeek.objects.exists()
    assert not ActivityGroup.objects.exists()
    assert not School.objects.exists()


def test_iso_date_strings_are_accepted():
    week = save_activity_week(Plan(start_date="2022-05-22", end_date="2022-05-28"))
    assert (week.start_date, week.end_date) == (dt.date(2022, 5, 22), dt.date(2022, 5, 28))


def test_nothing_is_half_saved_when_an_activity_fails(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Activity.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        save_activity_week(Plan())
    assert not ActivityWeek.objects.exists()
    assert not ActivityGroup.objects.exists()
    assert not School.objects.exists()


def test_reimporting_the_same_plan_does_not_duplicate():
    first = import_activity_week(Plan())
    second = import_activity_week(Plan())
    assert first.created
    assert not second.created
    assert second.week.pk == first.week.pk
    assert ActivityWeek.objects.count() == 1
    assert Activity.objects.count() == 6
    # Another year's plan of the same school is a different week.
    later = save_activity_week(Plan(start_date=dt.date(2023, 5, 14), end_date=dt.date(2023, 5, 20)))
    assert later.pk != first.week.pk


def test_unknown_modes_and_empty_activity_titles_are_dropped_not_stored():
    groups = [{"title": "其他", "mode": "teleport", "activities": [{"title": ""}, {"title": "留下的活动"}]}]
    week = save_activity_week(Plan(activity_groups=groups))
    group = week.groups.get()
    assert group.mode == ""
    assert [a.title for a in group.activities.all()] == ["留下的活动"]


def test_import_for_review_goes_through_the_chain_and_needs_the_permission():
    week = save_activity_week(Plan(), user=editor(), status=Status.REVIEW)
    assert week.status == Status.REVIEW
    assert week.transitions.get().action == "submit"
    with pytest.raises(workflow.NotPermitted):
        save_activity_week(Plan(title="无权送审的方案"), user=UserFactory(), status=Status.REVIEW)
    assert not ActivityWeek.objects.filter(title="无权送审的方案").exists()
    with pytest.raises(ImportRefused):
        save_activity_week(Plan(title="直接归档"), status=Status.ARCHIVED)

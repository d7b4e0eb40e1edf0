import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template import Context, Template

from events.documents import validate_document_file
from events.models import Activity, ActivityWeek, Mode, WeekAttachment, activities_outside_week
from tests.events.factories import ActivityFactory, GroupFactory, PublishedWeekFactory, WeekFactory

pytestmark = pytest.mark.django_db


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_week_clean_refuses_end_before_start_in_chinese():
    week = WeekFactory.build(start_date=dt.date(2022, 5, 28), end_date=dt.date(2022, 5, 22))
    with pytest.raises(ValidationError) as caught:
        week.full_clean()
    assert "结束日期不能早于开始日期" in str(caught.value.message_dict["end_date"])


def test_database_refuses_a_week_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        WeekFactory(start_date=dt.date(2022, 5, 28), end_date=dt.date(2022, 5, 22))


def test_same_plan_twice_is_refused_by_the_database_unless_trashed():
    first = WeekFactory(title="方案", organizer_name="某校")
    with pytest.raises(IntegrityError), transaction.atomic():
        WeekFactory(title="方案", organizer_name="某校")
    ActivityWeek.objects.filter(pk=first.pk).update(deleted_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    WeekFactory(title="方案", organizer_name="某校")


def test_year_follows_start_date_and_parent_must_be_a_national_week_of_that_year():
    week = ActivityWeek(title="t", theme="t", organizer_name="o", start_date=dt.date(2023, 5, 1),
                        end_date=dt.date(2023, 5, 7))
    week.save()
    assert week.year == 2023
    school_week = WeekFactory()
    week.parent = school_week
    with pytest.raises(ValidationError) as caught:
        week.full_clean()
    assert "只能归属于全国活动周" in str(caught.value)
    national = WeekFactory(level=ActivityWeek.Level.NATIONAL, organizer_name="教育部")
    week.parent = national
    with pytest.raises(ValidationError) as caught:
        week.full_clean()
    assert "年份与本活动周不同" in str(caught.value)


def test_week_needs_an_organizer():
    week = WeekFactory.build(organizer_name="")
    with pytest.raises(ValidationError) as caught:
        week.full_clean()
    assert "主办" in str(caught.value)


def test_prose_parts_are_sanitised_on_save():
    week = WeekFactory(guiding='<p onclick="x()">好</p><script>alert(1)</script>', requirements="<iframe></iframe>要求")
    week.refresh_from_db()
    assert week.guiding == "<p>好</p>"
    assert week.requirements == "要求"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"start_time": dt.time(9)}, "开始时间时必须同时填写开始日期"),
        ({"end_date": dt.date(2022, 5, 23)}, "结束日期时必须同时填写开始日期"),
        ({"start_date": dt.date(2022, 5, 23), "end_date": dt.date(2022, 5, 22)}, "结束时间不能早于开始时间"),
        (
            {"start_date": dt.date(2022, 5, 23), "start_time": dt.time(10), "end_time": dt.time(9)},
            "结束时间不能早于开始时间",
        ),
        ({"start_date": dt.date(2022, 5, 23), "end_time": dt.time(9)}, "结束时间时必须同时填写开始时间"),
    ],
)
def test_activity_times_are_checked_by_clean_and_by_the_database(values, message):
    group = GroupFactory()
    activity = Activity(group=group, title="活动", **values)
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert message in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(group=group, title="活动", **values)


def test_valid_activity_shapes_are_accepted():
    group = GroupFactory()
    for values in [
        {},
        {"start_date": dt.date(2022, 5, 22)},
        {"start_date": dt.date(2022, 5, 22), "end_date": dt.date(2022, 5, 24)},
        {"start_date": dt.date(2022, 5, 22), "start_time": dt.time(9), "end_time": dt.time(11)},
        {"start_date": dt.date(2022, 5, 22), "start_time": dt.time(20), "end_date": dt.date(2022, 5, 23),
         "end_time": dt.time(8)},
    ]:
        activity = Activity(group=group, title="活动", **values)
        activity.full_clean()
        activity.save()


def test_activities_outside_their_week_are_flagged_not_refused():
    week = WeekFactory()
    inside = ActivityFactory(group__week=week, start_date=dt.date(2022, 5, 23))
    undated = ActivityFactory(group__week=week)
    outside = ActivityFactory(group__week=week, start_date=dt.date(2022, 5, 27), end_date=dt.date(2022, 5, 30))
    assert activities_outside_week(week) == [outside]
    assert outside.outside_week
    assert not inside.outside_week
    assert not undated.outside_week


def test_activity_mode_falls_back_to_its_group():
    activity = ActivityFactory(group__mode=Mode.OFFLINE, mode="")
    assert activity.effective_mode == Mode.OFFLINE
    activity.mode = Mode.HYBRID
    assert activity.get_effective_mode_display() == "线上线下结合"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notice.pdf", b"%PDF-1.7\n%...", None),
        ("notice.docx", docx_bytes(), None),
        ("notice.pdf", b"MZ\x90\x00 this is a program", "不是有效的 PDF 或 DOCX"),
        ("notice.pdf", docx_bytes(), "扩展名与内容不符"),
        ("notice.docx", b"%PDF-1.4", "扩展名与内容不符"),
        ("notice.docx", b"PK\x03\x04broken zip", "不是有效的 PDF 或 DOCX"),
        ("notice.exe", b"%PDF-1.4", "只能是 PDF 或 DOCX"),
        ("notice.pdf", b"", "不是有效的 PDF 或 DOCX"),
    ],
)
def test_attachments_are_checked_by_their_bytes(name, data, message):
    upload = SimpleUploadedFile(name, data)
    if message is None:
        validate_document_file(upload)
    else:
        with pytest.raises(ValidationError) as caught:
            validate_document_file(upload)
        assert message in caught.value.messages[0]


def test_attachment_model_validates_its_file():
    week = WeekFactory()
    attachment = WeekAttachment(week=week, title="通知", file=SimpleUploadedFile("n.pdf", docx_bytes()))
    with pytest.raises(ValidationError):
        attachment.full_clean()


def test_json_ld_is_an_event_with_sub_events_and_is_escaped_in_the_page():
    week = PublishedWeekFactory(title="</script><script>alert(1)</script>", organizer_name="易县职教中心")
    ActivityFactory(group__week=week, group__mode=Mode.ONLINE, title="线上逛校园", start_date=dt.date(2022, 5, 23),
                    start_time=dt.time(9), end_time=dt.time(10))
    data = week.json_ld(base_url="https://example.cn")
    assert data["@type"] == "Event"
    assert data["startDate"] == "2022-05-22"
    assert data["endDate"] == "2022-05-28"
    assert data["organizer"]["name"] == "易县职教中心"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert data["subEvent"][0]["startDate"] == "2022-05-23T09:00:00+08:00"
    html = Template("{% load events_tags %}{{ data|ld_json }}").render(Context({"data": data}))
    assert html.count("</script>") == 1
    assert html.startswith('<script type="application/ld+json">')
    payload = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(payload)["name"] == week.title

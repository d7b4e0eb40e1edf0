import datetime as dt
import json
import re

import pytest
import time_machine
from django.urls import reverse

from events.models import ActivityWeek, Mode, Status
from tests.events.factories import ActivityFactory, GroupFactory, PublishedWeekFactory, WeekFactory
from tests.events.plans import Plan
from tests.factories import ArticleFactory, PublishedArticleFactory, RegionFactory, UserFactory, editor

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2022, 5, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def card_titles(html: str, section_id: str) -> list[str]:
    """Titles of the week cards in one section of the list page."""
    section = html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="ev-card-title"><a href="[^"]+">([^<]+)</a>', section)


@time_machine.travel(TODAY, tick=False)
def test_list_sorts_weeks_into_on_now_upcoming_and_past(client):
    PublishedWeekFactory(title="进行中", start_date=dt.date(2022, 5, 22), end_date=dt.date(2022, 5, 28))
    PublishedWeekFactory(title="将开始", start_date=dt.date(2022, 6, 1), end_date=dt.date(2022, 6, 7))
    PublishedWeekFactory(title="已结束", start_date=dt.date(2022, 5, 8), end_date=dt.date(2022, 5, 14))
    WeekFactory(title="草稿不显示")
    html = client.get(reverse("events:list")).content.decode()
    assert card_titles(html, "ongoing-title") == ["进行中"]
    assert card_titles(html, "upcoming-title") == ["将开始"]
    assert card_titles(html, "past-title") == ["已结束"]
    assert "草稿不显示" not in html


@time_machine.travel(TODAY, tick=False)
def test_national_week_of_the_year_on_top_with_plans_and_provinces(client):
    hebei = RegionFactory(name="河北省")
    baoding = RegionFactory(name="保定市", parent=hebei, level="city")
    shanxi = RegionFactory(name="山西省")
    national = PublishedWeekFactory(title="2022年全国职业教育活动周", level=ActivityWeek.Level.NATIONAL,
                                    theme="技能:让生活更美好", organizer_name="教育部")
    PublishedWeekFactory(parent=national, region=hebei)
    PublishedWeekFactory(parent=national, region=baoding)
    PublishedWeekFactory(parent=national, region=shanxi)
    WeekFactory(parent=national, region=shanxi)  # a draft does not count
    html = client.get(reverse("events:list")).content.decode()
    top = html.split('class="ev-national"', 1)[1].split("</section>", 1)[0]
    assert "技能:让生活更美好" in top
    assert "3 份方案，来自 2 个省份" in top


@time_machine.travel(TODAY, tick=False)
def test_filters_by_year_level_region_and_mode(client):
    hebei = RegionFactory(name="河北省")
    city = RegionFactory(name="保定市", parent=hebei, level="city")
    a = PublishedWeekFactory(title="河北校级线上", region=city)
    GroupFactory(week=a, mode=Mode.ONLINE)
    ActivityFactory(group__week=a, group__mode=Mode.ONLINE)
    b = PublishedWeekFactory(title="省级线下", level=ActivityWeek.Level.PROVINCIAL)
    ActivityFactory(group__week=b, group__mode="", mode=Mode.OFFLINE)
    PublishedWeekFactory(title="往年方案", start_date=dt.date(2021, 5, 9), end_date=dt.date(2021, 5, 15))

    def titles(**params):
        html = client.get(reverse("events:list"), params).content.decode()
        return sorted(card_titles(html, "ongoing-title") + card_titles(html, "past-title"))

    assert titles(year=2021) == ["往年方案"]
    assert titles(level="provincial") == ["省级线下"]
    assert titles(region=hebei.slug) == ["河北校级线上"]
    assert titles(mode="offline") == ["省级线下"]
    assert titles(mode="online") == ["河北校级线上"]
    response = client.get(reverse("events:list"), {"year": "abc", "level": "galaxy"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    response = client.get(reverse("events:list"), {"region": "nowhere"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    assert sorted(card_titles(response.content.decode(), "ongoing-title")) == ["河北校级线上", "省级线下"]


def make_week(activity_count: int) -> ActivityWeek:
    week = PublishedWeekFactory()
    for index in range(activity_count):
        activity = ActivityFactory(group=GroupFactory(week=week) if index % 3 == 0 else week.groups.last(),
                                   start_date=dt.date(2022, 5, 22 + index % 7) if index % 2 else None)
        activity.articles.add(PublishedArticleFactory())
    return week


# Every public page: at most this many SQL queries counted cold (caches cleared, so the cached column and
# region trees count), and the same number whatever the number of items (tests/news/test_query_budgets.py).
BUDGET = 6


def count_queries(client, url: str, *, cold: bool = True) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def full_week(n: int) -> ActivityWeek:
    """A week with n of everything its page lists: groups (one empty), activities with related news,
    attachments, tags and published plans under it (and a draft plan, not shown)."""
    from events.models import WeekAttachment

    week = make_week(n)
    GroupFactory(week=week, title=f"空分组{n}", description="此分组暂无活动。")
    for index in range(n):
        WeekAttachment.objects.create(week=week, title=f"附件{n}-{index}", file=f"events/attachments/a{index}.pdf")
        week.tags.add(f"标签{n}-{index}")
        PublishedWeekFactory(parent=week, title=f"方案{n}-{index}", region=RegionFactory(),
                             guiding="<p>下属方案的指导思想</p>")
    WeekFactory(parent=week, title=f"草稿方案{n}")
    return week


def test_week_page_query_budget_does_not_grow_with_activities(client):
    one = full_week(1)
    many = full_week(50)
    cold = count_queries(client, one.get_absolute_url())
    assert cold <= BUDGET
    assert count_queries(client, many.get_absolute_url()) == cold
    # Warm: only the column tree comes from the cache.
    assert count_queries(client, many.get_absolute_url(), cold=False) == cold - 1
    html = client.get(many.get_absolute_url()).content.decode()
    assert "空分组50" in html
    assert "此分组暂无活动。" in html
    assert "附件50-49" in html
    assert "(PDF)" in html
    assert "标签50-0" in html
    assert "方案50-49" in html
    assert "草稿方案50" not in html
    assert "下属方案的指导思想" not in html


def test_week_page_preview_stays_within_the_budget_for_its_week(client):
    week = WeekFactory(title="预览中的方案", guiding="<p>本方案的指导思想</p>")
    PublishedWeekFactory(parent=week, title="已发布的下属方案")
    WeekFactory(parent=week, title="下属方案草稿")
    client.force_login(editor())
    html = client.get(week.get_absolute_url()).content.decode()
    assert "本方案的指导思想" in html
    assert "已发布的下属方案" in html
    assert "下属方案草稿" not in html


def list_world(n: int) -> None:
    """n more plans under this year's national week in n more regions (cities of one province), and n more
    weeks each on now, coming and past, with activities."""
    from news.models import Region

    today = dt.date(2022, 5, 25)
    province = Region.objects.filter(slug="hebei").first() or RegionFactory(slug="hebei")
    national = ActivityWeek.objects.national().first() or PublishedWeekFactory(
        level=ActivityWeek.Level.NATIONAL, organizer_name="教育部"
    )
    for _index in range(n):
        city = RegionFactory(parent=province, level="city")
        PublishedWeekFactory(parent=national, region=city)
        for start in (today - dt.timedelta(days=2), today + dt.timedelta(days=10), today - dt.timedelta(days=400)):
            week = PublishedWeekFactory(region=city, start_date=start, end_date=start + dt.timedelta(days=6))
            ActivityFactory(group__week=week, group__mode=Mode.ONLINE)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "query", ["", "?page=2", "?region=hebei", "?year=2021&level=school&mode=online", "?region=nowhere"]
)
def test_list_page_query_budget_does_not_grow_with_weeks(client, query):
    url = reverse("events:list") + query
    list_world(1)
    one = count_queries(client, url)
    assert one <= BUDGET
    list_world(49)
    assert count_queries(client, url) == one
    # Warm: the trees and the count of past weeks come from the cache.
    assert count_queries(client, url, cold=False) <= one - 2


@time_machine.travel(TODAY, tick=False)
def test_past_weeks_count_is_kept_per_filter_and_follows_a_publish(client):
    hebei = RegionFactory(slug="hebei")
    for index in range(20):
        PublishedWeekFactory(start_date=dt.date(2021, 5, 1) + dt.timedelta(days=index),
                             end_date=dt.date(2021, 5, 3) + dt.timedelta(days=index))
    PublishedWeekFactory(title="河北往期", region=hebei, start_date=dt.date(2020, 5, 1), end_date=dt.date(2020, 5, 3))
    assert "第 1 / 2 页" in client.get(reverse("events:list")).content.decode()
    # Same content version, another filter: its own count, not the unfiltered one.
    html = client.get(reverse("events:list"), {"region": "hebei"}).content.decode()
    assert card_titles(html, "past-title") == ["河北往期"]
    assert "第 1 / " not in html
    for index in range(20):
        PublishedWeekFactory(start_date=dt.date(2019, 5, 1) + dt.timedelta(days=index),
                             end_date=dt.date(2019, 5, 3) + dt.timedelta(days=index))
    assert "第 1 / 3 页" in client.get(reverse("events:list")).content.decode()


def test_past_count_keys_stay_as_few_as_the_filters_values():
    from decimal import Decimal

    from events.pages import past_count_key

    today = dt.date(2022, 5, 25)
    assert past_count_key(today, {}) != past_count_key(today, {"region": "hebei"})
    assert past_count_key(today, {"year": Decimal("2021")}) == past_count_key(today, {"year": Decimal("2021.00")})
    assert past_count_key(today, {"year": Decimal("2021.5")}) is None
    assert past_count_key(today, {}) != past_count_key(dt.date(2022, 5, 26), {})


def test_seed_002_week_page_shows_theme_dates_and_all_activities_in_their_groups(client):
    from events.importer import save_activity_week

    week = save_activity_week(Plan(), status=Status.PUBLISHED)
    html = client.get(week.get_absolute_url()).content.decode()
    assert "技能:让生活更美好" in html
    assert "2022年5月22日" in html
    assert "2022年5月28日" in html
    assert "易县职教中心" in html
    schedule = html.split('id="schedule-title"', 1)[1].split('id="publicity-title"', 1)[0]
    positions = [schedule.index(text) for text in [
        "参加省级统一活动", "线上体验活动", "线上逛校园", "网上开放日", "师生技能展示", "线上主题推介",
        "线下活动", "能工巧匠在身边", "技能服务助力乡村振兴",
    ]]
    assert positions == sorted(positions)
    assert "指导思想和目标" in html
    assert "工作要求" in html
    assert schedule.count("活动周期间") == 6  # no activity has a date of its own
    assert 'id="days-title"' not in html  # so there is no by-day list to show
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert len(data["subEvent"]) == 6
    assert "<script>" not in html.replace('<script type="application/ld+json">', "")


def test_week_page_shows_published_related_news_and_child_plans_only(client):
    week = PublishedWeekFactory()
    activity = ActivityFactory(group__week=week)
    activity.articles.add(PublishedArticleFactory(title="已发布的报道"), ArticleFactory(title="未发布的报道"))
    PublishedWeekFactory(parent=week, title="子方案已发布")
    WeekFactory(parent=week, title="子方案草稿")
    html = client.get(week.get_absolute_url()).content.decode()
    assert "已发布的报道" in html
    assert "未发布的报道" not in html
    assert "子方案已发布" in html
    assert "子方案草稿" not in html


def test_unpublished_week_is_hidden_from_readers_and_previewed_for_editors(client):
    week = WeekFactory(title="尚未签发的方案")
    assert client.get(week.get_absolute_url()).status_code == 404
    client.force_login(editor())
    response = client.get(week.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    client.force_login(UserFactory(is_staff=False))
    assert client.get(week.get_absolute_url()).status_code == 404


def test_week_page_lists_dated_activities_by_day(client):
    week = PublishedWeekFactory()
    ActivityFactory(group__week=week, title="第二天上午", start_date=dt.date(2022, 5, 23), start_time=dt.time(9))
    ActivityFactory(group__week=week, title="第一天", start_date=dt.date(2022, 5, 22))
    ActivityFactory(
        group__week=week, title="两天的比赛", start_date=dt.date(2022, 5, 22), end_date=dt.date(2022, 5, 23)
    )
    ActivityFactory(group__week=week, title="日期未定")
    html = client.get(week.get_absolute_url()).content.decode()
    days = html.split('id="days-title"', 1)[1].split("</section>\n  </section>", 1)[0]
    sections = days.split('<section class="ev-day')[1:]
    assert len(sections) == 3
    assert "2022-05-22" in sections[0]
    assert "第一天" in sections[0]
    assert "两天的比赛" in sections[0]
    assert "两天的比赛" in sections[1]
    assert "第二天上午" in sections[1]
    assert "09:00" in sections[1]
    assert "日期未定" in sections[2]


def test_activity_outside_the_week_is_flagged_on_the_page(client):
    week = PublishedWeekFactory()
    ActivityFactory(group__week=week, title="提前的活动", start_date=dt.date(2022, 5, 1))
    html = client.get(week.get_absolute_url()).content.decode()
    assert "不在活动周日期内" in html
    assert "（活动周之外）" in html


@time_machine.travel(TODAY, tick=False)
def test_calendar_shows_the_months_activities_with_previous_and_next(client):
    week = PublishedWeekFactory(title="五月活动周")
    ActivityFactory(group__week=week, title="启动仪式", start_date=dt.date(2022, 5, 22), start_time=dt.time(9))
    ActivityFactory(group__week=week, title="技能大赛", start_date=dt.date(2022, 5, 30), end_date=dt.date(2022, 6, 2))
    ActivityFactory(group__week=WeekFactory(), title="草稿里的活动", start_date=dt.date(2022, 5, 23))
    html = client.get(reverse("events:calendar")).content.decode()
    assert "2022年5月活动日历" in html
    assert "09:00 启动仪式" in html
    assert "草稿里的活动" not in html
    assert "?year=2022&amp;month=4" in html
    assert "?year=2022&amp;month=6" in html
    june = client.get(reverse("events:calendar"), {"year": 2022, "month": 6}).content.decode()
    assert june.count("技能大赛") >= 2  # 1 and 2 June
    december = client.get(reverse("events:calendar"), {"year": 2021, "month": 12}).content.decode()
    assert "?year=2022&amp;month=1" in december


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"month": "13"}, {"month": "0"}, {"year": "99999999999999999999"}, {"year": "1"},
     {"year": "2022", "month": "５x"}],
)
def test_calendar_bad_input_gives_a_friendly_page(client, params):
    response = client.get(reverse("events:calendar"), params)
    assert response.status_code == 400
    assert "无法识别您要查看的月份" in response.content.decode()


def test_pages_carry_no_inline_script_or_style(client):
    week = PublishedWeekFactory()
    ActivityFactory(group__week=week, start_date=dt.date(2022, 5, 23))
    for url in [reverse("events:list"), week.get_absolute_url(), reverse("events:calendar") + "?year=2022&month=5"]:
        html = client.get(url).content.decode()
        assert 'style="' not in html
        assert "<style" not in html
        scripts = re.findall(r"<script[^>]*>", html)
        assert all("src=" in tag or 'type="application/ld+json"' in tag for tag in scripts)
        assert "css/events.css" in html


@pytest.mark.parametrize("count", [1, 30])
def test_calendar_query_budget_does_not_grow_with_activities(client, django_assert_num_queries, count):
    week = PublishedWeekFactory()
    for index in range(count):
        ActivityFactory(group__week=week, start_date=dt.date(2022, 5, 22 + index % 7))
    with django_assert_num_queries(3):
        response = client.get(reverse("events:calendar"), {"year": 2022, "month": 5})
    assert response.status_code == 200


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_regions(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from news.models import Region

    def queries() -> int:
        client.get("/events/")  # warm the navigation cache
        with CaptureQueriesContext(connection) as context:
            assert client.get("/events/").status_code == 200
        return len(context.captured_queries)

    province = Region.objects.create(name="省甲", slug="sheng-jia")
    few = queries()
    for n in range(20):
        city = Region.objects.create(name=f"市{n}", slug=f"shi-{n}", parent=province)
        Region.objects.create(name=f"区{n}", slug=f"qu-{n}", parent=city)
    assert queries() == few

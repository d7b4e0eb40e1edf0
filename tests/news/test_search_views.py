"""The search page: form, filters, sorting, pagination, friendly empty pages, constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import Article
from tests.factories import ColumnFactory, PublishedArticleFactory, RegionFactory, SchoolFactory, TopicFactory
from tests.news.test_search import HOSTILE

pytestmark = pytest.mark.django_db
URL = reverse("news:search")


def published(title="无关标题", body="<p>无关正文。</p>", days_ago=1.0, **kwargs) -> Article:
    kwargs.setdefault("summary", "")
    return PublishedArticleFactory(
        title=title, body=body, published_at=timezone.now() - datetime.timedelta(days=days_ago), **kwargs
    )


def titles(response) -> list[str]:
    return [hit.article.title for hit in response.context["results"].hits]


def test_the_page_without_a_query_invites_one(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="search-q">' in html
    assert "请输入关键词" in html
    assert response.context["results"] is None


def test_hits_are_highlighted_and_linked(client):
    piece = published(title="教師節表彰", body="<p>全國優秀教師代表發言</p>")
    response = client.get(URL, {"q": "教师"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{piece.get_absolute_url()}"><mark>教師</mark>節表彰</a>' in html
    assert "全國優秀<mark>教師</mark>代表發言" in html
    assert "找到 1 篇" in html


def test_nothing_found_is_a_friendly_page(client):
    published(title="教师")
    response = client.get(URL, {"q": "量子计算"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有找到与“量子计算”相关的文章" in html


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(client, query):
    published(title="教师 teacher")
    response = client.get(URL, {"q": query, "page": "-1", "order": "'; --"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=100),
    page=st.text(max_size=5),
    column=st.text(max_size=10),
    date_from=st.text(max_size=12),
)
def test_any_parameters_are_a_page(client, query, page, column, date_from):
    response = client.get(URL, {"q": query, "page": page, "column": column, "date_from": date_from})
    assert response.status_code == 200


def test_invalid_filters_are_ignored_with_a_message(client):
    piece = published(title="教师")
    response = client.get(URL, {"q": "教师", "column": "no-such-column", "date_from": "2024-13-45"})
    assert response.status_code == 200
    assert titles(response) == [piece.title]
    assert "部分筛选条件无效" in response.content.decode()


def test_each_filter_narrows_the_results(client):
    parent = ColumnFactory(slug="news")
    column = ColumnFactory(parent=parent, slug="wire")
    region, school, topic = RegionFactory(slug="tianjin"), SchoolFactory(), TopicFactory(slug="dasai")
    piece = published(title="技能大赛甲", column=column, region=region, school=school, days_ago=10)
    piece.topics.add(topic)
    piece.tags.add("实训")
    other = published(title="技能大赛乙", days_ago=2)
    tag_slug = piece.tags.get().slug
    assert sorted(titles(client.get(URL, {"q": "技能"}))) == sorted([piece.title, other.title])
    local_day = timezone.localtime(piece.published_at).date()
    for params in [
        {"column": "news"},  # a parent column takes its sub-columns along
        {"column": "wire"},
        {"region": "tianjin"},
        {"school": school.name[1:4]},
        {"topic": "dasai"},
        {"tag": tag_slug},
        {"tag": "实训"},
        {"date_to": (local_day + datetime.timedelta(days=1)).isoformat()},
        {"date_from": local_day.isoformat(), "date_to": local_day.isoformat()},
    ]:
        assert titles(client.get(URL, {"q": "技能", **params})) == [piece.title], params
    next_day = (local_day + datetime.timedelta(days=1)).isoformat()
    assert titles(client.get(URL, {"q": "技能", "date_from": next_day})) == [other.title]


def test_a_school_name_part_finds_every_school_that_has_it_and_unknown_values_find_nothing(client):
    tianjin = [SchoolFactory(name="天津职业技术学院"), SchoolFactory(name="天津机电职业学院")]
    beijing = SchoolFactory(name="北京职业学院")
    pieces = [published(title=f"技能{n}", school=school) for n, school in enumerate([*tianjin, beijing])]
    published(title="技能无校")
    assert sorted(titles(client.get(URL, {"q": "技能", "school": "天津"}))) == ["技能0", "技能1"]
    assert sorted(titles(client.get(URL, {"q": "技能", "school": "职业"}))) == [p.title for p in pieces]
    for params in [{"school": "没有这所学校"}, {"tag": "没有的标签"}, {"school": "天津", "tag": "没有的标签"}]:
        response = client.get(URL, {"q": "技能", **params})
        assert response.status_code == 200, params
        assert titles(response) == [], params


def test_the_filters_find_in_the_index_exactly_the_pieces_their_queryset_holds():
    """The FilterSet's queryset says what a filter means; its facets ask the search index the same question."""
    from news import search
    from news.search_filters import ArticleSearchFilter

    parent = ColumnFactory(slug="news")
    child = ColumnFactory(parent=parent, slug="wire")
    north, south = RegionFactory(slug="north"), RegionFactory(slug="south")
    topic = TopicFactory(slug="dasai")
    schools = [SchoolFactory(name="天津职业技术学院"), SchoolFactory(name="北京职业学院")]
    for n in range(12):
        piece = published(
            title=f"技能{n}", column=[parent, child, None][n % 3], region=[north, south, None][n % 3 - 1],
            school=[*schools, None][n % 3], days_ago=n + 1,
        )
        if n % 2:
            piece.topics.add(topic)
        if n % 3 != 2:
            piece.tags.add("实训")
    for params in [
        {"column": "news"}, {"column": "wire"}, {"region": "south"}, {"topic": "dasai"}, {"school": "天津"},
        {"tag": "实训"}, {"column": "news", "topic": "dasai", "tag": "实训"}, {"region": "north", "school": "北京"},
    ]:
        filterset = ArticleSearchFilter(params, queryset=Article.objects.published())
        expected = set(filterset.qs.values_list("pk", flat=True))
        assert expected, params  # every case narrows to something
        hits = search.search("技能", facets=filterset.facets(), per_page=50).hits
        assert {hit.article.pk for hit in hits} == expected, params


def test_dates_are_days_in_shanghai_read_off_the_index_without_casting_every_row(client):
    late = published(title="技能甲")
    late.published_at = timezone.make_aware(datetime.datetime(2025, 3, 1, 23, 59, 59))  # Shanghai time
    late.save()
    early = published(title="技能乙")
    early.published_at = timezone.make_aware(datetime.datetime(2025, 3, 2, 0, 0, 0))
    early.save()
    assert titles(client.get(URL, {"q": "技能", "date_to": "2025-03-01"})) == [late.title]
    assert titles(client.get(URL, {"q": "技能", "date_from": "2025-03-02"})) == [early.title]
    assert titles(client.get(URL, {"q": "技能", "date_from": "2025-03-02", "date_to": "2025-03-01"})) == []
    assert titles(client.get(URL, {"q": "技能", "date_to": "9999-12-31"})) == [early.title, late.title]
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "技能", "date_from": "2025-03-01", "date_to": "2025-03-02"})
    sql = " ".join(query["sql"] for query in queries.captured_queries).lower()
    # A local-date cast of published_at would read every article; the range is a range of the index instead.
    assert "cast_date" not in sql
    assert "at time zone" not in sql


def test_sorting_by_date_or_relevance(client):
    title_match = published(title="产教融合", days_ago=20)
    body_match = published(body="<p>产教融合</p>", days_ago=1)
    assert titles(client.get(URL, {"q": "产教融合"})) == [title_match.title, body_match.title]
    assert titles(client.get(URL, {"q": "产教融合", "order": "date"})) == [body_match.title, title_match.title]
    html = client.get(URL, {"q": "产教融合", "order": "date"}).content.decode()
    assert '<option value="date" selected>' in html


def test_pagination_links_keep_the_query_and_filters(client):
    for day in range(45):
        published(title=f"技能培训第{day}期", days_ago=day + 1)
    response = client.get(URL, {"q": "技能", "order": "date", "page": "2"})
    results = response.context["results"]
    assert (results.total, results.page, results.num_pages, len(results.hits)) == (45, 2, 3, 20)
    html = response.content.decode()
    assert 'aria-current="page">2<' in html
    assert "?q=%E6%8A%80%E8%83%BD&amp;order=date&amp;page=3" in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert titles(response)[0] == "技能培训第20期"
    assert len(titles(client.get(URL, {"q": "技能", "page": "3"}))) == 5


def _query_count(client, params) -> int:
    from django.core.cache import cache

    cache.clear()  # cold: the filter fields' cached fragment and the navigation tree are rebuilt
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_page_runs_the_same_number_of_queries_for_1_hit_and_50(client):
    column = ColumnFactory(slug="wire")
    published(title="校企合作", column=column)
    one = _query_count(client, {"q": "校企合作"})
    many_without_filters = None
    for day in range(50):
        published(title=f"技能培训第{day}期", column=column, days_ago=day + 1)
    many_without_filters = _query_count(client, {"q": "技能"})
    assert one == many_without_filters
    assert _query_count(client, {"q": "校企合作", "column": "wire"}) == _query_count(
        client, {"q": "技能", "column": "wire"}
    )
    # Cold: two for the search (a page with its total, then its articles), one for the topic list, and the column
    # and region trees (the navigation's cached trees, which also give the column and region choices).
    assert many_without_filters == 5
    assert _query_count(client, {"q": "技能", "column": "wire", "region": "nowhere", "topic": "x"}) <= 6
    # Every filter valid, the school and the tag looked up by name.
    region, topic, school = RegionFactory(slug="tianjin"), TopicFactory(slug="dasai"), SchoolFactory(name="天津职院")
    piece = published(title="技能", column=column, region=region, school=school)
    piece.topics.add(topic)
    piece.tags.add("实训")
    every = {"q": "技能", "column": "wire", "region": "tianjin", "topic": "dasai", "school": "天津", "tag": "实训"}
    assert titles(client.get(URL, every)) == ["技能"]
    assert _query_count(client, every) == 6


def selected_option(html: str, field: str) -> str:
    import re

    select = html[html.index(f'name="{field}"'):]
    select = select[:select.index("</select>")]
    match = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return match.group(1) if match else "none selected"


def test_cached_filter_fields_keep_each_readers_choice_and_follow_new_columns(client):
    ColumnFactory(slug="zjwx", name="职教网讯")
    ColumnFactory(slug="dfdt", name="地方动态")
    url = reverse("news:search")
    for _ in range(2):  # the second round comes from the cached fragment
        assert selected_option(client.get(url, {"q": "教师"}).content.decode(), "column") == ""
        assert selected_option(client.get(url, {"q": "教师", "column": "zjwx"}).content.decode(), "column") == "zjwx"
        assert selected_option(client.get(url, {"q": "学生", "column": "dfdt"}).content.decode(), "column") == "dfdt"
    ColumnFactory(slug="yxfc", name="院校风采")
    assert 'value="yxfc"' in client.get(url, {"q": "教师"}).content.decode()

"""news.search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from news import search, workflow
from news.models import Article, Credit, SearchDocument
from news.search_facets import Facets
from tests.factories import (
    ArticleFactory,
    ColumnFactory,
    CreditFactory,
    PublishedArticleFactory,
    RegionFactory,
    SchoolFactory,
    TopicFactory,
    editor,
    signer,
    site_admin,
)

pytestmark = pytest.mark.django_db


def published(title="无关标题", body="<p>无关正文。</p>", days_ago=1.0, **kwargs) -> Article:
    kwargs.setdefault("summary", "")
    return PublishedArticleFactory(
        title=title, body=body, published_at=timezone.now() - datetime.timedelta(days=days_ago), **kwargs
    )


def found(query, **kwargs) -> list[int]:
    return [hit.article.pk for hit in search.search(query, **kwargs).hits]


def test_the_engine_index_exists_for_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'news_search_fts'")
            (sql,) = cursor.fetchone()
            # Filter tokens in their own column, `_` kept inside tokens, one-character prefixes indexed.
            assert "facets" in sql
            assert "tokenchars '_'" in sql
            assert "prefix='1'" in sql
        else:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'news_searchdocument_vector'")
            assert cursor.fetchone()[0] == 1
            cursor.execute(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                "WHERE d.adrelid = 'news_searchdocument'::regclass AND a.attname = 'search_vector'"
            )
            assert "facets" in cursor.fetchone()[0]  # the filter tokens are in the vector


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("新冠肺炎疫情发生以来，职教战线坚守岗位", "疫情"),
        ("全国职业院校技能大赛在天津开幕", "技能"),
        ("教师节前夕表彰优秀教师", "教师"),
        ("全国职业院校技能大赛在天津开幕", "职业院校"),
        ("中华人民共和国职业教育法修订", "职业教育"),
        ("中华人民共和国职业教育法修订", "人民"),
        ("疫情防控常态化", "疫"),
    ],
)
def test_chinese_words_match(text, query):
    piece = published(body=f"<p>{text}</p>")
    published(body="<p>与此无关的一篇报道。</p>")
    assert found(query) == [piece.pk]


def test_simplified_query_finds_traditional_text_and_the_reverse():
    traditional = published(body="<p>全國優秀教師代表發言</p>")
    simplified = published(body="<p>全国优秀教师代表发言</p>", days_ago=2)
    assert found("教师") == [traditional.pk, simplified.pk]
    assert found("教師") == [traditional.pk, simplified.pk]


@pytest.mark.parametrize(
    "field",
    ["title", "subtitle", "summary", "body", "editor_note", "source"],
)
def test_every_text_field_is_searched(field):
    values = {"title": "标题", "subtitle": "", "summary": "", "body": "", "editor_note": "", "source": ""}
    values[field] = "<p>产教融合</p>" if field in {"body", "editor_note"} else "产教融合"
    piece = PublishedArticleFactory(**values)
    assert found("产教融合") == [piece.pk]


def test_credits_are_searched_and_followed(django_capture_on_commit_callbacks):
    piece = published()
    with django_capture_on_commit_callbacks(execute=True):
        credit = CreditFactory(article=piece, role=Credit.Role.RESPONSIBLE_EDITOR, name="刘莉")
    assert found("刘莉") == [piece.pk]
    with django_capture_on_commit_callbacks(execute=True):
        credit.delete()
    assert found("刘莉") == []


def test_body_html_is_not_searched_as_text():
    published(body='<p><a href="https://example.com/jiaoshi">链接</a></p>')
    assert found("jiaoshi") == []
    assert found("href") == []


def test_a_long_word_also_matches_by_all_of_its_parts_below_the_word_itself():
    whole = published(body="<p>发展职业教育。</p>", days_ago=2)
    apart = published(body="<p>职业培训与继续教育。</p>", days_ago=1)
    published(body="<p>只谈职业。</p>")
    assert found("职业教育") == [whole.pk, apart.pk]


def test_title_match_ranks_above_a_body_only_match():
    body_only = published(title="通知", body="<p>产教融合的新进展，产教融合</p>", days_ago=1)
    in_title = published(title="产教融合新进展", body="<p>正文</p>", days_ago=2)
    assert found("产教融合") == [in_title.pk, body_only.pk]


def test_recency_breaks_ties():
    older = published(title="技能大赛", body="<p>技能大赛开幕</p>", days_ago=30)
    newer = published(title="技能大赛", body="<p>技能大赛开幕</p>", days_ago=3)
    assert found("技能大赛") == [newer.pk, older.pk]
    hits = search.search("技能大赛").hits
    assert hits[0].score > hits[1].score > 0


def test_sorting_by_date_puts_the_newest_first():
    old_title_match = published(title="产教融合", days_ago=10)
    new_body_match = published(body="<p>产教融合</p>", days_ago=1)
    assert found("产教融合") == [old_title_match.pk, new_body_match.pk]
    assert found("产教融合", order="date") == [new_body_match.pk, old_title_match.pk]
    assert found("产教融合", order="nonsense") == [old_title_match.pk, new_body_match.pk]


def test_hits_carry_highlighted_title_and_snippet():
    piece = published(title="教師節表彰", body="<p>全國優秀<b>教師</b>代表發言 &lt;script&gt;</p>")
    (hit,) = search.search("教师").hits
    assert hit.article.pk == piece.pk
    assert hit.title == "<mark>教師</mark>節表彰"
    assert hit.snippet == "全國優秀<mark>教師</mark>代表發言 &lt;script&gt;"


def test_results_carry_total_and_pages():
    for day in range(25):
        published(title=f"技能培训第{day}期", days_ago=day + 1)
    first = search.search("技能", per_page=10)
    assert (first.total, first.num_pages, len(first.hits)) == (25, 3, 10)
    assert (first.has_next, first.has_previous) == (True, False)
    last = search.search("技能", per_page=10, page=3)
    assert (last.page, len(last.hits), last.has_next) == (3, 5, False)
    beyond = search.search("技能", per_page=10, page=99)
    assert beyond.page == 3
    assert search.search("技能", per_page=10, page="abc").page == 1
    pages = [hit.article.pk for page in (1, 2, 3) for hit in search.search("技能", per_page=10, page=page).hits]
    assert len(set(pages)) == 25


def test_pages_are_capped():
    results = search.SearchResults(query="x", terms=("x",), order=search.Order.RELEVANCE, total=10**6, page=1,
                                   per_page=20)
    assert results.num_pages == search.MAX_PAGES
    assert results.page_numbers() == [1, 2, 3, None, search.MAX_PAGES]


def test_filters_narrow_the_search():
    parent = ColumnFactory()
    child = ColumnFactory(parent=parent)
    in_child = published(body="<p>技能</p>", column=child)
    elsewhere = published(body="<p>技能</p>")
    within = Facets.of(columns=parent.descendant_ids())
    assert found("技能", facets=within) == [in_child.pk]
    assert set(found("技能")) == {in_child.pk, elsewhere.pk}
    assert search.search("技能", facets=within).total == 1
    assert found("技能", facets=Facets.of(columns=[parent.pk])) == []  # the parent alone holds nothing


def test_a_publication_time_range_narrows_the_search_from_the_index():
    old = published(title="技能", days_ago=30)
    middle = published(title="技能", days_ago=10)
    new = published(title="技能", days_ago=1)
    now = timezone.now()
    ago = lambda days: now - datetime.timedelta(days=days)  # noqa: E731
    assert set(found("技能", since=ago(20))) == {middle.pk, new.pk}
    assert set(found("技能", until=ago(5))) == {old.pk, middle.pk}
    assert found("技能", since=ago(20), until=ago(5)) == [middle.pk]
    assert search.search("技能", since=ago(20), until=ago(5)).total == 1
    # `since` is included, `until` is not (to the second, as the index keys hold times).
    exact = middle.published_at.replace(microsecond=0)
    assert found("技能", since=exact, until=exact + datetime.timedelta(seconds=1)) == [middle.pk]
    assert found("技能", until=exact) == [old.pk]
    assert found("技能", since=ago(5), until=ago(20)) == []
    # A range reaching into the future still hides what is scheduled.
    published(title="技能", days_ago=-1)
    assert set(found("技能", since=ago(2), until=now + datetime.timedelta(days=9))) == {new.pk}
    assert found("技能", since=ago(20), until=ago(5), facets=Facets.of(columns=[old.column_id])) == []


def test_unpublished_scheduled_trashed_pieces_are_never_found():
    for status in [s for s in Article.Status.values if s != Article.Status.PUBLISHED]:
        ArticleFactory(title="技能", status=status, published_at=timezone.now() - datetime.timedelta(days=1))
    published(title="技能", days_ago=-1)  # scheduled for tomorrow
    published(title="技能", deleted_at=timezone.now())
    assert search.search("技能").total == 0
    assert found("技能") == []


def test_a_scheduled_piece_appears_when_its_time_comes():
    piece = published(title="技能", days_ago=-1)
    assert found("技能") == []
    assert found("技能", now=timezone.now() + datetime.timedelta(days=2)) == [piece.pk]


# --- the index follows the newsroom ------------------------------------------------------------------------
def test_sign_off_and_withdraw_are_followed_at_once(django_capture_on_commit_callbacks):
    piece = ArticleFactory(title="产教融合", status=Article.Status.SIGNOFF)
    assert found("产教融合") == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign_off(piece, by=signer())
    assert found("产教融合") == [piece.pk]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(piece, by=signer(), comment="内容有误")
    assert found("产教融合") == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reopen(piece, by=editor())
    assert found("产教融合") == []


def test_a_scheduled_sign_off_is_indexed_but_hidden_until_its_time(django_capture_on_commit_callbacks):
    piece = ArticleFactory(title="产教融合", status=Article.Status.SIGNOFF)
    later = timezone.now() + datetime.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign_off(piece, by=signer(), published_at=later)
    assert SearchDocument.objects.filter(pk=piece.pk).exists()
    assert found("产教融合") == []
    assert found("产教融合", now=later + datetime.timedelta(minutes=1)) == [piece.pk]


def test_edits_of_a_published_piece_are_followed_at_once():
    piece = published(title="产教融合")
    piece.title = "校企合作"
    piece.save()
    assert found("产教融合") == []
    assert found("校企合作") == [piece.pk]


def test_an_edit_that_sends_a_piece_back_to_review_takes_it_out(django_capture_on_commit_callbacks):
    piece = published(title="产教融合")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.record_edit(piece, by=editor())
    assert piece.status == Article.Status.REVIEW
    assert found("产教融合") == []


def test_trash_restore_and_delete_are_followed_at_once(django_capture_on_commit_callbacks):
    piece = published(title="产教融合")
    admin = site_admin()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move_to_trash(piece, by=admin)
    assert found("产教融合") == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.restore_from_trash(piece, by=admin)
    assert found("产教融合") == [piece.pk]
    CreditFactory(article=piece, name="张三")
    with django_capture_on_commit_callbacks(execute=True):
        piece.delete()
    assert found("产教融合") == []
    assert not SearchDocument.objects.exists()


def test_saving_only_the_view_count_does_not_touch_the_index():
    piece = published(title="产教融合")
    piece.view_count = 5
    with CaptureQueriesContext(connection) as queries:
        piece.save(update_fields=["view_count"])
    assert not [q for q in queries.captured_queries if "searchdocument" in q["sql"] or "SELECT" in q["sql"]]
    piece.title = "校企合作"
    with CaptureQueriesContext(connection) as queries:
        piece.save(update_fields=["title"])
    assert [q for q in queries.captured_queries if "searchdocument" in q["sql"]]


def test_index_article_and_remove_article():
    piece = published(title="产教融合")
    search.remove_article(piece.pk)
    assert found("产教融合") == []
    assert search.index_article(piece) is True
    assert found("产教融合") == [piece.pk]
    Article.objects.filter(pk=piece.pk).update(status=Article.Status.WITHDRAWN)
    assert search.index_article(piece.pk) is False
    assert found("产教融合") == []


def test_rebuild_indexes_published_pieces_and_drops_stale_ones():
    kept = published(title="产教融合")
    stale = published(title="产教融合")
    Article.objects.filter(pk=stale.pk).update(status=Article.Status.WITHDRAWN)  # no signal: the index is stale
    Article.objects.filter(pk=kept.pk).update(title="校企合作")
    calls = []
    report = search.rebuild(progress=lambda done, total: calls.append((done, total)), batch_size=1)
    assert (report.indexed, report.removed) == (1, 1)
    assert calls == [(0, 1), (1, 1)]
    assert found("校企合作") == [kept.pk]
    assert found("产教融合") == []


# --- hostile queries --------------------------------------------------------------------------------------
HOSTILE = [
    "",
    " ",
    '"',
    '""',
    "'",
    "*",
    "教师*",
    "NEAR(教师 技能, 2)",
    "教师 AND 技能 OR NOT 疫情",
    "-教师",
    "title:教师",
    "{title terms}: 教师",
    "^教师",
    "教师 & | ! <-> :*",
    "a'b\"c",
    "\\",
    "%_%",
    "\x00教师",
    "😀🎓",
    "مرحبا بالعالم",
    "Berufsbildung für Lehrer",
    "教师 teacher 😀 مدرس",
    "<script>alert(1)</script>",
    "教" * 10_000,
    "教师 " * 3000,
    "a" * 10_000,
    "'; DROP TABLE news_article; --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_nothing(query):
    published(title="教师 teacher", body="<p>技能 疫情</p>")
    results = search.search(query)
    assert results.total >= 0
    assert Article.objects.count() == 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=200))
def test_any_text_is_a_query(query):
    results = search.search(query)
    assert results.total >= 0
    assert all("<script" not in hit.snippet for hit in results.hits)


def test_filters_from_every_field():
    column, region, school, topic = ColumnFactory(), RegionFactory(), SchoolFactory(), TopicFactory()
    piece = published(body="<p>技能</p>", column=column, region=region, school=school)
    piece.topics.add(topic)
    piece.tags.add("实训")
    published(body="<p>技能</p>")
    for within in [
        Facets.of(columns=[column.pk]),
        Facets.of(regions=[region.pk]),
        Facets.of(schools=[school.pk]),
        Facets.of(topics=[topic.pk]),
        Facets.of(tags=[Tag.objects.get(name="实训").pk]),
        Facets.of(columns=[column.pk], regions=[region.pk], schools=[school.pk], topics=[topic.pk]),
    ]:
        assert found("技能", facets=within) == [piece.pk]
        assert found("技能", facets=within, order="date") == [piece.pk]
    assert found("技能", facets=Facets.of(columns=[column.pk], topics=[TopicFactory().pk])) == []


def test_relevance_ranks_the_newest_matches_and_the_total_says_when_it_stops(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    oldest_title_match = published(title="产教融合", days_ago=50)
    newer = [published(body="<p>产教融合</p>", days_ago=day) for day in (4, 3, 2, 1)]
    results = search.search("产教融合", per_page=3)
    assert (results.total, results.total_capped) == (3, True)
    assert {hit.article.pk for hit in results.hits} == {piece.pk for piece in newer[1:]}
    # Narrower filters reach further back.
    oldest_title_match.tags.add("旧闻")
    narrowed = search.search("产教融合", per_page=3, facets=Facets.of(tags=[Tag.objects.get(name="旧闻").pk]))
    assert [hit.article.pk for hit in narrowed.hits] == [oldest_title_match.pk]
    assert search.search("产教融合", order="date", per_page=3).total_capped is True
    monkeypatch.setattr(search, "CANDIDATES", 10)
    uncapped = search.search("产教融合", per_page=3)
    assert (uncapped.total, uncapped.total_capped) == (5, False)
    assert uncapped.hits[0].article.pk == oldest_title_match.pk


def test_a_new_publication_time_moves_the_piece_in_the_index():
    piece = published(title="产教融合", days_ago=5)
    other = published(title="产教融合", days_ago=3)
    assert found("产教融合", order="date") == [other.pk, piece.pk]
    piece.published_at = timezone.now() - datetime.timedelta(days=1)
    piece.save()
    assert found("产教融合", order="date") == [piece.pk, other.pk]
    assert SearchDocument.objects.count() == 2


def test_a_stale_index_entry_never_shows_an_unpublished_piece():
    piece = published(title="产教融合")
    Article.objects.filter(pk=piece.pk).update(status=Article.Status.WITHDRAWN)  # no signal: the entry stays
    assert SearchDocument.objects.filter(pk=piece.pk).exists()
    assert found("产教融合") == []


def test_filters_find_the_same_pieces_in_the_same_queries_as_a_plain_search():
    column, other = ColumnFactory(), ColumnFactory()
    inside = [published(body="<p>技能</p>", column=column, days_ago=day) for day in (1, 2, 3)]
    published(body="<p>技能</p>", column=other)
    published(title="无关", column=column)
    within = Facets.of(columns=[column.pk])
    assert found("技能", facets=within, order="date") == [piece.pk for piece in inside]
    assert search.search("技能", facets=within).total == 3
    since = inside[1].published_at.replace(microsecond=0)
    assert found("技能", facets=within, since=since) == [inside[0].pk, inside[1].pk]
    assert found("技能", facets=Facets.of(columns=[other.pk]), until=inside[2].published_at) == []
    with CaptureQueriesContext(connection) as plain:
        search.search("技能")
    with CaptureQueriesContext(connection) as filtered:
        assert search.search("技能", facets=Facets.of(columns=[column.pk, other.pk])).total == 4
    assert len(filtered) == len(plain) == 2


def test_a_filter_nothing_can_match_answers_without_asking_the_database():
    published(body="<p>技能</p>")
    with CaptureQueriesContext(connection) as queries:
        results = search.search("技能", facets=Facets.of(schools=[]))
    assert (results.total, results.hits, len(queries)) == (0, [], 0)


def test_filter_tokens_follow_the_pieces_column_region_school_topics_and_tags():
    piece = published(body="<p>技能</p>")
    column, region, school, topic = ColumnFactory(), RegionFactory(), SchoolFactory(), TopicFactory()
    by_column, by_region = Facets.of(columns=[column.pk]), Facets.of(regions=[region.pk])
    by_school, by_topic = Facets.of(schools=[school.pk]), Facets.of(topics=[topic.pk])
    assert [found("技能", facets=f) for f in (by_column, by_region, by_school, by_topic)] == [[]] * 4
    piece.column, piece.region, piece.school = column, region, school
    piece.save()
    assert [found("技能", facets=f) for f in (by_column, by_region, by_school)] == [[piece.pk]] * 3
    piece.topics.add(topic)
    assert found("技能", facets=by_topic) == [piece.pk]
    piece.topics.remove(topic)
    assert found("技能", facets=by_topic) == []
    topic.articles.add(piece)  # from the topic's side
    assert found("技能", facets=by_topic) == [piece.pk]
    topic.articles.clear()
    assert found("技能", facets=by_topic) == []
    piece.tags.set(["实训", "大赛"])
    by_tag = Facets.of(tags=[Tag.objects.get(name="实训").pk])
    assert found("技能", facets=by_tag) == [piece.pk]
    piece.tags.clear()
    assert found("技能", facets=by_tag) == []
    piece.school = None
    piece.save(update_fields=["school"])
    assert found("技能", facets=by_school) == []


def test_topics_and_tags_of_an_unindexed_piece_do_not_put_it_in_the_index():
    draft = ArticleFactory(title="技能")
    draft.tags.add("实训")
    draft.topics.add(TopicFactory())
    assert not SearchDocument.objects.filter(pk=draft.pk).exists()


def test_the_migration_fills_the_filter_tokens_of_an_existing_index():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("news.migrations.0006_search_facets")
    school, topic = SchoolFactory(), TopicFactory()
    piece = published(body="<p>技能</p>", school=school)
    piece.topics.add(topic)
    piece.tags.add("实训")
    before = SearchDocument.objects.get(pk=piece.pk).facets
    SearchDocument.objects.update(facets="")
    assert found("技能", facets=Facets.of(topics=[topic.pk])) == []
    migration.fill_facets(apps, None)  # it reads and writes rows only, through the models it is given
    assert SearchDocument.objects.get(pk=piece.pk).facets == before
    assert before.split() == [
        f"c_{piece.column_id}", f"s_{school.pk}", f"t_{topic.pk}", f"g_{Tag.objects.get(name='实训').pk}"
    ]
    assert found("技能", facets=Facets.of(topics=[topic.pk], schools=[school.pk])) == [piece.pk]


def test_tag_links_saved_or_deleted_directly_are_followed_and_other_models_tags_are_ignored():
    """taggit's admin merges tags and edits tagged items by saving and deleting the links themselves."""
    from taggit.models import TaggedItem

    from tests.events.factories import WeekFactory

    piece = published(body="<p>技能</p>")
    piece.tags.add("实训")
    old, merged = Tag.objects.get(name="实训"), Tag.objects.create(name="实训基地", slug="shixun-jidi")
    link = TaggedItem.objects.get(tag=old, object_id=piece.pk)
    link.tag = merged
    link.save()
    assert found("技能", facets=Facets.of(tags=[merged.pk])) == [piece.pk]
    assert found("技能", facets=Facets.of(tags=[old.pk])) == []
    link.delete()
    assert found("技能", facets=Facets.of(tags=[merged.pk])) == []
    week = WeekFactory()
    with CaptureQueriesContext(connection) as queries:
        week.tags.add("活动周")
    assert not [q for q in queries if "news_searchdocument" in q["sql"] or "news_article" in q["sql"]]


def test_the_migration_s_index_is_the_one_the_code_describes():
    """Migration 0006 writes its index out; the backends' modules hold the same statements (post_migrate and the
    tests build from them), so the two cannot drift apart unnoticed."""
    import importlib

    from news.search_backends import postgres, sqlite

    migration = importlib.import_module("news.migrations.0006_search_facets")
    normal = lambda statements: [" ".join(statement.split()) for statement in statements]  # noqa: E731
    assert normal(migration.SQLITE_SCHEMA[:-1]) == normal(sqlite.SCHEMA)
    assert normal(migration.POSTGRES_SCHEMA) == normal(postgres.SCHEMA)


@pytest.mark.django_db(transaction=True)
def test_migration_0006_back_and_forth_on_an_existing_archive():
    from django.db.migrations.executor import MigrationExecutor

    from news.search_signals import ensure_engine_index

    school, topic = SchoolFactory(), TopicFactory()
    piece = published(body="<p>技能</p>", school=school)
    piece.topics.add(topic)
    piece.tags.add("实训")
    expected = SearchDocument.objects.get(pk=piece.pk).facets
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("news")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("news", "0005_column_listing_index")])
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, "news_searchdocument")}
        assert "facets" not in columns
        if connection.vendor == "sqlite":
            # A table remake at 0005 drops the triggers; post_migrate must not put the current ones (which write
            # `facets`) on the old table, or every publish would fail.
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER news_search_fts_insert")
            ensure_engine_index(sender=None)
            with connection.cursor() as cursor:
                cursor.execute("SELECT group_concat(sql) FROM sqlite_master WHERE type = 'trigger'")
                assert "facets" not in (cursor.fetchone()[0] or "")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert SearchDocument.objects.get(pk=piece.pk).facets == expected
    assert found("技能", facets=Facets.of(schools=[school.pk], topics=[topic.pk])) == [piece.pk]
    assert found("技能") == [piece.pk]

"""Filter tokens in the search index (news/search_facets.py): a `facets` column on the index's documents, filled
from each piece's column, region, school, topics and tags, and an engine index that reads it.

The engine index is dropped first and built once at the end, so the fill writes plain rows (no FTS5 trigger
fires, no GIN entry is updated per row). The column is added in place with a default, by hand: Django's SQLite
backend would copy the whole table, every document's text included, to add a NOT NULL column.
"""

import importlib
import sys
from collections import defaultdict

from django.db import migrations, models

from news import search_facets

BATCH = 2000
initial_index = importlib.import_module("news.migrations.0003_search_index")


def add_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE news_searchdocument ADD COLUMN facets text NOT NULL DEFAULT ''")


def remove_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE news_searchdocument DROP COLUMN facets")


def fill_facets(apps, schema_editor):
    SearchDocument = apps.get_model("news", "SearchDocument")
    Article = apps.get_model("news", "Article")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type = ContentType.objects.filter(app_label="news", model="article").first()
    ids = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        topics, tags = defaultdict(list), defaultdict(list)
        for article_id, topic_id in Article.topics.through.objects.filter(article_id__in=batch).values_list(
            "article_id", "topic_id"
        ):
            topics[article_id].append(topic_id)
        if article_type is not None:
            for object_id, tag_id in TaggedItem.objects.filter(
                content_type=article_type, object_id__in=batch
            ).values_list("object_id", "tag_id"):
                tags[object_id].append(tag_id)
        documents = [
            SearchDocument(
                article_id=pk,
                facets=search_facets.article_tokens(column_id, region_id, school_id, topics[pk], tags[pk]),
            )
            for pk, column_id, region_id, school_id in Article.objects.filter(pk__in=batch).values_list(
                "pk", "column_id", "region_id", "school_id"
            )
        ]
        SearchDocument.objects.bulk_update(documents, ["facets"], batch_size=500)
        if len(ids) > BATCH:  # a large archive: say how far the fill has got
            sys.stdout.write(f"\r  search filter tokens: {min(start + BATCH, len(ids))}/{len(ids)}")
            sys.stdout.flush()
    if len(ids) > BATCH:
        sys.stdout.write("\n")


# The index as this migration makes it, written out (as 0003 does): the backends' modules describe the current
# index, which a later migration may change.
SQLITE_SCHEMA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS news_search_fts USING fts5(
        title_terms, terms, facets, content='news_searchdocument', content_rowid='time_key',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'", prefix='1')""",
    """CREATE TRIGGER IF NOT EXISTS news_search_fts_insert AFTER INSERT ON news_searchdocument BEGIN
        INSERT INTO news_search_fts(rowid, title_terms, terms, facets)
        VALUES (new.time_key, new.title_terms, new.terms, new.facets);
    END""",
    """CREATE TRIGGER IF NOT EXISTS news_search_fts_delete AFTER DELETE ON news_searchdocument BEGIN
        INSERT INTO news_search_fts(news_search_fts, rowid, title_terms, terms, facets)
        VALUES ('delete', old.time_key, old.title_terms, old.terms, old.facets);
    END""",
    """CREATE TRIGGER IF NOT EXISTS news_search_fts_update AFTER UPDATE ON news_searchdocument BEGIN
        INSERT INTO news_search_fts(news_search_fts, rowid, title_terms, terms, facets)
        VALUES ('delete', old.time_key, old.title_terms, old.terms, old.facets);
        INSERT INTO news_search_fts(rowid, title_terms, terms, facets)
        VALUES (new.time_key, new.title_terms, new.terms, new.facets);
    END""",
    "INSERT INTO news_search_fts(news_search_fts) VALUES ('rebuild')",
]
POSTGRES_SCHEMA = [
    """ALTER TABLE news_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, terms), 'D')
        || array_to_tsvector(array_remove(string_to_array(facets, ' '), ''))) STORED""",
    "CREATE INDEX IF NOT EXISTS news_searchdocument_vector ON news_searchdocument USING gin (search_vector)",
]


def create_engine_index(apps, schema_editor):
    initial_index._run(schema_editor, {"sqlite": SQLITE_SCHEMA, "postgresql": POSTGRES_SCHEMA})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("news", "0005_column_listing_index"),
    ]

    operations = [
        migrations.RunPython(initial_index.drop_engine_index, initial_index.create_engine_index),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="facets",
                    field=models.TextField(blank=True, default="", verbose_name="筛选标记"),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.RunPython(fill_facets, migrations.RunPython.noop),
        migrations.RunPython(create_engine_index, initial_index.drop_engine_index),
    ]

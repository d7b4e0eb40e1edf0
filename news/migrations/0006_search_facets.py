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


def create_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from news.search_backends import sqlite

        sqlite.ensure_schema(schema_editor.connection)
    elif vendor == "postgresql":
        from news.search_backends import postgres

        for statement in postgres.SCHEMA:
            schema_editor.execute(statement)


def drop_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from news.search_backends import sqlite

        statements = sqlite.DROP
    elif vendor == "postgresql":
        from news.search_backends import postgres

        statements = postgres.DROP
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


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
        migrations.RunPython(create_engine_index, drop_engine_index),
    ]

"""The content fingerprint's index covers only pieces that have one (imports): pieces written in the admin have
none, and with one value shared by most rows SQLite's statistics chose to read the whole table instead.

The plain indexes are dropped by name rather than by altering the field: on SQLite Django alters a field by
copying the whole table, which would also drop the listing index migration 0005 made by hand.
"""

from django.db import migrations, models

TABLES = ["news_article", "news_historicalarticle"]


def _plain_fingerprint_indexes(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name for name, info in constraints.items()
        if info["index"] and not info["unique"] and info["columns"] == ["content_hash"] and name != "article_content_hash"
    ]


def drop_plain_indexes(apps, schema_editor):
    for table in TABLES:
        for name in _plain_fingerprint_indexes(schema_editor, table):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_plain_indexes(apps, schema_editor):
    for model_name in ("Article", "HistoricalArticle"):
        model = apps.get_model("news", model_name)
        field = model._meta.get_field("content_hash")
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_search_facets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="content_hash",
                    field=models.CharField(blank=True, max_length=64, verbose_name="内容指纹"),
                ),
                migrations.AlterField(
                    model_name="historicalarticle",
                    name="content_hash",
                    field=models.CharField(blank=True, max_length=64, verbose_name="内容指纹"),
                ),
            ],
            database_operations=[migrations.RunPython(drop_plain_indexes, create_plain_indexes)],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(condition=~models.Q(content_hash=""), fields=["content_hash"], name="article_content_hash"),
        ),
    ]

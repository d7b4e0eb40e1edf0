"""`Article.source_key`: the source address as an identity (news/source_urls.py), filled for existing pieces and
indexed where set, so the import's duplicate check looks addresses up instead of reading every row.

The column is added in place with a default, by hand: Django's SQLite backend would copy the whole article
table, every body included, to add a NOT NULL column.
"""

import sys

from django.db import migrations, models

from news.source_urls import source_key

BATCH = 2000


def add_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE news_article ADD COLUMN source_key varchar(500) NOT NULL DEFAULT ''")


def remove_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE news_article DROP COLUMN source_key")


def fill_keys(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    rows = list(Article.objects.exclude(source_url="").order_by("pk").values_list("pk", "source_url"))
    for start in range(0, len(rows), BATCH):
        pieces = [Article(pk=pk, source_key=source_key(url)) for pk, url in rows[start:start + BATCH]]
        Article.objects.bulk_update([piece for piece in pieces if piece.source_key], ["source_key"], batch_size=500)
        if len(rows) > BATCH:  # a large archive: say how far the fill has got
            sys.stdout.write(f"\r  source address keys: {min(start + BATCH, len(rows))}/{len(rows)}")
            sys.stdout.flush()
    if len(rows) > BATCH:
        sys.stdout.write("\n")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_content_hash_partial_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="source_key",
                    field=models.CharField(
                        blank=True, default="", editable=False, max_length=500, verbose_name="来源网址键"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(condition=~models.Q(source_key=""), fields=["source_key"], name="article_source_key"),
        ),
    ]

from django.db import migrations

from news import listing_indexes


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY (PostgreSQL) cannot run inside a transaction; on a live archive a plain
    # CREATE INDEX would block publishing for as long as the build takes.
    atomic = False

    dependencies = [
        ("news", "0004_submissions"),
    ]

    operations = [
        migrations.RunPython(listing_indexes.create, listing_indexes.drop, elidable=False),
    ]

"""The diarium's order as an index, so a page is read off it instead of sorted.

Built concurrently on PostgreSQL: cases_document is large in production, and a plain
CREATE INDEX would block registering handlingar while it builds. SQLite has no such
option and needs none.
"""

from django.db import migrations, models

from core.db import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0004_search_indexes")]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="document",
            index=models.Index(
                fields=["federation", "-date", "-id"], name="document_diarium_order"
            ),
        ),
    ]

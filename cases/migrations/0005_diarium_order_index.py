"""The diarium's order as an index, so a page is read off it instead of sorted.

Built concurrently on PostgreSQL: cases_document is large in production, and a plain
CREATE INDEX would block registering handlingar while it builds. SQLite has no such
option and needs none.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.operations import AddIndex


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


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

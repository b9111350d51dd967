"""The diarium search on stored columns: a handling's words, kept by triggers.

`search_vector` (Swedish full text) and `search_text` (for trigrams) hold the
handling's words and its ärende's (cases.models.DOCUMENT_SEARCH_SQL); the triggers
keep them, the existing rows are filled here, and the two GIN indexes are built
concurrently after the fill (cases_document is large in production). The expression
indexes of 0004 on the handling's own fields are dropped: nothing searches them now.
SQLite gets the columns only (no triggers, no indexes): its fallback search reads the
fields themselves.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from core.db import AddIndexConcurrentlyOnPostgres


class AddGinIndexOnPostgres(AddIndexConcurrentlyOnPostgres):
    """A GIN index exists on PostgreSQL only; SQLite gets none (it cannot build it)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # Setting case_id to itself runs the new trigger on every handling.
        cursor.execute("UPDATE cases_document SET case_id = case_id")


def drop_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX CONCURRENTLY IF EXISTS document_fulltext")
        cursor.execute("DROP INDEX CONCURRENTLY IF EXISTS document_title_trgm")


def restore_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS document_fulltext ON cases_document"
            " USING gin (to_tsvector('swedish'::regconfig,"
            " COALESCE(title, '') || ' ' || COALESCE(counterpart, '')))"
        )
        cursor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS document_title_trgm"
            " ON cases_document USING gin (title gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0006_case_ready_index")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="document_search",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."child_impact" IS DISTINCT FROM (NEW."child_impact") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."diarienummer" IS DISTINCT FROM (NEW."diarienummer") OR OLD."proposal" IS DISTINCT FROM (NEW."proposal") OR OLD."title" IS DISTINCT FROM (NEW."title"))',  # noqa: E501
                    func="UPDATE cases_document SET case_id = case_id WHERE case_id = NEW.id; RETURN NULL;",  # noqa: E501
                    hash="15f719d2627e08b85cbde88c1f0671f6e65b867a",
                    operation="UPDATE",
                    pgid="pgtrigger_document_search_d9c3b",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="document",
            trigger=pgtrigger.compiler.Trigger(
                name="search",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="\nSELECT\n    to_tsvector('swedish', concat_ws(' ', NEW.title, NEW.counterpart))\n    || to_tsvector('swedish', concat_ws(' ', c.diarienummer, c.title, c.proposal,\n                                        c.description, c.child_impact)),\n    concat_ws(' ', NEW.title, c.title, c.proposal, c.description)\nINTO NEW.search_vector, NEW.search_text\nFROM (SELECT NEW.case_id AS id) AS handling\nLEFT JOIN cases_case c ON c.id = handling.id;\nRETURN NEW;\n",  # noqa: E501
                    hash="d59ce553627652c08712ed6d63c39db8cb563127",
                    operation='INSERT OR UPDATE OF "title", "counterpart", "case_id"',
                    pgid="pgtrigger_search_9ca0d",
                    table="cases_document",
                    when="BEFORE",
                ),
            ),
        ),
        # The fill: one UPDATE of every handling in autocommit (atomic = False); it
        # writes only the two new columns (measured: see docs/benchmarks.md).
        # migration-safety: allow fills two new columns, no transaction held open
        migrations.RunPython(fill, migrations.RunPython.noop),
        AddGinIndexOnPostgres(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="document_search_vector"
            ),
        ),
        AddGinIndexOnPostgres(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_text"],
                name="document_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        # migration-safety: allow dropping two indexes concurrently (no lock on writes)
        migrations.RunPython(drop_old_indexes, restore_old_indexes),
    ]

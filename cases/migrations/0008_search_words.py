"""Near matches through a table of words instead of trigrams over every handling.

Testing a trigram condition row by row on the handlingar's text was the slow part of
the search (tens of microseconds a row, and the planner cannot tell a rare word from a
common one). Now the handling's stored vector also holds its words as written
('simple'), each word goes into cases_searchword once, and trigrams find the words
near the query in that small table (cases.selectors.search_documents). The trgm
column of 0007 goes; the fill runs the new trigger on every handling.
"""

import django.contrib.postgres.indexes
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from core.db import AddIndexConcurrentlyOnPostgres


class GinIndexOnPostgres(AddIndexConcurrentlyOnPostgres):
    """A GIN index exists on PostgreSQL only; SQLite gets none (it cannot build it)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveGinIndexOnPostgres(migrations.RemoveIndex):
    """The trgm index of 0007 exists on PostgreSQL only."""

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


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0007_search_columns'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.TextField(unique=True)),
            ],
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='document',
            name='search',
        ),
        RemoveGinIndexOnPostgres(
            model_name='document',
            name='document_search_trgm',
        ),
        # migration-safety: allow a column added in 0007 of this same release, read by nothing
        migrations.RemoveField(
            model_name='document',
            name='search_text',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='document',
            trigger=pgtrigger.compiler.Trigger(name='search', sql=pgtrigger.compiler.UpsertTriggerSql(declare='DECLARE written tsvector;', func="\nSELECT\n    to_tsvector('swedish', concat_ws(' ', NEW.title, NEW.counterpart))\n    || to_tsvector('swedish', concat_ws(' ', c.diarienummer, c.title, c.proposal,\n                                        c.description, c.child_impact)),\n    to_tsvector('simple', concat_ws(' ', NEW.title, c.title, c.proposal, c.description))\nINTO NEW.search_vector, written\nFROM (SELECT NEW.case_id AS id) AS handling\nLEFT JOIN cases_case c ON c.id = handling.id;\nNEW.search_vector := NEW.search_vector || written;\nINSERT INTO cases_searchword (word)\nSELECT unnest(tsvector_to_array(written)) ON CONFLICT (word) DO NOTHING;\nRETURN NEW;\n", hash='2499ac5460839bd4ffde43d3408643350b257483', operation='INSERT OR UPDATE OF "title", "counterpart", "case_id"', pgid='pgtrigger_search_9ca0d', table='cases_document', when='BEFORE')),
        ),
        # The fill: one UPDATE of every handling in autocommit (atomic = False).
        # migration-safety: allow rewrites only the stored vector, no transaction held open
        migrations.RunPython(fill, migrations.RunPython.noop),
        GinIndexOnPostgres(
            model_name='searchword',
            index=django.contrib.postgres.indexes.GinIndex(fields=['word'], name='search_word_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]

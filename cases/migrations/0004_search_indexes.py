"""Indexes for the diarium search on PostgreSQL: Swedish full text and trigrams.

The expressions are the ones cases.selectors searches with (DOCUMENT_TEXT_FIELDS,
CASE_TEXT_FIELDS and the trigram fields), so the planner can use them. SQLite has
neither, and its fallback search needs none.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def _indexes(apps):
    document = apps.get_model("cases", "Document")
    case = apps.get_model("cases", "Case")
    return [
        (document, GinIndex(SearchVector("title", "counterpart", config="swedish"),
                            name="document_fulltext")),
        (document, GinIndex(fields=["title"], opclasses=["gin_trgm_ops"],
                            name="document_title_trgm")),
        (case, GinIndex(SearchVector("diarienummer", "title", "proposal", "description",
                                     "child_impact", config="swedish"),
                        name="case_fulltext")),
        *[(case, GinIndex(fields=[field], opclasses=["gin_trgm_ops"],
                          name=f"case_{field}_trgm"))
          for field in ("title", "proposal", "description")],
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_trigram_extension")]

    operations = [
        # migration-safety: allow new at this release, when the diarium tables are
        # small; docs/operations.md says how to build such indexes concurrently later.
        migrations.RunPython(add_indexes, remove_indexes)
    ]

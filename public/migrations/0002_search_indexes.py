# migration-safety: allow-file indexes of a few thousand §§ and agenda items a förbund
# Issue 21.3: the public search's full-text indexes on PostgreSQL, on the §§ and the
# agenda items it searches (public.search): the expressions it filters by.
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def _indexes(apps):
    paragraph = apps.get_model("minutes", "Paragraph")
    item = apps.get_model("meetings", "AgendaItem")
    fields = ("title", "decision_text")
    return [
        (
            paragraph,
            GinIndex(
                SearchVector(*fields, config="swedish"), name="public_paragraph_text"
            ),
        ),
        (
            paragraph,
            GinIndex(
                SearchVector(*fields, config="simple"), name="public_paragraph_words"
            ),
        ),
        (
            item,
            GinIndex(SearchVector("title", config="swedish"), name="public_item_text"),
        ),
        (
            item,
            GinIndex(SearchVector("title", config="simple"), name="public_item_words"),
        ),
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
    dependencies = [
        ("public", "0001_subscriptions_and_begaran"),
        ("minutes", "0008_tillkannagivanden"),
        ("meetings", "0005_agenda_item_note"),
    ]

    operations = [
        # migration-safety: allow new at this release: §§ and agenda items are a few
        # thousand rows a förbund; docs/operations.md says how to build concurrently.
        migrations.RunPython(add_indexes, remove_indexes)
    ]

"""Which words a handling without sekretess wrote (SearchWord.is_public).

The near words were cut at a limit among every handling's words, so a sekretess
handling's words could push a public word out of a reader's query: a hit fewer, told
by a handling the reader may not know of. A reader without the right to sekretess now
gets near words from the public ones only. The trigger marks a word public when a
handling without sekretess writes it (and on a change of the flag); the fill runs it
on every such handling.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # Setting case_id to itself runs the new trigger on the public handlingar.
        cursor.execute("UPDATE cases_document SET case_id = case_id WHERE NOT is_secret")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0009_english_msgids'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchword',
            name='is_public',
            field=models.BooleanField(default=False),
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='document',
            name='search',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='document',
            trigger=pgtrigger.compiler.Trigger(name='search', sql=pgtrigger.compiler.UpsertTriggerSql(declare='DECLARE written tsvector;', func="\nSELECT\n    to_tsvector('swedish', concat_ws(' ', NEW.title, NEW.counterpart))\n    || to_tsvector('swedish', concat_ws(' ', c.diarienummer, c.title, c.proposal,\n                                        c.description, c.child_impact)),\n    to_tsvector('simple', concat_ws(' ', NEW.title, c.title, c.proposal, c.description))\nINTO NEW.search_vector, written\nFROM (SELECT NEW.case_id AS id) AS handling\nLEFT JOIN cases_case c ON c.id = handling.id;\nNEW.search_vector := NEW.search_vector || written;\nINSERT INTO cases_searchword (word, is_public)\nSELECT unnest(tsvector_to_array(written)), NOT NEW.is_secret\nON CONFLICT (word) DO UPDATE SET is_public = true\nWHERE EXCLUDED.is_public AND NOT cases_searchword.is_public;\nRETURN NEW;\n", hash='adabb116d232830c66ab331f2390e9798c3fc0f9', operation='INSERT OR UPDATE OF "title", "counterpart", "case_id", "is_secret"', pgid='pgtrigger_search_9ca0d', table='cases_document', when='BEFORE')),
        ),
        # The fill: one UPDATE of the public handlingar in autocommit (atomic = False).
        # migration-safety: allow rewrites only the stored vector, no transaction held open
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""An index on the kallelse version's sha256: the public page Kontrollera ett protokoll
(core.verification) finds a document by it without reading the whole table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_stored_document_and_deliveries'),
    ]

    operations = [
        # migration-safety: allow kallelse versions and their history: a few rows per published version; the index builds in milliseconds
        migrations.AlterField(
            model_name='historicalkallelseversion',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        # migration-safety: allow kallelse versions and their history: a few rows per published version; the index builds in milliseconds
        migrations.AlterField(
            model_name='kallelseversion',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
    ]

"""An index on the run report's sha256: the public page Kontrollera ett protokoll
(core.verification) finds a document by it without reading the whole table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0003_run_report_document'),
    ]

    operations = [
        # migration-safety: allow run reports and their history: a few rows per allocation run; the index builds in milliseconds
        migrations.AlterField(
            model_name='historicalrunreport',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        # migration-safety: allow run reports and their history: a few rows per allocation run; the index builds in milliseconds
        migrations.AlterField(
            model_name='runreport',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
    ]

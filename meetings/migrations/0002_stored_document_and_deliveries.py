"""The kallelse's PDF follows core.documents' lifecycle; its e-mails are sent once
per recipient (KallelseDelivery).

A version's build was asked for when it was published; a stored file gets its size.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def fill_lifecycle(apps, schema_editor):
    from django.core.files.storage import default_storage

    KallelseVersion = apps.get_model("meetings", "KallelseVersion")
    for version in KallelseVersion.objects.all():
        version.build_requested_at = version.published_at
        if version.build_status == "running":
            version.build_started_at = version.published_at
        name = version.file.name
        if name and default_storage.exists(name):
            version.size = default_storage.size(name)
        version.save(update_fields=["build_requested_at", "build_started_at", "size"])


class Migration(migrations.Migration):

    dependencies = [
        ('federation', '0003_role_grants'),
        ('meetings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalkallelseversion',
            name='build_claimed_by',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='historicalkallelseversion',
            name='build_requested_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name='historicalkallelseversion',
            name='build_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalkallelseversion',
            name='size',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalkallelseversion',
            name='stored_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='kallelseversion',
            name='build_claimed_by',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='kallelseversion',
            name='build_requested_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name='kallelseversion',
            name='build_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='kallelseversion',
            name='size',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='kallelseversion',
            name='stored_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # migration-safety: allow choices' labels only: no SQL (sqlmigrate is empty)
        migrations.AlterField(
            model_name='historicalkallelseversion',
            name='build_status',
            field=models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10),
        ),
        # migration-safety: allow choices' labels only: no SQL (sqlmigrate is empty)
        migrations.AlterField(
            model_name='kallelseversion',
            name='build_status',
            field=models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10),
        ),
        migrations.CreateModel(
            name='HistoricalKallelseDelivery',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('status', models.CharField(choices=[('pending', 'Not sent yet'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Failed, will be retried')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('error', models.TextField(blank=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='federation.person')),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.kallelseversion')),
            ],
            options={
                'verbose_name': 'historical kallelse e-mail',
                'verbose_name_plural': 'historical kallelse e-mails',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='KallelseDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('status', models.CharField(choices=[('pending', 'Not sent yet'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Failed, will be retried')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('error', models.TextField(blank=True)),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='federation.person')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='meetings.kallelseversion')),
            ],
            options={
                'verbose_name': 'kallelse e-mail',
                'verbose_name_plural': 'kallelse e-mails',
                'ordering': ['version', 'email'],
                'constraints': [models.UniqueConstraint(fields=('version', 'email'), name='kallelse_delivery_once')],
            },
        ),
        # migration-safety: allow one update per kallelse version (hundreds a year)
        migrations.RunPython(fill_lifecycle, migrations.RunPython.noop),
    ]

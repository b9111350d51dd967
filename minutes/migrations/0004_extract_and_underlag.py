"""The protokollsutdrag (Extract) and the justeringsunderlag as stored documents, and
an index on the protokoll versions' sha256 for Kontrollera ett protokoll."""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('minutes', '0003_protokoll_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # migration-safety: allow two versions per justerat protokoll: the index builds in milliseconds
        migrations.AlterField(
            model_name='historicalprotokollversion',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        # migration-safety: allow two versions per justerat protokoll: the index builds in milliseconds
        migrations.AlterField(
            model_name='protokollversion',
            name='sha256',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.CreateModel(
            name='HistoricalExtract',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                ('justerat_at', models.DateTimeField(verbose_name='justerat')),
                ('snapshot', models.JSONField(default=dict, editable=False)),
                ('file', models.TextField(blank=True, max_length=100, verbose_name='file')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('paragraph', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='minutes.paragraph')),
            ],
            options={
                'verbose_name': 'historical protokollsutdrag',
                'verbose_name_plural': 'historical protokollsutdrag',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalJusteringUnderlag',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('sent_at', models.DateTimeField(verbose_name='sent')),
                ('content_sha256', models.CharField(editable=False, max_length=64)),
                ('snapshot', models.JSONField(default=dict, editable=False)),
                ('file', models.TextField(blank=True, max_length=100, verbose_name='file')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('minutes', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='minutes.minutes')),
            ],
            options={
                'verbose_name': 'historical justeringsunderlag',
                'verbose_name_plural': 'historical justeringsunderlag',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='JusteringUnderlag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('sent_at', models.DateTimeField(verbose_name='sent')),
                ('content_sha256', models.CharField(editable=False, max_length=64)),
                ('snapshot', models.JSONField(default=dict, editable=False)),
                ('file', models.FileField(blank=True, upload_to='protokoll/%Y/', verbose_name='file')),
                ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='underlag', to='minutes.minutes')),
            ],
            options={
                'verbose_name': 'justeringsunderlag',
                'verbose_name_plural': 'justeringsunderlag',
                'ordering': ['minutes', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Extract',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                ('justerat_at', models.DateTimeField(verbose_name='justerat')),
                ('snapshot', models.JSONField(default=dict, editable=False)),
                ('file', models.FileField(blank=True, upload_to='protokoll/%Y/', verbose_name='file')),
                ('paragraph', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extracts', to='minutes.paragraph')),
            ],
            options={
                'verbose_name': 'protokollsutdrag',
                'verbose_name_plural': 'protokollsutdrag',
                'ordering': ['paragraph', '-number'],
                'constraints': [models.UniqueConstraint(fields=('paragraph', 'number'), name='extract_unique_version')],
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='extract',
            trigger=pgtrigger.compiler.Trigger(name='protect_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='5a77f4307772bae06235fceb15a3ad2c5de26475', operation='DELETE', pgid='pgtrigger_protect_delete_65032', table='minutes_extract', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='extract',
            trigger=pgtrigger.compiler.Trigger(name='protect_frozen', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."snapshot" IS DISTINCT FROM (NEW."snapshot") OR OLD."number" IS DISTINCT FROM (NEW."number") OR OLD."paragraph_id" IS DISTINCT FROM (NEW."paragraph_id") OR OLD."justerat_at" IS DISTINCT FROM (NEW."justerat_at") OR (OLD."sha256" > \'\' AND (OLD."sha256" IS DISTINCT FROM (NEW."sha256") OR OLD."file" IS DISTINCT FROM (NEW."file"))))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='8775f056cd97f2120d21a1b0c5626e5068fbbc67', operation='UPDATE', pgid='pgtrigger_protect_frozen_03afd', table='minutes_extract', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='justeringunderlag',
            trigger=pgtrigger.compiler.Trigger(name='protect_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='0c3c1e27ac2c00561e528431a285c8f19e95ebc6', operation='DELETE', pgid='pgtrigger_protect_delete_f9484', table='minutes_justeringunderlag', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='justeringunderlag',
            trigger=pgtrigger.compiler.Trigger(name='protect_frozen', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."snapshot" IS DISTINCT FROM (NEW."snapshot") OR OLD."content_sha256" IS DISTINCT FROM (NEW."content_sha256") OR OLD."minutes_id" IS DISTINCT FROM (NEW."minutes_id") OR OLD."sent_at" IS DISTINCT FROM (NEW."sent_at") OR (OLD."sha256" > \'\' AND (OLD."sha256" IS DISTINCT FROM (NEW."sha256") OR OLD."file" IS DISTINCT FROM (NEW."file"))))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='0b74e9040e50c04dec28e71b6f65b897e0e5ced3', operation='UPDATE', pgid='pgtrigger_protect_frozen_eac3d', table='minutes_justeringunderlag', when='BEFORE')),
        ),
    ]

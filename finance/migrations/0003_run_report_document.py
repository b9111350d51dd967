"""The run's PDF report becomes a stored document of its own (core.documents).

Every run whose report was asked for gets a RunReport row with its file, status and
error; a stored file also gets its sha256, size and page count. Backwards the rows
are copied onto the run again.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _digest(storage, name):
    """sha256, size and page count of a stored file, or empty values when gone."""
    import hashlib
    import io

    import pikepdf

    if not name or not storage.exists(name):
        return "", None, None
    with storage.open(name, "rb") as handle:
        data = handle.read()
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PdfError:
        return "", None, None
    return hashlib.sha256(data).hexdigest(), len(data), pages


def reports_to_rows(apps, schema_editor):
    from django.core.files.storage import default_storage

    AllocationRun = apps.get_model("finance", "AllocationRun")
    RunReport = apps.get_model("finance", "RunReport")
    runs = AllocationRun.objects.exclude(report_status="").values_list(
        "pk", "report", "report_status", "report_status_at", "report_error", "created_at"
    )
    for pk, name, status, status_at, error, created_at in runs:
        sha256, size, pages = _digest(default_storage, name)
        at = status_at or created_at
        RunReport.objects.create(
            run_id=pk,
            file=name,
            sha256=sha256,
            size=size,
            page_count=pages,
            build_status=status,
            build_error=error,
            build_requested_at=at,
            build_started_at=at if status == "running" else None,
            stored_at=at if status == "done" and sha256 else None,
        )


def rows_to_reports(apps, schema_editor):
    AllocationRun = apps.get_model("finance", "AllocationRun")
    RunReport = apps.get_model("finance", "RunReport")
    for report in RunReport.objects.all():
        at = report.stored_at or report.build_started_at or report.build_requested_at
        AllocationRun.objects.filter(pk=report.run_id).update(
            report=report.file.name,
            report_status=report.build_status,
            report_status_at=at,
            report_error=report.build_error,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0002_run_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalRunReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('file', models.TextField(blank=True, max_length=100, verbose_name='PDF report')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('run', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='finance.allocationrun')),
            ],
            options={
                'verbose_name': 'historical run report',
                'verbose_name_plural': 'historical run reports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='RunReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, editable=False, max_length=64)),
                ('size', models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('build_status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('build_attempts', models.PositiveSmallIntegerField(default=0)),
                ('build_error', models.TextField(blank=True)),
                ('build_requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('build_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('build_claimed_by', models.CharField(blank=True, editable=False, max_length=64)),
                ('stored_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('file', models.FileField(blank=True, upload_to='finance/reports/%Y/', verbose_name='PDF report')),
                ('run', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report', to='finance.allocationrun')),
            ],
            options={
                'verbose_name': 'run report',
                'verbose_name_plural': 'run reports',
            },
        ),
        # migration-safety: allow copies one row per run that has a report (hundreds at most)
        migrations.RunPython(reports_to_rows, rows_to_reports),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='allocationrun',
            name='report',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='allocationrun',
            name='report_error',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='allocationrun',
            name='report_status',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='allocationrun',
            name='report_status_at',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='historicalallocationrun',
            name='report',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='historicalallocationrun',
            name='report_error',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='historicalallocationrun',
            name='report_status',
        ),
        # migration-safety: allow moved to finance_runreport above; old processes must stop first
        migrations.RemoveField(
            model_name='historicalallocationrun',
            name='report_status_at',
        ),
    ]

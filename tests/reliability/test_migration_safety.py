"""R11: a migration that rewrites or locks an existing table needs an allow marker."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "ops" / "check_migrations.py"

spec = importlib.util.spec_from_file_location("check_migrations", SCRIPT)
assert spec is not None
assert spec.loader is not None
check_migrations = importlib.util.module_from_spec(spec)
sys.modules.setdefault("check_migrations", check_migrations)
spec.loader.exec_module(check_migrations)

MIGRATION = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
{operations}
    ]
"""
ALTER = """        migrations.AlterField(
            model_name="document",
            name="title",
            field=models.CharField(max_length=500),
        ),"""


def _write(tmp_path: Path, operations: str, name: str = "0009_change.py") -> Path:
    folder = tmp_path / "demoapp" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(MIGRATION.format(operations=operations), encoding="utf-8")
    return path


def test_every_current_migration_passes_the_check():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 unsafe" in result.stderr


def test_alter_field_on_an_existing_table_fails(tmp_path):
    _write(tmp_path, ALTER)

    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "0009_change.py:8: AlterField rewrites or locks" in result.stdout


def test_a_marker_above_the_operation_allows_it(tmp_path):
    _write(tmp_path, "        # migration-safety: allow table has 40 rows\n" + ALTER)

    assert check_migrations.check_tree(tmp_path) == []


def test_a_marker_without_a_reason_does_not_count(tmp_path):
    _write(tmp_path, "        # migration-safety: allow\n" + ALTER)

    problems = check_migrations.check_tree(tmp_path)

    assert [p.operation for p in problems] == ["AlterField"]


def test_a_file_marker_allows_every_operation(tmp_path):
    _write(
        tmp_path,
        "        # migration-safety: allow-file one-off before go-live\n" + ALTER,
    )

    assert check_migrations.check_tree(tmp_path) == []


def test_operations_on_a_table_made_in_the_same_migration_pass(tmp_path):
    operations = """        migrations.CreateModel(
            name="Note",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
        migrations.AddIndex(
            model_name="note",
            index=models.Index(fields=["id"], name="note_idx"),
        ),"""
    _write(tmp_path, operations)

    assert check_migrations.check_tree(tmp_path) == []


@pytest.mark.parametrize(
    "operation",
    [
        'migrations.RunSQL("UPDATE cases_document SET title = upper(title)")',
        "migrations.RunPython(migrations.RunPython.noop)",
        'migrations.RemoveField(model_name="document", name="title")',
        'migrations.RenameField(model_name="document", old_name="a", new_name="b")',
        'migrations.AddIndex(model_name="document", index=models.Index('
        'fields=["title"], name="t_idx"))',
    ],
)
def test_each_risky_operation_is_refused_without_a_marker(tmp_path, operation):
    _write(tmp_path, f"        {operation},")

    problems = check_migrations.check_tree(tmp_path)

    assert len(problems) == 1
    assert problems[0].operation in operation


def test_adding_a_nullable_field_passes(tmp_path):
    operation = (
        '        migrations.AddField(model_name="document", name="note", '
        "field=models.TextField(blank=True, null=True)),"
    )
    _write(tmp_path, operation)

    assert check_migrations.check_tree(tmp_path) == []

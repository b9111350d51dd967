import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import AssignmentFactory

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db["USER"] or "postgres"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the drill uses pg_dump and pg_restore: PostgreSQL only",
)
def test_backup_drill_restores_every_row_and_file(transactional_db, tmp_path):
    AssignmentFactory.create_batch(3)
    media = tmp_path / "media"
    (media / "handlingar").mkdir(parents=True)
    (media / "handlingar" / "a.pdf").write_bytes(b"%PDF-1.7 test")

    result = subprocess.run(
        [str(ROOT / "ops" / "backup_drill.sh"), _database_url(), str(media)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "backup drill: OK" in result.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the drill uses pg_dump and pg_restore: PostgreSQL only",
)
def test_backup_drill_fails_when_restore_differs(transactional_db, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "x.txt").write_text("x")
    broken = tmp_path / "ops"
    broken.mkdir()
    for name in ["backup.sh", "backup_drill.sh"]:
        (broken / name).write_text((ROOT / "ops" / name).read_text())
        (broken / name).chmod(0o755)
    # A restore that loses the media files must be caught by the comparison.
    (broken / "restore.sh").write_text(
        '#!/usr/bin/env bash\nset -e\npg_restore --no-owner --dbname "$3" "$1"\n'
        'mkdir -p "$4"\n'
    )
    (broken / "restore.sh").chmod(0o755)

    result = subprocess.run(
        [str(broken / "backup_drill.sh"), _database_url(), str(media)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode != 0
    assert "backup drill: OK" not in result.stdout

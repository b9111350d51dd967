"""R10 point-in-time recovery: ops/pitr_drill.sh on PostgreSQL clusters of its own.

The drill archives the WAL of a cluster of its own (Debian's pg_createcluster, on a
free port; the machine's PostgreSQL is never touched), deletes an ärende after a base
backup, and restores the backup into a new cluster up to the moment before the
deletion: the ärende must be back. The second test restores to a moment after the
deletion, where the ärende stays gone: the drill must then fail, so the first test is
not one that cannot fail. Both check that the drill drops its clusters.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clusters import postgres_version_or_skip

ROOT = Path(__file__).resolve().parents[2]
DRILL = ROOT / "ops" / "pitr_drill.sh"
RTO_BUDGET = 60  # seconds from the start of the restore to a checked, served database


def _drill(*args: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run the drill; the pid names its clusters (fbp_pitr_src_<pid>, ...)."""
    command = [
        str(DRILL),
        "--version",
        postgres_version_or_skip("run the PITR drill"),
        *args,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHON": sys.executable},
    )
    try:
        stdout, stderr = process.communicate(timeout=150)
    except subprocess.TimeoutExpired:
        process.terminate()  # the drill's trap drops its clusters
        stdout, stderr = process.communicate(timeout=60)
        pytest.fail(f"the drill took over 150 s:\n{stdout}{stderr}")
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return result, process.pid


def _clusters_left(pid: int) -> list[str]:
    """The drill's clusters still listed, or their config or data folders left."""
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    ours = {f"fbp_pitr_src_{pid}", f"fbp_pitr_restored_{pid}"}
    left = [line for line in listing.splitlines() if line.split()[1] in ours]
    for parent in [Path("/etc/postgresql"), Path("/var/lib/postgresql")]:
        left += [str(folder) for folder in parent.glob(f"*/fbp_pitr_*_{pid}")]
    return left


def test_pitr_restore_to_before_the_deletion_brings_the_arende_back():
    result, pid = _drill()

    assert result.returncode == 0, result.stdout + result.stderr
    ok = re.search(
        r"pitr drill: OK, ärende (\S+ \S+) deleted after T = \S+ is back \(3 ärenden\),"
        r" check and smoke test passed, restored in ([\d.]+) s",
        result.stdout,
    )
    assert ok, result.stdout + result.stderr
    assert float(ok[2]) <= RTO_BUDGET
    assert _clusters_left(pid) == []


def test_pitr_restore_to_after_the_deletion_fails_the_drill():
    result, pid = _drill("--target", "after")

    assert result.returncode != 0
    assert "pitr drill: OK" not in result.stdout
    assert "is not in the database restored to" in result.stdout, (
        result.stdout + result.stderr
    )
    assert _clusters_left(pid) == []

"""PostgreSQL clusters of a test's own (Debian's pg_createcluster), so that the
machine's PostgreSQL, which the rest of the suite uses, is never stopped or
reconfigured."""

import os
import shutil
from pathlib import Path

import pytest


def postgres_version_or_skip(purpose: str) -> str:
    """The newest PostgreSQL version to make a cluster of. CI must have the tools:
    there a missing pg_createcluster fails, saying what it was needed for."""
    etc = Path("/etc/postgresql")
    if shutil.which("pg_createcluster") and etc.is_dir() and any(etc.iterdir()):
        return sorted(p.name for p in etc.iterdir())[-1]
    if os.environ.get("CI"):
        pytest.fail(f"CI must {purpose}: pg_createcluster is missing")
    pytest.skip("no Debian PostgreSQL cluster tools here")

"""`make run` gives the server and the demo a SITE_URL on the port it runs on.

The Makefile's own recipes run, with `python` (BIN) and `msgfmt` replaced by a script
that writes down SITE_URL and its arguments: nothing is installed, migrated or served.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDER = '#!/bin/sh\necho "SITE_URL=${SITE_URL:-unset} $*" >> "$CALLS"\n'


def _make_run(tmp_path: Path, **env: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.fail("make is not installed: the README's commands need it")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("python", "msgfmt"):
        (bin_dir / name).write_text(RECORDER)
        (bin_dir / name).chmod(0o755)
    # The Makefile's prerequisites, present and up to date: no pip, no seal made.
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "stamp").write_text("")
    (tmp_path / "seal.p12").write_text("")
    calls = tmp_path / "calls.txt"
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SITE_URL", "PORT", "MAKEFLAGS"}
    }
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-f",
            str(ROOT / "Makefile"),
            "run",
            f"BIN={bin_dir}",
            f"STAMP={tmp_path / 'stamp'}",
            f"DEV_SEAL={tmp_path / 'seal.p12'}",
        ],
        cwd=tmp_path,
        env={
            **clean,
            "PATH": f"{bin_dir}:{clean['PATH']}",
            "CALLS": str(calls),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return calls.read_text().splitlines()


def _call(calls: list[str], command: str) -> str:
    (line,) = [c for c in calls if f"manage.py {command}" in c]
    return line


def test_port_sets_site_url_for_the_server_and_the_demo(tmp_path):
    calls = _make_run(tmp_path, PORT="8080")

    assert _call(calls, "runserver") == (
        "SITE_URL=http://127.0.0.1:8080 manage.py runserver 127.0.0.1:8080"
    )
    # The demo sends e-mails (kallelser, justering) with links too.
    assert _call(calls, "load_demo").startswith("SITE_URL=http://127.0.0.1:8080 ")


def test_the_default_port_gives_the_default_site_url(tmp_path):
    calls = _make_run(tmp_path)

    assert _call(calls, "runserver") == (
        "SITE_URL=http://127.0.0.1:8000 manage.py runserver 127.0.0.1:8000"
    )


def test_a_given_site_url_is_kept(tmp_path):
    calls = _make_run(tmp_path, PORT="8080", SITE_URL="https://portal.example.se")

    assert _call(calls, "runserver") == (
        "SITE_URL=https://portal.example.se manage.py runserver 127.0.0.1:8080"
    )
    assert _call(calls, "load_demo").startswith("SITE_URL=https://portal.example.se ")

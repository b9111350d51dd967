"""Every Swedish catalogue is whole: an untranslated or fuzzy entry shows English in
the UI (the set-up page once said "Code" above its field)."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_every_app_with_strings_has_a_catalogue():
    apps = {path.parts[len(ROOT.parts)] for path in CATALOGUES}

    assert {"accounts", "agreements", "cases", "finance", "locale"} <= apps


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT))
)
@pytest.mark.parametrize("which", ["--untranslated", "--only-fuzzy"])
def test_no_entry_is_left_in_english(catalogue, which):
    result = subprocess.run(
        ["msgattrib", which, "--no-obsolete", "--no-wrap", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    # One line per msgid (--no-wrap); only the header's is empty.
    entries = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]

    assert entries == []

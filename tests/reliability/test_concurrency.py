"""R5: a double click on "Publicera kallelse" or on a PDF build leaves one of each."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from meetings.models import KallelseVersion
from meetings.services import agenda_snapshot, publish_kallelse, store_kallelse_pdf
from tests.reliability.conftest import TODAY
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite serialises writes",
)


def _files(settings) -> list:
    return sorted(p for p in settings.MEDIA_ROOT.rglob("kallelser/**/*.pdf"))


def test_two_concurrent_publishes_make_one_version_and_one_file(
    transactional_db, ready_meeting, chef, settings
):
    results = run_together(
        [lambda: publish_kallelse(ready_meeting, by=chef, today=TODAY)] * 2
    )

    versions = KallelseVersion.objects.filter(meeting=ready_meeting)
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert versions.count() == 1
    assert [str(m) for r in refused for m in r.messages] == [
        "Inget har ändrats sedan förra versionen."
    ]
    version = versions.get()
    assert version.build_status == KallelseVersion.BuildStatus.DONE
    assert len(_files(settings)) == 1
    assert hashlib.sha256(_files(settings)[0].read_bytes()).hexdigest() == (
        version.sha256
    )


def test_two_concurrent_builds_of_one_version_store_one_file(
    transactional_db, ready_meeting, chef, settings
):
    version = KallelseVersion.objects.create(
        meeting=ready_meeting,
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot=agenda_snapshot(ready_meeting),
    )

    results = run_together([lambda: store_kallelse_pdf(version)] * 2)

    # One claims the build; the other finds it being made and builds nothing.
    version.refresh_from_db()
    assert [type(r) for r in results] == [KallelseVersion, KallelseVersion]
    assert sorted(r.build_status for r in results) == ["done", "running"]
    assert version.build_status == KallelseVersion.BuildStatus.DONE
    assert version.build_attempts == 1
    assert len(_files(settings)) == 1

"""R9: Redis down while a kallelse is published: the request succeeds, the build is
queued ("Köad") and dispatched by the watchdog when the broker is back; none is lost.

The outage is simulated where it shows: the task's delay() raises kombu's
OperationalError, as it does when Redis refuses the connection.
"""

import datetime

import pytest
from kombu.exceptions import OperationalError

from meetings.models import KallelseVersion, Meeting
from meetings.pdf import requeue_stale_builds
from meetings.services import publish_kallelse
from meetings.tasks import build_kallelse_pdf_task
from tests.reliability.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")

    monkeypatch.setattr(build_kallelse_pdf_task, "delay", refuse)
    return monkeypatch


def test_publishing_during_an_outage_succeeds_and_the_build_waits(
    ready_meeting, chef, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(ready_meeting, by=chef, today=TODAY)

    version.refresh_from_db()
    ready_meeting.refresh_from_db()
    assert ready_meeting.status == Meeting.Status.KALLELSE_PUBLISHED
    assert version.build_status == KallelseVersion.BuildStatus.PENDING
    assert version.get_build_status_display() == "Köad"
    assert "Error 111" in caplog.text


def test_the_watchdog_dispatches_the_waiting_build_when_the_broker_is_back(
    ready_meeting, chef, broker_down, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(ready_meeting, by=chef, today=TODAY)
    broker_down.undo()  # Redis is back
    soon = version.published_at + datetime.timedelta(minutes=1)
    later = version.published_at + datetime.timedelta(minutes=3)

    dispatched_soon = requeue_stale_builds(now=soon)
    dispatched_later = requeue_stale_builds(now=later)
    dispatched_again = requeue_stale_builds(now=later)

    version.refresh_from_db()
    assert (dispatched_soon, dispatched_later, dispatched_again) == (0, 1, 0)
    assert version.build_status == KallelseVersion.BuildStatus.DONE
    assert len(list(settings.MEDIA_ROOT.glob("kallelser/**/*.pdf"))) == 1


def test_the_watchdog_runs_every_minute_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["meetings-requeue-stale-builds"]

    assert (entry["task"], entry["schedule"]) == ("meetings.requeue_stale_builds", 60)

"""R9: Redis down while a kallelse is published: the request succeeds, the build is
queued ("I kö") and dispatched by the watchdog when the broker is back; none is lost.
The same for the kallade's e-mails when the broker goes down after the build.

The outage is simulated where it shows: the task's apply_async() raises kombu's
OperationalError, as it does when Redis refuses the connection.
"""

import datetime

import pytest
from kombu.exceptions import OperationalError

from config.celery import app
from core.documents import requeue_stale_builds
from meetings.models import KallelseVersion, Meeting
from meetings.services import publish_kallelse, send_unsent_kallelse_mail
from meetings.tasks import build_kallelse_pdf_task, send_kallelse_mail_task
from tests.reliability.conftest import TODAY

pytestmark = pytest.mark.django_db


def refuse(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(build_kallelse_pdf_task, "apply_async", refuse)
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
    assert version.get_build_status_display() == "I kö"
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
    with django_capture_on_commit_callbacks(execute=True):
        dispatched_later = requeue_stale_builds(now=later)
    dispatched_again = requeue_stale_builds(now=later)

    version.refresh_from_db()
    assert (dispatched_soon, dispatched_later, dispatched_again) == (0, 1, 0)
    assert version.build_status == KallelseVersion.BuildStatus.DONE
    assert len(list(settings.MEDIA_ROOT.glob("kallelser/**/*.pdf"))) == 1


def test_mail_lost_to_an_outage_after_the_build_is_sent_later_once(
    ready_meeting,
    chef,
    monkeypatch,
    django_capture_on_commit_callbacks,
    mailoutbox,
    caplog,
):
    monkeypatch.setattr(send_kallelse_mail_task, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(ready_meeting, by=chef, today=TODAY)
    monkeypatch.undo()  # Redis is back
    version.refresh_from_db()
    soon = version.stored_at + datetime.timedelta(minutes=1)
    later = version.stored_at + datetime.timedelta(minutes=11)

    queued = [send_unsent_kallelse_mail(now=n) for n in (soon, later, later)]

    version.refresh_from_db()
    assert "Error 111" in caplog.text
    assert queued == [0, 1, 0]
    assert [m.to for m in mailoutbox] == [["lena@example.se"]]
    assert version.notified_at is not None


def test_every_beat_task_is_a_registered_task(settings):

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled - set(app.tasks) == set()


def test_the_watchdogs_run_from_beat(settings):
    schedule = {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }

    assert schedule["core.requeue_stale_builds"] == 60
    assert schedule["meetings.send_unsent_kallelse_mail"] == 300

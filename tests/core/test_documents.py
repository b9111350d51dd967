"""The stored-document lifecycle (core.documents), on the kallelse as its example."""

import datetime
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from core.documents import (
    build_document,
    claim_build,
    request_build,
    requeue_stale_builds,
    stale_running_after,
)
from meetings.models import KallelseVersion
from tests.meetings.conftest import make_pdf as pdf
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
Status = KallelseVersion.BuildStatus


@pytest.fixture
def document(chef) -> KallelseVersion:
    return KallelseVersion.objects.create(
        meeting=MeetingFactory(),
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot={"items": []},
    )


class Builder:
    """A build callable that counts its calls."""

    def __init__(self, data: bytes | Exception) -> None:
        self.data, self.calls = data, 0

    def __call__(self, row: KallelseVersion) -> bytes:
        self.calls += 1
        if isinstance(self.data, Exception):
            raise self.data
        return self.data


def _name(row: KallelseVersion) -> str:
    return f"test-documents/{row.pk}.pdf"


def build(row, builder, claim_id: str = "") -> KallelseVersion:
    return build_document(
        row, build=builder, file_name=_name, reason="test", claim_id=claim_id
    )


def _read(row: KallelseVersion) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def test_a_build_stores_the_file_with_its_hash_size_and_pages(document):
    data = pdf(3)

    row = build(document, Builder(data))

    assert (row.build_status, row.build_attempts, row.build_error) == (
        Status.DONE,
        1,
        "",
    )
    assert (row.size, row.page_count, row.file.name) == (len(data), 3, _name(row))
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert (_read(row), row.has_file) == (data, True)
    assert row.history.first().history_change_reason == "test"


def test_claiming_twice_gives_one_build(document):
    first = claim_build(document, claim_id="message-1", reason="test")
    second = claim_build(document, claim_id="message-2", reason="test")
    builder = Builder(pdf(1))
    duplicate = build(document, builder, claim_id="message-3")

    assert (first.build_status, first.build_attempts) == (Status.RUNNING, 1)
    assert (second, builder.calls) == (None, 0)
    assert (duplicate.build_status, duplicate.has_file) == (Status.RUNNING, False)


def test_the_same_message_delivered_again_takes_its_build_over_at_once(document):
    """Its worker was killed: the broker hands the message to another worker."""
    claim_build(document, claim_id="message-1", reason="test")

    row = build(document, Builder(pdf(1)), claim_id="message-1")

    assert (row.build_status, row.build_attempts) == (Status.DONE, 2)


def test_a_done_document_is_not_built_again(document):
    build(document, Builder(pdf(1)))
    builder = Builder(pdf(2))

    row = build(document, builder)

    assert (builder.calls, row.page_count, row.build_attempts) == (0, 1, 1)


def test_a_failed_build_is_failed_with_its_error_and_not_retried(document):
    row = build(document, Builder(ValueError("no such ärende")))
    again = Builder(pdf(1))
    build(document, again)

    assert (row.build_status, row.build_error) == (
        Status.FAILED,
        "ValueError: no such ärende",
    )
    assert (row.has_file, again.calls) == (False, 0)


def test_a_transient_error_queues_the_build_again_and_is_raised(document):
    with pytest.raises(OSError, match="disk full"):
        build(document, Builder(OSError("disk full")))

    document.refresh_from_db()
    row = build(document, Builder(pdf(1)))
    assert (row.build_status, row.build_attempts) == (Status.DONE, 2)


def test_a_running_build_past_the_time_limit_is_queued_again_a_young_one_not(
    document, django_capture_on_commit_callbacks
):
    claimed = claim_build(document, claim_id="lost", reason="test")
    started = claimed.build_started_at
    young = started + stale_running_after() - datetime.timedelta(seconds=1)
    old = started + stale_running_after() + datetime.timedelta(seconds=1)

    queued_young = requeue_stale_builds(now=young)
    document.refresh_from_db()
    still_running = document.build_status
    with django_capture_on_commit_callbacks(execute=True):
        queued_old = requeue_stale_builds(now=old)
    queued_again = requeue_stale_builds(now=old)

    document.refresh_from_db()
    assert (queued_young, still_running) == (0, Status.RUNNING)
    assert (queued_old, queued_again) == (1, 0)
    # Queued again, the real build task made the real kallelse (eager Celery).
    assert (document.build_status, document.build_attempts) == (Status.DONE, 2)


def test_a_queued_build_whose_message_was_lost_is_queued_again(document):
    requested = document.build_requested_at

    queued = [
        requeue_stale_builds(now=requested + datetime.timedelta(minutes=1)),
        requeue_stale_builds(now=requested + datetime.timedelta(minutes=3)),
    ]

    document.refresh_from_db()
    assert queued == [0, 1]
    assert document.build_status == Status.DONE


def test_the_previous_file_is_served_while_a_new_build_runs(document):
    first = build(document, Builder(pdf(1)))
    request_build(first, reason="test")
    claim_build(first, reason="test")

    served = KallelseVersion.objects.stored().get(pk=document.pk)

    assert (served.build_status, served.page_count) == (Status.RUNNING, 1)
    assert (_read(served), served.has_file) == (_read(first), True)


def test_a_new_build_replaces_the_file_and_removes_the_old_one(
    document, django_capture_on_commit_callbacks
):
    first = build(document, Builder(pdf(1)))
    request_build(first, reason="test")

    with django_capture_on_commit_callbacks(execute=True):
        second = build(first, Builder(pdf(2)))

    assert (second.build_status, second.page_count, second.build_attempts) == (
        Status.DONE,
        2,
        2,
    )
    assert second.file.name != first.file.name
    assert default_storage.exists(first.file.name) is False
    assert default_storage.exists(second.file.name) is True


def test_a_build_superseded_while_it_ran_stores_nothing(document):
    def asked_again_meanwhile(row):
        request_build(KallelseVersion.objects.get(pk=row.pk), reason="test")
        return pdf(1)

    row = build(document, asked_again_meanwhile)

    assert (row.build_status, row.has_file) == (Status.PENDING, False)
    assert default_storage.exists(_name(row)) is False

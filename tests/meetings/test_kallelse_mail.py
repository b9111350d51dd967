"""The kallade are mailed once per kallelse version, whatever the retries."""

import datetime
import smtplib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Document
from cases.services import register_document, update_document
from federation.models import Assignment
from meetings.models import ItemKind, KallelseDelivery
from meetings.services import (
    DELIVERY_MAX_ATTEMPTS,
    add_case_item,
    add_free_item,
    publish_kallelse,
    send_unsent_kallelse_mail,
    store_kallelse_pdf,
)
from meetings.tasks import send_kallelse_mail_task
from tests.factories import AssignmentFactory, PersonFactory

from .conftest import make_pdf

D = datetime.date
REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    """The mail server (locmem's outbox) refusing the addresses in REFUSED."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED & set(message.to):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = "tests.meetings.test_kallelse_mail.RefusingBackend"
    yield REFUSED
    REFUSED.clear()


@pytest.fixture
def version(
    meeting, body, chef, ledamot_person, federation, django_capture_on_commit_callbacks
):
    """A stored kallelse whose e-mail task has not run yet, with two kallade."""
    ersattare = PersonFactory(federation=federation, email="per@example.se")
    AssignmentFactory(
        body=body,
        person=ersattare,
        role=Assignment.Role.ERSATTARE,
        valid_from=D(2023, 1, 1),
        valid_to=D(2026, 12, 31),
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    with django_capture_on_commit_callbacks():  # no worker has taken the build yet
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    return store_kallelse_pdf(version)  # its mail task, queued on commit, waits


def _sent(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def _statuses(version) -> dict[str, str]:
    return dict(version.deliveries.values_list("email", "status"))


def test_the_send_task_run_twice_mails_each_kallad_once(
    version, mail_server, mailoutbox
):
    send_kallelse_mail_task(version_id=version.pk)
    send_kallelse_mail_task(version_id=version.pk)  # a retry, a duplicate message

    version.refresh_from_db()
    assert _sent(mailoutbox) == ["lena@example.se", "per@example.se"]
    assert _statuses(version) == {"lena@example.se": "sent", "per@example.se": "sent"}
    assert version.notified_at is not None


def test_a_refused_recipient_is_retried_later_and_the_others_are_not_mailed_again(
    version, mail_server, mailoutbox
):
    mail_server.add("per@example.se")

    with pytest.raises(smtplib.SMTPServerDisconnected):  # the task retries later
        send_kallelse_mail_task(version_id=version.pk)
    after_failure = _sent(mailoutbox)
    failed = version.deliveries.get(email="per@example.se")
    mail_server.clear()  # the mail server is back
    send_kallelse_mail_task(version_id=version.pk)
    send_kallelse_mail_task(version_id=version.pk)

    version.refresh_from_db()
    assert after_failure == ["lena@example.se"]
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert _sent(mailoutbox) == ["lena@example.se", "per@example.se"]
    assert version.deliveries.get(email="per@example.se").attempts == 2
    assert version.deliveries.get(email="lena@example.se").attempts == 1
    assert version.notified_at is not None


def test_a_recipient_another_worker_is_mailing_is_not_mailed_again(
    version, mail_server, mailoutbox
):
    delivery = KallelseDelivery.objects.create(
        version=version,
        email="per@example.se",
        status=KallelseDelivery.Status.SENDING,
        claimed_at=timezone.now(),
        attempts=1,
    )

    send_kallelse_mail_task(version_id=version.pk)

    version.refresh_from_db()
    delivery.refresh_from_db()
    assert _sent(mailoutbox) == ["lena@example.se"]
    assert (delivery.status, version.notified_at) == ("sending", None)


def test_a_recipient_whose_sender_died_is_mailed_after_the_claim_goes_stale(
    version, mail_server, mailoutbox
):
    KallelseDelivery.objects.create(
        version=version,
        email="per@example.se",
        status=KallelseDelivery.Status.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(minutes=11),
        attempts=1,
    )

    send_kallelse_mail_task(version_id=version.pk)

    version.refresh_from_db()
    assert _sent(mailoutbox) == ["lena@example.se", "per@example.se"]
    assert version.notified_at is not None


def test_the_sweep_sends_what_the_retries_left_once_nobody_is_mailing(
    version, mail_server, mailoutbox
):
    mail_server.add("per@example.se")
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_kallelse_mail_task(version_id=version.pk)
    mail_server.clear()
    now = timezone.now()

    while_recent = send_unsent_kallelse_mail(now=now)
    later = send_unsent_kallelse_mail(now=now + datetime.timedelta(minutes=11))
    again = send_unsent_kallelse_mail(now=now + datetime.timedelta(minutes=22))

    assert (while_recent, later, again) == (0, 1, 0)
    assert _sent(mailoutbox) == ["lena@example.se", "per@example.se"]


def test_a_version_built_again_by_a_duplicate_message_mails_nobody_twice(
    version, mail_server, mailoutbox, django_capture_on_commit_callbacks
):
    send_kallelse_mail_task(version_id=version.pk)

    with django_capture_on_commit_callbacks(execute=True):
        store_kallelse_pdf(version)

    assert _sent(mailoutbox) == ["lena@example.se", "per@example.se"]


def test_the_sweep_gives_up_on_a_recipient_refused_too_often(
    version, mail_server, mailoutbox
):
    send_kallelse_mail_task(version_id=version.pk)
    version.refresh_from_db()
    version.notified_at = None
    version.save(update_fields=["notified_at"])
    delivery = version.deliveries.get(email="per@example.se")
    delivery.status, delivery.attempts = "failed", DELIVERY_MAX_ATTEMPTS
    delivery.claimed_at = timezone.now() - datetime.timedelta(hours=1)
    delivery.save(update_fields=["status", "attempts", "claimed_at"])
    mailed = len(mailoutbox)

    queued = send_unsent_kallelse_mail(now=timezone.now() + datetime.timedelta(hours=1))

    assert (queued, len(mailoutbox) - mailed) == (0, 0)


@pytest.fixture
def supplement(
    meeting,
    chef,
    federation,
    case_with_bilaga,
    ledamot_person,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Version 2 of a kallelse: one item added and the ärende's bilaga replaced,
    built and mailed (the tasks run as a worker would)."""
    add_case_item(meeting, case=case_with_bilaga, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    old = case_with_bilaga.documents.get()
    register_document(
        federation,
        uploaded_file=SimpleUploadedFile(
            "rattad.pdf", make_pdf(1), content_type="application/pdf"
        ),
        title="Årsredovisning 2023, rättad",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.DRAWN_UP,
        date=D(2024, 2, 20),
        case=case_with_bilaga,
        by=chef,
    )
    update_document(old, case=None, by=chef)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="VGR:s besök", by=chef)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(
            meeting, by=chef, change_note="Rättad årsredovisning", today=D(2024, 2, 22)
        )
    version.refresh_from_db()
    return version


EXPECTED_CHANGES = [
    "- Punkt 4: bilagan ”Årsredovisning 2023” ersätts av "
    "”Årsredovisning 2023, rättad”.",
    "- Ny punkt 5: ”VGR:s besök”.",
]


def test_the_supplement_mail_says_what_changed(supplement, ledamot_person, mailoutbox):
    first, second = (m for m in mailoutbox if m.to == ["lena@example.se"])

    assert second.subject == "Kompletterande handlingar: Direktionen 2024-03-01"
    assert second.body != first.body
    lines = second.body.splitlines()
    assert lines[0].startswith("Kompletterande handlingar (version 2) till Direktionen")
    assert "Rättad årsredovisning" in lines
    start = lines.index("Detta har ändrats sedan version 1:")
    assert lines[start + 1 : start + 3] == EXPECTED_CHANGES
    assert "Detta har ändrats" not in first.body


def test_the_supplement_cover_says_what_changed(supplement):
    reader = PdfReader(supplement.file.path)
    cover = " ".join(reader.pages[0].extract_text().split())

    assert "Ändringar sedan version 1 av kallelsen" in cover
    assert "Ny punkt 5: ”VGR:s besök”." in cover
    assert "ersätts av ”Årsredovisning 2023, rättad”" in cover

"""Adversary (issue 22.2): the expediering of a justerat protokoll when the mail
server is down."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from federation.models_obligations import ProtokollDispatch
from federation.obligations_dispatch import dispatch_protokoll
from federation.tasks import dispatch_protokoll_task
from minutes.models import ProtokollVersion
from tests.federation.test_obligations_dispatch import recipients  # noqa: F401
from tests.minutes.conftest import body, meeting, minutes, people  # noqa: F401
from tests.minutes.test_views import _justerat

pytestmark = pytest.mark.django_db


def test_a_mail_server_down_leaves_the_recipient_for_the_retry(
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    recipients,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    # Before: the row was written and the mail left to on_commit; the mail failed
    # after the commit, the task's retry found every recipient done and the
    # regionstyrelse never got the protokoll.
    justerat = _justerat(minutes, people, chef)  # callbacks not run: no dispatch yet
    real_send = EmailMessage.send

    def down(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMessage, "send", down)
    with (
        pytest.raises(OSError, match="Regionstyrelsen"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dispatch_protokoll(justerat, by=chef)
    # The recipients without anyone to mail are expedierade; the regionstyrelse not.
    assert ProtokollDispatch.objects.count() == len(recipients) - 1
    assert mail.outbox == []

    monkeypatch.setattr(EmailMessage, "send", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        sent = dispatch_protokoll(justerat, by=chef)

    assert [d.recipient.name for d in sent] == ["Regionstyrelsen"]
    assert [m.bcc for m in mail.outbox] == [["rs.ordf@example.se"]]
    assert ProtokollDispatch.objects.count() == len(recipients)


def test_the_task_keeps_trying_for_hours():
    # Five tries a few seconds apart gave up long before a mail server came back.
    assert dispatch_protokoll_task.max_retries >= 20
    assert dispatch_protokoll_task.retry_backoff >= 60


def test_a_protokoll_with_a_sekretess_paragraph_goes_out_in_its_public_version(
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    recipients,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # Held: the recipients are other authorities; the file they get is the public
    # version's, not the internal one with the sekretess §.
    with django_capture_on_commit_callbacks(execute=True):
        justerat = _justerat(minutes, people, chef, secret_title="Hemlig upphandling")

    public = justerat.versions.get(kind=ProtokollVersion.Kind.PUBLIC)
    with public.file.open("rb") as file:
        public_bytes = file.read()
    sent = {m.attachments[0][1] for m in mail.outbox if m.bcc}
    assert sent == {public_bytes}
    for dispatch in ProtokollDispatch.objects.filter(minutes=justerat):
        with dispatch.document.file.open("rb") as file:
            assert file.read() == public_bytes
    internal = justerat.versions.filter(kind=ProtokollVersion.Kind.INTERNAL).first()
    if internal is not None and internal.has_file:
        with internal.file.open("rb") as file:
            assert file.read() != public_bytes

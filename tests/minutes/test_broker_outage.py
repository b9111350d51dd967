"""The broker down while a request queues a protokoll's e-mail: the request answers
as usual after its commit, and the refused send is logged (core.tasks, the base of
every task through config/celery.py).

The outage is simulated where it shows: the task's apply_async() raises kombu's
OperationalError, as it does when Redis refuses the connection.
"""

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError

from minutes.models import Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    choose_justerare,
    close_meeting,
    send_for_justering,
)
from minutes.tasks import notify_comment_task


def refuse(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")


# Committed for real, so that the on-commit send runs inside the request, as it does
# in production (no ATOMIC_REQUESTS: the service's transaction commits in the view).
@pytest.mark.django_db(transaction=True)
def test_a_comment_during_a_broker_outage_answers_and_the_error_is_logged(
    client, federation, meeting, minutes, people, chef, ledamot, monkeypatch, caplog
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    monkeypatch.setattr(notify_comment_task, "apply_async", refuse)
    client.force_login(ledamot)

    response = client.post(
        reverse("minutes:comment", args=[federation.slug, meeting.pk]),
        {"comment": "§ 2: fel belopp"},
        follow=True,
    )

    minutes.refresh_from_db()
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Dina synpunkter är skickade till sekreteraren."
    ]
    assert minutes.status == Minutes.Status.DRAFT
    assert "Error 111" in caplog.text
